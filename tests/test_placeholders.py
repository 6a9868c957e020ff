"""Placeholders the reader fills once: the registry check at build time, and the panel in Chromium on the tiny site
tests/roots/test-client (file:// and http): typing fills every block, the copy button copies what wiki_client.fill
gives for the same values, values carry across pages in the tab, remembering is opt-in, one click clears."""

from __future__ import annotations

import ast
import gzip
import os
import shutil

import pytest

from teamwiki import ROOT as PKG_ROOT
from teamwiki import build, chromium, wiki_client
from tests.browsing import click_copy, serious_violations
from tests.helpers import ROOT

HERE = ROOT / "tests" / "roots" / "test-client"
STATIC = ROOT / "docs" / "_static"


def built(src, out):
    return build.run("html", out, root=src, capture_output=True, text=True, env=os.environ | {"PYTHONPATH": str(ROOT)})


@pytest.fixture
def src(tmp_path):
    dest = tmp_path / "site"
    shutil.copytree(HERE, dest, ignore=shutil.ignore_patterns("expected"))
    return dest


def test_a_placeholder_missing_from_the_registry_fails_the_build_at_its_page_and_line(src, tmp_path):
    (src / "snippets" / "fs" / "cat.sh").write_text("# 看一个文件\nhadoop fs -cat HDFS_FILE UNKNOWN_THING\n", "utf-8")
    page = src / "docs" / "sql.md"
    lines = page.read_text("utf-8").splitlines()
    page.write_text("\n".join([*lines, "", "```{snippet} fs/cat.sh", "```", ""]), "utf-8")
    registry = src / "snippets" / "placeholders.toml"
    registry.write_text(registry.read_text("utf-8").replace('example = "20220522"', 'example = "2022-05-22"'), "utf-8")
    result = built(src, tmp_path / "out")
    assert result.returncode != 0
    rows = result.stderr.splitlines()
    where = f"sql.md:{len(lines) + 2}:"
    assert any(where in r and "UNKNOWN_THING" in r and "fs/cat.sh" in r for r in rows), result.stderr
    assert not any("HDFS_FILE" in r and "WARNING" in r for r in rows)  # known placeholders pass
    assert any("placeholders.toml" in r and "DAY" in r and "does not fit" in r for r in rows), result.stderr


def test_the_wiki_registry_is_consistent():
    from teamwiki.ext.placeholders import load_registry

    entries, literals, problems = load_registry(PKG_ROOT / "snippets" / "placeholders.toml")
    assert problems == [] and entries and not set(entries) & set(literals)


def test_the_panel_costs_at_most_10_kb_gzipped():
    size = sum(len(gzip.compress((STATIC / f"placeholders.{x}").read_bytes(), 9)) for x in ("js", "css"))
    assert size <= 10 * 1024, size


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("fill")
    shutil.copytree(HERE, base / "src", ignore=shutil.ignore_patterns("expected"))
    result = built(base / "src", base / "html")
    assert result.returncode == 0, result.stderr
    return base / "html"


@pytest.fixture(scope="module", params=["file", "http"])
def base(request, site):
    if request.param == "file":
        yield site.as_uri() + "/"
        return
    with chromium.serve(site) as url:
        yield url


@pytest.fixture
def page(browser, base):
    context = browser.new_context()
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.requests = requests
    yield page
    context.close()


def copy(page, snippet: str) -> str:
    wrapper = page.locator(f"div.literal-block-wrapper:has(.caption-text:text-is('{snippet}'))")
    return click_copy(page, wrapper)


def command(snippet: str) -> str:
    """What the copy button copies from an unfilled block: the whole file (purpose line included)."""
    return (HERE / "snippets" / snippet).read_text("utf-8").rstrip("\n")


NASTY = 'out file\'s $HOME `id` "x" \\ .txt'


def test_typing_fills_every_block_and_copy_gives_the_filled_shell_command(page, base):
    page.goto(base + "fs.html")
    page.fill("#fill-HDFS_DIR", "/data/day")
    page.fill("#fill-LOCAL_MERGED_FILE", NASTY)
    page.fill("#fill-PATTERN", NASTY)
    page.fill("#fill-LOCAL_FILE", "a'b")
    page.fill("#fill-EXCLUDE", 'say "hi" $USER')
    values = {
        "HDFS_DIR": "/data/day",
        "LOCAL_MERGED_FILE": NASTY,
        "PATTERN": NASTY,
        "LOCAL_FILE": "a'b",
        "EXCLUDE": 'say "hi" $USER',
    }
    for snippet in ("fs/getmerge.sh", "fs/cp.sh", "fs/grep.sh"):
        assert copy(page, snippet) == wiki_client.fill(command(snippet), "shell", values), snippet
    # Every occurrence on the page is filled and marked; HDFS_FILE, left empty, still shows its name.
    assert page.locator("mark.fill-slot.fill-done[data-name=HDFS_DIR]").count() == 2
    assert page.locator("mark.fill-slot:not(.fill-done)[data-name=HDFS_FILE]").count() == 1


def test_sql_values_are_escaped_and_checked_by_kind(page, base):
    page.goto(base + "sql.html")
    page.fill("#fill-DAY", "2022-05-22")
    assert "yyyyMMdd" in page.inner_text("#fill-DAY-msg")
    assert page.get_attribute("#fill-DAY", "aria-invalid") == "true"
    page.fill("#fill-DAY", "20220522")
    assert page.inner_text("#fill-DAY-msg") == "" and page.get_attribute("#fill-DAY", "aria-invalid") is None
    page.fill("#fill-TABLE_NAME", "t; drop table x")
    assert "表名" in page.inner_text("#fill-TABLE_NAME-msg")
    page.fill("#fill-TABLE_NAME", "db.t")
    page.fill("#fill-KEY_COLUMN", "cuid")
    page.fill("#fill-NOTE", "it's a \\ test")
    values = {"DAY": "20220522", "TABLE_NAME": "db.t", "KEY_COLUMN": "cuid", "NOTE": "it's a \\ test"}
    kinds = {"DAY": "date", "TABLE_NAME": "table", "KEY_COLUMN": "column", "NOTE": "text"}
    assert copy(page, "sql/dedup.sql") == wiki_client.fill(command("sql/dedup.sql"), "sql", values, kinds)


def test_a_python_value_lands_as_itself_in_its_string(page, base):
    page.goto(base + "sql.html")
    page.fill("#fill-LOCAL_FILE", NASTY)
    copied = copy(page, "py/first-line.pycon")
    assert copied == wiki_client.fill(command("py/first-line.pycon"), "python", {"LOCAL_FILE": NASTY})
    literal = copied.split("open(", 1)[1].split(", encoding", 1)[0]
    assert ast.literal_eval(literal) == NASTY


def test_values_carry_across_pages_in_the_tab_remembering_is_opt_in_and_clear_empties(page, base):
    page.goto(base + "fs.html")
    page.fill("#fill-HDFS_DIR", "/data/day")
    page.goto(base + "sql.html")
    page.fill("#fill-DAY", "20220522")
    page.goto(base + "fs.html")
    assert page.input_value("#fill-HDFS_DIR") == "/data/day"
    assert page.evaluate("() => localStorage.getItem('team-wiki-fill')") is None  # nothing kept on disk yet
    page.check(".fill-remember input")
    assert "20220522" in page.evaluate("() => localStorage.getItem('team-wiki-fill')")
    page.click(".fill-clear")
    assert page.input_value("#fill-HDFS_DIR") == ""
    assert page.evaluate(
        "() => [localStorage.getItem('team-wiki-fill'), sessionStorage.getItem('team-wiki-fill')]"
    ) == [
        None,
        "{}",
    ]
    assert page.locator("mark.fill-done").count() == 0


def test_keyboard_alone_fills_a_value(page, base):
    page.goto(base + "fs.html")
    page.locator("#fill-HDFS_DIR").focus()
    while page.evaluate("() => document.activeElement.id") != "fill-HDFS_DIR":
        page.keyboard.press("Tab")
    page.keyboard.type("/k")
    assert page.locator("mark.fill-done[data-name=HDFS_DIR]").first.inner_text() == "/k"


def test_a_page_without_placeholders_loads_nothing_for_them(page, base):
    page.goto(base + "index.html")
    assert not any("placeholders." in url for url in page.requests)
    page.goto(base + "fs.html")
    assert any("/placeholders.js" in url for url in page.requests)
    assert all(url.startswith(base[:7]) for url in page.requests)  # nothing from another host


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_panel_passes_axe(page, base, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(base + "fs.html")
    page.fill("#fill-HDFS_DIR", "bad path:x")  # with an error message showing
    assert serious_violations(page) == []
