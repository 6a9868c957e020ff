"""The command-line clients page: each `snippets/tools/sql/clients/*.sh` runs for real, with its
placeholders replaced from `clients/placeholders.csv` (PORT: the Thrift server of this session), in
a fresh folder holding the section's query files; what it prints (or the file it writes, when it
redirects to RESULT_FILE) must equal `<name>.out`. `spark-sql` is its own JVM with its own empty
metastore; `beeline` talks to Spark's Thrift server, which sees the fixture tables."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pyspark
import pytest

from tests.helpers import expect_file, require_tool
from tests.tools.sql import sqlrun

CLIENTS = sqlrun.SECTION / "clients"
COMMANDS = sorted(CLIENTS.glob("*.sh"))
BIN = Path(pyspark.__file__).parent / "bin"


def environment() -> dict[str, str]:
    env = dict(os.environ, SPARK_HOME=str(BIN.parent), PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    # Quiet JVM start-up lines and no web UI for the spark-sql JVM.
    env["SPARK_SUBMIT_OPTS"] = "-Dspark.ui.enabled=false"
    return env


def command(path: Path, port: int) -> str:
    text = path.read_text(encoding="utf-8")
    values = dict(sqlrun.placeholders().get(f"clients/{path.name}", {}), PORT=str(port))
    for name, value in values.items():
        text = re.sub(rf"\b{re.escape(name)}\b", value, text)
    return text


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: p.name)
def test_client_command(thrift_server, path):
    require_tool("java")
    work = sqlrun.BUILD / "clients" / path.stem
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for query in CLIENTS.glob("*.sql"):
        shutil.copy(query, work)
    script = command(path, thrift_server)
    run = subprocess.run(
        ["bash", "-c", script], cwd=work, env=environment(), capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, f"{path.name} exited {run.returncode}:\n{run.stderr[-3000:]}"
    result = sqlrun.placeholders().get(f"clients/{path.name}", {}).get("RESULT_FILE")
    shown = (work / result).read_text(encoding="utf-8") if result else run.stdout
    expect_file(path.with_suffix(".out"), shown)
