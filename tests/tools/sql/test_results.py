"""Every query of the SQL section runs on its fixtures in Spark SQL (Hive support) and in DuckDB
(transpiled from Hive by sqlglot); both answers match the result checked in next to the query. Spark's runs of
the queries that change no table are made as soon as the session is up, beside the other tests, in a session of
their own (`spark_reads`); the query that writes runs here, after them."""

from __future__ import annotations

import pytest

from tests.helpers import ROOT, expect_file, record_run
from tests.tools.sql import sqlrun

# Statements in a [sequences] list of runs.toml build on each other: test_sequences.py runs them in order.
QUERIES = [q for q in sqlrun.queries() if q.sequence is None]
IDS = [q.rel for q in QUERIES]


@pytest.mark.parametrize("query", QUERIES, ids=IDS)
def test_spark(spark_engine, spark_reads, query):
    spark, _, _ = spark_engine
    result = spark_reads[query.rel][""] if query.rel in spark_reads else sqlrun.spark_plain(spark, query)
    expect_file(query.expected("spark"), result, by=sqlrun.SPARK)
    record_run(query.path, sqlrun.SPARK)


@pytest.mark.parametrize("query", [q for q in QUERIES if q.on_duckdb], ids=[q.rel for q in QUERIES if q.on_duckdb])
def test_duckdb(duckdb_engine, query):
    con, _ = duckdb_engine
    result = sqlrun.duckdb_run(con, query, sqlrun.result_title(query, "DuckDB"))
    expect_file(query.expected("duckdb"), result, by=sqlrun.DUCKDB)
    record_run(query.path, sqlrun.DUCKDB)


VARIANTS = [(q, suffix, settings) for q in QUERIES for suffix, settings in q.spark_variants]


@pytest.mark.parametrize(("query", "suffix", "settings"), VARIANTS, ids=[f"{q.rel}-{s}" for q, s, _ in VARIANTS])
def test_spark_settings(spark_engine, spark_reads, query, suffix, settings):
    """Spark with Hive's behaviour switched on (e.g. no GROUP BY on a SELECT alias)."""
    spark, _, _ = spark_engine
    reads = spark_reads.get(query.rel)
    result = reads[suffix] if reads else sqlrun.spark_variant(spark, query, settings)
    expect_file(query.variant(suffix), result, by=f"{sqlrun.SPARK} ({sqlrun.settings_shown(settings)})")


SCANS = [q for q in QUERIES if q.scan_plan]


@pytest.mark.parametrize("query", SCANS, ids=[q.rel for q in SCANS])
def test_spark_scan(spark_engine, spark_reads, query):
    """Which partitions Spark reads for a query (partition pruning), from its physical plan."""
    spark, _, _ = spark_engine
    plan = spark_reads[query.rel]["scan"] if query.rel in spark_reads else sqlrun.spark_scan_plan(spark, query)
    expect_file(query.variant("scan"), plan, by=sqlrun.SPARK)


@pytest.mark.parametrize("table", sqlrun.tables(), ids=lambda t: t.name)
def test_fixture_tables(spark_engine, duckdb_engine, table):
    """The fixture tables as the pages show them, loaded identically into both engines."""
    _, spark_dumps, _ = spark_engine
    _, duck_dumps = duckdb_engine
    assert spark_dumps[table.name] == duck_dumps[table.name], "Spark and DuckDB loaded different rows"
    expect_file(table.ddl.with_suffix(".out"), spark_dumps[table.name], by=sqlrun.SPARK)
    record_run(table.ddl, sqlrun.SPARK)
    record_run(table.ddl, sqlrun.DUCKDB)


def test_every_result_file_belongs_to_a_run():
    """No hand-written result: each .out under snippets/tools/sql is one a test above writes."""
    produced = sqlrun.result_files()
    stray = sorted(p.relative_to(ROOT).as_posix() for p in sqlrun.SECTION.rglob("*.out") if p not in produced)
    assert stray == [], f"result files no test produces: {stray}"


def test_hive_safe_template_gives_the_original_rows():
    """template.md: the Hive-safe template (group by the expression) gives the same rows as the
    team's original on Spark, and still runs with Spark's Hive behaviour, where the original fails."""
    template = sqlrun.SECTION / "template"

    def rows(name):
        return (template / name).read_text(encoding="utf-8").split("\n", 1)[1]

    assert rows("pv_uv_hive.out") == rows("pv_uv.out") == rows("pv_uv_hive.hive-mode.out")
    assert rows("pv_uv.hive-mode.out").startswith("ERROR: [UNRESOLVED_COLUMN")


def test_the_values_substituted_in_the_cheat_sheet_runs():
    """The cheat sheet shows which value stood for each placeholder in the runs above (from the registry)."""
    rows = [
        f"{rel.removeprefix('cheatsheet/')}\t{name}\t{value}"
        for rel, values in sorted(sqlrun.placeholders().items())
        if rel.startswith("cheatsheet/")
        for name, value in values.items()
    ]
    assert rows
    table = "file\tplaceholder\tvalue\n" + "\n".join(rows) + "\n"
    expect_file(sqlrun.PLACEHOLDER_VALUES, table, by=sqlrun.SPARK)
