"""The set diagrams of docs/tools/sql/joins.md say what the join results on the same page say.

Each ``venn-beta`` diagram names the queries it stands for (``%% 结果: joins/….sql``), colours
every region (A only, A and B, B only) as kept or dropped, and writes the rows that fall in each
region. The test runs those queries on Spark SQL, places every result row in its region, and
requires the kept regions to be exactly the regions the rows fall in; the rows written in each
region are derived from the two example tables. That the built page shows every diagram of its source in
light and dark is a whole-site check (tests/test_diagrams.py): this engine suite needs no site build."""

from __future__ import annotations

import re

import pytest

from tests.helpers import DOCS
from tests.tools.sql import sqlrun

PAGE = DOCS / "tools" / "sql" / "joins.md"
KEPT = "fill:#1f77b4"
DROPPED = "fill:#d9d9d9"
REGION_OF_TARGET = {"A": "A", "B": "B", "A,B": "AB"}
# Every join kind the page explains as sets; cross join is not one (no condition, no overlap).
KINDS = {
    "joins/inner_join.sql",
    "joins/left_join.sql",
    "joins/right_join.sql",
    "joins/full_outer_join.sql",
    "joins/left_semi_join.sql",
    "joins/left_anti_join.sql",
}


def diagrams() -> list[str]:
    text = PAGE.read_text(encoding="utf-8")
    blocks = re.findall(r"^```\{mermaid\}\n(.*?)^```", text, re.M | re.S)
    return [b for b in blocks if "venn-beta" in b]


def parse(code: str) -> dict:
    """Queries, region styles and region texts of one venn-beta diagram."""
    queries, fills, texts, owner, text_region = [], {}, {}, None, {}
    for line in code.splitlines():
        stripped = line.strip()
        if m := re.match(r"%% 结果: (.+)", stripped):
            queries = [q.strip() for q in m.group(1).split(",")]
        elif m := re.match(r"set (\w+)\[", stripped):
            owner = m.group(1)
        elif m := re.match(r"union ([\w,]+)", stripped):
            owner = m.group(1)
        elif m := re.match(r'text (\w+)\["(.*)"\]', stripped):
            text_region[m.group(1)] = REGION_OF_TARGET[owner]
            texts[REGION_OF_TARGET[owner]] = m.group(2)
        elif m := re.match(r"style ([\w,]+) (.+)", stripped):
            target, style = m.groups()
            if target in REGION_OF_TARGET:
                fills[REGION_OF_TARGET[target]] = style
    return {"queries": queries, "fills": fills, "texts": texts}


def query(rel: str) -> sqlrun.Query:
    (found,) = [q for q in sqlrun.queries() if q.rel == rel]
    return found


def frame_rows(spark, sql: str) -> list[dict]:
    return [r.asDict() for r in spark.sql(sql).collect()]


@pytest.fixture(scope="module")
def tables(spark_engine):
    spark, _, _ = spark_engine
    users = frame_rows(spark, "select uid, name from join_users")
    orders = frame_rows(spark, "select order_id, uid from join_orders")
    return users, orders


def regions_of_result(rows: list[dict], order_uids: set) -> set[str]:
    """Where each result row lies: a user row with a matching order, a user alone, an order alone."""
    found = set()
    for row in rows:
        has_user = row.get("name") is not None
        if "order_id" in row:
            has_order = row["order_id"] is not None
        else:  # semi and anti joins return the left table's columns only: look the row's key up
            has_order = row["uid"] in order_uids
        found.add("AB" if has_user and has_order else "A" if has_user else "B")
    return found


def test_each_join_kind_has_one_diagram():
    drawn = [q for code in diagrams() for q in parse(code)["queries"][:1]]
    assert sorted(drawn) == sorted(KINDS)


@pytest.mark.parametrize("code", diagrams(), ids=lambda c: parse(c)["queries"][0].split("/")[1])
def test_kept_regions_are_where_the_result_rows_lie(code, spark_engine, tables):
    spark, _, _ = spark_engine
    _, orders = tables
    diagram = parse(code)
    assert set(diagram["fills"]) == {"A", "B", "AB"}, "every region is coloured kept or dropped"
    kept = {r for r, style in diagram["fills"].items() if style.startswith(KEPT)}
    dropped = {r for r, style in diagram["fills"].items() if style.startswith(DROPPED)}
    assert kept | dropped == {"A", "B", "AB"} and not kept & dropped
    assert diagram["queries"], "the diagram names the queries it stands for"
    for rel in diagram["queries"]:
        rows = frame_rows(spark, query(rel).text())
        assert rows, rel
        assert regions_of_result(rows, {o["uid"] for o in orders}) == kept, rel


@pytest.mark.parametrize("code", diagrams(), ids=lambda c: parse(c)["queries"][0].split("/")[1])
def test_region_labels_are_the_rows_of_the_example_tables(code, tables):
    users, orders = tables
    user_uids, order_uids = {u["uid"] for u in users}, {o["uid"] for o in orders}
    expected = {
        "A": "、".join(u["name"] for u in sorted(users, key=lambda u: u["uid"]) if u["uid"] not in order_uids),
        "AB": "、".join(u["name"] for u in sorted(users, key=lambda u: u["uid"]) if u["uid"] in order_uids),
        "B": "、".join(
            f"订单 {o['order_id']}" for o in sorted(orders, key=lambda o: o["order_id"]) if o["uid"] not in user_uids
        ),
    }
    assert parse(code)["texts"] == expected
