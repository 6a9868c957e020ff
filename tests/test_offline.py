"""The offline archive (`make offline`): one zip, unpacked into a folder whose path has spaces and Chinese,
opened from disk (file://) in Debian's Chromium without a network.

Checks: one top folder and nothing readers do not need; no console error and no request leaving
file://; the index links to every section page and those links work; Chinese search finds a page;
every diagram image (light and dark) loads.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from teamwiki.chromium import Visit
from tests.helpers import ROOT

TOP = "team-wiki"
# (Chinese term, page the search must find): the word is on that page in the source.
SEARCH = ("构建", "contributing.html")


@pytest.fixture(scope="module")
def packed(site, tmp_path_factory):
    """(archive path, what the tool printed): teamwiki/offline.py run on the freshly built site."""
    archive = tmp_path_factory.mktemp("offline") / "team-wiki-offline.zip"
    result = subprocess.run(
        [sys.executable, "-m", "teamwiki.offline", str(site), str(archive)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, f"teamwiki/offline.py failed:\n{result.stdout}\n{result.stderr}"
    assert archive.is_file(), "teamwiki/offline.py printed success but wrote no archive"
    return archive, result.stdout


@pytest.fixture(scope="module")
def unpacked(packed, tmp_path_factory) -> Path:
    """The archive unpacked somewhere else entirely: a path with a space and Chinese characters."""
    dest = tmp_path_factory.mktemp("下载 folder")
    with zipfile.ZipFile(packed[0]) as zf:
        zf.extractall(dest)
    return dest / TOP


@pytest.fixture()
def visit(browser):
    visit = Visit(browser, "light")
    requests: list[str] = []
    visit.page.on("request", lambda req: requests.append(req.url))
    visit.requests = requests
    yield visit
    visit.close()
    off_disk = sorted({u for u in requests if urlparse(u).scheme not in ("file", "data", "blob", "about")})
    assert not visit.outside, f"requests to other hosts: {sorted(set(visit.outside))}"
    assert not off_disk, f"requests that are not file://: {off_disk}"


def _pages(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))


def test_archive_layout(packed, site):
    archive, printed = packed
    with zipfile.ZipFile(archive) as zf:
        names = [n for n in zf.namelist() if not n.endswith("/")]
        assert zf.testzip() is None, "a corrupt member in the archive"
    assert {n.split("/", 1)[0] for n in names} == {TOP}, "everything must sit under one top folder"
    inside = {n.split("/", 1)[1] for n in names}
    unwanted = [n for n in inside if n.startswith((".doctrees/", "_sources/")) or n in (".buildinfo",)]
    unwanted += [n for n in inside if n.endswith(".map") or any(p.startswith(".") for p in n.split("/"))]
    assert not unwanted, f"files readers do not need: {sorted(unwanted)[:10]}"
    assert "404.html" not in inside, "404.html only works on a server (its links start at the site root)"
    missing = set(_pages(site)) - inside - {"404.html"}
    assert not missing, f"pages of the site missing from the archive: {sorted(missing)}"
    images = {p.relative_to(site).as_posix() for p in (site / "_images").glob("*")}
    assert images and images <= inside, f"diagram images missing: {sorted(images - inside)}"
    # The tool reports the archive's file count and size, and both are right.
    match = re.search(r"(\d+) files, .*\((\d+) bytes\)", printed)
    assert match, f"the tool must print the file count and size, printed: {printed!r}"
    assert int(match.group(1)) == len(names)
    assert int(match.group(2)) == archive.stat().st_size


def test_pages_open_from_disk_without_errors(visit, unpacked):
    """The top-level pages and every section's index (the browser suite covers every page of _build/html)."""
    pages = [rel for rel in _pages(unpacked) if "/" not in rel or rel.count("/") == 1 and rel.endswith("/index.html")]
    assert {"index.html", "search.html", "genindex.html"} <= set(pages) and len(pages) >= 5, pages
    for rel in pages:
        visit.open((unpacked / rel).as_uri())
        assert visit.page.locator("article[role=main]").count() == 1, f"{rel}: no article, not a page?"
        assert visit.page.locator("link[rel=stylesheet]").count() >= 1, rel
        styled = visit.page.evaluate("() => getComputedStyle(document.querySelector('.sidebar-drawer')).display")
        assert styled == "flex", f"{rel}: Furo's stylesheet did not load"
        assert not visit.errors, f"{rel}: console errors {visit.errors}"


def test_index_links_to_every_section(visit, unpacked):
    """Every top-level entry of the index's table of contents opens its page, from disk."""
    page = visit.open((unpacked / "index.html").as_uri())
    links = page.eval_on_selector_all(
        "article[role=main] .toctree-wrapper li.toctree-l1 > a.reference.internal",
        "els => els.map(e => ({href: e.getAttribute('href'), text: e.textContent.trim()}))",
    )
    assert len(links) >= 2, f"the index has no table of contents: {links}"
    for link in links:
        page = visit.open((unpacked / "index.html").as_uri())
        page.locator("article[role=main] .toctree-wrapper li.toctree-l1 > a", has_text=link["text"]).first.click()
        page.wait_for_load_state("load")
        url = urlparse(page.url)
        assert url.scheme == "file"
        target = Path(unquote(url.path))
        assert target.is_file() and target.is_relative_to(unpacked), f"{link} led to {page.url}"
        assert target.relative_to(unpacked).as_posix() == link["href"].split("#")[0]
        heading = page.locator("article[role=main] h1").first.inner_text()
        assert link["text"] in heading, f"{link} opened a page titled {heading!r}"
    assert not visit.errors, visit.errors


def test_chinese_search_finds_a_page(visit, unpacked):
    term, target = SEARCH
    page = visit.open((unpacked / "search.html").as_uri() + f"?q={term}")
    page.wait_for_selector("#search-results li a", timeout=15000)
    hrefs = page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.getAttribute('href'))")
    assert any(h.split("#")[0].endswith(target) for h in hrefs), f"{term!r}: {target} not in {hrefs}"
    # Following the result opens the page from disk.
    page.locator("#search-results li a", has_text=re.compile(".")).filter(
        has=page.locator(f"xpath=self::a[contains(@href, '{target}')]")
    ).first.click()
    page.wait_for_load_state("load")
    assert unquote(urlparse(page.url).path).endswith(target), page.url
    assert not visit.errors, visit.errors


def test_every_diagram_image_loads(visit, unpacked):
    """Light and dark SVG of every diagram load from the unpacked folder (lazy loading switched off)."""
    loaded = 0
    for rel in _pages(unpacked):
        if "mermaid-diagram" not in (unpacked / rel).read_text(encoding="utf-8"):
            continue
        page = visit.open((unpacked / rel).as_uri())
        page.evaluate("() => document.querySelectorAll('div.mermaid-diagram img').forEach(i => i.loading = 'eager')")
        page.wait_for_function(
            "() => [...document.querySelectorAll('div.mermaid-diagram img')].every(i => i.complete)", timeout=10000
        )
        imgs = page.evaluate(
            """() => [...document.querySelectorAll('div.mermaid-diagram img')]
                .map(i => ({src: i.getAttribute('src'), width: i.naturalWidth}))"""
        )
        broken = [i for i in imgs if i["width"] <= 0]
        assert not broken, f"{rel}: diagrams that do not load from disk: {broken}"
        loaded += len(imgs)
    assert loaded >= 2, "no diagram in the archive: this test would prove nothing"
    assert not visit.errors, visit.errors
