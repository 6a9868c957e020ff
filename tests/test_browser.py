"""The built site in a real browser (Debian's Chromium via Playwright), from file:// and over http://127.0.0.1.

Every page: no console errors, no request to another host, every diagram a rendered SVG in light and
dark mode. Representative copy buttons copy exactly the snippet behind them; search finds Chinese and
English words; the theme toggle works. Screenshots land in _build/test-artifacts/.
"""

from __future__ import annotations

import pytest

from teamwiki.chromium import Visit
from tests.browsing import KINDS, SCHEMES, Sweep
from tests.helpers import ARTIFACTS, SITE


@pytest.fixture(scope="module", params=KINDS)
def kind(request):
    return request.param


@pytest.fixture(scope="module")
def base(kind, site, http_root):
    return site.as_uri() + "/" if kind == "file" else http_root


@pytest.fixture(scope="module")
def sweep(browser_sweeps):
    """sweep(kind, scheme): what the one visit of every page from file:// or http found in that scheme
    (tests/browsing.py), made in the background while other tests ran."""

    def get(kind: str, scheme: str) -> Sweep:
        assert (kind, scheme) in browser_sweeps, f"no {kind}-{scheme} sweep was made (conftest's _want_sweeps)"
        found = browser_sweeps[kind, scheme]
        if isinstance(found, Exception):
            raise found
        return found

    return get


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_loads_clean_offline(sweep, kind, scheme):
    """No console error, no outside request, and every diagram is a loaded SVG in the visible theme."""
    found = sweep(kind, scheme)
    assert not found.outside, "requests to other hosts (page: url):\n" + "\n".join(sorted(set(found.outside)))
    assert not found.loaded, "\n".join(found.loaded)
    assert found.diagrams > 0, "the site has no diagram: this test would prove nothing"


def test_copy_buttons_copy_the_snippet_file(sweep, kind):
    """Every whole-file snippet's copy button yields the file's text, prompts and output lines removed."""
    found = sweep(kind, "light")
    assert not found.copy_problems, "\n".join(found.copy_problems)
    assert {".console", ".pycon", ".sh", ".sql"} <= found.kinds, f"representative kinds missing, checked {found.kinds}"
    assert found.copied >= 3


def test_output_blocks_have_no_copy_button(sweep, kind):
    """Output shown on a page (from a run) is not for pasting: no copy button on it."""
    found = sweep(kind, "light")
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


@pytest.mark.parametrize("scheme", SCHEMES)
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


@pytest.mark.parametrize("scheme", SCHEMES)
def test_accessibility_axe(sweep, scheme):
    """axe-core on every page, light and dark: no serious or critical violation."""
    problems = sweep("http", scheme).axe
    assert not problems, "\n".join(problems)
