"""The reference in the terminal: a tiny site (tests/roots/test-client) is built, packed into the offline zip and
unpacked; its wiki.py then runs as a subprocess under each Python it supports (3.8 and newer), reading the
commands.json beside it. Filled commands are run by bash and by Spark SQL to show each value lands as itself."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
import zipfile

import pytest

from teamwiki import build, export, offline
from tests.client_tools import python, tldr_lint, tldr_render
from tests.helpers import ROOT, expect_file, require_tool

HERE = ROOT / "tests" / "roots" / "test-client"


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory):
    base = tmp_path_factory.mktemp("client")
    src = base / "site"
    shutil.copytree(HERE, src, ignore=shutil.ignore_patterns("expected"))
    out = base / "html"
    result = build.run(
        "html", out, root=src, capture_output=True, text=True, env=os.environ | {"PYTHONPATH": str(ROOT)}
    )
    assert result.returncode == 0, result.stderr
    archive = base / "offline.zip"
    offline.pack(out, archive)
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
        assert {"team-wiki/wiki.py", "team-wiki/commands.json"} <= names
        zf.extractall(base / "unpacked")
    return base / "unpacked" / "team-wiki"


def wiki(unpacked, *args, version="3.8", env=None):
    return subprocess.run(
        [python(version), str(unpacked / "wiki.py"), *args],
        capture_output=True,
        text=True,
        env=os.environ | {"PYTHONIOENCODING": "utf-8"} | (env or {}),
        cwd="/",  # the client finds commands.json beside itself, from any directory
    )


@pytest.mark.parametrize("version", ["3.8", "3.11", "3.13"])
def test_getmerge_prints_the_entry_tldr_style(unpacked, version):
    result = wiki(unpacked, "getmerge", "--no-color", version=version)
    assert result.returncode == 0, result.stderr
    expect_file(HERE / "expected" / "getmerge.out", result.stdout)


def test_placeholders_are_highlighted_on_a_terminal_and_not_in_a_pipe(unpacked):
    leader, follower = pty.openpty()
    proc = subprocess.run([python("3.8"), str(unpacked / "wiki.py"), "getmerge"], stdout=follower, stderr=follower)
    os.close(follower)
    output = os.read(leader, 65536).decode("utf-8")
    os.close(leader)
    assert proc.returncode == 0
    assert "\x1b[4;36mHDFS_DIR\x1b[0m" in output and "\x1b[4;36mLOCAL_MERGED_FILE\x1b[0m" in output
    assert "\x1b[" not in wiki(unpacked, "getmerge").stdout  # stdout is a pipe: no colour
    assert "\x1b[" not in wiki(unpacked, "getmerge", env={"NO_COLOR": "1"}).stdout


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        (["-s", "去重"], ["sql/dedup.sql"]),
        (["-s", "合并"], ["fs/getmerge.sh"]),
        (["-s", "getm"], ["fs/getmerge.sh"]),  # an English prefix
        (["-s", "getmege"], ["fs/getmerge.sh"]),  # a typo
        (["-s", "row_number"], ["sql/dedup.sql"]),  # a synonym of 去重 (search/synonyms.toml)
        (["-s", "hdfs", "-s", "复制"], ["fs/cp.sh"]),  # every term must match
        (["-s", "HADOOP FS"], ["fs/getmerge.sh", "fs/cp.sh"]),  # any case, in the order the site ranks them
        (["hadoop", "fs"], ["fs/getmerge.sh", "fs/cp.sh"]),  # words without -s: in the command, page order
    ],
)
def test_search_finds_like_the_site(unpacked, query, ids):
    result = wiki(unpacked, *query, "--json")
    assert result.returncode == 0, result.stderr
    assert [e["id"] for e in json.loads(result.stdout)] == ids


def test_nothing_matches_exit_1_and_list_gives_one_line_each_in_page_order(unpacked):
    result = wiki(unpacked, "-s", "没有这个词")
    assert (result.returncode, result.stdout) == (1, "") and "没有匹配" in result.stderr
    listed = wiki(unpacked, "--list")
    assert listed.returncode == 0
    assert listed.stdout.splitlines() == [
        "把 HDFS 目录下的文件合并成一个本地文件：hadoop fs -getmerge HDFS_DIR LOCAL_MERGED_FILE",
        "复制 HDFS 文件：hadoop fs -cp HDFS_FILE HDFS_DIR",
        "在日志里找一个词：grep -n \"PATTERN\" LOCAL_FILE | grep -v 'EXCLUDE'",
        "按键去重，每个键保留一行：select distinct KEY_COLUMN",
        "读出一个文件的第一行：open('LOCAL_FILE', encoding=\"utf-8\").readline()",
    ]


def test_json_carries_link_placeholders_and_mark(unpacked):
    (entry,) = json.loads(wiki(unpacked, "getmerge", "--json").stdout)
    assert entry["url"] == "fs.html#" + entry["anchor"] and entry["anchor"]
    assert entry["section"] == "hadoop fs" and entry["language"] == "shell" and entry["mark"] == "未验证"
    assert [(p["name"], p["kind"]) for p in entry["placeholders"]] == [
        ("HDFS_DIR", "hdfs_path"),
        ("LOCAL_MERGED_FILE", "text"),
    ]
    assert (unpacked / entry["page"]).is_file()


NASTY = ['out file\'s $HOME `id` "x" \\ .txt', "a'b", 'say "hi" $USER', "plain"]


def trace(command: str) -> list[str]:
    """Run ``command`` in bash with grep and hadoop replaced by functions that print their arguments."""
    shell = require_tool("bash")
    # One write per call: the two sides of a pipeline run at once, and two writes each would interleave.
    line = "printf '%s\\n' \"$(printf '[%s]' \"$@\")\" >&2"
    prelude = f"hadoop() {{ {line}; }}; grep() {{ {line}; }}\n"
    result = subprocess.run([shell, "-c", prelude + command], capture_output=True, text=True, env={"HOME": "/nowhere"})
    assert result.returncode == 0, result.stderr
    return sorted(result.stderr.splitlines())


@pytest.mark.parametrize("value", NASTY)
def test_a_filled_shell_command_passes_each_value_as_one_argument(unpacked, value):
    result = wiki(
        unpacked, "getmerge", "--no-color", "--json", "--set", "HDFS_DIR=/data/day", f"LOCAL_MERGED_FILE={value}"
    )
    assert result.returncode == 0, result.stderr
    (entry,) = json.loads(result.stdout)
    assert trace(entry["filled"]) == [f"[fs][-getmerge][/data/day][{value}]"]
    # Inside double quotes, inside single quotes and bare, in one command.
    result = wiki(
        unpacked, "-s", "找一个词", "--json", "--set", f"PATTERN={value}", f"LOCAL_FILE={value}", f"EXCLUDE={value}"
    )
    (entry,) = json.loads(result.stdout)
    assert trace(entry["filled"]) == sorted([f"[-n][{value}][{value}]", f"[-v][{value}]"])


def test_a_value_that_does_not_fit_its_kind_is_refused_with_the_reason(unpacked):
    result = wiki(unpacked, "-s", "去重", "--set", "DAY=2022-05-22")
    assert result.returncode == 2 and "yyyyMMdd" in result.stderr and result.stdout == ""
    result = wiki(unpacked, "-s", "去重", "--set", "DAY=20220230")
    assert result.returncode == 2 and "没有这一天" in result.stderr
    result = wiki(unpacked, "-s", "去重", "--set", "TABLE_NAME=t; drop table x")
    assert result.returncode == 2 and "表名" in result.stderr
    result = wiki(unpacked, "getmerge", "--set", "lower=x")
    assert result.returncode == 2 and "NAME=VALUE" in result.stderr


@pytest.mark.early("spark_engine")  # ordered after the session's start: it does not wait for it in the foreground
def test_a_filled_query_compares_with_exactly_the_value_typed_on_spark_sql(unpacked, pytestconfig):
    require_tool("java")
    from pyspark.sql import SparkSession

    # One Spark per process: when the run has the SQL section's session (started early), use it and leave it running.
    shared = "spark_engine" in pytestconfig.wiki_early_jvms
    if shared:
        spark = pytestconfig.wiki_early_result("spark_engine")[0]
    else:
        os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers run this venv's Python, as the driver does
        spark = (
            SparkSession.builder.master("local[1]")
            .appName("wiki-client")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "1")
            .getOrCreate()
        )
    try:
        for note in ["it's", "back\\slash\\'", 'a "b" \\n', "plain"]:
            spark.createDataFrame(
                [("keep", "20220522", "other"), ("drop", "20220522", note), ("old", "20220521", "other")],
                "cuid string, dt string, note string",
            ).createOrReplaceTempView("client_t")
            values = ["TABLE_NAME=client_t", "KEY_COLUMN=cuid", "DAY=20220522", f"NOTE={note}"]
            result = wiki(unpacked, "-s", "去重", "--json", "--set", *values)
            assert result.returncode == 0, result.stderr
            (entry,) = json.loads(result.stdout)
            rows = spark.sql(entry["filled"].rstrip().rstrip(";")).collect()
            assert [r.cuid for r in rows] == ["keep"], (note, entry["filled"])
    finally:
        spark.catalog.dropTempView("client_t")
        if not shared:
            spark.stop()


def test_the_client_in_the_repository_reads_the_site_build(tmp_path):
    """The same file runs from the repository: it reads commands.json given by --data or WIKI_DATA."""
    data = tmp_path / "commands.json"
    data.write_text(json.dumps({"version": 1, "commands": []}), encoding="utf-8")
    client = ROOT / "teamwiki" / "wiki_client.py"
    result = subprocess.run([sys.executable, str(client), "--list", "--data", str(data)], capture_output=True)
    assert result.returncode == 1  # an empty site: nothing matches


def parse_navi(text: str) -> list[dict]:
    """navi's cheatsheet syntax: % tags start a cheat, # describes the next command, ; is a comment, $ NAME: a
    suggestion command for <NAME>, @ extends; every other non-empty line is part of a command."""
    cheats, tags, description, current = [], None, None, None
    for line in text.splitlines():
        if not line.strip() or line.startswith(";"):
            current = None if not line.strip() else current
            continue
        if line.startswith("%"):
            tags, current = [t.strip() for t in line[1:].split(",")], None
        elif line.startswith("#"):
            description, current = line[1:].strip(), None
        elif line.startswith("$"):
            name, sep, command = line[1:].partition(":")
            assert sep and re.fullmatch(r"\w+", name.strip()), line
            cheats[-1]["suggest"][name.strip()] = command.strip()
        elif line.startswith("@"):
            raise AssertionError(f"unexpected @ line: {line}")
        elif current is None:
            assert tags and description, f"a command without tags or description: {line}"
            current = {"tags": tags, "description": description, "lines": [line], "suggest": {}}
            cheats.append(current)
        else:
            current["lines"].append(line)
    return cheats


def test_navi_cheats_parse_and_their_suggestions_are_the_examples(unpacked):
    entries = {e["purpose"]: e for e in json.loads((unpacked / "commands.json").read_text("utf-8"))["commands"]}
    cheats = parse_navi((unpacked / "export" / "navi" / "team-wiki.cheat").read_text("utf-8"))
    assert [c["description"] for c in cheats] == [p for p, e in entries.items() if e["language"] == "shell"]
    for cheat in cheats:
        entry = entries[cheat["description"]]
        command = "\n".join(cheat["lines"])
        variables = re.findall(r"<(\w+)>", command)
        assert variables and set(variables) == set(cheat["suggest"]) == {p["name"] for p in entry["placeholders"]}
        assert re.sub(r"<(\w+)>", r"\1", command) == entry["command"]
        assert cheat["tags"] == ["team-wiki", entry["section"]]
        for p in entry["placeholders"]:  # navi runs the suggestion in a shell: it must print the example
            out = subprocess.run([require_tool("bash"), "-c", cheat["suggest"][p["name"]]], capture_output=True)
            assert out.stdout.decode() == p["example"] + "\n"


def test_tldr_pages_render_in_tldrs_own_client_as_the_commands(unpacked):
    """Our placeholders are UPPER_CASE words: without tldr's braces each rendered example is the wiki's command."""
    commands = json.loads((unpacked / "commands.json").read_text("utf-8"))["commands"]
    for page in sorted((unpacked / "export" / "tldr").glob("*.md")):
        expected = [e["command"] for e in commands if e["command"].split()[0] == page.stem]
        assert tldr_render(page) == expected and expected, page.name


def test_tldr_pages_pass_tldr_lint(unpacked):
    pages = unpacked / "export" / "tldr"
    assert sorted(p.name for p in pages.glob("*.md")) == ["grep.md", "hadoop.md"]
    result = tldr_lint(pages)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    hadoop = (pages / "hadoop.md").read_text("utf-8")
    assert "`hadoop fs -getmerge {{HDFS_DIR}} {{LOCAL_MERGED_FILE}}`" in hadoop


def test_tldr_lint_fails_on_a_broken_page(tmp_path):
    """The linter can fail: a trailing space (TLDR014), and a page without its description (a parse error)."""
    (tmp_path / "a.md").write_text("# a\n\n> 说明。\n\n- 列出目录: \n\n`a -l`\n", encoding="utf-8")
    result = tldr_lint(tmp_path)
    assert result.returncode != 0 and "TLDR014" in result.stdout + result.stderr
    (tmp_path / "a.md").write_text("# a\n\n- 列出目录:\n\n`a -l`\n", encoding="utf-8")
    result = tldr_lint(tmp_path)
    assert result.returncode != 0 and "Parse error" in result.stdout + result.stderr


def test_a_second_export_leaves_no_page_of_the_first(tmp_path):
    (tmp_path / "tldr").mkdir()
    (tmp_path / "tldr" / "kubectl.md").write_text("# kubectl\n", encoding="utf-8")  # from an earlier build
    export.write([], tmp_path)
    assert list((tmp_path / "tldr").iterdir()) == []


def test_tldr_pages_hold_at_most_8_examples_split_by_subcommand():
    entries = [
        {
            "language": "shell",
            "command": f"kubectl -n ns {verb} X",
            "purpose": f"第 {n} 条",
            "placeholders": [],
            "page": "k.html",
        }
        for n, verb in enumerate(["get"] * 10 + ["logs"])
    ]
    pages = export.tldr(entries)
    assert sorted(pages) == ["kubectl-get.md", "kubectl-logs.md"]
    assert (
        pages["kubectl-get.md"].count("\n- ") == 8
        and "全部 10 条：`python3 wiki.py kubectl get`" in pages["kubectl-get.md"]
    )
    assert pages["kubectl-get.md"].startswith("# kubectl get\n")
