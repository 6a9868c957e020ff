"""The SQL section's one Spark session, and the flags of every Spark JVM its tests start (the session's, and
each spark-sql and beeline client's): the one home of both.

The JVMs load the same ten thousand classes of pyspark's jars every time they start. `make java` runs this
module once (``python -m tests.tools.sql.session ARCHIVE``): it starts the session as the tests do, loads the
fixture tables, starts the Thrift server and runs the section's queries, and Java's dynamic class-data sharing
writes every class that JVM loaded into one archive at its exit. Each later Spark JVM maps that archive instead
of reading and verifying the classes again: a session that loads a table and runs ten queries took about 12 s
and 15 CPU-s with it against about 20 s and 24 CPU-s without, three times each, side by side.
"""

from __future__ import annotations

import os
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.helpers import ROOT, require_tool
from tests.tools.sql import sqlrun

# What `make java` writes: the archive of the classes of pyspark's jars, for the JVMs of bin/spark-class (the
# session's, spark-sql's, beeline's: the same class path). A JVM with another class path, or a stale archive
# (another JDK, other jars), cannot map it and runs as without it; -Xlog keeps that silent, because the JVM
# reports it on stdout, which spark-class's launcher reads as the command to run.
CDS_ARCHIVE = ROOT / "_build" / "cds" / "spark.jsa"
# A JIT that stops at its quick first tier and a one-thread collector start a short-lived JVM about 15-20 %
# sooner on these 2 cores.
QUICK_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
_DUMP_VARIABLE = "WIKI_CDS_DUMP"  # set by main(): this run writes the archive instead of reading it


def jvm_options() -> str:
    """The flags of every Spark JVM of the SQL tests: QUICK_JVM, and the class archive `make java` writes."""
    dump = os.environ.get(_DUMP_VARIABLE)
    if dump:
        return f"{QUICK_JVM} -XX:ArchiveClassesAtExit={dump}"
    if not CDS_ARCHIVE.is_file():
        raise AssertionError(f"{CDS_ARCHIVE.relative_to(ROOT)} is missing: run `make java`")
    return f"{QUICK_JVM} -XX:SharedArchiveFile={CDS_ARCHIVE} -Xlog:cds=off,cds+dynamic=off"


def dump(title, columns, rows) -> str:
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
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
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
            f"{jvm_options()} -Dderby.system.home={base} -Dderby.stream.error.file={base / 'derby.log'}",
        )
        .enableHiveSupport()
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("FATAL")

    dumps, schemas = {}, {}
    for table in sqlrun.tables():
        schemas[table.name] = sqlrun.spark_load(spark, table)
        frame = spark.table(table.name)
        dumps[table.name] = dump(f"select * from {table.name}", frame.columns, [tuple(r) for r in frame.collect()])
    return spark, dumps, schemas


def stop_spark(engine) -> None:
    engine[0].stop()


def main(argv: list[str]) -> int:
    """Write the class archive: the session as the tests start it, its Thrift server, every query of the
    section once; the JVM writes the archive when it exits, which this waits for."""
    from tests.tools.sql import thriftserver

    if len(argv) != 1:
        print("usage: python -m tests.tools.sql.session ARCHIVE", file=sys.stderr)
        return 2
    archive = Path(argv[0]).resolve()
    archive.parent.mkdir(parents=True, exist_ok=True)
    partial = archive.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    os.environ[_DUMP_VARIABLE] = str(partial)

    # The session and the Thrift server each in a thread of its own, as the tests start them (tests/conftest.py):
    # when the thread that made the session started the server too, it bound Hive's default port 10000 instead
    # of the one it was given.
    with ThreadPoolExecutor(1) as pool:
        engine = pool.submit(start_spark).result()
    with ThreadPoolExecutor(1) as pool:
        server = pool.submit(thriftserver.start_in_session, engine[0], sqlrun.BUILD / "thriftserver").result()
    for query in sqlrun.queries():
        if query.sequence is None:
            sqlrun.spark_run(engine[0], query, query.rel)
    server.stop()
    spark = engine[0]
    gateway = spark.sparkContext._gateway.proc  # the JVM: it exits, and writes the archive, when its stdin closes
    stop_spark(engine)
    gateway.stdin.close()
    if gateway.wait(timeout=600) != 0 or not partial.is_file():
        print(f"the JVM exited {gateway.returncode} without writing {partial}", file=sys.stderr)
        return 1
    partial.replace(archive)
    print(f"wrote {archive.relative_to(ROOT)} ({archive.stat().st_size // 2**20} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
