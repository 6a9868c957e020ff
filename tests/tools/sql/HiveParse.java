// Parse Hive SQL files with Hive's own grammar (org.apache.hadoop.hive.ql.parse.ParseDriver, hive-exec 2.3).
// Usage: java HiveParse FILE...   One line per file on stdout:
//   OK<TAB>FILE
//   ERROR<TAB>FILE<TAB>LINE<TAB>COLUMN<TAB>Hive's message
// Each file holds ONE statement; a single trailing ';' is allowed (as typed into the Hive CLI).
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.hive.ql.parse.ParseDriver;
import org.apache.hadoop.hive.ql.parse.ParseException;

public class HiveParse {
    private static final Pattern WHERE = Pattern.compile("line (\\d+):(-?\\d+)");

    public static void main(String[] args) throws Exception {
        ParseDriver driver = new ParseDriver();
        int failures = 0;
        for (String file : args) {
            String text = new String(Files.readAllBytes(Paths.get(file)), StandardCharsets.UTF_8);
            String statement = text.replaceAll(";\\s*$", "");
            String line = "0";
            String column = "0";
            String message = null;
            try {
                driver.parse(statement);
            } catch (ParseException e) {
                message = e.getMessage();
            } catch (RuntimeException e) {
                message = String.valueOf(e);
            }
            if (message == null) {
                System.out.println("OK\t" + file);
                continue;
            }
            failures++;
            Matcher m = WHERE.matcher(message);
            if (m.find()) {
                line = m.group(1);
                column = m.group(2);
            }
            System.out.println("ERROR\t" + file + "\t" + line + "\t" + column + "\t" + message.replaceAll("\\s+", " ").trim());
        }
        System.exit(failures == 0 ? 0 : 1);
    }
}
