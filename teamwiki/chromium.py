"""The one place that says how this project starts Chromium and serves a folder over http (build, tests, PDF,
benchmark).

Debian's browser, never a downloaded one; ``CHROMIUM`` may name another (a CI runner's). Everything here runs
headless, so Debian's ``chromium-headless-shell`` (the old headless shell, the build Playwright's own headless
default is) comes first when it is installed: it starts without the full browser's UI and GPU processes, and a
visit of every page costs it about a sixth less CPU here (tests/browsing.py's sweeps, measured side by side).
Full ``chromium`` is the fallback.
As root Chromium needs ``--no-sandbox``; the other flags stop it calling home, which on these
machines' closed network only produces refused connections.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from urllib.parse import urlparse

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def executable() -> str | None:
    """The browser to launch: $CHROMIUM, else Debian's chromium-headless-shell or chromium on PATH, else None."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium-headless-shell") or shutil.which("chromium")


def launch(playwright, *, required: bool = True):
    """Chromium through Playwright with the project's flags.

    ``required``: no such browser is an error (tests, PDF, bench). The build passes False so that a
    host without Debian's Chromium (Read the Docs) uses Playwright's own, installed by its config.
    """
    path = executable()
    if path and not os.path.exists(path):
        path = None
    if required and not path:
        raise RuntimeError("Debian's chromium is not installed (or $CHROMIUM names no file): run `make setup`")
    return playwright.chromium.launch(executable_path=path, args=ARGS)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder) -> Iterator[str]:
    """``folder`` served over http://127.0.0.1 on a free port, for as long as the block runs; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def is_local(url: str, *, loopback: bool = True) -> bool:
    """A request the offline site may make: from disk (file, data, blob, about) or, if ``loopback``, 127.0.0.1."""
    parsed = urlparse(url)
    return parsed.scheme in ("file", "data", "blob", "about") or (loopback and parsed.hostname == "127.0.0.1")


def outside_pattern(*, loopback: bool = True) -> re.Pattern:
    """Every URL that may not be local (a superset of ``not is_local``). Playwright matches a regex route in the
    browser's driver, so the many local requests of a page never make the round trip to Python."""
    local = r"(?:file|data|blob|about):" + (r"|http://127\.0\.0\.1(?::\d+)?(?:[/?#]|$)" if loopback else "")
    return re.compile(rf"^(?!{local})")


def route_offline(context, outside: list[str], *, loopback: bool = True) -> None:
    """Let a browser context load only local URLs; every other request is refused and recorded in ``outside``."""

    def route(route):
        if is_local(route.request.url, loopback=loopback):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route(outside_pattern(loopback=loopback), route)


# Run in the page after its load event; resolves when nothing the page shows is still loading (at most 5 s).
LOAD_EVERYTHING = """async () => {
  for (const el of document.querySelectorAll('[loading="lazy"]')) el.loading = 'eager';
  window.scrollTo({top: document.documentElement.scrollHeight, behavior: 'instant'});
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  await document.fonts.ready;
  const pending = [...document.images].filter((img) => !img.complete).map((img) => new Promise((done) => {
    img.addEventListener('load', done, {once: true});
    img.addEventListener('error', done, {once: true});
  }));
  await Promise.race([Promise.all(pending), new Promise((done) => setTimeout(done, 5000))]);
}"""


class Visit:
    """One browser context in one colour scheme, recording console errors and outside requests."""

    def __init__(self, browser, scheme: str):
        self.context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.outside: list[str] = []
        route_offline(self.context, self.outside)
        self.page = self.context.new_page()
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def open(self, url: str):
        """Load the page and everything it would load for a reader who scrolls through it: lazy images and frames
        anywhere on the page are switched to eager, the page is scrolled to its end, and the visit waits until every
        image has loaded or failed (an outside one fails at once: it is refused by the offline routing)."""
        self.page.goto(url, wait_until="load")
        self.page.evaluate(LOAD_EVERYTHING)
        return self.page

    def close(self):
        self.context.close()
