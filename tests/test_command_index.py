"""The command index lists every copyable command on the site, each linked to a block that exists."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from teamwiki.ext.snippets import anchor_for
from tests.helpers import SNIPPETS

COMMAND_SUFFIXES = {".sql", ".sh", ".console", ".pycon"}


def _by_anchor() -> dict[str, str]:
    """Every snippet file's stable anchor -> its path (the anchor is derived from the path alone)."""
    paths = [p.relative_to(SNIPPETS).as_posix() for p in SNIPPETS.rglob("*") if p.is_file()]
    return {anchor_for(p): p for p in paths}


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _command_blocks(site: Path) -> dict[str, tuple[str, str]]:
    """snippet path -> (page, anchor) of every copyable command block on the site (first occurrence)."""
    blocks = {}
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        if rel == "commands.html":
            continue
        for wrapper in _soup(page).select("div.literal-block-wrapper"):
            caption = wrapper.select_one(".caption-text")
            if caption is None or "no-copybutton" in " ".join(
                " ".join(d.get("class", [])) for d in wrapper.find_all("div")
            ):
                continue
            path = caption.get_text().strip()
            if Path(path).suffix in COMMAND_SUFFIXES and (SNIPPETS / path).is_file():
                blocks.setdefault(path, (rel, wrapper.get("id")))
    return blocks


def _index_entries(site: Path) -> list[tuple[str, str, str]]:
    soup = _soup(site / "commands.html")
    return [
        (a.get_text(), a["href"], li.select_one("code").get_text())
        for li in soup.select("ul.command-index li")
        for a in [li.select_one("a")]
    ]


def test_every_command_block_is_in_the_index(site):
    blocks = _command_blocks(site)
    assert blocks, "no command block found on the site"
    hrefs = {href for _, href, _ in _index_entries(site)}
    missing = [
        f"{path} ({page}#{anchor})" for path, (page, anchor) in blocks.items() if f"{page}#{anchor}" not in hrefs
    ]
    assert not missing, f"commands missing from the index: {missing}"


def test_every_index_link_lands_on_its_block(site):
    entries = _index_entries(site)
    assert entries
    pages: dict[str, BeautifulSoup] = {}  # each page parsed once
    longest_first = sorted(_by_anchor().items(), key=lambda i: -len(i[0]))
    for purpose, href, command in entries:
        page, anchor = href.split("#")
        if page not in pages:
            pages[page] = _soup(site / page)
        target = pages[page].find(id=anchor)
        assert target is not None, f"{href}: no such anchor"
        # a region of a file may carry its own name after the file's anchor (…-sh-settings)
        path = next(p for a, p in longest_first if anchor.startswith(a))
        text = (SNIPPETS / path).read_text(encoding="utf-8")
        first_comment = next(line for line in text.splitlines() if not line.startswith("#!") and line.strip())
        assert purpose in first_comment, f"{href}: purpose {purpose!r} is not the file's first comment"
        assert command.replace("\u00a0", " ").split()[0] in text, f"{href}: {command!r} not in {path}"


def test_anchors_are_stable(site):
    """The anchor is derived from the snippet's path alone: a link keeps working when the page changes."""
    for path, (_page, anchor) in _command_blocks(site).items():
        assert anchor == anchor_for(path), (path, anchor)
