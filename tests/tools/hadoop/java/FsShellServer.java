import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FsShell;
import org.apache.hadoop.util.ToolRunner;

/**
 * Many `hadoop fs` commands in ONE JVM: Hadoop's own FsShell, run by ToolRunner once per request.
 *
 * Listens on 127.0.0.1 (port printed on stdout). A request is an int argc followed by argc
 * length-prefixed UTF-8 strings (the arguments after `hadoop fs`); the answer is the exit code,
 * then the captured stdout and stderr, each length-prefixed. The `hadoop` launcher the tests put
 * on PATH is the client. argc 0 ends the server.
 */
public class FsShellServer {
  public static void main(String[] args) throws Exception {
    PrintStream realOut = System.out;
    PrintStream realErr = System.err;
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      realOut.println(server.getLocalPort());
      realOut.flush();
      while (true) {
        try (Socket socket = server.accept()) {
          DataInputStream in = new DataInputStream(socket.getInputStream());
          DataOutputStream out = new DataOutputStream(socket.getOutputStream());
          int argc = in.readInt();
          if (argc == 0) {
            return;
          }
          String[] argv = new String[argc];
          for (int i = 0; i < argc; i++) {
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            argv[i] = new String(b, StandardCharsets.UTF_8);
          }
          ByteArrayOutputStream stdout = new ByteArrayOutputStream();
          ByteArrayOutputStream stderr = new ByteArrayOutputStream();
          int rc;
          System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
          System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
          try {
            rc = ToolRunner.run(new Configuration(), new FsShell(), argv);
          } catch (Throwable t) {
            t.printStackTrace();
            rc = 254;
          } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(realOut);
            System.setErr(realErr);
          }
          out.writeInt(rc);
          for (ByteArrayOutputStream b : new ByteArrayOutputStream[] {stdout, stderr}) {
            byte[] bytes = b.toByteArray();
            out.writeInt(bytes.length);
            out.write(bytes);
          }
          out.flush();
        }
      }
    }
  }
}
