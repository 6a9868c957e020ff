"""Fixtures shared by the whole suite: the built site, a local HTTP server, a browser."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading

import pytest

from teamwiki import build, chromium
from tests.helpers import ROOT, SITE


def sphinx_build(srcroot, outdir, *extra):
    """Run the strict build of the site whose conf.py is in ``srcroot``; return the completed process."""
    return build.run("html", outdir, root=srcroot, extra=extra, capture_output=True, text=True)


def pytest_collection_modifyitems(session, config, items):
    """The verification records are checked after every other test has made its records."""
    last = [item for item in items if item.path.name == "test_verification.py"]
    items[:] = [item for item in items if item not in last] + last
    # A full run (no paths, no -k/-m, nothing deselected) may also demand that every snippet is accounted for.
    config.wiki_full_run = config.args_source == pytest.Config.ArgsSource.TESTPATHS and not (
        config.option.keyword or config.option.markexpr or config.option.deselect or config.option.lf
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
