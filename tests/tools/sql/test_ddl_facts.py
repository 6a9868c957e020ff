"""The facts tables.md and settings.md state about Hive and Spark, each held by a run:
how `insert overwrite … partition (dt)` treats partitions absent from the result on Hive-format and
datasource tables under spark.sql.sources.partitionOverwriteMode; Hive's strict dynamic-partition mode
on Spark; and the table "Hive 参数 → Spark" (Hive's defaults read from HiveConf and mapred-default.xml
of the jars, Spark's from its SQLConf)."""

from __future__ import annotations

import re

from tests.helpers import DOCS, expect_file
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


KINDS = {  # in the order the page's tables list them
    "hive_orc": "partitioned by (dt string) stored as orc",
    "hive_parquet": "partitioned by (dt string) stored as parquet",
    "hive_textfile": "partitioned by (dt string) stored as textfile",
    "plain": "partitioned by (dt string)",
    "datasource": "using parquet partitioned by (dt)",
}
OVERWRITE_MODES = sqlrun.SECTION / "tables" / "overwrite_modes.out"


def create(spark, table, kind):
    columns = "cuid string, event_type string" + (", dt string" if kind == "datasource" else "")
    spark.sql(f"create table {table} ({columns}) {KINDS[kind]}")


def provider(spark, table):
    """`desc formatted`'s Provider row: hive for a Hive-format table, else the datasource (parquet…)."""
    (value,) = [r[1] for r in spark.sql(f"desc formatted {table}").collect() if r[0] == "Provider"]
    return value


def test_insert_overwrite_modes(spark_engine):
    """tables.md: what `insert overwrite … partition (dt)` leaves of a partition absent from the result,
    per kind of table and spark.sql.sources.partitionOverwriteMode (the page's table is this run)."""
    spark, _, _ = spark_engine
    rows = []
    for kind, ddl in KINDS.items():
        for mode in ("static", "dynamic"):
            table = f"overwrite_{kind}_{mode}"
            create(spark, table, kind)
            after = overwrite(spark, table, mode)
            shown = ", ".join(f"{dt}（{n} 行）" for dt, n in sorted(after.items()))
            rows.append((f"create table … {ddl}", provider(spark, table), mode, shown))
    title = (
        "先写入 20220520、20220521 两天，再用只含 20220521 一行的结果 insert overwrite … partition (dt)，之后表里的分区"
    )
    columns = ["表", "Provider", "partitionOverwriteMode", "之后的分区"]
    result = sqlrun.render(title, columns, rows, ordered=True)
    expect_file(OVERWRITE_MODES, result, by=sqlrun.SPARK)


def test_spark_documents_that_the_mode_skips_hive_tables(spark_engine):
    spark, _, _ = spark_engine
    (row,) = [r for r in spark.sql("set -v").collect() if r.key == "spark.sql.sources.partitionOverwriteMode"]
    assert "doesn't affect Hive serde tables, as they are always overwritten with dynamic mode" in row.meaning
    assert sqlrun_default(spark, "spark.sql.sources.partitionOverwriteMode").lower() == "static"
    # Spark 4: `create table` without `stored as` / `using` makes a datasource table, not a Hive one
    assert spark.conf.get("spark.sql.legacy.createHiveTableByDefault") == "false"


STRICT_MODE = sqlrun.SECTION / "tables" / "strict_mode.out"


def test_strict_dynamic_partition_mode_on_spark(spark_engine):
    """tables.md: an all-dynamic insert with Hive's default hive.exec.dynamic.partition.mode=strict,
    per kind of table, on Spark (the page's table is this run)."""
    spark, _, _ = spark_engine
    from py4j.protocol import Py4JJavaError
    from pyspark.errors import PySparkException

    rows = []
    spark.conf.set("hive.exec.dynamic.partition.mode", "strict")
    try:
        for kind, ddl in KINDS.items():
            table = f"strict_{kind}"
            create(spark, table, kind)
            try:
                spark.sql(
                    f"insert overwrite table {table} partition (dt) select cuid, event_type, dt from event_log_staging"
                )
                outcome = "写入：" + ", ".join(sorted(partitions(spark, table)))
            except (PySparkException, Py4JJavaError) as e:  # Hive-format inserts fail with a plain SparkException
                message = e.java_exception.getMessage() if isinstance(e, Py4JJavaError) else str(e)
                outcome = sqlrun.render_error("", message).splitlines()[1]
            rows.append((f"create table … {ddl}", provider(spark, table), outcome))
    finally:
        spark.conf.unset("hive.exec.dynamic.partition.mode")
    # ORC and Parquet Hive tables are written by Spark's datasource writer (no strict-mode check)
    for key in ("convertMetastoreOrc", "convertMetastoreParquet", "convertInsertingPartitionedTable"):
        assert spark.conf.get(f"spark.sql.hive.{key}") == "true", key
    title = "set hive.exec.dynamic.partition.mode=strict 之后，insert overwrite table … partition (dt) select …"
    result = sqlrun.render(title, ["表", "Provider", "结果"], rows, ordered=True)
    expect_file(STRICT_MODE, result, by=sqlrun.SPARK)


# -- settings.md: the table "Hive 参数 → Spark" ------------------------------------------------------


def sqlrun_default(spark, key):
    """A Spark SQL setting's default (what the session gives once the key is unset); None when Spark
    has no such setting (`set -v` lists every public one)."""
    if key not in {r.key for r in spark.sql("set -v").collect()}:
        return None
    old = spark.conf.get(key, None)
    spark.conf.unset(key)
    try:
        return spark.conf.get(key)
    finally:
        if old is not None:
            spark.conf.set(key, old)


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


INLINE_DEFAULT = re.compile(
    r"`((?:hive|mapreduce|spark)\.[\w.-]+)`(?:（默认值? ?|（|，\s*默认值? ?| 默认(?:为|是|值)? ?)`([^`]+)`"
)


def test_inline_defaults_on_the_sql_pages(hive_parse, spark_engine):
    """Every "`key`（`value`）", "`key`，默认 `value`" or "`key` 默认 `value`" on the SQL pages is the default of
    this Hive (HiveConf), of the Hadoop client in the same jars, or of this Spark."""
    spark, _, _ = spark_engine
    public = {r.key for r in spark.sql("set -v").collect()}
    found = []
    for page in sorted(SETTINGS.parent.glob("*.md")):
        found += [(page.name, *m.groups()) for m in INLINE_DEFAULT.finditer(page.read_text(encoding="utf-8"))]
    assert len(found) >= 12, found
    for page, key, value in found:
        if key.startswith("spark."):
            actual = sqlrun_default(spark, key) if key in public else spark.conf.get(key)
        else:
            actual = hive_parse.get(("fact", f"conf.{key}"), hive_parse.get(("fact", f"hadoop.{key}")))
            assert actual is not None, f"HiveParse.java prints no default for {key}: add it to its lists"
        assert value == actual, f"{page}: {key} is `{value}` on the page, `{actual}` here"


def test_settings_names_the_hadoop_of_the_defaults(hive_parse):
    """The `mapreduce.*` defaults are those of the Hadoop client in the jars: the page names its version."""
    major_minor = ".".join(hive_parse["fact", "hadoop.version"].split(".")[:2])
    intro = SETTINGS.read_text(encoding="utf-8").split("| Hive 参数 |", 1)[0]
    assert f"Hadoop {major_minor} 客户端" in intro and f"Hadoop {major_minor[0]} 的默认值" in intro, major_minor


def spark_core_default(spark, key):
    """A Spark core (not SQL) setting's default from its ConfigEntry; the YARN module's entries are registered
    when its config object loads, as it does on YARN."""
    jvm = spark._jvm
    jvm.java.lang.Class.forName("org.apache.spark.deploy.yarn.config.package$").getField("MODULE$").get(None)
    entry = jvm.org.apache.spark.internal.config.ConfigEntry.findEntry(key)
    assert entry is not None, f"{key} is not a Spark setting"
    value = entry.defaultValueString()
    return "（未设置）" if value == "<undefined>" else f"`{value}`"


def test_settings_table_spark_side(spark_engine):
    spark, _, _ = spark_engine
    keys = {r.key for r in spark.sql("set -v").collect()}
    for hive, _, spark_keys, spark_default in settings_rows():
        for key in hive:  # Hive's and Hadoop's keys are not Spark SQL settings: Spark only stores them
            assert key not in keys, key
        sql_keys = [k for k in spark_keys if k.startswith("spark.sql.")]
        if sql_keys:
            assert spark_default.startswith(f"`{sqlrun_default(spark, sql_keys[0])}`"), (sql_keys[0], spark_default)
        elif spark_keys:
            assert spark_default == spark_core_default(spark, spark_keys[0]), (spark_keys[0], spark_default)
        for key in sql_keys:
            assert key in keys, f"{key} is not a Spark SQL setting"


def test_session_set_of_a_spark_core_setting_fails(spark_engine):
    """settings.md: `set` of a launch-time setting fails in a session (Spark 3.0 on); the page's list is this run."""
    spark, _, _ = spark_engine
    text = SETTINGS.read_text(encoding="utf-8").split("只在启动时起作用的 Spark 核心参数", 1)[1].split("```", 1)[0]
    listed = re.findall(r"`(spark\.[\w.]+)`", text)
    assert listed == ["spark.executor.memory", "spark.executor.extraJavaOptions", "spark.yarn.queue"], listed
    spark_core_default(spark, "spark.yarn.queue")  # registers the YARN entries
    for key in listed:
        error = sqlrun.spark_error(spark, f"set {key}=x")
        assert "CANNOT_MODIFY_CONFIG" in error, error
    assert spark.conf.get("spark.sql.legacy.setCommandRejectsSparkCoreConfs") == "true"


def test_adaptive_execution_is_on_by_default(spark_engine):
    """settings.md: explain shows the initial plan of an adaptive one (AQE on by default)."""
    spark, _, _ = spark_engine
    assert sqlrun_default(spark, "spark.sql.adaptive.enabled") == "true"
    plan = (sqlrun.SECTION / "settings" / "explain_partition_filter.out").read_text(encoding="utf-8")
    assert "AdaptiveSparkPlan isFinalPlan=false" in plan


def test_set_of_a_hive_key_is_only_stored(spark_engine):
    """settings/set/hive_exec_parallel.sql: Spark echoes the pair back and keeps it; it is not a Spark setting."""
    spark, _, _ = spark_engine
    out = (sqlrun.SECTION / "settings" / "set" / "hive_exec_parallel.out").read_text(encoding="utf-8")
    assert "| hive.exec.parallel | true  |" in out, out
    assert sqlrun_default(spark, "hive.exec.parallel") is None


def test_hive_creates_textfile_tables_by_default(hive_parse):
    """tables.md: the same `create table` without `stored as` makes a textfile Hive table in Hive."""
    assert hive_parse["fact", "conf.hive.default.fileformat"] == "TextFile"
