"""Fixtures shared by the whole suite: the built site, a local HTTP server, a browser."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading

import pytest

import chromium
from tests.helpers import ROOT, SITE


def sphinx_build(srcroot, outdir, *extra):
    """Run the strict build of the site whose conf.py is in ``srcroot``; return the completed process."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-n",
            "-W",
            "--keep-going",
            "-b",
            "html",
            *extra,
            "-c",
            str(srcroot),
            str(srcroot / "docs"),
            str(outdir),
        ],
        capture_output=True,
        text=True,
        cwd=srcroot,
    )


@pytest.fixture(scope="session")
def site_build():
    """The strict build of the site, always into a clean output folder (the gate)."""
    shutil.rmtree(SITE, ignore_errors=True)
    result = sphinx_build(ROOT, SITE)
    return result


@pytest.fixture(scope="session")
def site(site_build):
    """The built site's folder; fails (never skips) when the strict build failed."""
    if site_build.returncode != 0:
        pytest.fail(f"the strict build failed:\n{site_build.stderr[-4000:]}")
    return SITE


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def http_root(site):
    """The site served over http://127.0.0.1 on a free port."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    path = chromium.executable()
    if not path:
        pytest.fail("Debian's chromium is not installed: run `make setup`")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=chromium.ARGS)
        yield browser
        browser.close()
