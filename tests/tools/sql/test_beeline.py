"""beeline on the clients page: each `snippets/tools/sql/clients/beeline_*.sh` runs for real (pyspark's
`bin/beeline`, Hive Beeline 2.3) against ONE Spark Thrift server per session, started inside the section's
Spark session (the `thrift_server` fixture, tests/tools/sql/thriftserver.py), so it reads the same fixture tables.
The placeholders get the registry's example values
(snippets/placeholders.toml), except HOST and PORT: the test's server listens on 127.0.0.1 and a free port,
and its address is written back as the registry's example in what beeline echoes. What a command prints
(or the file it writes, when it redirects to RESULT_FILE), each line without trailing blanks, must equal
`<name>.out`.

The page's table of the three clients is pinned here too: every option it names, and every option the
command snippets use, appears in that client's own usage text (`beeline --help`, `spark-sql --help`,
Hive CLI 2.3's `-H`)."""

from __future__ import annotations

import os
import pty
import re
import shutil
import signal
import subprocess
import threading
import time
import zipfile
from xml.etree import ElementTree

import pyspark
import pytest

from tests.helpers import DOCS, expect_file, record_run
from tests.tools.sql import sqlrun, thriftserver

CLIENTS = thriftserver.CLIENTS
COMMANDS = sorted(CLIENTS.glob("beeline_*.sh"))
PAGE = DOCS / "tools" / "sql" / "clients.md"
BY = f"Beeline {sqlrun.HIVE_VERSION} + Spark Thrift server {pyspark.__version__}"
OPTION = re.compile(r"(?:^|\s)(--?[A-Za-z][A-Za-z-]*)")


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: p.name)
def test_beeline_command(path, thrift_server):
    work = thriftserver.client_folder(path)
    script, values = thriftserver.client_command(path, HOST=thrift_server.host, PORT=str(thrift_server.port))
    run = subprocess.run(
        ["bash", "-c", script],
        cwd=work,
        env=thriftserver.environment(),
        stdin=subprocess.DEVNULL,  # as in a scheduled job: no terminal
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, f"{path.name} exited {run.returncode}:\n{run.stderr[-3000:]}"
    # clients.md: the connection lines and "N rows selected (… seconds)" go to stderr, not to the result
    if "--silent=true" not in script:
        assert re.search(r"^\d+ rows? selected \(", run.stderr, re.M), run.stderr[-2000:]
        assert f"Connected to: Spark SQL (version {pyspark.__version__})" in run.stderr, run.stderr[-2000:]
    result = values.get("RESULT_FILE")
    shown = (work / result).read_text(encoding="utf-8") if result else run.stdout
    registry = sqlrun.placeholders()[f"clients/{path.name}"]
    shown = shown.replace(f"{thrift_server.host}:{thrift_server.port}", f"{registry['HOST']}:{registry['PORT']}")
    # `-f` ends on a prompt with no newline: shown as a terminal shows it, without trailing blanks
    shown = "".join(line.rstrip(" ") + "\n" for line in shown.splitlines())
    expect_file(path.with_suffix(".out"), shown, by=BY)
    record_run(path, BY)
    for query in CLIENTS.glob("*.sql"):
        if query.name in script:
            record_run(query, BY)


# -- The clients' own usage texts ------------------------------------------------------------------

CLIENT_COLUMNS = {"Hive CLI": "hive", "`spark-sql`": "spark-sql", "`beeline`": "beeline"}


def in_usage(option: str, text: str) -> bool:
    return re.search(rf"^\s*(?:-\w,)?{re.escape(option)}(?=[\s=,<\[]|$)", text, re.M) is not None


def page_table() -> list[dict[str, str]]:
    """The rows of the page's table of the three clients, {column header: cell}."""
    text = PAGE.read_text(encoding="utf-8")
    lines = re.search(r"^\| 要做的事 \|.*?(?=\n[^|])", text, re.M | re.S).group(0).splitlines()
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    return [dict(zip(header, (c.strip() for c in line.strip("|").split("|")), strict=True)) for line in lines[2:]]


def test_table_options_are_in_each_clients_usage(usages):
    rows = page_table()
    assert len(rows) >= 6, rows
    checked = 0
    for row in rows:
        for column, cell in row.items():
            client = next((c for h, c in CLIENT_COLUMNS.items() if column.startswith(h)), None)
            if client is None:
                continue
            for code in re.findall(r"`([^`]+)`", cell):
                for option in OPTION.findall(code):
                    assert in_usage(option, usages[client]), f"clients.md: {client} has no option {option} ({row})"
                    checked += 1
    assert checked >= 15, checked


@pytest.mark.parametrize("client", ["beeline", "spark-sql"])
def test_snippet_options_are_in_the_usage(client, usages):
    prefix = client.replace("-", "_")
    paths = sorted(CLIENTS.glob(f"{prefix}_*.sh"))
    assert paths
    for path in paths:
        line = path.read_text(encoding="utf-8").splitlines()[1]
        line = re.sub(r"'[^']*'", "''", line)  # the query is not an option
        for option in OPTION.findall(line):
            assert in_usage(option, usages[client]), f"{path.name}: {client} has no option {option}"


def test_beeline_output_formats(usages):
    """clients.md: tsv2 is one of beeline's output formats, tsv the deprecated one."""
    line = next(x for x in usages["beeline"].splitlines() if "--outputformat=" in x)
    assert "tsv2" in line and "/tsv]" in line, line
    assert "csv, and tsv are deprecated" in usages["beeline"]


# -- What the page says about beeline's behaviour ------------------------------------------------------


def test_beeline_e_without_semicolon_waits_for_the_next_line(thrift_server):
    """clients.md: without `;` at the end of -e, beeline waits for the rest of the statement; in a terminal it
    stays there until a line ending in `;` comes."""
    master, slave = pty.openpty()
    work = sqlrun.BUILD / "clients" / "beeline_no_semicolon"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    log = work / "stderr.log"
    args = ["-u", thrift_server.url, "-n", "alice", "-e", "select 41 + 1 as answer"]
    with log.open("w", encoding="utf-8") as stderr:
        process = subprocess.Popen(
            [str(thriftserver.BIN / "beeline"), *args],
            env=thriftserver.environment(),
            stdin=slave,
            stdout=subprocess.PIPE,
            stderr=stderr,
            start_new_session=True,
        )
    os.close(slave)
    chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: chunks.extend(iter(lambda: process.stdout.read1(4096), b"")))
    reader.start()
    try:
        deadline = time.monotonic() + 300
        while ". .>" not in b"".join(chunks).decode() and process.poll() is None:
            out = f"{b''.join(chunks).decode()}\n{log.read_text(encoding='utf-8')}"
            assert time.monotonic() < deadline, f"beeline showed no continuation prompt:\n{out}"
            time.sleep(0.2)
        time.sleep(1)  # it asks for the rest of the statement (`. . .>`); it has not run the query and still waits
        before = b"".join(chunks).decode()
        assert process.poll() is None, f"beeline exited {process.returncode}:\n{before}"
        assert "answer" not in before and "selected" not in log.read_text(encoding="utf-8"), before
        os.write(master, b";\n")
        process.wait(timeout=300)
        reader.join(timeout=60)
        after = b"".join(chunks).decode()
        assert re.search(r"\|\s*answer\s*\|", after) and re.search(r"\|\s*42\s*\|", after), after
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        os.close(master)


def test_beeline_e_without_semicolon_in_a_script(thrift_server):
    """clients.md: with no terminal, the continuation prompt `. . .>` is printed before the result."""
    run = thrift_server.beeline("-n", "alice", "-e", "select 42 as answer")
    assert run.stdout.startswith(". . ."), run.stdout
    assert ".> +" in run.stdout, run.stdout


def test_queue_setting_is_hadoops():
    """clients.md: mapreduce.job.queuename is MapReduce's job queue, default `default` (Hadoop's mapred-default.xml
    in the client jar pyspark ships)."""
    jar = next(sqlrun.JARS.glob("hadoop-client-api-*.jar"))
    with zipfile.ZipFile(jar) as z:
        root = ElementTree.fromstring(z.read("mapred-default.xml"))
    properties = {p.findtext("name"): p for p in root.iter("property")}
    queue = properties["mapreduce.job.queuename"]
    assert queue.findtext("value") == "default"
    assert "Queue to which a job is submitted" in queue.findtext("description")
