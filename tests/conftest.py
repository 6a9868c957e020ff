"""Fixtures shared by the whole suite: the built site, a local HTTP server, a browser."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from teamwiki import build, chromium
from tests.helpers import ROOT, SITE

# No bytecode next to the snippets: tests import snippet modules and run snippet scripts (this process and
# the ones it starts), and a __pycache__ in snippets/ would be published and linted as if it were a snippet.
sys.dont_write_bytecode = True
os.environ["PYTHONDONTWRITEBYTECODE"] = "1"


# Every whole-site build this run makes (the `site` fixture, the hosted build, the PDF's singlehtml, in this
# process or a tool it starts) appends a line to this log (teamwiki.build.run); a full run reports the count at
# its end and fails when it is over the budget: each one costs more than a minute here.
WHOLE_SITE_BUILDS_BUDGET = 3


def pytest_configure(config):
    if not os.environ.get(build.LOG_VARIABLE):  # pytest-xdist workers inherit the controller's log
        log = ROOT / "_build" / "test-builds.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text("", encoding="utf-8")
        os.environ[build.LOG_VARIABLE] = str(log)
        config.wiki_build_log = log


def _whole_site_builds(config) -> list[list[str]]:
    log = getattr(config, "wiki_build_log", None)
    if log is None or not log.exists():
        return []
    return [line.split("\t") for line in log.read_text(encoding="utf-8").splitlines() if line]


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if getattr(config, "wiki_build_log", None) is None:
        return
    builds = _whole_site_builds(config)
    detail = ", ".join(f"{builder} {seconds} s" for builder, seconds, _ in builds)
    over = len(builds) > WHOLE_SITE_BUILDS_BUDGET
    terminalreporter.write_line(
        f"whole-site builds: {len(builds)} (budget {WHOLE_SITE_BUILDS_BUDGET}){': ' + detail if detail else ''}",
        red=over and getattr(config, "wiki_full_run", False),
    )
    if over and getattr(config, "wiki_full_run", False):
        terminalreporter.write_line("error: more whole-site builds than the budget: the run fails", red=True)


def pytest_sessionfinish(session, exitstatus):
    config = session.config
    if getattr(config, "wiki_full_run", False) and len(_whole_site_builds(config)) > WHOLE_SITE_BUILDS_BUDGET:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


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
