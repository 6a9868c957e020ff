"""Every SQL file of the section parses with Hive's own parser (ParseDriver of hive-exec 2.3, from
pyspark's jars), all files in ONE JVM; a broken query fails with Hive's message, file and line."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pyspark
import pytest
import sqlglot

from tests.helpers import ROOT, expect_file, require_tool
from tests.tools.sql import sqlrun

HERE = Path(__file__).parent
BROKEN = sorted((HERE / "broken").glob("*.sql"))
JARS = Path(pyspark.__file__).parent / "jars"


@pytest.fixture(scope="module")
def hive_parse():
    """{file: None if Hive parsed it, else 'FILE:LINE:COL: Hive: message'} for snippets and broken files."""
    require_tool("javac")
    java = require_tool("java")
    classes = sqlrun.BUILD / "classes"
    classes.mkdir(parents=True, exist_ok=True)
    cp = f"{classes}:{JARS}/*"
    source = HERE / "HiveParse.java"
    compiled = classes / "HiveParse.class"
    if not compiled.exists() or compiled.stat().st_mtime < source.stat().st_mtime:
        subprocess.run(["javac", "-cp", cp, "-d", str(classes), str(source)], check=True)
    files = [*sqlrun.all_sql_files(), *BROKEN]
    run = subprocess.run(
        [java, "-cp", cp, "HiveParse", *(str(f.relative_to(ROOT)) for f in files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    results = {}
    for line in run.stdout.splitlines():
        status, file, *rest = line.split("\t")
        # Hive counts columns from 0; FILE:LINE:COL counts them from 1, as editors do.
        results[file] = None if status == "OK" else f"{file}:{rest[0]}:{int(rest[1]) + 1}: Hive: {rest[2]}"
    missing = [str(f.relative_to(ROOT)) for f in files if str(f.relative_to(ROOT)) not in results]
    assert not missing, f"HiveParse gave no verdict for {missing}:\n{run.stderr[-3000:]}"
    return results


def test_every_snippet_parses_with_hive(hive_parse):
    errors = [hive_parse[str(f.relative_to(ROOT))] for f in sqlrun.all_sql_files()]
    errors = [e for e in errors if e]
    assert not errors, "Hive's parser rejects:\n" + "\n".join(errors)


def test_broken_query_fails_with_hive_message_file_and_line(hive_parse):
    message = hive_parse["tests/tools/sql/broken/broken_query.sql"]
    assert message and message.startswith("tests/tools/sql/broken/broken_query.sql:3:10: Hive: line 3:9 "), message
    expect_file(HERE / "broken" / "broken_query.out", message + "\n")


def test_duckdb_only_syntax_is_rejected(hive_parse):
    message = hive_parse["tests/tools/sql/broken/duckdb_only.sql"]
    assert message and ":2:" in message, message
    expect_file(HERE / "broken" / "duckdb_only.out", message + "\n")


@pytest.mark.parametrize("path", sqlrun.all_sql_files(), ids=lambda p: p.relative_to(sqlrun.SECTION).as_posix())
def test_one_statement_and_a_chinese_purpose_line(path):
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert re.match(r"^-- .*[\u4e00-\u9fff]", first), f"{path}:1: the first line must be `-- <purpose in Chinese>`"
    assert len(sqlglot.parse(text, read="hive")) == 1, f"{path}: one query per file"
    assert not text.rstrip().endswith(";"), f"{path}: no trailing ';' (the pages say when the Hive CLI needs one)"
