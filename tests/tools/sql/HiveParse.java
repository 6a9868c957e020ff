// Parse Hive SQL files with Hive's own grammar (org.apache.hadoop.hive.ql.parse.ParseDriver, hive-exec 2.3).
// Usage: java HiveParse FILE...   One line per file on stdout:
//   OK<TAB>FILE
//   ERROR<TAB>FILE<TAB>LINE<TAB>COLUMN<TAB>Hive's message
// Each file holds ONE statement; a single trailing ';' is allowed (as typed into the Hive CLI).
// `set KEY=VALUE` is not SQL: the Hive CLI hands it to its SetProcessor (HiveCommand.SET), never to
// the parser. Such a file is OK when Hive finds that command and, for a hive.* key, HiveConf knows it.
// Then facts about this Hive that the pages state (same JVM, so no second start):
//   FACT<TAB>NAME<TAB>VALUE
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hive.common.util.HiveVersionInfo;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.ql.parse.ParseDriver;
import org.apache.hadoop.hive.ql.parse.ParseException;
import org.apache.hadoop.hive.ql.processors.HiveCommand;
import org.apache.hadoop.hive.ql.udf.UDFLike;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDF;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFDateSub;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.PrimitiveObjectInspectorFactory;
import org.apache.hadoop.io.Text;

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
            String[] tokens = statement.replaceAll("(?m)^--.*$", "").trim().split("\\s+");
            try {
                if (HiveCommand.find(tokens) == HiveCommand.SET) {
                    String key = tokens.length > 1 ? tokens[1].split("=", 2)[0] : "";
                    if (key.startsWith("hive.") && HiveConf.getConfVars(key) == null) {
                        message = "line 1:0 HiveConf has no setting " + key;
                    }
                } else {
                    driver.parse(statement);
                }
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
        facts();
        System.exit(failures == 0 ? 0 : 1);
    }

    /** Hive's `/` operator, its double case reached without a session (initialize() needs one). */
    static class Divide extends org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPDivide {
        Object divide(double left, double right) {
            return evaluate(new org.apache.hadoop.hive.serde2.io.DoubleWritable(left),
                new org.apache.hadoop.hive.serde2.io.DoubleWritable(right));
        }
    }

    private static void fact(String name, Object value) {
        System.out.println("FACT\t" + name + "\t" + value);
    }

    private static void facts() throws Exception {
        fact("version", HiveVersionInfo.getVersion());
        // date_sub('2022-03-01', 7): the type Hive's function returns, and its value.
        GenericUDFDateSub dateSub = new GenericUDFDateSub();
        ObjectInspector type = dateSub.initialize(new ObjectInspector[] {
            PrimitiveObjectInspectorFactory.javaStringObjectInspector,
            PrimitiveObjectInspectorFactory.javaIntObjectInspector,
        });
        Object value = dateSub.evaluate(new GenericUDF.DeferredObject[] {
            new GenericUDF.DeferredJavaObject("2022-03-01"), new GenericUDF.DeferredJavaObject(7),
        });
        fact("date_sub.type", type.getTypeName());
        fact("date_sub.value", value);
        // 2 / 0: Hive's division (its double case, which int / int takes) returns NULL, not an error.
        fact("divide.2.0", new Divide().divide(2, 0));
        fact("divide.1.4", new Divide().divide(1, 4));
        // grouping(col), which tells a subtotal's NULL from a NULL in the data: is it in this Hive?
        fact("class.GenericUDFGrouping",
            Class.forName("org.apache.hadoop.hive.ql.udf.generic.GenericUDFGrouping").getSimpleName());
        // cast('abc' as int): Hive's cast of a string that is not a number.
        fact("cast_int.abc", new org.apache.hadoop.hive.ql.udf.UDFToInteger().evaluate(new Text("abc")));
        // Hive's LIKE with \_ in the pattern: does it match a literal '_' only?
        String pattern = "%30864\\_6%";
        for (String text : new String[] {"30864_6", "3086406"}) {
            fact("like." + text + "." + pattern, new UDFLike().evaluate(new Text(text), new Text(pattern)));
        }
        // Settings this Hive knows (with their default); a name it does not know is "absent".
        String[] names = {
            "hive.optimize.countdistinct", "hive.groupby.skewindata", "hive.exec.parallel",
            "hive.exec.parallel.thread.number", "hive.auto.convert.join", "hive.mapjoin.smalltable.filesize",
            "hive.auto.convert.join.noconditionaltask", "hive.auto.convert.join.noconditionaltask.size",
            "hive.optimize.skewjoin", "hive.skewjoin.key", "hive.exec.reducers.bytes.per.reducer",
            "hive.exec.reducers.max", "hive.exec.dynamic.partition", "hive.exec.dynamic.partition.mode",
            "hive.execution.engine", "hive.default.fileformat", "hive.map.aggr",
            "hive.strict.checks.cartesian.product", "hive.mapred.mode", "hive.compat", "hive.cbo.enable",
            "hive.optimize.distinct.rewrite",
        };
        for (String name : names) {
            HiveConf.ConfVars var = HiveConf.getConfVars(name);
            fact("conf." + name, var == null ? "absent" : var.getDefaultValue());
        }
        // Hadoop's own defaults (mapred-default.xml of the Hadoop client in the same jars).
        fact("hadoop.version", org.apache.hadoop.util.VersionInfo.getVersion());
        org.apache.hadoop.mapred.JobConf job = new org.apache.hadoop.mapred.JobConf();
        String[] hadoop = {
            "mapreduce.map.memory.mb", "mapreduce.reduce.memory.mb", "mapreduce.map.java.opts",
            "mapreduce.reduce.java.opts", "mapreduce.job.heap.memory-mb.ratio", "mapreduce.job.queuename",
        };
        for (String name : hadoop) {
            fact("hadoop." + name, job.get(name));
        }
    }
}
