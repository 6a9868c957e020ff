"""`hadoop` as the tests put it on PATH: `hadoop fs ARGS…` is run by Hadoop's FsShell in the one JVM
of FsShellServer (port in $HADOOP_FS_SERVER_PORT); stdout, stderr and the exit code are FsShell's."""

import os
import socket
import struct
import sys


def main(argv: list[str]) -> int:
    if len(argv) < 1 or argv[0] != "fs":
        sys.stderr.write(f"this test launcher only runs `hadoop fs`, not: hadoop {' '.join(argv)}\n")
        return 2
    args = argv[1:] or ["-help"]
    with socket.create_connection(("127.0.0.1", int(os.environ["HADOOP_FS_SERVER_PORT"]))) as conn:
        payload = struct.pack(">i", len(args))
        for arg in args:
            data = arg.encode()
            payload += struct.pack(">i", len(data)) + data
        conn.sendall(payload)
        stream = conn.makefile("rb")
        (rc,) = struct.unpack(">i", stream.read(4))
        for out in (sys.stdout.buffer, sys.stderr.buffer):
            (size,) = struct.unpack(">i", stream.read(4))
            out.write(stream.read(size))
            out.flush()
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
