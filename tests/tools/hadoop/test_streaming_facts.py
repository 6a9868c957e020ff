"""Facts stated on the streaming DAG pages, read from Hadoop's own classes and *-default.xml (pyspark's Hadoop
jars): defaults the pages give, what the partitioner and comparator read, the sort order of the job's keys, the
generic options parser's stop at the first streaming option, gzip's splitting, the job priority on YARN; and, from
the documented job's run, how many reducers got records and how many wrote files."""

from __future__ import annotations

import re
import subprocess
import zipfile

import pytest

from tests.helpers import DOCS, require_tool
from tests.tools.hadoop.harness import hadoop_jars, output_files

PAGES = DOCS / "tools" / "hadoop"


def prose(name: str) -> str:
    """A page's text without its line breaks (and a list item's indent), so a sentence is found wherever it breaks."""
    return re.sub(r"\n\s*", "", (PAGES / name).read_text(encoding="utf-8"))


DAG, FLOW, CHANGES = prose("streaming-dag.md"), prose("streaming-dag-flow.md"), prose("streaming-dag-changes.md")
SCRIPTS, OUTPUTS = prose("job-scripts.md"), prose("multiple-outputs.md")

PROBE = r"""
import java.util.*;
import org.apache.hadoop.io.*;
import org.apache.hadoop.io.compress.*;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.util.GenericOptionsParser;

public class StreamingFactsProbe {
  static byte[] raw(String s) throws Exception {
    DataOutputBuffer b = new DataOutputBuffer();
    new Text(s).write(b);
    return Arrays.copyOf(b.getData(), b.getLength());
  }

  static List<String> sorted(RawComparator<Text> c, List<String> keys) {
    List<String> out = new ArrayList<>(keys);
    out.sort((x, y) -> {
      try {
        byte[] a = raw(x), b = raw(y);
        return c.compare(a, 0, a.length, b, 0, b.length);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    return out;
  }

  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    List<String> keys = List.of(args);
    // The job's own option names (Hadoop 1 spellings), as the script sets them.
    for (String options : new String[] {"-k1,2", "-k1,1 -k2,2"}) {
      JobConf job = new JobConf();
      job.setMapOutputKeyClass(Text.class);
      job.set("mapred.output.key.comparator.class", "org.apache.hadoop.mapred.lib.KeyFieldBasedComparator");
      job.set("map.output.key.field.separator", "#");
      job.set("mapred.text.key.comparator.options", options);
      RawComparator<Text> comparator = (RawComparator<Text>) job.getOutputKeyComparator();
      System.out.println(options + "\t" + String.join(" ", sorted(comparator, keys)));
    }
    System.out.println("bytes\t" + String.join(" ", sorted(WritableComparator.get(Text.class), keys)));

    JobConf generic = new JobConf(false);
    String[] rest = new GenericOptionsParser(generic,
        new String[] {"-D", "a=1", "-partitioner", "P", "-D", "b=2", "-input", "in"}).getRemainingArgs();
    System.out.println("generic\t" + generic.get("a") + " " + generic.get("b") + " | " + String.join(" ", rest));

    System.out.println("splittable\tgzip=" + SplittableCompressionCodec.class.isAssignableFrom(GzipCodec.class)
        + " bzip2=" + SplittableCompressionCodec.class.isAssignableFrom(BZip2Codec.class));
    System.out.println("priority\tHIGH=" + org.apache.hadoop.mapreduce.TypeConverter.toYarnApplicationPriority("HIGH"));
    new JobConf();  // registers MapReduce's deprecated names
    boolean deprecated = org.apache.hadoop.conf.Configuration.isDeprecated("num.key.fields.for.partition");
    System.out.println("deprecated\t" + deprecated);
  }
}
"""
# The job's keys as the mappers write them, and keys made to tell the comparators apart ("!" sorts before "#").
KEYS = ["cuid_001#1", "cuid_0010#0", "cuid_001#0", "x!#1", "x#1", "x#0", "x!#0", "nid_9001#1", "nid_9001#0"]


@pytest.fixture(scope="module")
def probe(tmp_path_factory) -> dict[str, str]:
    source = tmp_path_factory.mktemp("streaming-facts") / "StreamingFactsProbe.java"
    source.write_text(PROBE)
    run = subprocess.run(
        [require_tool("java"), "-cp", f"{hadoop_jars()}/*", str(source), *KEYS],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, run.stderr
    return dict(line.split("\t", 1) for line in run.stdout.splitlines())


def default_of(resource: str, name: str) -> str:
    """A property's value in one of Hadoop's *-default.xml, read from the client jar."""
    (jar,) = hadoop_jars().glob("hadoop-client-api-*.jar")
    with zipfile.ZipFile(jar) as z:
        text = z.read(resource).decode()
    match = re.search(rf"<name>{re.escape(name)}</name>\s*<value>([^<]*)</value>", text)
    assert match, (resource, name)
    return match.group(1)


def test_comparator_k1_2_sorts_two_field_keys_as_their_bytes(probe):
    """`-k1,2` on `field#tag` compares the whole key: the same order as no comparator at all (Text's bytes)."""
    assert probe["-k1,2"] == probe["bytes"]
    order = probe["-k1,2"].split()
    assert order.index("cuid_001#0") + 1 == order.index("cuid_001#1")
    assert "排出来的顺序和不写时一样" in FLOW and "巧合" not in FLOW + CHANGES
    assert "加上它不改变结果" in CHANGES


def test_comparator_field_by_field_differs_only_across_ids(probe):
    by_field, by_bytes = probe["-k1,1 -k2,2"].split(), probe["bytes"].split()
    assert by_field != by_bytes
    assert by_field.index("x#0") < by_field.index("x!#0") and by_bytes.index("x!#0") < by_bytes.index("x#0")
    assert by_field.index("x#0") + 1 == by_field.index("x#1")  # an id's records stay together either way
    assert "`-k1,1 -k2,2`，那时 `x#0` 会排到 `x!#0` 前面" in FLOW


def test_generic_options_parser_stops_at_the_first_streaming_option(probe):
    """A -D after a streaming option is not read as a generic option: it is left to StreamJob, which has no -D."""
    assert probe["generic"] == "1 null | -partitioner P -D b=2 -input in"
    assert "必须写在所有 streaming选项（`-partitioner`、`-file`、`-input` 等）前面" in DAG
    assert "`Unrecognized option: -D`" in DAG


def test_gzip_output_is_not_splittable(probe):
    assert probe["splittable"] == "gzip=false bzip2=true"
    assert "gzip 文件不能切分：下游作业读它时每个文件只有一个 map" in DAG


def test_job_priority_high_on_yarn(probe):
    assert probe["priority"] == "HIGH=4"
    assert default_of("yarn-default.xml", "yarn.cluster.max-application-priority") == "0"
    assert "`HIGH` 换成应用优先级 4，但 `yarn.cluster.max-application-priority` 默认是 0" in DAG


@pytest.mark.parametrize(
    ("name", "value", "page", "said"),
    [
        ("mapreduce.job.reduce.slowstart.completedmaps", "0.05", "DAG", "默认 0.05"),
        ("mapreduce.output.fileoutputformat.compress", "false", "DAG", "默认不压缩"),
        ("mapreduce.job.counters.max", "120", "SCRIPTS", "`mapreduce.job.counters.max`，默认 120"),
        ("mapreduce.task.timeout", "600000", "SCRIPTS", "`mapreduce.task.timeout`（默认 600000 毫秒"),
    ],
)
def test_mapred_defaults_on_the_pages(name, value, page, said):
    assert default_of("mapred-default.xml", name) == value
    assert said in {"DAG": DAG, "SCRIPTS": SCRIPTS}[page], said


def javap(cls: str, *flags: str) -> str:
    (jar,) = hadoop_jars().glob("hadoop-client-api-*.jar")
    run = subprocess.run(
        [require_tool("javap"), *flags, "-cp", str(jar), cls], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_partitioner_still_reads_num_key_fields_for_partition_and_warns():
    code = javap("org.apache.hadoop.mapreduce.lib.partition.KeyFieldBasedPartitioner", "-c", "-p")
    assert "// String num.key.fields.for.partition" in code
    warning = "Using deprecated num.key.fields.for.partition. Use mapreduce.partition.keypartitioner.options instead"
    assert warning in code
    assert "`KeyFieldBasedPartitioner` 自己还读它，读到时打一条 WARN" in DAG


def test_num_key_fields_for_partition_is_not_in_the_deprecation_table(probe):
    assert probe["deprecated"] == "false"
    assert "它不在 Hadoop 的弃用名表里" in DAG


@pytest.mark.parametrize("kind", ["Partitioner", "Comparator"])
def test_partitioner_and_comparator_split_on_the_map_output_key_separator(kind):
    code = javap(f"org.apache.hadoop.mapreduce.lib.partition.KeyFieldBased{kind}", "-c", "-p")
    assert "// String mapreduce.map.output.key.field.separator" in code
    assert "给下面的 partitioner 和 comparator 用" in DAG


def test_counter_limit_message():
    assert "Too many counters: \\u0001 max=\\u0001" in javap("org.apache.hadoop.mapreduce.counters.Limits", "-v")
    assert "任务报 `Too many counters` 失败" in SCRIPTS


def test_reducers_with_records_and_reducers_with_files(dag_run):
    """The page: 6 of the 100 reducers of the last vertex get records, 4 of them write lines (and files)."""
    fed = [p.name for p in (dag_run["base"] / "work" / "shuffle-2").iterdir()]
    wrote = {name.split("-")[1] for name in output_files(dag_run["output"])}
    assert len(fed) == 6 and len(wrote) == 4 and wrote < {name.split("-")[1] for name in fed}
    assert "100 个 reducer 里的 6 个分到了记录，其中 2 个没有写出任何行" in OUTPUTS
    assert "只有 4 个 reducer 的文件" in OUTPUTS


def test_job_transcript_shows_the_deprecation_warnings(dag_run):
    stderr = dag_run["run"].stderr
    assert stderr.count("-file option is deprecated, please use generic option -files instead.") == 1
    assert stderr.count("-cacheArchive option is deprecated, please use -archives instead.") == 1
    assert "提交时打印一行 `-file option is deprecated`" in DAG
    assert "提交时打印一行 `-cacheArchive option is deprecated`" in DAG
