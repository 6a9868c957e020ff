"""Statements that build on each other (create table, add/drop partition, writes, msck, explain):
each list of ``[sequences]`` in snippets/tools/sql/runs.toml runs once, in its order, on the one Spark
session with Hive support; each step's result (or what its ``after_write`` queries show) must equal
its ``<name>.out``. Settings a step changes are put back afterwards, for the other tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import expect_file, record_run
from tests.tools.sql import sqlrun

SEQUENCES = sqlrun.sequences()


def put(spark, files: dict[str, str]) -> None:
    """``copy_before``: copy a warehouse folder's files into an HDFS folder, as `hadoop fs -cp` would."""
    warehouse = Path(spark.conf.get("spark.sql.warehouse.dir").removeprefix("file:"))
    for target, source in files.items():
        folder = sqlrun.HDFS / target.lstrip("/")
        folder.mkdir(parents=True, exist_ok=True)
        data = [f for f in (warehouse / source).iterdir() if f.is_file() and not f.name.startswith((".", "_"))]
        assert data, f"copy_before: no data files in {source}"
        for f in data:
            shutil.copy(f, folder / f.name)


@pytest.mark.parametrize("name", sorted(SEQUENCES))
def test_sequence(spark_engine, name):
    spark, _, _ = spark_engine
    by_rel = {q.rel: q for q in sqlrun.queries()}
    shutil.rmtree(sqlrun.HDFS, ignore_errors=True)
    settings = dict(spark.conf.getAll)
    try:
        for rel in SEQUENCES[name]:
            query = by_rel[rel]
            put(spark, query.run.get("copy_before", {}))
            # settings variants first: they read the tables as the step finds them, and change nothing
            for suffix, variant in query.spark_variants:
                result = sqlrun.spark_variant(spark, query, variant)
                expect_file(query.variant(suffix), result, by=f"{sqlrun.SPARK} ({sqlrun.settings_shown(variant)})")
            expect_file(query.expected("spark"), sqlrun.spark_run(spark, query, query.rel), by=sqlrun.SPARK)
            record_run(query.path, sqlrun.SPARK)
    finally:
        for key in set(dict(spark.conf.getAll)) - set(settings):
            spark.conf.unset(key)
        for key, value in settings.items():
            if spark.conf.get(key, None) != value:
                spark.conf.set(key, value)
