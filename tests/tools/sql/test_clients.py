"""The command-line clients page: each `snippets/tools/sql/clients/spark_sql_*.sh` runs for real (pyspark's
`bin/spark-sql`, its own JVM with its own empty metastore), with its placeholders replaced by the
registry's example values (snippets/placeholders.toml), in a fresh folder holding the page's query
files; what it prints (or the file it writes, when it redirects to RESULT_FILE) must equal `<name>.out`.
The beeline commands run against the Thrift server in test_beeline.py."""

from __future__ import annotations

import pyspark
import pytest

from tests.helpers import expect_file, record_run
from tests.tools.sql import sqlrun, thriftserver

CLIENTS = thriftserver.CLIENTS
COMMANDS = thriftserver.SPARK_SQL_COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: p.name)
def test_client_command(path, spark_sql_runs):
    script, run, work = spark_sql_runs[path.name]
    assert run.returncode == 0, f"{path.name} exited {run.returncode}:\n{run.stderr[-3000:]}"
    if "spark-sql -S " in script:  # clients.md: even silent, spark-sql prints the time taken on stderr
        assert "Time taken:" in run.stderr, run.stderr[-2000:]
    result = sqlrun.placeholders().get(f"clients/{path.name}", {}).get("RESULT_FILE")
    shown = (work / result).read_text(encoding="utf-8") if result else run.stdout
    by = f"spark-sql (Spark {pyspark.__version__})"
    expect_file(path.with_suffix(".out"), shown, by=by)
    record_run(path, by)
    for query in CLIENTS.glob("*.sql"):
        if query.name in script:
            record_run(query, by)
