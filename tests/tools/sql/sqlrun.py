"""Glue for the SQL section's tests: find the snippets, load their fixtures, run them, print results.

Conventions (see docs/tools/sql/index.md for the reader's side):

* ``snippets/tools/sql/<page>/data/<table>.sql`` is the Hive DDL of a fixture table and
  ``<table>.csv`` its rows (header = column names, ``\\N`` = NULL, as in Hive text files).
  All fixture tables live in Spark's ``default`` database (DuckDB: schema ``"default"``).
* Every other ``.sql`` file under ``snippets/tools/sql/`` is a query. Its expected result is
  ``<name>.out`` next to it; where the engines legitimately differ (``ENGINE_SPECIFIC``) there
  are two, ``<name>.spark.out`` and ``<name>.duckdb.out``.
* ``cheatsheet/placeholders.csv`` maps each UPPER_CASE placeholder of a cheat-sheet query to
  the fixture name or value the test substitutes before running it.
* Rows are sorted before printing unless the query ends in ORDER BY (then the engine's order
  is kept), so that a result never depends on how many partitions an engine used.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import re
from dataclasses import dataclass, field
from pathlib import Path

import sqlglot
from sqlglot import exp

from tests.helpers import ROOT, SNIPPETS

SECTION = SNIPPETS / "tools" / "sql"
BUILD = ROOT / "_build" / "tools-sql"
PLACEHOLDERS = SECTION / "cheatsheet" / "placeholders.csv"

# Queries whose answer differs between engines, with the reason the page gives.
ENGINE_SPECIFIC = {
    "pitfalls/like_escape.sql": "DuckDB 的 LIKE 没有默认转义符，\\_ 不是转义",
    "group-by/missing_group_by.sql": "两个引擎的报错文字不同",
}
# Extra runs on Spark with other settings: (query, suffix of the .out file, settings).
SPARK_VARIANTS = [
    ("pitfalls/group_by_alias.sql", "hive-mode", {"spark.sql.groupByAliases": "false"}),
    ("template/pv_uv.sql", "hive-mode", {"spark.sql.groupByAliases": "false"}),
]
# Queries whose Spark physical plan is shown (the FileScan: which partitions are read).
SCAN_PLANS = ["pitfalls/partition_filter.sql", "pitfalls/partition_filter_missing.sql"]
# Statements that write a table: the result shown is the table afterwards, read by this query.
AFTER_WRITE = {
    "cheatsheet/insert_overwrite_partition.sql": "select * from daily_event_pv order by event_day, event_type",
}


@dataclass
class Table:
    name: str  # as written in the DDL, maybe with a database: default.t
    ddl: Path
    csv: Path

    @property
    def short(self) -> str:
        return self.name.split(".")[-1]


@dataclass
class Query:
    rel: str  # path relative to snippets/tools/sql, e.g. joins/inner_join.sql
    path: Path
    placeholders: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        """The file as a reader pastes it, placeholders replaced by the documented fixture values."""
        text = self.path.read_text(encoding="utf-8")
        for name, value in self.placeholders.items():
            text = re.sub(rf"\b{re.escape(name)}\b", value, text)
        return text

    def expected(self, engine: str) -> Path:
        stem = self.path.with_suffix("")
        if self.rel in ENGINE_SPECIFIC:
            return stem.with_name(f"{stem.name}.{engine}.out")
        return stem.with_suffix(".out")


def all_sql_files() -> list[Path]:
    return sorted(SECTION.rglob("*.sql"))


def tables() -> list[Table]:
    found = []
    for ddl in sorted(SECTION.glob("*/data/*.sql")):
        statement = sqlglot.parse_one(ddl.read_text(encoding="utf-8"), read="hive")
        name = statement.this.find(exp.Table).sql(dialect="hive")
        found.append(Table(name=name, ddl=ddl, csv=ddl.with_suffix(".csv")))
    return found


def placeholders() -> dict[str, dict[str, str]]:
    mapping: dict[str, dict[str, str]] = {}
    with PLACEHOLDERS.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            mapping.setdefault(f"cheatsheet/{row['file']}", {})[row["placeholder"]] = row["value"]
    return mapping


def queries() -> list[Query]:
    mapping = placeholders()
    found = []
    for path in all_sql_files():
        rel = path.relative_to(SECTION).as_posix()
        if "/data/" in rel:
            continue
        found.append(Query(rel, path, mapping.get(rel, {})))
    return found


def result_files() -> dict[Path, str]:
    """Every result file a test writes from a fresh run: {path: what made it}."""
    produced: dict[Path, str] = {}
    for q in queries():
        produced[q.expected("spark")] = q.rel
        produced[q.expected("duckdb")] = q.rel
    for rel, suffix, _ in SPARK_VARIANTS:
        produced[(SECTION / rel).with_name(f"{Path(rel).stem}.{suffix}.out")] = rel
    for rel in SCAN_PLANS:
        produced[(SECTION / rel).with_suffix(".scan.out")] = rel
    for t in tables():
        produced[t.ddl.with_suffix(".out")] = t.name
    return produced


# -- Printing -------------------------------------------------------------------------------------


def cell(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat(sep=" ")
    return str(value)


def has_order_by(sql: str) -> bool:
    tree = sqlglot.parse_one(sql, read="hive")
    return tree.args.get("order") is not None


def render(title: str, columns: list[str], rows: list[tuple], ordered: bool) -> str:
    """A result as a text table, first line the query that made it."""
    cells = [[cell(v) for v in row] for row in rows]
    if not ordered:
        cells.sort()
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"

    def line(values):
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    out = [f"-- {title}", rule, line(columns), rule, *(line(r) for r in cells), rule, f"({len(cells)} 行)"]
    return "\n".join(out) + "\n"


def render_error(title: str, message: str) -> str:
    first = message.strip().splitlines()[0].strip()
    first = re.sub(r";?\s*line \d+ pos \d+;?$", "", first).rstrip(";")
    return f"-- {title}\nERROR: {first}\n"


# -- Engines -------------------------------------------------------------------------------------

DUCKDB_TYPES = {
    "string": "VARCHAR",
    "int": "INTEGER",
    "bigint": "BIGINT",
    "double": "DOUBLE",
    "boolean": "BOOLEAN",
}


def spark_load(spark, table: Table) -> list[tuple[str, str]]:
    """Create a fixture table from its Hive DDL and load its CSV; return [(column, type)]."""
    from pyspark.sql.functions import col

    spark.sql(table.ddl.read_text(encoding="utf-8"))
    schema = spark.table(table.name).schema  # partition columns last, as Hive orders them
    raw = spark.read.csv(str(table.csv), header=True, nullValue="\\N")
    missing = {f.name for f in schema} ^ set(raw.columns)
    if missing:
        raise AssertionError(f"{table.csv.relative_to(ROOT)}: header and DDL disagree on {sorted(missing)}")
    raw.select([col(f.name).cast(f.dataType) for f in schema]).write.insertInto(table.name)
    return [(f.name, f.dataType.simpleString()) for f in schema]


def duckdb_load(con, table: Table, columns: list[tuple[str, str]]) -> None:
    types = {name: DUCKDB_TYPES[kind] for name, kind in columns}
    ddl = ", ".join(f'"{name}" {kind}' for name, kind in types.items())
    con.execute(f'create table "default"."{table.short}" ({ddl})')
    spec = "{" + ", ".join(f"'{n}': '{k}'" for n, k in types.items()) + "}"
    con.execute(
        f'insert into "default"."{table.short}" by name '
        f"select * from read_csv(?, header = true, nullstr = '\\N', columns = {spec})",
        [str(table.csv)],
    )


def to_duckdb(sql: str) -> str:
    return sqlglot.transpile(sql, read="hive", write="duckdb")[0]


def spark_run(spark, query: Query, title: str, settings: dict[str, str] | None = None) -> str:
    from pyspark.errors import PySparkException

    sql = query.text()
    old = {k: spark.conf.get(k) for k in (settings or {})}
    try:
        for k, v in (settings or {}).items():
            spark.conf.set(k, v)
        try:
            frame = spark.sql(sql)
            if query.rel in AFTER_WRITE:
                frame.collect()
                sql = AFTER_WRITE[query.rel]
                frame = spark.sql(sql)
            rows = [tuple(r) for r in frame.collect()]
        except PySparkException as e:  # the engine's own error is the result a reader would see
            return render_error(title, str(e))
        return render(title, frame.columns, rows, has_order_by(sql))
    finally:
        for k, v in old.items():
            spark.conf.set(k, v)


def duckdb_run(con, query: Query, title: str) -> str:
    import duckdb

    sql = query.text()
    try:
        if query.rel in AFTER_WRITE:
            duckdb_insert_overwrite(con, sql)
            sql = AFTER_WRITE[query.rel]
        cursor = con.execute(to_duckdb(sql))
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    except duckdb.Error as e:
        return render_error(title, str(e))
    return render(title, columns, rows, has_order_by(sql))


def duckdb_insert_overwrite(con, sql: str) -> None:
    """Hive's ``insert overwrite table T partition (k = 'v') select ...`` for DuckDB, which has no
    partitions: delete the partition's rows, then insert the SELECT's rows (by position, as Hive
    does) with the static partition values appended."""
    tree = sqlglot.parse_one(sql, read="hive")
    assert isinstance(tree, exp.Insert) and tree.args.get("overwrite"), "only insert overwrite is supported"
    target = tree.this if isinstance(tree.this, exp.Table) else tree.this.find(exp.Table)
    partition = target.find(exp.Partition) or tree.find(exp.Partition)
    values = {eq.this.name: eq.expression.sql(dialect="duckdb") for eq in partition.expressions}
    table = f'"default"."{target.name}"'
    where = " and ".join(f'"{k}" = {v}' for k, v in values.items())
    select = to_duckdb(tree.expression.sql(dialect="hive"))
    extra = ", ".join(f"{v} as {k}" for k, v in values.items())
    con.execute(f"delete from {table} where {where}")
    con.execute(f"insert into {table} select q.*, {extra} from ({select}) as q")


def spark_scan(spark, query: Query, title: str) -> str:
    """The FileScan of Spark's physical plan, reduced to what it reads: partition filters and folders."""
    plan = spark.sql(query.text())._jdf.queryExecution().executedPlan().toString()
    scans = [line for line in plan.splitlines() if "FileScan" in line]
    warehouse = spark.conf.get("spark.sql.warehouse.dir").removeprefix("file:")
    out = [f"-- {title}"]
    for scan in scans:
        scan = re.sub(r"#\d+L?", "", scan).replace("file:" + warehouse, "WAREHOUSE").replace(warehouse, "WAREHOUSE")
        table = re.search(r"FileScan \w+ (\S+?)\[", scan).group(1)
        location = re.search(r"Location: (\w+)\(\d+ paths\)\[(.*?)\]", scan)
        filters = re.search(r"PartitionFilters: (\[.*?\])", scan).group(1)
        out += [f"FileScan {table}", f"  PartitionFilters: {filters}", f"  Location: {location.group(2)}"]
    return "\n".join(out) + "\n"
