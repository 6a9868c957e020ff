"""The facts tables.md and settings.md state about Hive and Spark, each held by a run:
how `insert overwrite … partition (dt)` treats partitions absent from the result on Hive-format and
datasource tables under spark.sql.sources.partitionOverwriteMode; Hive's strict dynamic-partition mode
on Spark; and the table "Hive 参数 → Spark" (Hive's defaults read from HiveConf and mapred-default.xml
of the jars, Spark's from its SQLConf)."""

from __future__ import annotations

import re

import pytest

from tests.helpers import DOCS
from tests.tools.sql import sqlrun

SETTINGS = DOCS / "tools" / "sql" / "settings.md"
TABLES = DOCS / "tools" / "sql" / "tables.md"


def partitions(spark, table):
    return {r[0]: r[1] for r in spark.sql(f"select dt, count(*) from {table} group by dt").collect()}


def overwrite(spark, table, mode):
    """Load 20220520 and 20220521, then overwrite with a result that has only 20220521."""
    spark.conf.set("spark.sql.sources.partitionOverwriteMode", mode)
    try:
        spark.sql(
            f"insert overwrite table {table} partition (dt) select cuid, event_type, dt from event_log_staging "
            "where dt in ('20220520', '20220521')"
        )
        spark.sql(
            f"insert overwrite table {table} partition (dt) select cuid, event_type, dt from event_log_staging "
            "where dt = '20220521' and cuid = 'c1'"
        )
        return partitions(spark, table)
    finally:
        spark.conf.unset("spark.sql.sources.partitionOverwriteMode")


KINDS = {
    "hive_orc": "partitioned by (dt string) stored as orc",
    "hive_parquet": "partitioned by (dt string) stored as parquet",
    "hive_text": "partitioned by (dt string)",
    "datasource": "using parquet partitioned by (dt)",
}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("mode", ["static", "dynamic"])
def test_insert_overwrite_leaves_absent_partitions(spark_engine, kind, mode):
    """Hive-format tables (stored as …): partitions absent from the result stay, in both modes.
    Datasource tables (using …): static mode deletes them all first, dynamic keeps them."""
    spark, _, _ = spark_engine
    table = f"overwrite_{kind}_{mode}"
    columns = "cuid string, event_type string" + (", dt string" if kind == "datasource" else "")
    spark.sql(f"create table {table} ({columns}) {KINDS[kind]}")
    after = overwrite(spark, table, mode)
    if kind == "datasource" and mode == "static":
        assert after == {"20220521": 1}, after
    else:
        assert after == {"20220520": 2, "20220521": 1}, after


def test_spark_documents_that_the_mode_skips_hive_tables(spark_engine):
    spark, _, _ = spark_engine
    (row,) = [r for r in spark.sql("set -v").collect() if r.key == "spark.sql.sources.partitionOverwriteMode"]
    assert "doesn't affect Hive serde tables, as they are always overwritten with dynamic mode" in row.meaning
    assert sqlrun_default(spark, "spark.sql.sources.partitionOverwriteMode") == "static"


@pytest.mark.parametrize("kind", ["hive_text", "hive_orc"])
def test_strict_dynamic_partition_mode_on_spark(spark_engine, kind):
    """With Hive's default strict mode, an all-dynamic insert into a Hive table fails on Spark too."""
    spark, _, _ = spark_engine
    from pyspark.errors import PySparkException

    table = f"strict_{kind}"
    spark.sql(f"create table {table} (cuid string, event_type string) {KINDS[kind]}")
    spark.conf.set("hive.exec.dynamic.partition.mode", "strict")
    try:
        with pytest.raises(PySparkException) as e:
            spark.sql(f"insert overwrite table {table} partition (dt) select cuid, event_type, dt from event_log_staging")
        assert "hive.exec.dynamic.partition.mode=nonstrict" in str(e.value), str(e.value)
        spark.sql(
            f"insert overwrite table {table} partition (dt = '20220520') select cuid, event_type "
            "from event_log_staging where dt = '20220520'"
        )
    finally:
        spark.conf.unset("hive.exec.dynamic.partition.mode")
    assert partitions(spark, table) == {"20220520": 2}


# -- settings.md: the table "Hive 参数 → Spark" ------------------------------------------------------


def sqlrun_default(spark, key):
    """A Spark SQL setting's default as SQLConf declares it; None when Spark has no such setting."""
    entry = spark._jvm.org.apache.spark.sql.internal.SQLConf.getConfigEntry(key)
    return None if entry is None else entry.defaultValueString()


def settings_rows():
    """[(hive keys, hive default, spark keys, spark default)] of the table under the heading."""
    text = SETTINGS.read_text(encoding="utf-8").split("## Hive 参数和 Spark 里的对应", 1)[1]
    rows = []
    for line in [x for x in text.splitlines() if x.startswith("|")][2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        hive = re.findall(r"`([a-z][\w.-]+)`", cells[0])
        spark = re.findall(r"`(spark\.[\w.]+)`", cells[3])
        rows.append((hive, cells[1], spark, cells[4]))
    return rows


def test_settings_table_hive_defaults(hive_parse):
    rows = settings_rows()
    assert len(rows) >= 8
    for hive, default, _, _ in rows:
        for key in hive:
            fact = hive_parse.get(("fact", f"conf.{key}"), hive_parse.get(("fact", f"hadoop.{key}")))
            assert fact is not None, f"HiveParse.java prints no default for {key}: add it to its lists"
            shown = "（未设置）" if fact == "null" else f"`{fact}`"
            assert default == shown, f"{key}: the page says {default}, Hive {sqlrun.HIVE_VERSION} says {shown}"


def test_settings_table_spark_side(spark_engine):
    spark, _, _ = spark_engine
    keys = {r.key for r in spark.sql("set -v").collect()}
    for hive, _, spark_keys, spark_default in settings_rows():
        for key in hive:  # Hive's and Hadoop's keys are not Spark SQL settings: Spark only stores them
            assert sqlrun_default(spark, key) is None and key not in keys, key
        sql_keys = [k for k in spark_keys if k.startswith("spark.sql.")]
        if sql_keys:
            assert spark_default == f"`{sqlrun_default(spark, sql_keys[0])}`", (sql_keys[0], spark_default)
        for key in sql_keys:
            assert key in keys, f"{key} is not a Spark SQL setting"


def test_set_of_a_hive_key_is_only_stored(spark_engine):
    """settings/set_hive_only.sql: Spark echoes the pair back and keeps it; it is not a Spark setting."""
    spark, _, _ = spark_engine
    out = (sqlrun.SECTION / "settings" / "set_hive_only.out").read_text(encoding="utf-8")
    assert "| hive.exec.parallel | true  |" in out, out
    assert sqlrun_default(spark, "hive.exec.parallel") is None
