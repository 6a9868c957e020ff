"""`wiki.py -s` searches like the site: the whole site's commands.json, its search index and the site's own search
(docs/_static/offline-search.js, run in Chromium on the built pages) give the same ranking for every query of the
search-quality suite and every synonym; the client runs under Python 3.8 from the built site; the tldr pages of the
whole site pass tldr's own linter."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tomllib
from urllib.parse import unquote

import pytest

from teamwiki import wiki_client
from tests.client_tools import python, tldr_lint, tldr_render
from tests.helpers import ROOT

JS = ROOT / "docs" / "_static" / "offline-search.js"
INDEX_PREFIX = "window.wikiSearchIndex="


def queries() -> list[str]:
    """Every query of the quality suite and every word of every synonym group."""
    suite = [q["q"] for q in tomllib.loads((ROOT / "search" / "queries.toml").read_text("utf-8"))["query"]]
    groups = tomllib.loads((ROOT / "search" / "synonyms.toml").read_text("utf-8"))["group"]
    return list(dict.fromkeys(suite + [w for g in groups for w in g["words"]]))


@pytest.fixture(scope="module")
def data(site):
    return json.loads((site / "commands.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def site_search(browser, site, data):
    """query -> [(section, full match?)] as the site's search ranks them (every result, not only the first 8)."""
    sections = {(data["search"]["docs"][s[0]][0], s[1]): n for n, s in enumerate(data["search"]["secs"])}
    base = site.as_uri() + "/"
    page = browser.new_page()
    page.goto(base + "index.html")
    page.focus("input.sidebar-search")
    page.wait_for_function("() => window.wikiSearch && window.wikiSearch.ready()")
    out = {}
    for query in queries():
        results = page.evaluate("(q) => window.wikiSearch.search(q, 100000).map(r => [r.href, r.full])", query)
        ranked = []
        for href, full in results:
            assert href.startswith(base), href
            uri, _, anchor = href[len(base) :].partition("#")
            ranked.append((sections[(unquote(uri), unquote(anchor))], full))
        out[query] = ranked
    page.close()
    return out


def test_commands_json_carries_the_sites_index_and_each_commands_section(site, data):
    text = (site / "_static" / "search-index.js").read_text("utf-8")
    body = text[len(INDEX_PREFIX) : text.index(";window.wikiSearch&&")]
    assert text.startswith(INDEX_PREFIX) and json.loads(body) == data["search"]
    secs, docs = data["search"]["secs"], data["search"]["docs"]
    for entry in data["commands"]:
        sec = entry["search_section"]
        assert sec is not None, entry["id"]
        assert docs[secs[sec][0]][0] == entry["page"], entry["id"]
        # the command's block is in that section: its page holds the block's anchor under the section's heading
        html = (site / entry["page"]).read_text("utf-8")
        assert f'id="{entry["anchor"]}"' in html, entry["id"]


def test_every_query_ranks_as_on_the_site(data, site_search):
    """The whole ranking (full and partial matches, every section) equals the browser's, query by query."""
    search = wiki_client.Search(data["search"])
    differ = {}
    for query, expected in site_search.items():
        got = [(sec, full) for sec, full, _, _ in search.search(query)]
        if got != expected:
            differ[query] = (got[:5], expected[:5])
    assert not differ, differ
    assert sum(1 for ranked in site_search.values() if ranked) >= len(site_search) - 2  # the queries find things


def test_the_first_command_is_the_one_the_site_ranks_first(data, site_search):
    """For each query with a command among the site's full matches, `wiki -s` shows that command's section first."""
    commands = {e["search_section"] for e in data["commands"]}
    checked = 0
    for query, ranked in site_search.items():
        first = next((sec for sec, full in ranked if full and sec in commands), None)
        shown = wiki_client.search_commands(data, query)
        if first is None:
            assert shown == [], query
            continue
        checked += 1
        assert shown[0]["search_section"] == first, query
    assert checked >= 40, checked


@pytest.mark.parametrize(
    ("query", "kind"),
    [("去重", "zh"), ("getmerge", "command"), ("getmege", "typo"), ("getm", "prefix"), ("行转列", "synonym")],
)
def test_the_client_from_the_built_site_answers_like_the_site(site, data, site_search, query, kind):
    """Run as a reader does, under Python 3.8, from the built site: the same commands, in the site's order."""
    result = subprocess.run(
        [python("3.8"), str(site / "wiki.py"), "-s", query, "--json"],
        capture_output=True,
        text=True,
        cwd="/",
        env={"PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 0, result.stderr
    shown = [e["search_section"] for e in json.loads(result.stdout)]
    commands = {e["search_section"] for e in data["commands"]}
    expected = [sec for sec, full in site_search[query] if full and sec in commands]
    assert list(dict.fromkeys(shown)) == expected and shown, (kind, shown, expected)


def test_the_clients_constants_are_the_browsers():
    """The match qualities and the glue words have one meaning: the client's equal offline-search.js's."""
    text = JS.read_text("utf-8")
    for name in ("PREFIX", "FUZZY", "CONTAINS"):
        (value,) = re.findall(rf"const {name} = ([0-9.]+);", text)
        assert float(value) == getattr(wiki_client, name), name
    (glue,) = re.findall(r"const GLUE = new Set\((\[[^\]]*\])\)", text)
    assert set(json.loads(glue)) == wiki_client.GLUE


def test_the_client_is_python_3_8_syntax():
    tree = ast.parse((ROOT / "teamwiki" / "wiki_client.py").read_text("utf-8"), feature_version=(3, 8))
    imports = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imports |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert imports <= set(sys.stdlib_module_names) | {"__future__"}, imports  # standard library only


def test_the_sites_tldr_pages_pass_tldr_lint(site):
    """tldr-lint over the whole site's export, with the rules tldr-pages itself ignores for Chinese pages."""
    pages = site / "export" / "tldr"
    assert len(list(pages.glob("*.md"))) >= 10
    result = tldr_lint(pages)
    assert result.returncode == 0, result.stdout + result.stderr
    assert {"hadoop-fs.md", "kubectl-rollout.md"} <= {p.name for p in pages.glob("*.md")}  # split by subcommand
    assert "`docker inspect --format '\\{\\{.State.Health.Status\\}\\}' pdm-api`" in (
        pages / "docker-inspect.md"
    ).read_text("utf-8")  # Go template braces are not placeholders


def test_the_sites_tldr_pages_render_in_tldrs_own_client_as_the_commands(site, data):
    """Every example tldr's client shows is a command of the wiki, exactly (Go templates' braces included)."""
    shell = {e["command"] for e in data["commands"] if e["language"] == "shell"}
    shown = []
    for page in sorted((site / "export" / "tldr").glob("*.md")):
        rendered = tldr_render(page)
        assert rendered and len(rendered) == page.read_text("utf-8").count("\n- "), page.name
        shown += rendered
    assert set(shown) <= shell, set(shown) - shell
    assert "docker inspect --format '{{.State.Health.Status}}' pdm-api" in shown
