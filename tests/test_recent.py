"""The "最近更新" page: built from the git history of a tiny site (tests/roots/test-recent) made into a repository
here, with commits at fixed dates; then from a shallow clone of it."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup

from teamwiki import build
from tests.helpers import ROOT


def git(repo, *args, date=None):
    env = os.environ | {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def edit(repo, page, text, subject, date):
    path = repo / "docs" / page
    path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", subject, date=date)


@pytest.fixture
def repo(tmp_path):
    dest = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "roots" / "test-recent", dest)
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "第一版", date="2026-01-01T10:00:00+00:00")
    edit(dest, "gamma.md", "丙的补充。", "丙页：补充用法", "2026-02-01T10:00:00+00:00")
    edit(dest, "alpha.md", "甲的更正。", "甲页：更正参数", "2026-03-01T10:00:00+00:00")
    edit(dest, "gamma.md", "丙的第二次补充。", "丙页：加一个例子", "2026-04-01T10:00:00+00:00")
    return dest


def entries(site, srcroot):
    result = build.run(
        "html",
        site,
        root=srcroot,
        capture_output=True,
        text=True,
        env=os.environ | {"PYTHONPATH": str(ROOT)},  # this checkout's teamwiki
    )
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((site / "recent.html").read_text(encoding="utf-8"), "html.parser")
    rows = [" ".join(li.get_text().split()) for li in soup.select("ul.recent-changes > li")]
    return rows, soup


def test_the_pages_changed_last_come_first_with_date_and_subject(repo, tmp_path):
    rows, soup = entries(tmp_path / "out", repo)
    # recent_changes_limit = 2 in the tiny site's conf.py; gamma's newest change, not its older one.
    assert rows == ["2026-04-01 丙页：丙页：加一个例子", "2026-03-01 甲页：甲页：更正参数"]
    assert [a["href"] for a in soup.select("ul.recent-changes a")] == ["gamma.html", "alpha.html"]
    assert soup.select_one(".recent-shallow") is None


def test_a_shallow_clone_lists_what_it_has_and_says_so(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo}", str(clone)], check=True)
    rows, soup = entries(tmp_path / "out", clone)
    # Two commits in the clone: the newest one, and the shallow boundary, which looks as if it added every page
    # and is therefore left out.
    assert rows == ["2026-04-01 丙页：丙页：加一个例子"]
    assert "浅克隆" in soup.select_one(".recent-shallow").get_text()


def test_without_git_the_page_says_there_is_no_history(repo, tmp_path):
    shutil.rmtree(repo / ".git")
    rows, soup = entries(tmp_path / "out", repo)
    assert rows == [] and "没有 git 历史" in soup.get_text()


def test_an_incremental_build_rewrites_the_list_only_after_a_commit(repo, tmp_path):
    """A no-op build leaves the page alone (no re-read, no jieba); a new commit brings it up to date."""
    out = tmp_path / "out"
    args = ["-q", "-b", "html", "-c", str(repo), str(repo / "docs"), str(out)]

    def incremental():
        result = build.sphinx(
            args, cwd=repo, capture_output=True, text=True, env=os.environ | {"PYTHONPATH": str(ROOT)}
        )
        assert result.returncode == 0, result.stderr

    incremental()
    page = out / "recent.html"
    written = page.stat().st_mtime_ns
    incremental()
    assert page.stat().st_mtime_ns == written, "a build with no new commit rewrote the page"
    edit(repo, "alpha.md", "甲的新内容。", "甲页：新的一节", "2026-05-01T10:00:00+00:00")
    incremental()
    assert "甲页：新的一节" in page.read_text(encoding="utf-8")
