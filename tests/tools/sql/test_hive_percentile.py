"""functions.md: Hive's own percentile_approx interpolates (a double that need not be in the data), unlike
Spark's. Hive 2.3's implementation (GenericUDAFPercentileApprox in pyspark's hive-exec jar) is run through
Spark's Hive UDAF bridge on the page's table, and the numbers the page quotes are compared with it."""

from __future__ import annotations

import re

from tests.helpers import DOCS
from tests.tools.sql.sqlrun import HIVE_VERSION

PAGE = (DOCS / "tools" / "sql" / "functions.md").read_text(encoding="utf-8")
HIVE_UDAF = "org.apache.hadoop.hive.ql.udf.generic.GenericUDAFPercentileApprox"


def test_hive_percentile_approx_interpolates(spark_engine):
    spark, _, _ = spark_engine
    assert HIVE_VERSION.startswith("2.3.")
    spark.sql(f"create temporary function hive_percentile_approx as '{HIVE_UDAF}'")
    rows = spark.sql(
        "select exp, hive_percentile_approx(delay_ms, 0.5) as p50, hive_percentile_approx(delay_ms, 0.9) as p90,"
        " percentile_approx(delay_ms, 0.5) as s50, percentile_approx(delay_ms, 0.9) as s90,"
        " collect_set(delay_ms) as seen from push_event_log group by exp order by exp"
    ).collect()
    hive = {r.exp: (r.p50, r.p90) for r in rows}
    for r in rows:
        assert isinstance(r.p50, float) and {r.s50, r.s90} <= set(r.seen), r  # Spark: values from the data
    assert any(v not in rows[0].seen for v in hive[rows[0].exp]), hive  # Hive: interpolated
    text = re.sub(r"\s+", "", PAGE)
    p50, p90 = hive["30864_6"]
    assert f"`30864_6`的中位数是{p50}、P90是{p90}" in text, hive
    assert f"`30864_7`的P90是{hive['30864_7'][1]}" in text, hive
