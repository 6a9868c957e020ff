"""teamwiki/ext/fast_nav.py writes the same navigation tree as Furo, byte for byte, on every page.

A small site with what the sidebar has to get right (nested folders, a captioned and a hidden
toctree, a page listed twice, a link, an orphan, a page whose title is code) is built with and without
the extension; every HTML page must come out identical, and the tree must still mark the current branch.
"""

from __future__ import annotations

import re

import pytest

from teamwiki import build
from tests.helpers import ROOT

PAGES = {
    "index.md": "# 首页\n\n```{toctree}\n:caption: 目录\n\na/index\nb\n```\n\n"
    "```{toctree}\n:hidden:\n\nc/d/deep\na/twice\n外部链接 <https://example.com/>\n```\n",
    "a/index.md": "# 甲\n\n```{toctree}\n\nsub/one\nsub/two\ntwice\n```\n",
    "a/sub/one.md": "# 甲一\n\n## 小节\n\n正文。\n",
    "a/sub/two.md": "# `code` 标题\n\n正文。\n",
    "a/twice.md": "# 两处都列出的页\n",
    "b.md": "# 乙\n",
    "c/d/deep.md": "# 深处\n",
    "orphan.md": "---\norphan: true\n---\n\n# 孤页\n",
}
CONF = """
import os
extensions = ["myst_parser"] + (["teamwiki.ext.fast_nav"] if os.environ["FAST_NAV"] == "1" else [])
html_theme = "furo"
language = "zh_CN"
html_search_language = "en"  # no jieba: the tree does not depend on search
"""


def _build(src, out, fast: bool, *extra: str, builder: str = "html") -> None:
    env = {"FAST_NAV": "1" if fast else "0", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    args = ["-q", "-n", "-W", "-b", builder, *extra, str(src), str(out)]
    proc = build.sphinx(args, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    src = tmp_path_factory.mktemp("fast-nav-src")
    for name, text in PAGES.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text, encoding="utf-8")
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    out = tmp_path_factory.mktemp("fast-nav-out")
    _build(src, out / "furo", fast=False)
    _build(src, out / "fast", fast=True)
    _build(src, out / "fast-j2", True, "-j", "2")
    _build(src, out / "furo-dirhtml", False, builder="dirhtml")
    _build(src, out / "fast-dirhtml", True, builder="dirhtml")  # left to Furo: links do not follow folders
    return out


def _pages(folder):
    return sorted(p.relative_to(folder) for p in folder.rglob("*.html"))


@pytest.mark.parametrize(("variant", "furo"), [("fast", "furo"), ("fast-j2", "furo"), ("fast-dirhtml", "furo-dirhtml")])
def test_every_page_is_the_same_as_furos(sites, variant, furo):
    pages = _pages(sites / furo)
    assert len(pages) >= len(PAGES) + 2  # and genindex, search
    assert _pages(sites / variant) == pages
    for page in pages:
        ours = (sites / variant / page).read_text(encoding="utf-8")
        assert ours == (sites / furo / page).read_text(encoding="utf-8"), page


def _sidebar(html: str) -> str:
    return re.search(r'<div class="sidebar-tree">(.*?)</div>\n', html, re.S).group(1)


def test_the_tree_marks_the_current_branch(sites):
    """Not two equally wrong trees: the current branch is expanded and marked on a deep page."""
    tree = _sidebar((sites / "fast" / "a" / "sub" / "one.html").read_text(encoding="utf-8"))
    assert re.search(
        r'<li class="toctree-l1 current has-children"><a class="reference internal" href="../index.html">', tree
    )
    assert '<li class="toctree-l2 current current-page"><a class="current reference internal" href="#">甲一</a>' in tree
    assert tree.count('checked=""') == 1  # only 甲's checkbox: 甲一 has no children in the tree
    assert 'href="../../b.html"' in tree and 'href="https://example.com/"' in tree
    twice = _sidebar((sites / "fast" / "a" / "twice.html").read_text(encoding="utf-8"))
    assert twice.count('class="current reference internal" href="#"') == 2  # listed twice, marked twice
    orphan = _sidebar((sites / "fast" / "orphan.html").read_text(encoding="utf-8"))
    assert "current" not in orphan and 'checked=""' not in orphan
