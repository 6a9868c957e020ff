"""The SQL pages show only results that the tests regenerate from fresh runs, and every query
they show comes with its result.

A page includes a result file with ``{snippet} … :output:``; the build copies the file as it is,
and tests/tools/sql/test_results.py compares each such file with a fresh run on both engines.
So a page showing a result that a fresh run does not give fails there; this test closes the
other gaps: a result file no run writes, a query shown without its result, a query on no page."""

from __future__ import annotations

import re

import pytest

from tests.helpers import DOCS, SNIPPETS
from tests.tools.sql import sqlrun

PAGES = sorted((DOCS / "tools" / "sql").glob("*.md"))
SNIPPET = re.compile(r"^```\{snippet\}\s+(\S+)\s*\n((?::[^\n]*\n)*)```", re.M)


def included(page):
    """[(snippet path, is output)] in page order."""
    text = page.read_text(encoding="utf-8")
    return [(SNIPPETS / m.group(1), ":output:" in m.group(2)) for m in SNIPPET.finditer(text)]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_results_on_the_page_come_from_runs(page):
    produced = sqlrun.result_files()
    for path, is_output in included(page):
        assert path.exists(), f"{page.name}: {path} does not exist"
        if path.suffix == ".out":
            assert is_output, f"{page.name}: {path.name} is a result and must be included with :output:"
            assert path in produced, f"{page.name}: {path.name} is not written by any run of the test suite"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_query_on_the_page_shows_its_result(page):
    shown = {path for path, _ in included(page)}
    for query in sqlrun.queries():
        if query.path in shown:
            results = {query.expected("spark"), query.expected("duckdb")}
            # or what a client printed running this file (`beeline … -f NAME.sql`)
            commands = query.path.parent.glob("*.sh")
            results |= {c.with_suffix(".out") for c in commands if query.path.name in c.read_text(encoding="utf-8")}
            assert results & shown, f"{page.name}: {query.rel} is shown without its result"


def test_every_query_is_on_a_page():
    shown = {path for page in PAGES for path, _ in included(page)}
    missing = [q.rel for q in sqlrun.queries() if q.path not in shown]
    assert missing == [], f"queries on no page: {missing}"
