"""The built site in a real browser (Debian's Chromium via Playwright), from file:// and over http://127.0.0.1.

Every page: no console errors, no request to another host, every diagram a rendered SVG in light and
dark mode. Representative copy buttons copy exactly the snippet behind them; search finds Chinese and
English words; the theme toggle works. Screenshots land in _build/test-artifacts/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from teamwiki.chromium import Visit
from tests.browsing import click_copy, load_axe, serious_violations
from tests.helpers import ARTIFACTS, SITE, SNIPPETS

PROMPT = re.compile(r"^(\$ |>>> |\.\.\. |hive> )")


def _pages(site: Path, base: str = "http") -> list[str]:
    """Every page; from file:// less 404.html, which only a server shows (its links start at the site root)."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    return [p for p in pages if not (base.startswith("file:") and p == "404.html")]


VISIBLE_DIAGRAMS = """[...document.querySelectorAll('div.mermaid-diagram img')]
    .filter(img => getComputedStyle(img).display !== 'none')"""


def _load_diagrams(page) -> None:
    """Scroll each shown diagram into view (they load lazily) and wait until all have loaded or failed."""
    page.evaluate(f"() => {{ for (const img of {VISIBLE_DIAGRAMS}) img.scrollIntoView(); }}")
    try:
        page.wait_for_function(f"() => {VISIBLE_DIAGRAMS}.every(img => img.complete)", timeout=10_000)
    except Exception:  # reported below as "not rendered", with the page and the image
        pass


def _base(kind: str, site: Path, http_root: str) -> str:
    return site.as_uri() + "/" if kind == "file" else http_root


@pytest.fixture(scope="module", params=["file", "http"])
def base(request, site, http_root):
    return _base(request.param, site, http_root)


def _expected_copy(block_text: str) -> str:
    """What a reader should get: prompt lines without prompts if there are any, else everything."""
    lines = block_text.rstrip("\n").split("\n")
    prompted = [PROMPT.sub("", line) for line in lines if PROMPT.match(line)]
    return "\n".join(prompted) if prompted else "\n".join(lines)


# Every snippet block with a copy button: its index among the page's code blocks, its path (the caption's own
# text; the verification mark inside the caption is an element) and the text it shows.
COPY_BLOCKS = """() => [...document.querySelectorAll('div.literal-block-wrapper')].map((wrapper, index) => {
  const caption = wrapper.querySelector('.code-block-caption .caption-text');
  if (!caption || !wrapper.querySelector('button.copybtn')) return null;
  const path = [...caption.childNodes].filter((n) => n.nodeType === 3).map((n) => n.data).join('').trim();
  return {index, path, shown: wrapper.querySelector('pre').innerText};
}).filter(Boolean)"""


class Sweep:
    """What one visit of every page, in one colour scheme from one base URL, found.

    Each page is loaded once for all checks, in this order (later steps change the page):
    diagrams and console errors; axe-core (over http only); output blocks; copy buttons (light only).
    """

    def __init__(self, browser, site: Path, base: str, scheme: str, axe: bool):
        self.loaded: list[str] = []  # problems of test_every_page_loads_clean_offline
        self.diagrams = 0
        self.axe: list[str] | None = [] if axe else None
        self.outputs = 0
        self.outputs_with_button: list[str] = []
        self.copy_problems: list[str] = []
        self.copied = 0
        self.kinds: set[str] = set()
        self.outside: list[str] = []  # "page: url" of every request to another host
        visit = Visit(browser, scheme)
        if axe:
            load_axe(visit.context)
        try:
            for rel in _pages(site, base):
                visit.errors.clear()  # a late message of the previous page's copy clicks is not this page's
                before = len(visit.outside)
                page = visit.open(base + rel)  # scrolled to its end: lazy images far down load too
                self.outside += [f"{rel}: {url}" for url in visit.outside[before:]]
                self._diagrams(page, rel, scheme)
                if visit.errors:
                    self.loaded.append(f"{rel}: console errors {visit.errors}")
                    visit.errors.clear()
                if axe:
                    for v in serious_violations(page):
                        self.axe.append(f"{rel} [{scheme}] {v['id']} ({v['impact']}): {v['help']} at {v['nodes']}")
                self.outputs += page.locator("div.output").count()
                if page.locator("div.output button.copybtn").count():
                    self.outputs_with_button.append(rel)
                if scheme == "light":
                    self._copies(page, rel)
        finally:
            visit.close()

    def _diagrams(self, page, rel: str, scheme: str) -> None:
        """Every diagram is a loaded SVG in the visible theme."""
        _load_diagrams(page)
        shown = page.evaluate(
            """() => [...document.querySelectorAll('div.mermaid-diagram img')]
                .filter(img => getComputedStyle(img).display !== 'none')
                .map(img => ({src: img.getAttribute('src'), ok: img.complete && img.naturalWidth > 0,
                              theme: img.classList.contains('only-dark') ? 'dark' : 'light'}))"""
        )
        total = page.locator("div.mermaid-diagram").count()
        self.diagrams += total
        if len(shown) != total:
            self.loaded.append(f"{rel}: {total} diagrams but {len(shown)} shown in {scheme} mode")
        for img in shown:
            if not img["ok"] or not img["src"].endswith(".svg") or img["theme"] != scheme:
                self.loaded.append(f"{rel}: diagram {img} not rendered for {scheme} mode")

    def _copies(self, page, rel: str) -> None:
        """Every whole-file snippet's copy button yields the file's text, prompts and output lines removed."""
        for block in page.evaluate(COPY_BLOCKS):
            path = block["path"]
            source = SNIPPETS / path
            if not source.is_file():
                continue
            text = source.read_text(encoding="utf-8")
            if block["shown"].rstrip("\n") != text.rstrip("\n"):
                continue  # a region of a file (:lines:, :start-after:): not the whole file
            copied = click_copy(page, block["index"])
            expected = _expected_copy(text)
            if copied.rstrip("\n") != expected:
                self.copy_problems.append(f"{rel} {path}: copied {copied!r}, expected {expected!r}")
            self.copied += 1
            self.kinds.add(source.suffix)


_SWEEPS: dict[tuple[str, str], Sweep] = {}


@pytest.fixture(scope="module")
def sweep(browser, site, http_root):
    """sweep(base, scheme): the one visit of every page for that base URL and scheme (made on first use)."""

    def get(base: str, scheme: str) -> Sweep:
        if (base, scheme) not in _SWEEPS:
            axe = base == http_root
            _SWEEPS[base, scheme] = Sweep(browser, site, base, scheme, axe)
        return _SWEEPS[base, scheme]

    yield get
    _SWEEPS.clear()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_loads_clean_offline(sweep, base, scheme):
    """No console error, no outside request, and every diagram is a loaded SVG in the visible theme."""
    found = sweep(base, scheme)
    assert not found.outside, "requests to other hosts (page: url):\n" + "\n".join(sorted(set(found.outside)))
    assert not found.loaded, "\n".join(found.loaded)
    assert found.diagrams > 0, "the site has no diagram: this test would prove nothing"


def test_copy_buttons_copy_the_snippet_file(sweep, base):
    """Every whole-file snippet's copy button yields the file's text, prompts and output lines removed."""
    found = sweep(base, "light")
    assert not found.copy_problems, "\n".join(found.copy_problems)
    assert {".console", ".pycon", ".sh", ".sql"} <= found.kinds, f"representative kinds missing, checked {found.kinds}"
    assert found.copied >= 3


def test_output_blocks_have_no_copy_button(sweep, base):
    """Output shown on a page (from a run) is not for pasting: no copy button on it."""
    found = sweep(base, "light")
    assert not found.outputs_with_button, found.outputs_with_button
    assert found.outputs > 0, "no output block on the site: this test would prove nothing"


SEARCHES = [
    # (term, a page that contains it): domain words from the search dictionary, and English terms
    ("一致性哈希", "system-design/consistent-hashing.html"),
    ("分区表", "tools/sql/pitfalls.html"),
    ("数据漂移", "deployment/monitoring.html"),
    ("金丝雀发布", "deployment/kubernetes.html"),
    ("旁路缓存", "system-design/caching.html"),
    ("容量估算", "system-design/capacity.html"),
    ("构建", "contributing.html"),
    ("KeyFieldBasedPartitioner", "tools/hadoop/streaming-dag.html"),
    ("getmerge", "tools/hadoop/fs.html"),
    ("FastAPI", "deployment/serving.html"),
    ("hadolint", "cicd/pipeline.html"),
    ("explode", "tools/sql/cheatsheet.html"),
    ("Mermaid", "contributing.html"),
]


def test_search_finds_chinese_and_english(browser, site, base):
    visit = Visit(browser, "light")
    try:
        for term, target in SEARCHES:
            page = visit.open(f"{base}search.html?q={term}")
            page.wait_for_selector("#search-results li a", timeout=15000)
            hrefs = page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.getAttribute('href'))")
            assert any(h.split("#")[0].endswith(target) for h in hrefs), f"{term!r}: {target} not in {hrefs}"
        assert not visit.errors, visit.errors
    finally:
        visit.close()
    assert not visit.outside


def test_theme_toggle_switches_diagrams(browser, site, base):
    visit = Visit(browser, "light")
    try:
        page = visit.open(base + "contributing.html")
        before = page.evaluate("() => document.body.dataset.theme")
        seen = set()
        for _ in range(3):  # Furo cycles auto -> dark -> light (or from the saved state)
            page.locator("button.theme-toggle:visible").first.click()
            theme = page.evaluate("() => document.body.dataset.theme")
            dark_visible = page.locator("div.mermaid-diagram img.only-dark").first.is_visible()
            light_visible = page.locator("div.mermaid-diagram img.only-light").first.is_visible()
            seen.add((theme, dark_visible, light_visible))
        assert ("dark", True, False) in seen, (before, seen)
        assert ("light", False, True) in seen, (before, seen)
    finally:
        visit.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots(browser, site, scheme):
    """Screenshots of a few pages as artefacts (a person looks at them; the test checks they were taken)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    visit = Visit(browser, scheme)
    try:
        for rel in ["index.html", "contributing.html", "tools/sql/joins.html", "tools/hadoop/fs.html"]:
            page = visit.open((SITE / rel).as_uri())
            out = ARTIFACTS / f"{rel.replace('/', '_')}-{scheme}.png"
            page.screenshot(path=str(out), full_page=True)
            assert out.stat().st_size > 10_000
    finally:
        visit.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_accessibility_axe(sweep, http_root, scheme):
    """axe-core on every page, light and dark: no serious or critical violation."""
    problems = sweep(http_root, scheme).axe
    assert not problems, "\n".join(problems)
