"""Facts stated in the prose of the Hadoop pages, read back from Hadoop's own classes (pyspark's Hadoop jars):
the legacy configuration names of the streaming job and the new names the page gives for them, the names
Apache Hadoop does not know, `hadoop fs -find`'s expressions, what `-text` recognises, and `yarn application
-list`'s default states and columns."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.helpers import DOCS, require_tool
from tests.tools.hadoop.harness import fill_home, hadoop_jars

DAG_PAGE = (DOCS / "tools" / "hadoop" / "streaming-dag.md").read_text(encoding="utf-8")
FS_PAGE = (DOCS / "tools" / "hadoop" / "fs.md").read_text(encoding="utf-8")
YARN_PAGE = (DOCS / "tools" / "hadoop" / "yarn.md").read_text(encoding="utf-8")

# The page's "Hadoop 的标准选项" table: Hadoop 1 name -> the new name it gives in brackets.
RENAMED = {
    "mapred.reduce.tasks": "mapreduce.job.reduces",
    "mapred.reduce.slowstart.completed.maps": "mapreduce.job.reduce.slowstart.completedmaps",
    "mapred.job.priority": "mapreduce.job.priority",
    "mapred.job.name": "mapreduce.job.name",
    "map.output.key.field.separator": "mapreduce.map.output.key.field.separator",
    "mapred.output.key.comparator.class": "mapreduce.job.output.key.comparator.class",
    "mapred.text.key.comparator.options": "mapreduce.partition.keycomparator.options",
    "mapred.output.compress": "mapreduce.output.fileoutputformat.compress",
    "mapred.output.compression.codec": "mapreduce.output.fileoutputformat.compress.codec",
}
# Names the page says Apache Hadoop does not have (neither a default nor a deprecated alias).
NOT_HADOOP = [
    "mapred.job.map.capacity",
    "mapred.job.reduce.capacity",
    "mapred.map.memory.limit",
    "mapred.reduce.memory.limit",
    "reduce.output.key.field.separator",
]

CONF_PROBE = """
import org.apache.hadoop.conf.Configuration;
public class ConfProbe {
  public static void main(String[] args) {
    new org.apache.hadoop.mapred.JobConf();  // registers MapReduce's deprecated names
    org.apache.hadoop.mapreduce.util.ConfigUtil.loadResources();
    Configuration defaults = new Configuration();
    defaults.addResource("mapred-default.xml");
    defaults.addResource("yarn-default.xml");
    for (String name : args) {
      Configuration c = new Configuration(false);
      c.set(name, "probe");
      StringBuilder now = new StringBuilder();
      for (java.util.Map.Entry<String, String> e : c) now.append(e.getKey()).append(',');
      System.out.println(name + "\\t" + Configuration.isDeprecated(name) + "\\t" + now
          + "\\t" + (defaults.get(name) != null));
    }
  }
}
"""


@pytest.fixture(scope="module")
def conf_probe(tmp_path_factory) -> dict[str, tuple[bool, set[str], bool]]:
    """name -> (deprecated?, names set after setting it, has a default in Hadoop's *-default.xml?)."""
    java = require_tool("java")
    source = tmp_path_factory.mktemp("conf-probe") / "ConfProbe.java"
    source.write_text(CONF_PROBE)
    run = subprocess.run(
        [java, "-cp", f"{hadoop_jars()}/*", str(source), *RENAMED, *NOT_HADOOP, "mapreduce.job.reduces"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, run.stderr
    result = {}
    for line in run.stdout.splitlines():
        name, deprecated, now, has_default = line.split("\t")
        result[name] = (deprecated == "true", set(filter(None, now.split(","))), has_default == "true")
    return result


@pytest.mark.parametrize("old,new", sorted(RENAMED.items()))
def test_hadoop_1_name_maps_to_the_name_on_the_page(old, new, conf_probe):
    assert f"`{old}" in DAG_PAGE and f"`{new.split('.compress.')[0]}" in DAG_PAGE, (old, new)
    deprecated, names, _ = conf_probe[old]
    assert deprecated and new in names, (old, names)


@pytest.mark.parametrize("name", NOT_HADOOP)
def test_names_apache_hadoop_does_not_have(name, conf_probe):
    assert f"`{name}" in DAG_PAGE
    deprecated, names, has_default = conf_probe[name]
    assert not deprecated and names == {name} and not has_default, conf_probe[name]


def test_the_probe_can_tell_a_hadoop_name(conf_probe):
    """A current Hadoop name has a default in mapred-default.xml, so the check above is able to fail."""
    assert conf_probe["mapreduce.job.reduces"] == (False, {"mapreduce.job.reduces"}, True)


def test_find_expressions(fs_shell):
    """The page: -find knows only -name, -iname, -print, -print0 and AND (-a, -and, or two expressions side by side)."""
    run = subprocess.run(
        ["hadoop", "fs", "-help", "find"], env=fs_shell["env"], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    named = set(re.findall(r"(?<![\w-])(-\w+)", run.stdout.split("\n", 1)[1]))
    expressions = {"-name", "-iname", "-print", "-print0", "-a", "-and"}
    assert expressions <= named, run.stdout
    assert named == expressions, run.stdout
    assert "Implied by the\n  juxtaposition of two expressions" in re.sub(r"\n\s+", "\n  ", run.stdout)
    assert all(f"`{e}`" in FS_PAGE for e in expressions)


def javap(cls: str) -> str:
    (jar,) = hadoop_jars().glob("hadoop-client-api-*.jar")
    run = subprocess.run(
        [require_tool("javap"), "-c", "-p", "-cp", str(jar), cls], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def method_body(code: str, signature: str) -> str:
    start = code.index(signature)
    end = code.find("\n\n", start)
    return code[start:end]


def test_text_recognises_gzip_sequencefile_and_avro():
    body = method_body(javap("org.apache.hadoop.fs.shell.Display$Text"), "getInputStream(")
    assert "java/util/zip/GZIPInputStream" in body and "Display$TextRecordInputStream" in body, body
    assert "Display$AvroFileInputStream" in body, body
    assert "CompressionCodecFactory" in body  # otherwise: the codec by the file's extension
    assert "gzip、SequenceFile 和 Avro" in FS_PAGE


def test_yarn_application_list_defaults_and_columns():
    body = method_body(javap("org.apache.hadoop.yarn.client.cli.ApplicationCLI"), "private void listApplications(")
    states = set(re.findall(r"YarnApplicationState\.([A-Z_]+):", body))
    assert states == {"RUNNING", "ACCEPTED", "SUBMITTED"}, states
    assert "`SUBMITTED`、`ACCEPTED`、`RUNNING`" in YARN_PAGE
    columns = re.findall(r"// String ([A-Za-z-]+)$", body, flags=re.M)
    assert columns[:9] == [
        "Application-Id",
        "Application-Name",
        "Application-Type",
        "User",
        "Queue",
        "State",
        "Final-State",
        "Progress",
        "Tracking-URL",
    ], columns


def test_getmerge_of_a_folder_is_in_name_order_and_includes_success(fs_shell):
    """The page: a folder given to -getmerge is merged in name order too, `_SUCCESS` included (with -nl, an empty
    line for it). Files are created out of name order so that the folder's own listing order cannot pass."""
    home, env = fs_shell["home"], fs_shell["env"]
    fill_home(home)
    folder = home / "MERGE_DIR"
    folder.mkdir()
    for name in ["part-00002", "_SUCCESS", "part-00000", "part-00001"]:
        (folder / name).write_text("" if name == "_SUCCESS" else f"{name}\n")
    run = subprocess.run(
        ["bash", "-c", "hadoop fs -getmerge -nl MERGE_DIR MERGED"],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert (home / "MERGED").read_text() == "\n" + "".join(f"part-0000{i}\n\n" for i in range(3))
    assert "它同样按名字排序" in FS_PAGE and "`_SUCCESS` 也在内" in FS_PAGE
