"""The Spark Thrift server (HiveServer2 protocol) that beeline connects to in the SQL section's tests,
and the three command-line clients pyspark's wheel ships. The one home of the launch recipes.

The tests start the server inside their one Spark session (``start_in_session``: Spark's
``HiveThriftServer2.startWithContext``), on 127.0.0.1 and a free port, so beeline reads the fixture tables that
session already holds and no second JVM starts (the stand-alone server, pyspark's ``bin/spark-submit --class
…HiveThriftServer2 spark-internal``, took 45–150 s more here, and a second beeline run to load the tables).
``Server.stop`` always ends what it started.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pyspark

from tests.helpers import require_tool
from tests.tools.sql import session, sqlrun

BIN = Path(pyspark.__file__).parent / "bin"
THRIFT_SERVER_CLASS = "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2"
# The Hive CLI of the hive-cli jar pyspark ships; its log4j needs the plain context selector here.
HIVE_CLI = ["-Dlog4j2.contextSelector=org.apache.logging.log4j.core.selector.ClassLoaderContextSelector"]
READY_TIMEOUT = 300  # seconds; the server took 15 s on a quiet machine, 45 s on a loaded one


def environment() -> dict[str, str]:
    """What the clients need to run as a reader runs them: SPARK_HOME and bin/ on PATH, no web UI, and the
    metastore an in-memory Derby database as in the tests' session (a cluster configures its own; on disk,
    Derby creating its schema cost spark-sql about 1.5 s more), the Spark JVMs' flags (session.jvm_options)
    through JDK_JAVA_OPTIONS (which only add a note on stderr)."""
    env = dict(os.environ, SPARK_HOME=str(BIN.parent), PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    metastore = "-Dspark.hadoop.javax.jdo.option.ConnectionURL=jdbc:derby:memory:wiki_client;create=true"
    env["SPARK_SUBMIT_OPTS"] = f"-Dspark.ui.enabled=false {metastore}"
    env["JDK_JAVA_OPTIONS"] = session.jvm_options()
    return env


def usages() -> dict[str, str]:
    """{client: its usage text} of the Hive CLI, spark-sql and beeline (three JVMs: started early, see conftest)."""
    require_tool("java")
    return {client: usage(client) for client in ("hive", "spark-sql", "beeline")}


CLIENTS = sqlrun.SECTION / "clients"
SPARK_SQL_COMMANDS = sorted(CLIENTS.glob("spark_sql_*.sh"))


def client_command(path: Path, **given: str) -> tuple[str, dict[str, str]]:
    """(the snippet's command, the values put in): its placeholders replaced by the registry's example values
    (snippets/placeholders.toml) and by ``given`` (a running server's HOST and PORT)."""
    values = dict(sqlrun.placeholders().get(f"clients/{path.name}", {}), **given)
    text = path.read_text(encoding="utf-8")
    for name, value in values.items():
        text = re.sub(rf"\b{re.escape(name)}\b", value, text)
    return text, values


def client_folder(path: Path) -> Path:
    """A fresh folder for one client command, holding the page's query files (its -f and -i arguments)."""
    work = sqlrun.BUILD / "clients" / path.stem
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for query in CLIENTS.glob("*.sql"):
        shutil.copy(query, work)
    return work


def run_spark_sql_commands() -> dict[str, tuple[str, subprocess.CompletedProcess, Path]]:
    """{snippet name: (command, completed run, its folder)} of every spark_sql_*.sh, each run by bash in a fresh
    folder holding the page's query files. Each starts its own JVM, so the tests start this early, beside the
    session (tests/conftest.py), and test_clients.py checks the results."""
    require_tool("java")
    runs = {}
    for path in SPARK_SQL_COMMANDS:
        work = client_folder(path)
        script, _ = client_command(path)
        run = subprocess.run(
            ["bash", "-c", script], cwd=work, env=environment(), capture_output=True, text=True, timeout=600
        )
        runs[path.name] = (script, run, work)
    return runs


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def usage(client: str) -> str:
    """A client's own usage text: ``beeline --help``, ``spark-sql --help``, or Hive CLI 2.3's ``-H``."""
    if client == "hive":
        jars = f"{sqlrun.JARS}/*"
        args = ["java", *HIVE_CLI, "-cp", jars, "org.apache.hadoop.hive.cli.CliDriver", "-H"]
    else:
        args = [str(BIN / client), "--help"]
    run = subprocess.run(args, env=environment(), stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    text = run.stdout + run.stderr
    assert "-e" in text and "--hivevar" in text, f"{client}: no usage text (exit {run.returncode}):\n{text[-3000:]}"
    return text


@dataclass
class Server:
    host: str
    port: int
    process: subprocess.Popen | None  # spark-submit's, or None inside the tests' Spark session
    log: Path | None
    in_session: object = None  # the HiveThriftServer2 of startWithContext

    @property
    def url(self) -> str:
        return f"jdbc:hive2://{self.host}:{self.port}/default"

    def log_tail(self) -> str:
        if self.log is None:
            return "(inside the tests' Spark session: its log level is FATAL)"
        return self.log.read_text(encoding="utf-8", errors="replace")[-4000:]

    def stop(self) -> None:
        if self.in_session is not None:
            self.in_session.stop()
            self.in_session = None
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)

    def beeline(self, *args: str, cwd: Path | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
        """Run pyspark's bin/beeline against this server, stdin not a terminal (as in a scheduled job)."""
        run = subprocess.run(
            [str(BIN / "beeline"), "-u", self.url, *args],
            cwd=cwd,
            env=environment(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert run.returncode == 0, f"beeline {args} exited {run.returncode}:\n{run.stderr[-3000:]}"
        return run


def wait_for_port(server: Server, timeout: int = READY_TIMEOUT) -> Server:
    """Wait until the server's port accepts connections; on a timeout or an early exit, stop it and fail with
    the end of its log."""
    deadline = time.monotonic() + timeout
    while True:
        if server.process is not None and server.process.poll() is not None:
            raise AssertionError(f"the Thrift server exited {server.process.returncode}:\n{server.log_tail()}")
        try:
            with socket.create_connection((server.host, server.port), timeout=1):
                return server
        except OSError:
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise AssertionError(
                f"the Thrift server did not open {server.host}:{server.port} in {timeout} s:\n{server.log_tail()}"
            )
        time.sleep(0.5)


def start_in_session(spark, base: Path) -> Server:
    """Start the Thrift server inside a running Spark session (``HiveThriftServer2.startWithContext``, what
    spark-submit's ``--class …HiveThriftServer2`` runs in its own JVM): beeline's sessions share that session's
    catalog and SparkContext. Bind host and port are ``hive.server2.thrift.*`` of the session's conf, which
    the server's HiveConf is made from; its port opens in a thread of its own, waited for here."""
    base.mkdir(parents=True, exist_ok=True)
    host, port = "127.0.0.1", free_port()
    confs = {"hive.server2.thrift.bind.host": host, "hive.server2.thrift.port": str(port)}
    for key, value in confs.items():
        spark.conf.set(key, value)
    try:
        thrift = functools.reduce(getattr, THRIFT_SERVER_CLASS.split("."), spark._jvm)
        started = thrift.startWithContext(spark._jsparkSession.sqlContext())
    finally:
        for key in confs:
            spark.conf.unset(key)
    return wait_for_port(Server(host, port, None, None, started))
