#!/usr/bin/env python3
"""DOMContentLoaded, first paint and load of two builds of the site on a throttled link, in Chromium.

    .venv/bin/python tools/bench/dcl.py SITE_A SITE_B [--reps 9] [--page index.html ...]

Each site is served over http://127.0.0.1 (no compression); every page is opened in a fresh browser
context (empty cache) with the network throttled by the DevTools protocol (Lighthouse's mobile
preset: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up), the two sites interleaved, and the
medians of the Navigation Timing figures are printed with the ratio B/A. The server answers with
GitHub Pages' ``Cache-Control: max-age=600``; ``--warm`` opens genindex.html first in the same
context, so the measured page finds the shared CSS and JS in the cache (a reader's second page).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from teamwiki import chromium

THROTTLE = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
TIMING = """() => { const n = performance.getEntriesByType('navigation')[0];
  const p = performance.getEntriesByName('first-contentful-paint')[0];
  return {dcl: n.domContentLoadedEventEnd, fcp: p ? p.startTime : null, load: n.loadEventEnd,
          requests: performance.getEntriesByType('resource').length + 1}; }"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends: a repeat visit uses the cache
        super().end_headers()


@contextmanager
def serve(folder: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def load(browser, url: str, before: str | None = None) -> dict:
    """Timings of ``url`` in a fresh context; ``before``: a page of the same site opened first (a warm cache)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        context.new_cdp_session(page).send("Network.emulateNetworkConditions", THROTTLE)
        if before:
            page.goto(before, wait_until="load")
        page.goto(url, wait_until="load")
        page.wait_for_timeout(50)
        return page.evaluate(TIMING)
    finally:
        context.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", nargs=2, type=Path)
    parser.add_argument("--reps", type=int, default=9)
    parser.add_argument("--page", action="append", dest="pages")
    parser.add_argument(
        "--warm", action="store_true", help="open genindex.html first: the next page's shared files are cached"
    )
    args = parser.parse_args(argv)
    pages = args.pages or ["index.html", "tools/sql/joins.html", "contributing.html"]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw, serve(args.sites[0]) as a, serve(args.sites[1]) as b:
        browser = chromium.launch(pw)
        print("| page | figure | A | B | B/A |\n|---|---|---:|---:|---:|")
        for page in pages:
            runs: dict[str, list[dict]] = {"A": [], "B": []}
            for rep in range(args.reps):
                for name, root in (("A", a), ("B", b)) if rep % 2 == 0 else (("B", b), ("A", a)):
                    runs[name].append(load(browser, root + page, root + "genindex.html" if args.warm else None))
            for figure in ("requests", "fcp", "dcl", "load"):
                values = {n: [r[figure] for r in runs[n] if r[figure] is not None] for n in runs}
                if not all(values.values()):
                    continue  # no paint entry recorded (headless Chromium may not report one)
                med = {n: statistics.median(v) for n, v in values.items()}
                print(f"| {page} | {figure} | {med['A']:.0f} | {med['B']:.0f} | {med['B'] / med['A']:.2f} |")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
