"""Facts stated in the prose of the Hadoop pages, read back from Hadoop's own classes (pyspark's Hadoop jars):
the legacy configuration names of the streaming job and the new names the page gives for them, the names
Apache Hadoop does not know, `hadoop fs -find`'s expressions, what `-text` recognises, `yarn application
-list`'s default states and columns; and what FsShell does, run here: -getmerge's order and options, -touchz on
an empty and a non-empty file, -du's columns, -setrep's and -checksum's own help, -f to overwrite."""

from __future__ import annotations

import os
import re
import subprocess
import time

import pytest

from tests.helpers import DOCS, require_tool
from tests.tools.hadoop.harness import fill_home, hadoop_jars

DAG_PAGE = (DOCS / "tools" / "hadoop" / "streaming-dag.md").read_text(encoding="utf-8")
FS_PAGE = (DOCS / "tools" / "hadoop" / "fs.md").read_text(encoding="utf-8")
YARN_PAGE = (DOCS / "tools" / "hadoop" / "yarn.md").read_text(encoding="utf-8")
FS_PROSE = FS_PAGE.replace("\n", "")  # a sentence of the page, wherever its lines break

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
    # A quoted glob is expanded by Hadoop and sorted by name too; -skip-empty-file gives `_SUCCESS` no newline.
    assert fs(home, fs_shell, "hadoop fs -getmerge 'MERGE_DIR/part-*' GLOBBED").returncode == 0
    assert (home / "GLOBBED").read_text() == "".join(f"part-0000{i}\n" for i in range(3))
    assert fs(home, fs_shell, "hadoop fs -getmerge -nl -skip-empty-file MERGE_DIR SKIPPED").returncode == 0
    assert (home / "SKIPPED").read_text() == "".join(f"part-0000{i}\n\n" for i in range(3))
    assert "按名字排序后拼接" in FS_PROSE and "再加 `-skip-empty-file`就不给空文件补换行" in FS_PROSE


def fs(home, fs_shell, command: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", command], cwd=home, env=fs_shell["env"], capture_output=True, text=True, timeout=60
    )


def help_of(command: str, fs_shell) -> str:
    """`hadoop fs -help NAME`, its lines joined by single spaces."""
    run = subprocess.run(
        ["hadoop", "fs", "-help", command], env=fs_shell["env"], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    return " ".join(run.stdout.split())


def test_touchz_recreates_an_empty_file_and_refuses_a_non_empty_one(fs_shell):
    """The page: -touchz on an existing empty file makes its modification time now; on a non-empty file it fails
    (exit code 1) and leaves the file as it was."""
    home = fs_shell["home"]
    fill_home(home)
    old = 1_600_000_000  # 2020-09-13, far from now
    (home / "EMPTY_FILE").write_text("")
    for name in ["EMPTY_FILE", "HDFS_FILE"]:
        os.utime(home / name, (old, old))
    before = time.time()
    assert fs(home, fs_shell, "hadoop fs -touchz EMPTY_FILE").returncode == 0
    assert (home / "EMPTY_FILE").stat().st_mtime >= before - 2, "mtime not set to now"
    content = (home / "HDFS_FILE").read_text()
    run = fs(home, fs_shell, "hadoop fs -touchz HDFS_FILE")
    assert run.returncode == 1 and "Not a zero-length file" in run.stderr, run
    assert (home / "HDFS_FILE").stat().st_mtime == old and (home / "HDFS_FILE").read_text() == content
    assert "已存在、但是空文件" in FS_PROSE and "修改时间变成现在" in FS_PROSE
    assert "目标已存在且不为空时报错、退出码 1，文件不变" in FS_PROSE


def test_du_columns_are_size_space_consumed_path(fs_shell):
    """The page: -du prints size, then the space consumed with all replicas, then the path (Hadoop 1's -dus printed
    the path first: its source, not runnable here)."""
    home = fs_shell["home"]
    fill_home(home)
    run = fs(home, fs_shell, "hadoop fs -du -s -v HDFS_DIR")
    assert run.returncode == 0, run.stderr
    header, row = run.stdout.splitlines()
    assert header.split() == ["SIZE", "DISK_SPACE_CONSUMED_WITH_ALL_REPLICAS", "FULL_PATH_NAME"], header
    assert row.split() == ["116", "116", "HDFS_DIR"], row
    assert "三列：文件本身的大小、算上所有副本占用的磁盘空间" in FS_PROSE and "两列相同）、路径" in FS_PROSE
    assert "`-dus`，输出“路径、制表符、大小” | `-du -s`，输出“大小、含副本的占用、路径”" in FS_PAGE


def test_setrep_is_recursive_and_skips_erasure_coded_files(fs_shell):
    text = help_of("setrep", fs_shell)
    assert "recursively changes the replication factor of all files under the directory tree" in text, text
    assert "The EC files will be ignored here." in text
    assert "-R It is accepted for backwards compatibility. It has no effect." in text
    assert "整棵目录树下的所有文件" in FS_PROSE and "纠删码（erasure coding）文件没有副本数，会被跳过" in FS_PROSE
    assert "`-R` 只为兼容旧写法保留，不起作用" in FS_PROSE


def test_checksum_depends_on_the_block_size(fs_shell):
    """The page: equal content can give different checksums when block sizes differ; COMPOSITE_CRC is an option."""
    assert "The checksum of a file depends on its content, block size" in help_of("checksum", fs_shell)
    constants = javap_constants("org.apache.hadoop.hdfs.client.HdfsClientConfigKeys")
    assert 'DFS_CHECKSUM_COMBINE_MODE_KEY = "dfs.checksum.combine.mode"' in constants
    assert 'DFS_CHECKSUM_COMBINE_MODE_DEFAULT = "MD5MD5CRC"' in constants
    assert "还取决于块大小" in FS_PROSE and "`-Ddfs.checksum.combine.mode=COMPOSITE_CRC`" in FS_PROSE


def test_cp_get_put_need_f_to_overwrite(fs_shell):
    for command in ["cp", "get", "put"]:
        assert re.search(r"-f Overwrites? the destination if it already exists", help_of(command, fs_shell)), command
    assert "目标已存在时报错（Linux `cp` 会直接覆盖），要覆盖加 `-f`" in FS_PROSE


def javap_constants(cls: str) -> str:
    (jar,) = hadoop_jars().glob("hadoop-client-api-*.jar")
    run = subprocess.run(
        [require_tool("javap"), "-constants", "-cp", str(jar), cls], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    return run.stdout
