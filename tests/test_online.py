"""The online reader's site: hosting configs valid (their build command: tests/test_build_command.py);
sitemap, 404, edit links, last-updated dates and page descriptions."""

from __future__ import annotations

import functools
import os
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from tests.helpers import HOSTED, ROOT

BIN = os.path.dirname(sys.executable)
BASE = HOSTED["WIKI_BASE_URL"]
REPO = HOSTED["WIKI_REPO_URL"]


@pytest.mark.parametrize(
    "schema, path",
    [("vendor.readthedocs", ".readthedocs.yaml"), ("vendor.github-workflows", ".github/workflows/pages.yml")],
)
def test_hosting_config_is_valid(schema, path):
    result = subprocess.run(
        [f"{BIN}/check-jsonschema", "--builtin-schema", schema, str(ROOT / path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def online(hosted_build):
    """The site built as for hosting: base URL and repository configured (started early by conftest.py)."""
    out, result = hosted_build
    assert result.returncode == 0, result.stderr
    return out


def test_sitemap_lists_every_page(online):
    sitemap = (online / "sitemap.xml").read_text()
    pages = {p.relative_to(online).as_posix() for p in online.rglob("*.html")} - {
        "404.html",
        "genindex.html",
        "search.html",
    }
    missing = [p for p in pages if f"<loc>{BASE}{p}</loc>" not in sitemap]
    assert not missing, missing


def test_404_page_links_from_the_site_root(online):
    soup = BeautifulSoup((online / "404.html").read_text(), "html.parser")
    assert "页面不存在" in soup.get_text()
    css = [link["href"] for link in soup.select("link[rel=stylesheet]")]
    assert css and all(href.startswith("/wiki/_static/") for href in css), css


def test_edit_links_and_descriptions(online):
    soup = BeautifulSoup((online / "contributing.html").read_text(), "html.parser")
    assert soup.select_one(f'a[href="{REPO}/edit/main/docs/contributing.md"]'), "no edit-this-page link"
    paragraph = (ROOT / "docs/contributing.md").read_text().split("\n\n")[1]
    first_para = "".join(line.strip() for line in paragraph.splitlines())  # wrapped Chinese lines join without a space
    description = soup.select_one('meta[name="description"]')["content"]
    assert description == first_para[: len(description)]


def test_last_updated_from_git(site):
    """Pages show the date of their last commit; in a shallow clone, where it may be unknown, no date at all."""
    text = (site / "contributing.html").read_text()
    git = functools.partial(subprocess.run, cwd=ROOT, capture_output=True, text=True)
    shallow = git(["git", "rev-parse", "--is-shallow-repository"]).stdout.strip() == "true"
    date = git(["git", "log", "-1", "--format=%cs", "--", "docs/contributing.md"]).stdout.strip()
    assert date, "docs/contributing.md has no commit"
    if shallow and git(["git", "rev-list", "--count", "HEAD"]).stdout.strip() == "1":
        assert "Last updated on" not in text, "a shallow clone cannot know the date: show none"
    else:
        assert f"Last updated on {date}" in text


def test_page_titles_name_the_page_and_the_site(site):
    for page in ["index.html", "contributing.html", "commands.html"]:
        title = BeautifulSoup((site / page).read_text(), "html.parser").title.get_text()
        assert "团队 Wiki" in title, title
