"""`yarn` and `distcp` commands of docs/tools/hadoop/yarn.md: they need a cluster, so they are not run.
Each command's options are checked against the option names the parsing class itself declares
(javap on pyspark's Hadoop jar), or, for DistCp whose jar is absent, against its documented table."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile

import pytest

from tests.helpers import DOCS, record_check, require_tool
from tests.tools.hadoop.harness import HADOOP_SNIPPETS, RUNS, command_of, hadoop_jars, hadoop_version

YARN = HADOOP_SNIPPETS / "yarn"
YARN_PROSE = (DOCS / "tools" / "hadoop" / "yarn.md").read_text(encoding="utf-8").replace("\n", "")
SPECS = RUNS["yarn"]
CLASS_OPTIONS = re.compile(r'static final java\.lang\.String \w+ = "([A-Za-z_]+)";')


@pytest.fixture(scope="module")
def declared_options() -> dict[str, set[str]]:
    """Every string constant of each parsing class (and YarnCLI, ApplicationCLI's parent) as `-name`."""
    classes = sorted({spec["class"] for spec in SPECS.values() if "class" in spec})
    parents = ["org.apache.hadoop.yarn.client.cli.YarnCLI"]
    (jar,) = hadoop_jars().glob("hadoop-client-api-*.jar")
    run = subprocess.run(
        [require_tool("javap"), "-cp", str(jar), "-constants", "-p", *classes, *parents],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    per_class, current = {}, None
    for line in run.stdout.splitlines():
        if m := re.match(r"(?:public |abstract )*class (\S+)", line):
            current = m.group(1)
            per_class[current] = set()
        elif current and (m := CLASS_OPTIONS.search(line)):
            per_class[current].add("-" + m.group(1))
    inherited = set().union(*(per_class.get(p, set()) for p in parents))
    return {name: per_class[name] | inherited for name in classes}


def options_of(name: str) -> tuple[list[str], set[str]]:
    words = command_of(YARN / f"{name}.sh").split()
    return words, {w for w in words[2:] if w.startswith("-")}


def test_every_yarn_snippet_has_a_spec():
    assert sorted(SPECS) == sorted(p.stem for p in YARN.glob("*.sh"))
    assert not list(YARN.glob("*.out")), "nothing here ran: no output may be shown"


@pytest.mark.parametrize("name", sorted(n for n, spec in SPECS.items() if "class" in spec))
def test_yarn_options_against_the_client_class(name, declared_options):
    words, used = options_of(name)
    spec = SPECS[name]
    assert (
        words[0] == "yarn"
        and words[1] == {"ApplicationCLI": "application", "LogsCLI": "logs"}[spec["class"].rsplit(".", 1)[1]]
    ), words
    declared = declared_options[spec["class"]]
    assert used and used <= declared, f"{name}: {used - declared} not declared by {spec['class']}"
    record_check(YARN / f"{name}.sh", f"{hadoop_version()} {spec['class'].rsplit('.', 1)[1]} (javap)", spec["not_run"])


def test_checker_rejects_a_made_up_option(declared_options):
    assert "-applicationId" in declared_options["org.apache.hadoop.yarn.client.cli.LogsCLI"]
    assert "-kill" in declared_options["org.apache.hadoop.yarn.client.cli.ApplicationCLI"]
    assert "-killall" not in declared_options["org.apache.hadoop.yarn.client.cli.ApplicationCLI"]


def test_distcp_options_against_its_documented_table():
    words, used = options_of("distcp")
    spec = SPECS["distcp"]
    assert words[:2] == ["hadoop", "distcp"]
    assert used and used <= set(spec["documented_options"]), used - set(spec["documented_options"])
    record_check(YARN / "distcp.sh", spec["documented_in"], spec["not_run"])


def client_jar():
    (jar,) = hadoop_jars().glob("hadoop-client-api-*.jar")
    return jar


def javap(*args: str) -> str:
    run = subprocess.run(
        [require_tool("javap"), "-cp", str(client_jar()), *args], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_yarn_logs_reads_running_containers_and_needs_aggregation_afterwards():
    """The page: Hadoop 3's LogsCLI fetches a running application's logs from the NodeManagers; after the end it
    reads aggregated logs, and aggregation is off by default (yarn-default.xml), local logs kept 3 hours."""
    assert "printContainerLogsFromRunningApplication(" in javap("-p", "org.apache.hadoop.yarn.client.cli.LogsCLI")
    with zipfile.ZipFile(client_jar()) as jar:
        root = ET.fromstring(jar.read("yarn-default.xml"))
    defaults = {p.findtext("name"): p.findtext("value") for p in root.iter("property")}
    assert defaults["yarn.log-aggregation-enable"] == "false"
    assert defaults["yarn.nodemanager.log.retain-seconds"] == str(3 * 3600)
    assert "在作业还在跑时就能用" in YARN_PROSE and "`yarn.log-aggregation-enable`，默认关闭" in YARN_PROSE
    assert "`yarn.nodemanager.log.retain-seconds`，默认 3 小时" in YARN_PROSE
    assert "作业结束后要集群开了日志聚合" in (YARN / "logs.sh").read_text(encoding="utf-8")


def test_namenode_default_ports():
    """The page: 8020 (RPC, in distcp.sh) and 9870 (HTTP, for webhdfs://) are Hadoop 3's defaults. Hadoop 2's
    (and Hadoop 1's) 50070 is from its hdfs-default.xml (HDFS-9427 moved it in Hadoop 3), not in these jars."""
    constants = javap("-constants", "org.apache.hadoop.hdfs.client.HdfsClientConfigKeys")
    assert "DFS_NAMENODE_RPC_PORT_DEFAULT = 8020;" in constants
    assert "DFS_NAMENODE_HTTP_PORT_DEFAULT = 9870;" in constants
    assert ":8020/" in command_of(YARN / "distcp.sh") and "8020 是 NameNode RPC 端口的默认值" in YARN_PROSE
    assert "Hadoop 3 默认 9870，Hadoop 1、Hadoop 2 默认 50070" in YARN_PROSE


def test_distcp_prose_names_documented_options():
    """-pb, -skipcrccheck and -bandwidth, named in the prose, are in the documented option table (-pb is -p with
    its b attribute)."""
    documented = set(SPECS["distcp"]["documented_options"])
    named = set(re.findall(r"`(-[a-zA-Z]+)`", YARN_PROSE.split("跨集群复制：distcp", 1)[1]))
    assert named - {"-pb"} <= documented and "-p" in documented, named - documented
    assert {"-pb", "-skipcrccheck", "-bandwidth", "-update", "-m"} <= named
