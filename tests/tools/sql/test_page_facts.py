"""Facts the functions and cheatsheet pages state beside their queries, each held by the engines: Hive 2.3's
jar (HiveParse.java's facts) and the section's Spark session."""

from __future__ import annotations

from tests.helpers import DOCS

FUNCTIONS = DOCS / "tools" / "sql" / "functions.md"
CHEATSHEET = DOCS / "tools" / "sql" / "cheatsheet.md"


def test_grouping_tells_a_subtotal_from_a_null_in_the_data(hive_parse, spark_engine):
    """functions.md: grouping(col) is 1 on a subtotal row, 0 on a row whose column is NULL in the data;
    Spark and Hive 2.3 both have it."""
    spark, _, _ = spark_engine
    assert "`grouping(列)`" in FUNCTIONS.read_text(encoding="utf-8")
    assert hive_parse["fact", "class.GenericUDFGrouping"] == "GenericUDFGrouping"
    rows = spark.sql(
        "select k, grouping(k) as g, count(*) as n from values ('a'), (null) as t(k) "
        "group by k grouping sets ((k), ()) order by g, k"
    ).collect()
    assert [(r.k, r.g, r.n) for r in rows] == [(None, 0, 1), ("a", 0, 1), (None, 1, 2)]


def test_split_takes_a_regular_expression(spark_engine):
    """cheatsheet.md: split's separator is a regex, so `|` is written '\\\\|' in the SQL string."""
    spark, _, _ = spark_engine
    assert "`'\\\\|'`" in CHEATSHEET.read_text(encoding="utf-8")
    (row,) = spark.sql("select split('a|b', '\\\\|') as escaped, split('a|b', '|') as bare").collect()
    assert row.escaped == ["a", "b"]
    assert row.bare != ["a", "b"], row.bare
