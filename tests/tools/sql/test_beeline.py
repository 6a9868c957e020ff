"""beeline on the clients page: each `snippets/tools/sql/clients/beeline_*.sh` runs for real (pyspark's
`bin/beeline`, Hive Beeline 2.3) against ONE Spark Thrift server per session (tests/tools/sql/thriftserver.py),
which holds the fixture tables the page's queries read. The placeholders get the registry's example values
(snippets/placeholders.toml), except HOST and PORT: the test's server listens on 127.0.0.1 and a free port,
and its address is written back as the registry's example in what beeline echoes. What a command prints
(or the file it writes, when it redirects to RESULT_FILE) must equal `<name>.out`.

The page's table of the three clients is pinned here too: every option it names, and every option the
command snippets use, appears in that client's own usage text (`beeline --help`, `spark-sql --help`,
Hive CLI 2.3's `-H`)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pyspark
import pytest
import sqlglot
from sqlglot import exp

from tests.helpers import DOCS, expect_file, record_run, require_tool
from tests.tools.sql import sqlrun, thriftserver

CLIENTS = sqlrun.SECTION / "clients"
COMMANDS = sorted(CLIENTS.glob("beeline_*.sh"))
PAGE = DOCS / "tools" / "sql" / "clients.md"
BY = f"Beeline {sqlrun.HIVE_VERSION} + Spark Thrift server {pyspark.__version__}"
OPTION = re.compile(r"(?:^|\s)(--?[A-Za-z][A-Za-z-]*)")


def tables_read(paths) -> list[sqlrun.Table]:
    """The fixture tables the commands' queries read (from the -e text and the -f files)."""
    names = set()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for query in re.findall(r"-e '([^']*)'", text) + [
            (CLIENTS / f).read_text(encoding="utf-8") for f in re.findall(r"-f (\S+\.sql)", text)
        ]:
            for statement in sqlglot.parse(query.replace("${hivevar:day}", "x"), read="hive"):
                if statement is not None:
                    names |= {t.sql(dialect="hive") for t in statement.find_all(exp.Table)}
    return [t for t in sqlrun.tables() if t.name in names]


@pytest.fixture(scope="session")
def thrift_server():
    require_tool("java")
    base = sqlrun.BUILD / "thriftserver"
    shutil.rmtree(base, ignore_errors=True)
    server = thriftserver.start(base)
    try:
        thriftserver.load_tables(server, tables_read(COMMANDS), base)
        yield server
    finally:
        server.stop()


def command(path, server) -> tuple[str, dict[str, str]]:
    values = dict(sqlrun.placeholders().get(f"clients/{path.name}", {}))
    values.update(HOST=server.host, PORT=str(server.port))
    text = path.read_text(encoding="utf-8")
    for name, value in values.items():
        text = re.sub(rf"\b{re.escape(name)}\b", value, text)
    return text, values


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: p.name)
def test_beeline_command(path, thrift_server):
    work = sqlrun.BUILD / "clients" / path.stem
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for query in CLIENTS.glob("*.sql"):
        shutil.copy(query, work)
    script, values = command(path, thrift_server)
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
    expect_file(path.with_suffix(".out"), shown, by=BY)
    record_run(path, BY)
    for query in CLIENTS.glob("*.sql"):
        if query.name in script:
            record_run(query, BY)


# -- The clients' own usage texts ------------------------------------------------------------------

CLIENT_COLUMNS = {"Hive CLI": "hive", "`spark-sql`": "spark-sql", "`beeline`": "beeline"}


@pytest.fixture(scope="module")
def usages():
    require_tool("java")
    return {client: thriftserver.usage(client) for client in ("hive", "spark-sql", "beeline")}


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
