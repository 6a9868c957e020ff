"""The table "Hive 与 Spark SQL 的差别" on docs/tools/sql/pitfalls.md: each row is held by one test
below, on the engines themselves (Hive 2.3's parser and functions from pyspark's jars, Spark SQL,
Spark with Hive's behaviour switched on). The table's rows and ROWS must be the same list."""

from __future__ import annotations

import re

from tests.helpers import DOCS, ROOT
from tests.tools.sql import sqlrun

PAGE = DOCS / "tools" / "sql" / "pitfalls.md"
HEADING = "## Hive 与 Spark SQL 的差别"


def table_rows() -> list[str]:
    """First cells of the Markdown table under HEADING."""
    text = PAGE.read_text(encoding="utf-8").split(HEADING, 1)[1]
    lines = [line for line in text.splitlines() if line.startswith("|")]
    return [line.split("|")[1].strip() for line in lines[2:]]


def query(rel: str) -> sqlrun.Query:
    (found,) = [q for q in sqlrun.queries() if q.rel == rel]
    return found


def result(path) -> str:
    return path.read_text(encoding="utf-8")


def test_group_by_select_alias(spark_engine):
    """Spark groups by a SELECT alias (spark.sql.groupByAliases, default true); with it off, as in
    Hive, the alias is an unknown column."""
    spark, _, _ = spark_engine
    q = query("pitfalls/group_by_alias.sql")
    assert spark.conf.get("spark.sql.groupByAliases") == "true"
    grouped = sqlrun.spark_run(spark, q, "alias")
    assert "ERROR" not in grouped and "| 30864_6 |" in grouped, grouped
    hive_mode = sqlrun.spark_run(spark, q, "alias", {"spark.sql.groupByAliases": "false"})
    assert "ERROR: [UNRESOLVED_COLUMN" in hive_mode and "`exp`" in hive_mode, hive_mode


def test_left_anti_join(hive_parse, spark_engine):
    """Hive 2.3's grammar has no LEFT ANTI JOIN; Spark runs it and gives the rows of the portable
    left join + is null and of not exists."""
    spark, _, _ = spark_engine
    keyword = query("joins/left_anti_join_keyword.sql")
    message = hive_parse[str(keyword.path.relative_to(ROOT))]
    assert message and "cannot recognize input near 'left' 'anti' 'join'" in message, message

    def rows(rel):
        return sqlrun.spark_run(spark, query(rel), "same").split("\n", 1)[1]

    assert rows("joins/left_anti_join_keyword.sql") == rows("joins/left_anti_join.sql") == rows("joins/not_exists.sql")


def test_like_escape_clause(hive_parse, spark_engine):
    """`like … escape '!'`: Hive 2.3's grammar stops at `escape`; Spark SQL runs it. Both take `\\`
    as the default escape character (pitfalls/like_escape.spark.out)."""
    spark, _, _ = spark_engine
    assert hive_parse["fact", "like.30864_6.%30864\\_6%"] == "true"
    assert hive_parse["fact", "like.3086406.%30864\\_6%"] == "false"
    file = "tests/tools/sql/broken/like_escape_clause.sql"
    message = hive_parse[file]
    assert message and "missing EOF at 'escape'" in message, message
    sql = (ROOT / file).read_text(encoding="utf-8")
    escaped = [r.sid for r in spark.sql(sql).collect()]
    default = [r.sid for r in spark.sql(query("pitfalls/like_escape.sql").text()).collect()]
    assert escaped and sorted(escaped) == sorted(default), (escaped, default)
    assert all("30864_6" in sid for sid in escaped), escaped


def test_count_distinct_without_group_by(hive_parse, spark_engine):
    """Hive 2.3 has no hive.optimize.countdistinct (Hive 3.0 added it, on by default), so it
    dedups in the one reducer; Spark's plan shuffles by the counted column first (many tasks)."""
    spark, _, _ = spark_engine
    assert hive_parse["fact", "conf.hive.optimize.countdistinct"] == "absent"
    assert hive_parse["fact", "version"].startswith("2.3.")
    plan = spark.sql(query("pitfalls/count_distinct.sql").text())._jdf.queryExecution().executedPlan().toString()
    assert re.search(r"Exchange hashpartitioning\(cuid#\d+", plan), plan
    assert "partial_count(distinct cuid" in plan, plan


def test_date_sub_return_type(hive_parse, spark_engine):
    """date_sub returns a DATE in Hive 2.3 (since 2.1.0; a string before) and in Spark."""
    spark, _, _ = spark_engine
    assert hive_parse["fact", "date_sub.type"] == "date"
    assert hive_parse["fact", "date_sub.value"] == "2022-02-22"
    (row,) = spark.sql("select typeof(date_sub('2022-03-01', 7)) as t, date_sub('2022-03-01', 7) as d").collect()
    assert (row.t, str(row.d)) == ("date", "2022-02-22")


def test_division_by_zero(hive_parse, spark_engine):
    """Hive's `/` gives NULL for a zero divisor; Spark 4 (ANSI mode on by default) fails; try_divide gives NULL."""
    spark, _, _ = spark_engine
    assert hive_parse["fact", "divide.2.0"] == "null"
    assert hive_parse["fact", "divide.1.4"] == "0.25"  # the same call divides when it can
    assert spark.conf.get("spark.sql.ansi.enabled") == "true"
    assert "[DIVIDE_BY_ZERO]" in sqlrun.spark_error(spark, "select 2 / 0")
    assert "[DIVIDE_BY_ZERO]" in result(query("pitfalls/divide_by_zero.sql").expected("spark"))
    assert spark.sql("select try_divide(2, 0) as r").collect()[0].r is None


def test_cast_of_a_bad_string(hive_parse, spark_engine):
    """cast('abc' as int): NULL in Hive, an error in Spark 4 (ANSI mode), NULL with try_cast."""
    spark, _, _ = spark_engine
    assert hive_parse["fact", "cast_int.abc"] == "null"
    assert "[CAST_INVALID_INPUT]" in sqlrun.spark_error(spark, "select cast('abc' as int)")
    assert spark.sql("select try_cast('abc' as int) as r").collect()[0].r is None


ROWS = {
    "`group by` 写 `select` 的别名": test_group_by_select_alias,
    "`left anti join`": test_left_anti_join,
    "`like … escape`": test_like_escape_clause,
    "不带 `group by` 的 `count(distinct)`": test_count_distinct_without_group_by,
    "`date_sub` 的返回类型": test_date_sub_return_type,
    "除数为 0": test_division_by_zero,
    "`cast('abc' as int)`": test_cast_of_a_bad_string,
}


def test_every_row_of_the_table_has_its_test():
    assert table_rows() == list(ROWS), "the table on pitfalls.md and ROWS must list the same rows, in order"
