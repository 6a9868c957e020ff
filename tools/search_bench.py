"""Search quality and speed of the built site: hit@1, hit@5, MRR, index size, keystroke-to-results time.

Runs every query of search/queries.toml in Chromium against the built site (default _build/html, or
WIKI_SITE), from file:// and over http://127.0.0.1, the way a reader uses it: typed into the sidebar
search box, or, with ``--via page``, through the search page search.html?q=… (on a build before the
wiki's search, that page is Sphinx's own search: that is how the "before" figures were measured).
A result is a hit when it links to the expected page and to the expected heading on it
(``--page-only`` relaxes that to the page).

    .venv/bin/python tools/search_bench.py [--via box|page] [--scheme file|http] [--misses] [--gate]

tests/test_search_quality.py uses the same functions and holds the thresholds.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import statistics
import sys
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "search" / "queries.toml"
SITE = Path(os.environ.get("WIKI_SITE", ROOT / "_build" / "html")).resolve()
WIKI_INDEX = "_static/search-index.js"
SPHINX_INDEX = "searchindex.js"
HIT5_MIN, MRR_MIN = 0.95, 0.85  # the suite fails below these (issue 12)
LATENCY_TARGET_MS = 100
BOX = "input.sidebar-search"


def load_queries(path: Path = QUERIES) -> list[dict]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["query"]


class _Headings(HTMLParser):
    """anchor id -> text of the heading of the section that holds it; "" -> the page title (h1)."""

    def __init__(self):
        super().__init__()
        self.stack: list[list] = []  # one [ids, heading] per open <section>
        self.in_heading = False
        self.text = ""
        self.anchors: dict[str, str] = {}
        self.pending: list[list] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.stack.append([[attrs["id"]] if attrs.get("id") else [], None])
        elif attrs.get("id") and self.stack:
            self.stack[-1][0].append(attrs["id"])
        if re.fullmatch(r"h[1-6]", tag) and self.stack and self.stack[-1][1] is None:
            self.in_heading, self.text = True, ""
        if tag == "a" and "headerlink" in (attrs.get("class") or ""):
            self.in_heading = False  # the ¶ link is not part of the heading

    def handle_data(self, data):
        if self.in_heading:
            self.text += data

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag) and self.stack and self.stack[-1][1] is None:
            self.stack[-1][1] = " ".join(self.text.split())
            self.in_heading = False
            if "" not in self.anchors:
                self.anchors[""] = self.stack[-1][1]
        if tag == "section" and self.stack:
            ids, heading = self.stack.pop()
            for anchor in ids:
                self.anchors.setdefault(anchor, heading or "")


@functools.cache
def headings(site: Path, page: str) -> dict[str, str]:
    path = site / f"{page}.html"
    if not path.is_file():
        return {}
    parser = _Headings()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.anchors


def locate(site: Path, base: str, href: str) -> tuple[str, str]:
    """(page, heading) a result link points to."""
    parts = urlsplit(href)
    path = unquote(parts.path)
    root = unquote(urlsplit(base).path)
    page = path[len(root) :] if path.startswith(root) else path
    page = page.removesuffix(".html")
    return page, headings(site, page).get(unquote(parts.fragment), "?")


def rank(results: list[tuple[str, str]], query: dict, page_only: bool = False) -> int | None:
    for n, (page, heading) in enumerate(results, 1):
        if page == query["page"] and (page_only or heading == query["heading"]):
            return n
    return None


def figures(ranks: list[int | None]) -> dict[str, float]:
    total = len(ranks)
    return {
        "hit@1": sum(1 for r in ranks if r == 1) / total,
        "hit@5": sum(1 for r in ranks if r and r <= 5) / total,
        "mrr": sum(1 / r for r in ranks if r) / total,
    }


class WikiSearch:
    """The wiki's search as a reader uses it: typed into the sidebar box, results read from its list."""

    def __init__(self, browser, base: str):
        self.base = base
        self.page = browser.new_page()
        self.page.goto(base + "index.html")
        self.page.focus(BOX)
        self.page.wait_for_function("() => window.wikiSearch && window.wikiSearch.ready()")

    def __call__(self, q: str) -> list[str]:
        self.page.fill(BOX, q)
        return self.page.eval_on_selector_all("#wiki-search-results [role=option]", "os => os.map(o => o.dataset.href)")

    def latency_ms(self, q: str) -> float:
        """Time from the last keystroke of ``q`` (typed key by key) to its results on screen."""
        self.page.fill(BOX, q[:-1])
        return self.page.evaluate(
            """async (last) => {
                const box = document.querySelector('input.sidebar-search');
                const list = document.getElementById('wiki-search-results');
                const before = list.dataset.query;
                const t0 = performance.now();
                box.value += last;
                box.dispatchEvent(new InputEvent('input', {bubbles: true, data: last}));
                while (list.dataset.query === before) await new Promise(r => setTimeout(r, 0));
                await new Promise(r => requestAnimationFrame(() => r()));
                return performance.now() - t0;
            }""",
            q[-1],
        )

    def close(self):
        self.page.close()


class PageSearch:
    """The search page, search.html?q=… (Sphinx's own search before the wiki's search took it over)."""

    def __init__(self, browser, base: str):
        self.base = base
        self.page = browser.new_page()

    def __call__(self, q: str) -> list[str]:
        self.page.goto(self.base + "search.html?q=" + quote(q))
        self.page.wait_for_function(
            "() => (document.querySelector('#search-results .search-summary') || {}).textContent", timeout=15_000
        )
        return self.page.eval_on_selector_all("#search-results ul.search li > a", "as => as.map(a => a.href)")

    def close(self):
        self.page.close()


def run_suite(browser, base: str, site: Path = SITE, via: str = "box", page_only: bool = False):
    """[(query, rank or None, first results)] for every query of the suite."""
    search = (WikiSearch if via == "box" else PageSearch)(browser, base)
    out = []
    try:
        for query in load_queries():
            results = [locate(site, base, href) for href in search(query["q"])]
            out.append((query, rank(results, query, page_only), results[:3]))
    finally:
        search.close()
    return out


def index_sizes(site: Path) -> tuple[int, int]:
    """(bytes of the wiki's search index, bytes of Sphinx's own index of the same pages)."""
    wiki = site / WIKI_INDEX
    return (wiki.stat().st_size if wiki.exists() else 0), (site / SPHINX_INDEX).stat().st_size


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--via", choices=["box", "page"], default="box", help="the sidebar box or search.html")
    parser.add_argument("--scheme", choices=["file", "http", "both"], default="both")
    parser.add_argument("--page-only", action="store_true", help="a hit needs the right page only")
    parser.add_argument("--misses", action="store_true", help="list the queries not found in the top 5")
    parser.add_argument("--gate", action="store_true", help="exit 1 below hit@5 95 %% or MRR 0.85")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from teamwiki import chromium

    status = 0
    with chromium.serve(SITE) as base_http, sync_playwright() as pw:
        schemes = {"file": SITE.as_uri() + "/", "http": base_http}
        if args.scheme != "both":
            schemes = {args.scheme: schemes[args.scheme]}
        browser = chromium.launch(pw)
        for scheme, base in schemes.items():
            results = run_suite(browser, base, SITE, args.via, args.page_only)
            f = figures([r for _, r, _ in results])
            print(
                f"search via {args.via} {scheme}: {len(results)} queries  hit@1 {f['hit@1']:.1%}  "
                f"hit@5 {f['hit@5']:.1%}  MRR {f['mrr']:.3f}"
            )
            if args.gate and (f["hit@5"] < HIT5_MIN or f["mrr"] < MRR_MIN):
                status = 1
            if args.misses:
                for query, r, top in results:
                    if not r or r > 5:
                        print(f"  miss {query['q']!r} -> want {query['page']} / {query['heading']}; got {top}")
        if args.via == "box":
            search = WikiSearch(browser, schemes[next(iter(schemes))])
            times = [search.latency_ms(q["q"]) for q in load_queries() if len(q["q"]) > 1 for _ in range(3)]
            search.close()
            p50, p95 = statistics.median(times), sorted(times)[int(len(times) * 0.95)]
            print(f"search keystroke-to-results: median {p50:.1f} ms, p95 {p95:.1f} ms (target ≤ {LATENCY_TARGET_MS})")
        browser.close()
    wiki, sphinx = index_sizes(SITE)
    print(f"search index: {wiki / 1024:.1f} KiB, Sphinx's own {sphinx / 1024:.1f} KiB ({wiki / sphinx:.2f}×, limit 2×)")
    return status


if __name__ == "__main__":
    sys.exit(main())
