"""Every SQL file of the section parses with Hive's own parser (ParseDriver of hive-exec 2.3, from
pyspark's jars), all files in ONE JVM; a broken query fails with Hive's message, file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlglot

from tests.helpers import ROOT, expect_file, record_check
from tests.tools.sql import sqlrun

HERE = Path(__file__).parent


def test_every_snippet_parses_with_hive(hive_parse):
    rejected = {q.path for q in sqlrun.queries() if not q.hive_accepts}
    errors = [hive_parse[str(f.relative_to(ROOT))] for f in sqlrun.all_sql_files() if f not in rejected]
    errors = [e for e in errors if e]
    assert not errors, "Hive's parser rejects:\n" + "\n".join(errors)
    for f in sqlrun.all_sql_files():
        record_check(f, sqlrun.HIVE_PARSER)


SPARK_ONLY = [q for q in sqlrun.queries() if not q.hive_accepts]


@pytest.mark.parametrize("query", SPARK_ONLY, ids=[q.rel for q in SPARK_ONLY])
def test_spark_only_syntax_is_rejected_by_hive(hive_parse, query):
    """Queries runs.toml marks `hive_grammar = "rejected"`: Hive 2.3's parser refuses them; the
    page shows its message."""
    message = hive_parse[str(query.path.relative_to(ROOT))]
    assert message, f"{query.rel}: Hive's parser accepts it; drop hive_grammar from runs.toml"
    hive = message.split(": Hive: ", 1)[1]
    assert hive_parse["fact", "version"] == sqlrun.HIVE_VERSION
    title = f"{query.rel}（Hive {sqlrun.HIVE_VERSION} 的语法检查）"
    expect_file(query.variant("hive"), f"-- {title}\nERROR: {hive}\n", by=sqlrun.HIVE_PARSER)


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
