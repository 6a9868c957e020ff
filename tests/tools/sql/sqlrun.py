"""Glue for the SQL section's tests: find the snippets, load their fixtures, run them, print results.

Conventions (see docs/tools/sql/index.md for the reader's side):

* ``snippets/tools/sql/<page>/data/<table>.sql`` is the Hive DDL of a fixture table and
  ``<table>.csv`` its rows (header = column names, ``\\N`` = NULL, as in Hive text files;
  a value with commas is quoted as RFC 4180 says).
  All fixture tables live in Spark's ``default`` database (DuckDB: schema ``"default"``).
* Every other ``.sql`` file under ``snippets/tools/sql/`` is a query. Its expected result is
  ``<name>.out`` next to it. What a query needs beyond that (engines that differ on purpose,
  Spark runs with other settings, scan plans, writes, Spark-only syntax) is data, in
  ``snippets/tools/sql/runs.toml``, which documents its keys.
* Statements that build on each other (``create table``, ``alter table``, writes) form a sequence
  (``[sequences]`` in ``runs.toml``): they run once, in that order, on Spark (tests/tools/sql/test_sequences.py).
  A ``location '/…'`` runs in a local folder standing for HDFS (``HDFS``); results show it as ``file:/…``
  and the warehouse as ``WAREHOUSE``.
* ``snippets/placeholders.toml`` (the one registry) gives each UPPER_CASE placeholder of a query or command
  its example: the fixture name or value substituted before running it, and the hint the page shows.
* Rows are sorted before printing unless the query ends in ORDER BY (then the engine's order
  is kept), so that a result never depends on how many partitions an engine used.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyspark
import sqlglot
from sqlglot import exp

from tests.helpers import ROOT, SNIPPETS

SECTION = SNIPPETS / "tools" / "sql"
JARS = Path(pyspark.__file__).parent / "jars"
# What produced a result, read from the installed engines (the verification records' `by`).
SPARK = f"Spark SQL {pyspark.__version__}"
DUCKDB = f"DuckDB {duckdb.__version__}"
# The Hive whose parser, functions and Beeline pyspark ships (hive-exec-2.3.10-core.jar -> 2.3.10).
HIVE_VERSION = re.fullmatch(r"hive-exec-(.+?)-core\.jar", next(JARS.glob("hive-exec-*-core.jar")).name).group(1)
HIVE_PARSER = f"Hive {HIVE_VERSION} parser"
BUILD = ROOT / "_build" / "tools-sql"
HDFS = BUILD / "hdfs"  # the local folder that stands for HDFS's root in `location '/…'`

RUNS = SECTION / "runs.toml"


def runs() -> dict[str, dict]:
    """The per-query run settings of ``runs.toml`` ({query: settings}); unknown keys are an error."""
    known = {"engines_differ", "spark_variants", "scan_plan", "after_write", "hive_grammar", "duckdb", "hivevars"}
    known |= {"keep_rows", "plan", "copy_before"}
    with RUNS.open("rb") as f:
        data = tomllib.load(f)["queries"]
    for rel, settings in data.items():
        assert (SECTION / rel).is_file(), f"{RUNS.name}: no query {rel}"
        unknown = set(settings) - known
        assert not unknown, f"{RUNS.name}: [{rel}] has unknown keys {sorted(unknown)}"
        assert settings.get("hive_grammar", "rejected") == "rejected", f"{RUNS.name}: [{rel}] hive_grammar"
    return data


def sequences() -> dict[str, list[str]]:
    """``[sequences]`` of ``runs.toml``: {name: [query, ...]} in the order they run; a query is in one at most."""
    with RUNS.open("rb") as f:
        data = tomllib.load(f).get("sequences", {})
    seen: list[str] = [rel for steps in data.values() for rel in steps]
    for rel in seen:
        assert (SECTION / rel).is_file(), f"{RUNS.name}: [sequences] has no query {rel}"
    assert len(seen) == len(set(seen)), f"{RUNS.name}: a query is in two sequences"
    return data


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
    run: dict = field(default_factory=dict)  # its entry in runs.toml
    sequence: str | None = None  # the [sequences] list it runs in, in order

    @property
    def engines_differ(self) -> bool:
        return "engines_differ" in self.run

    @property
    def spark_variants(self) -> list[tuple[str, dict[str, str]]]:
        return [(v["suffix"], v["settings"]) for v in self.run.get("spark_variants", [])]

    @property
    def scan_plan(self) -> bool:
        return self.run.get("scan_plan", False)

    @property
    def after_write(self) -> list[str]:
        after = self.run.get("after_write", [])
        return [after] if isinstance(after, str) else after

    @property
    def hive_accepts(self) -> bool:
        return self.run.get("hive_grammar") != "rejected"

    @property
    def on_duckdb(self) -> bool:
        return self.run.get("duckdb", self.sequence is None)

    def variant(self, suffix: str) -> Path:
        return self.path.with_name(f"{self.path.stem}.{suffix}.out")

    def text(self) -> str:
        """The file as a reader pastes it, placeholders replaced by the documented fixture values."""
        text = self.path.read_text(encoding="utf-8")
        for name, value in self.placeholders.items():
            text = re.sub(rf"\b{re.escape(name)}\b", value, text)
        for name, value in self.run.get("hivevars", {}).items():  # what --hivevar name=value does
            text = text.replace(f"${{hivevar:{name}}}", value)
        return text

    def expected(self, engine: str) -> Path:
        return self.variant(engine) if self.engines_differ else self.path.with_suffix(".out")


def all_sql_files() -> list[Path]:
    return sorted(SECTION.rglob("*.sql"))


def tables() -> list[Table]:
    found = []
    for ddl in sorted(SECTION.glob("*/data/*.sql")):
        statement = sqlglot.parse_one(ddl.read_text(encoding="utf-8"), read="hive")
        name = statement.this.find(exp.Table).sql(dialect="hive")
        found.append(Table(name=name, ddl=ddl, csv=ddl.with_suffix(".csv")))
    return found


PLACEHOLDER_VALUES = SECTION / "cheatsheet" / "placeholder-values.out"


def placeholders() -> dict[str, dict[str, str]]:
    """{"<page>/<file>": {PLACEHOLDER: value}}: each snippet's placeholders and the example values of the one
    registry (snippets/placeholders.toml) that the pages show, so the value shown and the value run are one."""
    from teamwiki.ext.placeholders import load_registry, used_in

    entries, literals, problems = load_registry(SNIPPETS / "placeholders.toml")
    assert not problems, problems
    mapping: dict[str, dict[str, str]] = {}
    for path in sorted([*SECTION.rglob("*.sql"), *SECTION.rglob("*.sh")]):
        rel = path.relative_to(SECTION).as_posix()
        if "/data/" in f"/{rel}":
            continue
        language = "sql" if path.suffix == ".sql" else "shell"
        names = used_in(path.read_text(encoding="utf-8"), language, literals)
        key = f"tools/sql/{rel}"
        if names:
            mapping[rel] = {
                name: entries[name].get("examples", {}).get(key, entries[name]["example"]) for name in names
            }
    return mapping


def queries() -> list[Query]:
    mapping, settings = placeholders(), runs()
    in_sequence = {rel: name for name, steps in sequences().items() for rel in steps}
    found = []
    for path in all_sql_files():
        rel = path.relative_to(SECTION).as_posix()
        if "/data/" in rel:
            continue
        found.append(Query(rel, path, mapping.get(rel, {}), settings.get(rel, {}), in_sequence.get(rel)))
    return found


def result_files() -> dict[Path, str]:
    """Every result file a test writes from a fresh run: {path: what made it}."""
    produced: dict[Path, str] = {}
    for q in queries():
        produced[q.expected("spark")] = q.rel
        if q.on_duckdb:
            produced[q.expected("duckdb")] = q.rel
        for suffix, _ in q.spark_variants:
            produced[q.variant(suffix)] = q.rel
        if q.scan_plan:
            produced[q.variant("scan")] = q.rel
        if not q.hive_accepts:
            produced[q.variant("hive")] = q.rel
    for t in tables():
        produced[t.ddl.with_suffix(".out")] = t.name
    for command in SECTION.glob("*/*.sh"):  # tests/tools/sql/test_clients.py
        produced[command.with_suffix(".out")] = command.name
    # tables.md: insert overwrite per kind of table and partitionOverwriteMode (test_ddl_facts.py)
    produced[SECTION / "tables" / "overwrite_modes.out"] = "tests/tools/sql/test_ddl_facts.py"
    produced[SECTION / "tables" / "strict_mode.out"] = "tests/tools/sql/test_ddl_facts.py"
    # the values the cheat sheet's runs substituted (test_results.py, from the placeholder registry)
    produced[PLACEHOLDER_VALUES] = "snippets/placeholders.toml"
    return produced


# -- Printing -------------------------------------------------------------------------------------


def cell(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return java_double(value)
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat(sep=" ")
    return str(value)


def java_double(value: float) -> str:
    """A double as Hive's and Spark's clients print it (Java's ``Double.toString``): always with a
    decimal point (``3.0``, ``2.5``), scientific with ``E`` outside [1e-3, 1e7) (``1.0E7``)."""
    if value != value or value in (float("inf"), float("-inf")):
        return {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}[repr(value)]
    if value == 0 or 1e-3 <= abs(value) < 1e7:
        text = repr(value)
        return text if "." in text or "e" in text else text + ".0"
    # the shortest mantissa that gives the same double back
    places = next(p for p in range(1, 18) if float(f"{value:.{p}e}") == value)
    mantissa, exponent = f"{value:.{places}e}".split("e")
    mantissa = mantissa.rstrip("0")
    mantissa = mantissa + "0" if mantissa.endswith(".") else mantissa
    return f"{mantissa}E{int(exponent)}"


def has_order_by(sql: str) -> bool:
    tree = sqlglot.parse_one(sql, read="hive")
    return tree.args.get("order") is not None


def width(text: str) -> int:
    """Columns a terminal gives the text: East Asian Wide and Fullwidth characters (汉字, （）) take two, as
    Spark's own table printer (``Dataset.show``) counts them; Beeline 2.3 counts characters, so its tables
    misalign on Chinese text."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def render(title: str, columns: list[str], rows: list[tuple], ordered: bool) -> str:
    """A result as a text table, first line the query that made it; cells padded by display width."""
    cells = [[cell(v) for v in row] for row in rows]
    if not ordered:
        cells.sort()
    widths = [max([width(c)] + [width(r[i]) for r in cells]) for i, c in enumerate(columns)]
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"

    def line(values):
        return "| " + " | ".join(v + " " * (w - width(v)) for v, w in zip(values, widths, strict=True)) + " |"

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
    from pyspark.sql.types import StringType, StructField, StructType

    spark.sql(table.ddl.read_text(encoding="utf-8"))
    schema = spark.table(table.name).schema  # partition columns last, as Hive orders them
    with table.csv.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))  # read here: Spark would run a job to find the header's names
    # RFC 4180 quoting ("" inside a quoted field), as DuckDB reads it by default
    strings = StructType([StructField(name, StringType()) for name in header])
    raw = spark.read.csv(str(table.csv), schema=strings, header=True, nullValue="\\N", escape='"')
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


def is_command(sql: str) -> bool:
    """show/desc/set/explain/msck…: not a query, so its rows keep the engine's order."""
    return not isinstance(sqlglot.parse_one(sql, read="hive"), exp.Query)


def local_paths(spark, sql: str) -> str:
    """A ``location '/…'`` (an HDFS path on the cluster) runs in the local folder HDFS."""
    return re.sub(r"(?i)(\blocation\s+')/", lambda m: f"{m.group(1)}file:{HDFS}/", sql)


def shown_paths(spark, text: str) -> str:
    """Paths as the pages show them: the warehouse as WAREHOUSE, the folder standing for HDFS as file:/…"""
    warehouse = spark.conf.get("spark.sql.warehouse.dir").removeprefix("file:")
    text = text.replace(f"file:{HDFS}", "file:").replace("file:" + warehouse, "WAREHOUSE")
    return text.replace(warehouse, "WAREHOUSE")


def result_title(query: Query, engine: str) -> str:
    """First line of a result file: the query, and the engine when the engines' answers differ."""
    return f"{query.rel}（{engine}）" if query.engines_differ else query.rel


def spark_plain(spark, query: Query) -> str:
    """A query's result on Spark (`<name>.out`, or `<name>.spark.out` when the engines differ)."""
    return spark_run(spark, query, result_title(query, "Spark SQL"))


def settings_shown(settings: dict[str, str]) -> str:
    """``settings`` as a result's title and its verification record name them: ``k=v, k=v``."""
    return ", ".join(f"{k}={v}" for k, v in settings.items())


def spark_variant(spark, query: Query, settings: dict[str, str]) -> str:
    """A query's result on Spark with Hive's behaviour switched on by ``settings`` (a ``spark_variants`` run)."""
    return spark_run(spark, query, f"{query.rel}（Spark，{settings_shown(settings)}）", settings)


def spark_scan_plan(spark, query: Query) -> str:
    """Which partitions Spark reads for a query (a ``scan_plan`` run)."""
    return spark_scan(spark, query, f"{query.rel}（Spark 物理计划里的 FileScan）")


def spark_reads(spark) -> dict[str, dict[str, str]]:
    """{query: {"": spark_plain, suffix: each spark_variant, "scan": spark_scan_plan}} of every query outside a
    sequence that changes no table (no ``after_write``), in a session of its own, whose settings are its own. The
    tests start this as soon as the session is up: these runs, one after another, beside the other tests' own."""
    session = spark.newSession()
    reads = {}
    for query in queries():
        if query.sequence is None and not query.after_write:
            reads[query.rel] = {"": spark_plain(session, query)}
            for suffix, settings in query.spark_variants:
                reads[query.rel][suffix] = spark_variant(session, query, settings)
            if query.scan_plan:
                reads[query.rel]["scan"] = spark_scan_plan(session, query)
    return reads


def spark_run(spark, query: Query, title: str, settings: dict[str, str] | None = None) -> str:
    """Run a query on Spark; a writing statement shows its after_write queries' results instead.
    ``keep_rows``: only the rows whose first column is listed (a long ``desc formatted`` trimmed);
    ``plan``: the text of an ``explain`` with expression ids (``#12``, ``plan_id=…``) taken out."""
    from pyspark.errors import PySparkException

    sql = local_paths(spark, query.text())
    old = {k: spark.conf.get(k) for k in (settings or {})}
    try:
        for k, v in (settings or {}).items():
            spark.conf.set(k, v)
        try:
            frame = spark.sql(sql)
            if not query.after_write:
                return _spark_result(spark, query, title, sql, frame)
            frame.collect()
            if len(query.after_write) == 1:  # the title says the statement; the page says what is shown
                return _spark_result(spark, query, title, query.after_write[0], spark.sql(query.after_write[0]))
            return "".join(
                _spark_result(spark, query, f"{title} 之后：{after}", after, spark.sql(after))
                for after in query.after_write
            )
        except PySparkException as e:  # the engine's own error is the result a reader would see
            return render_error(title, str(e))
    finally:
        for k, v in old.items():
            spark.conf.set(k, v)


def _spark_result(spark, query: Query, title: str, sql: str, frame) -> str:
    rows = [tuple(shown_paths(spark, v) if isinstance(v, str) else v for v in r) for r in frame.collect()]
    if query.run.get("plan"):
        (plan,) = [r[0] for r in rows]
        plan = re.sub(r"#\d+L?|, \[plan_id=\d+\]", "", plan)
        return f"-- {title}\n{plan.rstrip()}\n"
    keep = query.run.get("keep_rows")
    if keep:
        rows = [r for r in rows if str(r[0]).strip() in keep]
    return render(title, frame.columns, rows, has_order_by(sql) or is_command(sql))


def duckdb_run(con, query: Query, title: str) -> str:
    import duckdb

    sql = query.text()
    try:
        if query.after_write:
            duckdb_insert_overwrite(con, sql)
            (sql,) = query.after_write
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


def spark_error(spark, sql: str) -> str:
    """The error Spark raises for ``sql`` (a statement the pages say fails); no error is a failure."""
    from pyspark.errors import PySparkException

    try:
        spark.sql(sql).collect()
    except PySparkException as e:
        return str(e)
    raise AssertionError(f"Spark accepted {sql}")
