"""Owner and review date in a page's front matter: past the date the built page shows "待复核"; on a tiny site
(tests/roots/test-review) with a fixed day (review_today in its conf.py, or WIKI_TODAY)."""

from __future__ import annotations

import os
import shutil

import pytest
from bs4 import BeautifulSoup

from teamwiki import build
from tests.helpers import ROOT


@pytest.fixture
def site(tmp_path):
    dest = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "roots" / "test-review", dest)
    return dest


def built(site, **env):
    # PYTHONPATH: this checkout's teamwiki, whichever checkout the shared venv has installed.
    env = os.environ | {"PYTHONPATH": str(ROOT)} | env
    return build.run("html", site / "_build" / "html", root=site, capture_output=True, text=True, env=env)


def banner(site, page):
    soup = BeautifulSoup((site / "_build" / "html" / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    return soup.select_one(".review-due")


def test_a_page_past_its_review_date_shows_the_banner_naming_its_owner(site):
    result = built(site)
    assert result.returncode == 0, result.stderr
    due = banner(site, "due")
    assert due is not None, "no 待复核 banner on a page whose review-by (2027-01-14) is before 2027-01-15"
    assert due.select_one(".admonition-title").get_text() == "待复核"
    assert "2027-01-14" in due.get_text() and "张三" in due.get_text()
    # It sits under the page's title, before the text.
    assert due.find_previous("h1").get_text().startswith("过期的页")
    assert banner(site, "fresh") is None  # review-by 2027-06-30: not yet due
    assert banner(site, "today") is None  # due today: not yet past
    assert banner(site, "index") is None  # no review-by at all


def test_the_day_comes_from_wiki_today_when_conf_py_does_not_set_it(site):
    conf = site / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace('review_today = "2027-01-15"', ""), encoding="utf-8")
    result = built(site, WIKI_TODAY="2027-07-01")
    assert result.returncode == 0, result.stderr
    assert banner(site, "fresh") is not None and banner(site, "today") is not None
    result = built(site, WIKI_TODAY="2020-01-01")
    assert result.returncode == 0, result.stderr
    assert banner(site, "due") is None


@pytest.mark.parametrize(
    ("front", "words"),
    [
        ("owner: 张三\nreview-by: 2027-02-30\n", "Malformed YAML"),  # YAML's own date check (MyST reports it)
        ("owner: 张三\nreview-by: 2027/03/01\n", "is not a date YYYY-MM-DD"),
        ("owner: 张三\nreview-by: 下个月\n", "is not a date YYYY-MM-DD"),
        ("review-by: 2027-03-01\n", "review-by without owner"),
    ],
)
def test_a_bad_review_date_or_a_missing_owner_fails_the_build_at_the_page(site, front, words):
    page = site / "docs" / "fresh.md"
    text = page.read_text(encoding="utf-8")
    page.write_text("---\n" + front + "---\n" + text.split("---\n", 2)[2], encoding="utf-8")
    result = built(site)
    assert result.returncode != 0
    assert any("fresh.md" in row and words in row for row in result.stderr.splitlines()), result.stderr
