"""Fixtures shared by the whole suite: the built site, a local HTTP server, a browser."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from teamwiki import build, chromium
from tests.helpers import SITE

# No bytecode next to the snippets: tests import snippet modules and run snippet scripts (this process and
# the ones it starts), and a __pycache__ in snippets/ would be published and linted as if it were a snippet.
sys.dont_write_bytecode = True
os.environ["PYTHONDONTWRITEBYTECODE"] = "1"


def pytest_collection_modifyitems(session, config, items):
    """The verification records are checked after every other test has made its records."""
    last = [item for item in items if item.path.name == "test_verification.py"]
    items[:] = [item for item in items if item not in last] + last
    # A full run (no paths, no -k/-m, nothing deselected) may also demand that every snippet is accounted for.
    config.wiki_full_run = config.args_source == pytest.Config.ArgsSource.TESTPATHS and not (
        config.option.keyword or config.option.markexpr or config.option.deselect or getattr(config.option, "lf", False)
    )


@pytest.fixture(scope="session")
def site_build():
    """The strict build of the site, always into a clean output folder (the gate)."""
    shutil.rmtree(SITE, ignore_errors=True)
    result = build.run("html", SITE, capture_output=True, text=True)
    return result


@pytest.fixture(scope="session")
def site(site_build):
    """The built site's folder; fails (never skips) when the strict build failed."""
    if site_build.returncode != 0:
        pytest.fail(f"the strict build failed:\n{site_build.stderr[-4000:]}")
    return SITE


@pytest.fixture(scope="session")
def http_root(site):
    """The site served over http://127.0.0.1 on a free port."""
    with chromium.serve(site) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser); missing is a failure."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        try:
            browser = chromium.launch(pw)
        except RuntimeError as error:
            pytest.fail(str(error))
        yield browser
        browser.close()
