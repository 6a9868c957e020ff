"""The command-line clients page: each `snippets/tools/sql/clients/spark_sql_*.sh` runs for real (pyspark's
`bin/spark-sql`, its own JVM with its own empty metastore), with its placeholders replaced by the
registry's example values (snippets/placeholders.toml), in a fresh folder holding the page's query
files; what it prints (or the file it writes, when it redirects to RESULT_FILE) must equal `<name>.out`.
The beeline commands run against the Thrift server in test_beeline.py."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pyspark
import pytest

from tests.helpers import expect_file, record_run, require_tool
from tests.tools.sql import sqlrun, thriftserver

CLIENTS = sqlrun.SECTION / "clients"
COMMANDS = sorted(CLIENTS.glob("spark_sql_*.sh"))


def command(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    for name, value in sqlrun.placeholders().get(f"clients/{path.name}", {}).items():
        text = re.sub(rf"\b{re.escape(name)}\b", value, text)
    return text


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: p.name)
def test_client_command(path):
    require_tool("java")
    work = sqlrun.BUILD / "clients" / path.stem
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for query in CLIENTS.glob("*.sql"):
        shutil.copy(query, work)
    script = command(path)
    run = subprocess.run(
        ["bash", "-c", script], cwd=work, env=thriftserver.environment(), capture_output=True, text=True, timeout=600
    )
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
