"""Session fixtures of the SQL section: ONE Spark session with Hive support and ONE DuckDB
connection, both holding every fixture table of snippets/tools/sql/*/data/."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.helpers import ROOT, java_classes, require_tool
from tests.tools.sql import session, sqlrun, thriftserver

HERE = Path(__file__).parent
BROKEN = sorted((HERE / "broken").glob("*.sql"))
JARS = sqlrun.JARS


def start_thrift_server(engine) -> thriftserver.Server:
    """The Thrift server for beeline, inside the session of `session.start_spark`: it reads the same catalog (the
    fixture tables are loaded once) and needs no JVM of its own."""
    return thriftserver.start_in_session(engine[0], sqlrun.BUILD / "thriftserver")


def pytest_configure(config):
    config.wiki_early_jvms["spark_engine"] = (session.start_spark, session.stop_spark, None)
    config.wiki_early_jvms["thrift_server"] = (start_thrift_server, thriftserver.Server.stop, "spark_engine")
    # The runs of test_results.py that change no table, in a session of their own beside the other tests.
    reads = (lambda engine: sqlrun.spark_reads(engine[0]), lambda _: None, "spark_engine")
    config.wiki_early_jvms["spark_reads"] = reads
    # The clients' own JVMs, one after another beside the session's start: no server needed.
    config.wiki_early_jvms["spark_sql_runs"] = (thriftserver.run_spark_sql_commands, lambda runs: None, None)
    config.wiki_early_jvms["usages"] = (lambda runs: thriftserver.usages(), lambda texts: None, "spark_sql_runs")


@pytest.fixture(scope="session")
def spark_engine(pytestconfig):
    """(spark, {table: dump right after loading}, {table: [(column, type)]})."""
    engine = pytestconfig.wiki_early_result("spark_engine")
    yield engine
    session.stop_spark(engine)


@pytest.fixture(scope="session")
def thrift_server(pytestconfig, spark_engine):
    """The Spark Thrift server that beeline connects to (tests/tools/sql/thriftserver.py), started once."""
    server = pytestconfig.wiki_early_result("thrift_server", spark_engine)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def spark_reads(pytestconfig, spark_engine):
    """sqlrun.spark_reads: the Spark runs of test_results.py that change no table (started with the session)."""
    return pytestconfig.wiki_early_result("spark_reads", spark_engine)


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
        columns = [d[0] for d in cursor.description]
        dumps[table.name] = session.dump(f"select * from {table.name}", columns, cursor.fetchall())
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
