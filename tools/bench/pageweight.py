"""Bytes a browser transfers to show each page: Debian's Chromium via Playwright, over http.

Each site folder is served by a local ``http.server`` on 127.0.0.1 (a free port). Every page is
opened in a fresh browser context (empty cache), scrolled to the bottom one screen at a time so
lazy images load, and the response bodies of that load are summed (HTML, CSS, JS, images, fonts).
Requests to any other host are blocked and counted.

Python's ``http.server`` never compresses, so those are UNCOMPRESSED bytes. Real hosts (GitHub
Pages, Read the Docs) gzip text responses, so every page is loaded a second time from a server
that gzip-compresses html/css/js/svg/json/xml/txt when the browser sends ``Accept-Encoding: gzip``
(level 6, as nginx-style hosts do); that load counts the encoded body bytes on the wire (CDP
``Network.loadingFinished`` encodedDataLength less the response headers, via Playwright's
``request.sizes()``). The two series of loads run side by side, each in its own browser.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "_ext"))
import chromium  # noqa: E402  (the project's one way to start Chromium)

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


# What GitHub Pages compresses (text), and nothing else: images and fonts go as they are.
GZIP_SUFFIXES = {".html", ".htm", ".css", ".js", ".mjs", ".svg", ".json", ".xml", ".txt"}
GZIP_LEVEL = 6


def _accepts_gzip(header: str | None) -> bool:
    for part in (header or "").split(","):
        coding, _, params = part.partition(";")
        if coding.strip().lower() in ("gzip", "*"):
            q = params.strip().lower()
            try:
                return not (q.startswith("q=") and float(q[2:] or 0) == 0)
            except ValueError:
                return True
    return False


class _GzipHandler(_QuietHandler):
    """Like ``http.server``, but text files go gzip-compressed to a client that accepts gzip."""

    cache: dict = {}  # (path, mtime) -> compressed body, shared by the requests of one run

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?", 1)[0].split("#", 1)[0].endswith("/"):
            path = os.path.join(path, "index.html")
        suffix = os.path.splitext(path)[1].lower()
        if suffix not in GZIP_SUFFIXES or not os.path.isfile(path):
            return super().send_head()
        if not _accepts_gzip(self.headers.get("Accept-Encoding")):
            return super().send_head()
        key = (path, os.stat(path).st_mtime_ns)
        body = self.cache.get(key)
        if body is None:
            with open(path, "rb") as file:
                body = self.cache[key] = gzip.compress(file.read(), compresslevel=GZIP_LEVEL, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(folder: Path, compress: bool = False):
    """``http://127.0.0.1:<free port>/`` serving ``folder``; with ``compress``, text goes gzip-compressed."""
    handler = functools.partial(_GzipHandler if compress else _QuietHandler, directory=str(folder))
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


def load(browser, url: str, compressed: bool = False) -> dict:
    """Open ``url`` in a fresh context; bytes and requests of that page load, by kind.

    ``compressed``: the server may compress, so count encoded bytes on the wire, and the decoded
    bodies too (``decoded_bytes``) with the number of gzip-compressed responses.
    """
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
        decoded, gzipped = 0, 0
        for response in responses:
            if 300 <= response.status < 400:
                continue
            try:
                if compressed:
                    # Encoded body bytes on the wire (encodedDataLength less the headers).
                    size = response.request.sizes()["responseBodySize"]
                    if response.header_value("content-encoding") == "gzip":
                        gzipped += 1
                        if size <= 0:  # no figure from the browser: the server's Content-Length
                            size = int(response.header_value("content-length") or 0)
                    decoded += len(response.body())
                else:
                    size = len(response.body())
            except Exception:  # noqa: BLE001 - a body the browser discarded still counts as a request
                failed += 1
                continue
            kind = _kind(response.request.resource_type, response.url)
            by_kind[kind] = by_kind.get(kind, 0) + size
            total += size
        errors = sum(1 for r in responses if r.status >= 400)
        result = {
            "bytes": total,
            "requests": len(responses),
            "by_kind": by_kind,
            "http_errors": errors,
            "unreadable_bodies": failed,
            "outside_requests": outside,
        }
        if compressed:
            result.update(decoded_bytes=decoded, gzipped_responses=gzipped)
        return result
    finally:
        context.close()


def _series(sites: dict[str, Path], pages: list[str], compressed: bool) -> dict[str, dict[str, dict]]:
    """One browser loading every page of every site (interleaved), plain or gzip-compressed."""
    from playwright.sync_api import sync_playwright

    result: dict[str, dict[str, dict]] = {page: {} for page in pages}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium.executable(), args=chromium.ARGS)
        try:
            with serve(sites["ours"], compressed) as ours, serve(sites["baseline"], compressed) as base:
                roots = {"ours": ours, "baseline": base}
                for page in pages:
                    for name in sites:
                        result[page][name] = load(browser, roots[name] + page, compressed)
        finally:
            browser.close()
    return result


def measure(sites: dict[str, Path], pages: list[str], gzip: bool = True) -> dict[str, dict[str, dict]]:
    """{page: {site name: load()}}; the sites are loaded page by page, interleaved.

    With ``gzip``, each load() also holds ``"gzip"``: the load of the same page from a server that
    gzip-compresses text. That series runs at the same time as the plain one, in a browser of its
    own (a Playwright instance per thread), so it adds little to the wall time.
    """
    if not gzip:
        return _series(sites, pages, False)
    with ThreadPoolExecutor(2) as pool:
        plain = pool.submit(_series, sites, pages, False)
        compressed = pool.submit(_series, sites, pages, True)
        result, packed = plain.result(), compressed.result()
    for page, loads in result.items():
        for name, figures in loads.items():
            figures["gzip"] = packed[page][name]
    return result
