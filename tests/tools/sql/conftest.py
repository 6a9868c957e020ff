"""Session fixtures of the SQL section: ONE Spark session with Hive support and ONE DuckDB
connection, both holding every fixture table of snippets/tools/sql/*/data/."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import ROOT, java_classes, require_tool
from tests.tools.sql import sqlrun, thriftserver

HERE = Path(__file__).parent
BROKEN = sorted((HERE / "broken").glob("*.sql"))
JARS = sqlrun.JARS


def _dump(title, columns, rows):
    return sqlrun.render(title, columns, rows, ordered=False)


def start_spark():
    """(spark, {table: dump right after loading}, {table: [(column, type)]}): ONE session with Hive support
    holding every fixture table. Warehouse, metastore and logs stay in _build. Started in the background right
    after collection (tests/conftest.py), while the other tests run."""
    require_tool("java")
    from pyspark.sql import SparkSession

    base = sqlrun.BUILD / "spark"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    os.environ.setdefault("PYSPARK_PYTHON", os.sys.executable)
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("wiki-tools-sql")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.maxMetadataStringLength", "1000")  # whole paths in plans (pitfalls page)
        .config("spark.sql.warehouse.dir", str(base / "warehouse"))
        # The metastore is an in-memory Derby database: nothing left in the working directory.
        .config("spark.hadoop.javax.jdo.option.ConnectionURL", "jdbc:derby:memory:wiki_sql;create=true")
        .config("spark.hadoop.hive.exec.scratchdir", str(base / "scratch"))
        .config("spark.hadoop.hive.exec.dynamic.partition.mode", "nonstrict")
        .config(
            "spark.driver.extraJavaOptions",
            f"{thriftserver.QUICK_JVM} -Dderby.system.home={base} -Dderby.stream.error.file={base / 'derby.log'}",
        )
        .enableHiveSupport()
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("FATAL")

    dumps, schemas = {}, {}
    for table in sqlrun.tables():
        schemas[table.name] = sqlrun.spark_load(spark, table)
        frame = spark.table(table.name)
        dumps[table.name] = _dump(f"select * from {table.name}", frame.columns, [tuple(r) for r in frame.collect()])
    return spark, dumps, schemas


def stop_spark(engine) -> None:
    engine[0].stop()


def start_thrift_server(engine) -> thriftserver.Server:
    """The Thrift server for beeline, inside the session of `start_spark`: it reads the same catalog (the
    fixture tables are loaded once) and needs no JVM of its own."""
    return thriftserver.start_in_session(engine[0], sqlrun.BUILD / "thriftserver")


def pytest_configure(config):
    config.wiki_early_jvms["spark_engine"] = (start_spark, stop_spark, None)
    config.wiki_early_jvms["thrift_server"] = (start_thrift_server, thriftserver.Server.stop, "spark_engine")
    # The clients' own JVMs, one after another beside the session's start: no server needed.
    config.wiki_early_jvms["spark_sql_runs"] = (thriftserver.run_spark_sql_commands, lambda runs: None, None)
    config.wiki_early_jvms["usages"] = (lambda runs: thriftserver.usages(), lambda texts: None, "spark_sql_runs")


@pytest.fixture(scope="session")
def spark_engine(pytestconfig):
    """(spark, {table: dump right after loading}, {table: [(column, type)]})."""
    engine = pytestconfig.wiki_early_result("spark_engine")
    yield engine
    stop_spark(engine)


@pytest.fixture(scope="session")
def thrift_server(pytestconfig, spark_engine):
    """The Spark Thrift server that beeline connects to (tests/tools/sql/thriftserver.py), started once."""
    server = pytestconfig.wiki_early_result("thrift_server", spark_engine)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def spark_sql_runs(pytestconfig):
    """{snippet name: (command, completed run, folder)} of the spark_sql_*.sh commands (started early)."""
    return pytestconfig.wiki_early_result("spark_sql_runs")


@pytest.fixture(scope="session")
def usages(pytestconfig, spark_sql_runs):
    """{client: its usage text} (thriftserver.usages, started early)."""
    return pytestconfig.wiki_early_result("usages", spark_sql_runs)


@pytest.fixture(scope="session")
def duckdb_engine(spark_engine):
    """(connection, {table: dump right after loading}); tables typed as Spark's metastore says."""
    import duckdb

    _, _, schemas = spark_engine
    con = duckdb.connect(":memory:")
    con.execute("set TimeZone = 'UTC'")
    con.execute('create schema "default"')
    con.execute("set schema = 'default'")
    dumps = {}
    for table in sqlrun.tables():
        sqlrun.duckdb_load(con, table, schemas[table.name])
        cursor = con.execute(f'select * from "default"."{table.short}"')
        dumps[table.name] = _dump(f"select * from {table.name}", [d[0] for d in cursor.description], cursor.fetchall())
    yield con, dumps
    con.close()


@pytest.fixture(scope="session")
def hive_parse():
    """{file: None if Hive parsed it, else 'FILE:LINE:COL: Hive: message'} for snippets and broken files,
    and {("fact", name): value} for the facts HiveParse.java prints. ONE JVM for all."""
    java = require_tool("java")
    cp = f"{java_classes(HERE / 'HiveParse.java')}:{JARS}/*"  # compiled by `make java`
    files = [*sqlrun.all_sql_files(), *BROKEN]
    run = subprocess.run(
        [java, "-cp", cp, "HiveParse", *(str(f.relative_to(ROOT)) for f in files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    results = {}
    for line in run.stdout.splitlines():
        status, file, *rest = line.split("\t")
        if status == "FACT":
            results[("fact", file)] = rest[0]
            continue
        # Hive counts columns from 0; FILE:LINE:COL counts them from 1, as editors do.
        results[file] = None if status == "OK" else f"{file}:{rest[0]}:{int(rest[1]) + 1}: Hive: {rest[2]}"
    missing = [str(f.relative_to(ROOT)) for f in files if str(f.relative_to(ROOT)) not in results]
    assert not missing, f"HiveParse gave no verdict for {missing}:\n{run.stderr[-3000:]}"
    return results
