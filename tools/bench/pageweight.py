"""Bytes a browser transfers to show each page: Debian's Chromium via Playwright, over http.

Each site folder is served by a local ``http.server`` on 127.0.0.1 (a free port). Every page is
opened in a fresh browser context (empty cache), scrolled to the bottom one screen at a time so
lazy images load, and the response bodies of that load are summed (HTML, CSS, JS, images, fonts).
Requests to any other host are blocked and counted.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
QUIET = 0.2  # seconds without a request in flight that count as "loaded"
# Scroll to the bottom half a screen at a time, letting lazy images see the viewport pass by.
_SCROLL_JS = """
async () => {
  const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y);
    await pause();
  }
  scrollTo(0, document.documentElement.scrollHeight);
  await pause();
  await document.fonts.ready;
}
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(folder: Path):
    """``http://127.0.0.1:<free port>/`` serving ``folder``."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _kind(resource_type: str, url: str) -> str:
    path = urlparse(url).path.lower()
    if resource_type == "document":
        return "html"
    if resource_type == "stylesheet" or path.endswith(".css"):
        return "css"
    if resource_type == "script" or path.endswith(".js"):
        return "js"
    if resource_type == "font" or path.endswith((".woff", ".woff2", ".ttf", ".otf")):
        return "font"
    if resource_type == "image" or path.endswith((".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico")):
        return "image"
    return "other"


def load(browser, url: str) -> dict:
    """Open ``url`` in a fresh context; bytes and requests of that page load, by kind."""
    context = browser.new_context(viewport=VIEWPORT, color_scheme="light")
    outside: list[str] = []

    def route(route):
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    responses = []
    try:
        page = context.new_page()
        pending = set()
        page.on("response", lambda response: responses.append(response))
        page.on("request", lambda request: pending.add(request))
        page.on("requestfinished", lambda request: pending.discard(request))
        page.on("requestfailed", lambda request: pending.discard(request))
        page.goto(url, wait_until="load")
        page.evaluate(_SCROLL_JS)
        # Settled: no request in flight for QUIET seconds (lazy images started by the scroll included).
        deadline = time.monotonic() + 15
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            page.wait_for_timeout(25)
            if pending:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= QUIET:
                break
        by_kind: dict[str, int] = {}
        total, failed = 0, 0
        for response in responses:
            if 300 <= response.status < 400:
                continue
            try:
                size = len(response.body())
            except Exception:  # noqa: BLE001 - a body the browser discarded still counts as a request
                failed += 1
                continue
            kind = _kind(response.request.resource_type, response.url)
            by_kind[kind] = by_kind.get(kind, 0) + size
            total += size
        errors = sum(1 for r in responses if r.status >= 400)
        return {
            "bytes": total,
            "requests": len(responses),
            "by_kind": by_kind,
            "http_errors": errors,
            "unreadable_bodies": failed,
            "outside_requests": outside,
        }
    finally:
        context.close()


def measure(sites: dict[str, Path], pages: list[str]) -> dict[str, dict[str, dict]]:
    """{page: {site name: load()}}; the sites are loaded page by page, interleaved."""
    from playwright.sync_api import sync_playwright

    result: dict[str, dict[str, dict]] = {page: {} for page in pages}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            with serve(sites["ours"]) as ours, serve(sites["baseline"]) as base:
                roots = {"ours": ours, "baseline": base}
                for page in pages:
                    for name in sites:
                        result[page][name] = load(browser, roots[name] + page)
        finally:
            browser.close()
    return result
