"""The one place that says how this project starts Chromium and serves a folder over http (build, tests, PDF,
benchmark).

Debian's browser, never a downloaded one; ``CHROMIUM`` may name another (a CI runner's).
As root Chromium needs ``--no-sandbox``; the other flags stop it calling home, which on these
machines' closed network only produces refused connections.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
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
    """The browser to launch: $CHROMIUM, else Debian's chromium on PATH, else None."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium")


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


def route_offline(context, outside: list[str], *, loopback: bool = True) -> None:
    """Let a browser context load only local URLs; every other request is refused and recorded in ``outside``."""

    def route(route):
        if is_local(route.request.url, loopback=loopback):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)


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
        """Load the page and scroll it to its end, so that what loads lazily (images far down) loads too."""
        self.page.goto(url, wait_until="load")
        self.page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
        try:
            self.page.wait_for_load_state("networkidle", timeout=5_000)
        except Exception:  # a page that keeps a connection open: what it requested is recorded all the same
            pass
        return self.page

    def close(self):
        self.context.close()
