"""`yarn` and `distcp` commands of docs/tools/hadoop/yarn.md: they need a cluster, so they are not run.
Each command's options are checked against the option names the parsing class itself declares
(javap on pyspark's Hadoop jar), or, for DistCp whose jar is absent, against its documented table."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.helpers import record_check, require_tool
from tests.tools.hadoop.harness import HADOOP_SNIPPETS, RUNS, command_of, hadoop_jars, hadoop_version

YARN = HADOOP_SNIPPETS / "yarn"
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
