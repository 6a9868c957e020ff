"""Fixtures shared by the whole suite: the built site (and its hosted and printed builds), a local HTTP server,
a browser."""

from __future__ import annotations

import compileall
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import Future
from pathlib import Path

import pytest

from teamwiki import build, chromium
from tests import browsing, scheduling
from tests.helpers import HOSTED, RECORDS_VARIABLE, REGEN, ROOT, SITE

# No bytecode next to the snippets: tests import snippet modules and run snippet scripts (this process and
# the ones it starts), and a __pycache__ in snippets/ would be published and linted as if it were a snippet.
sys.dont_write_bytecode = True
os.environ["PYTHONDONTWRITEBYTECODE"] = "1"


# Every whole-site build this run makes (the `site` fixture, the hosted build, the PDF's singlehtml, in this
# process or a tool it starts) appends a line to this log (teamwiki.build.run); a full run reports the count at
# its end and fails when it is over the budget: each one costs more than a minute here.
WHOLE_SITE_BUILDS_BUDGET = 3


# The files a run shares between its processes (pytest-xdist's workers inherit the controller's environment):
# {variable: its file name's prefix}.
RUN_FILES = {
    build.LOG_VARIABLE: "wiki-builds-",
    RECORDS_VARIABLE: "wiki-records-",
    scheduling.GROUPS_VARIABLE: "wiki-groups-",
}
FULL_RUN_VARIABLE = "TEAMWIKI_FULL_RUN"


def _is_full_run(config) -> bool:
    """A full run (no paths, no -k/-m, nothing deselected) may demand that every snippet is accounted for. A worker
    is given the controller's paths, so it asks the controller."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return os.environ.get(FULL_RUN_VARIABLE) == "1"
    return config.args_source == pytest.Config.ArgsSource.TESTPATHS and not (
        config.option.keyword or config.option.markexpr or config.option.deselect or getattr(config.option, "lf", False)
    )


@pytest.hookimpl(tryfirst=True)  # before the section conftests' own, which register their engines here
def pytest_configure(config):
    config.wiki_early_jvms = EARLY_JVMS
    config.wiki_early_result = _result
    config.wiki_full_run = _is_full_run(config)
    config.wiki_run_files = []
    build.warm_processes()  # each process of the run starts about 35 builds: fork them warm
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    # The wiki's own package is compiled here once, since nothing else may write bytecode: each of the run's
    # builds and tools imports it in a process of its own (about 0.1 s less for each one of them).
    compileall.compile_dir(ROOT / "teamwiki", quiet=1)
    os.environ[FULL_RUN_VARIABLE] = "1" if config.wiki_full_run else "0"
    for variable, prefix in RUN_FILES.items():
        handle, name = tempfile.mkstemp(prefix=prefix)  # this run's own
        os.close(handle)
        os.environ[variable] = name
        config.wiki_run_files.append(variable)
    config.wiki_build_log = Path(os.environ[build.LOG_VARIABLE])


def pytest_unconfigure(config):
    for future in _started.values():  # a run stopped early (-x) waits for its builds: none outlives it
        future.exception()
    _stop_untaken_engines()
    for variable in config.wiki_run_files:
        Path(os.environ.pop(variable)).unlink(missing_ok=True)
    os.environ.pop(FULL_RUN_VARIABLE, None)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`make test`'s two workers: engines in one, the site in the other (tests/scheduling.py)."""
    return scheduling.WikiScheduling(config, log)


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


def _early_names(item) -> set[str]:
    """The fixtures a test uses, and the runs started early that it takes by name (``@pytest.mark.early(name)``:
    a test outside the section whose conftest registers that run, which cannot use its fixture)."""
    return set(getattr(item, "fixturenames", ())) | {mark.args[0] for mark in item.iter_markers("early")}


def pytest_collection_modifyitems(session, config, items):
    """Test files that need nothing started early first (they run while the engines start and the builds run),
    then those that need an engine, then those that read the gate, then those that read the hosted build, the PDF
    or the browser sweeps; the verification records are checked after every other test has made its records.
    A file's tests stay together, in their order."""
    rank = _ranks
    for item in items:
        used = _early_names(item)
        level = max((EARLY_RANK[n] for n in used & set(EARLY)), default=0.5 if used & set(EARLY_JVMS) else 0)
        level = 3 if item.path.name == "test_verification.py" else level
        rank[item.path] = max(rank.get(item.path, 0), level)
    items.sort(key=lambda item: rank[item.path])  # stable: the collected order within a rank
    if os.environ.get("PYTEST_XDIST_WORKER"):
        scheduling.write_groups({item.nodeid.split("::", 1)[0]: _group(rank[item.path]) for item in items})


_ranks: dict[Path, float] = {}  # {test file: its rank}


def _group(rank: float) -> str:
    """A test file's group in a run shared by pytest-xdist's workers (tests/scheduling.py), from its rank."""
    if rank == 3:
        return scheduling.LAST
    if rank >= 1:
        return scheduling.SITE
    return scheduling.ENGINES if rank == 0.5 else scheduling.ANY


# -- Whole-site builds and the browser sweeps, started early ---------------------------------------------------
# The three whole-site builds and the visit of every page in Chromium are most of a run's time and leave a core
# idle: they start in the background as soon as the tests are collected, and only the tests that read them wait.
# The gate goes first; the hosted build, the PDF and the sweeps start when it is done, so the diagrams are
# rendered once (into the cache) and never by two builds at once. `make regen` makes them lazily (each still in a
# thread of its own), as before: its tests rewrite files the builds read.
HOSTED_OUT = ROOT / "_build" / "test-hosted"
PDF_OUT = ROOT / "_build" / "test-pdf"


def _gate_build():
    """The strict build of the site, always into a clean output folder (the gate)."""
    shutil.rmtree(SITE, ignore_errors=True)
    return build.run("html", SITE, capture_output=True, text=True)


def _hosted_build():
    """The site built as for hosting: base URL and repository configured."""
    shutil.rmtree(HOSTED_OUT, ignore_errors=True)
    env = dict(os.environ, **HOSTED)
    return build.run("html", HOSTED_OUT, extra=["-q"], env=env, capture_output=True, text=True)


def _pdf_run():
    """teamwiki/pdf.py (`make pdf`: a strict singlehtml build, printed by Chromium) into a fresh folder."""
    shutil.rmtree(PDF_OUT, ignore_errors=True)
    PDF_OUT.mkdir(parents=True)
    command = [sys.executable, "-m", "teamwiki.pdf", str(PDF_OUT)]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT)


def _browser_sweeps():
    """Every page of the gate in Chromium, from file:// and over http, light and dark (tests/browsing.py): the
    sweeps the collected tests read."""
    if _result("site_build").returncode != 0:
        raise RuntimeError("the strict build failed: no site to visit (the site tests show its errors)")
    return browsing.sweep_site(SITE, _sweeps_wanted)


# The (kind, scheme) sweeps the collected tests read, from their parameters: a test that names no kind reads the
# http sweep (the only one with axe), one that names no scheme the light one (the only one with copy clicks).
_sweeps_wanted: set[tuple[str, str]] = set()


def _want_sweeps(items) -> None:
    for item in items:
        if "browser_sweeps" in getattr(item, "fixturenames", ()):
            params = getattr(getattr(item, "callspec", None), "params", {})
            _sweeps_wanted.add((params.get("kind", "http"), params.get("scheme", "light")))


EARLY = {
    "site_build": (_gate_build, None),
    "hosted_build": (_hosted_build, "site_build"),
    "pdf_run": (_pdf_run, "site_build"),
    "browser_sweeps": (_browser_sweeps, "site_build"),
}
# The order of the tests that wait for them: the latest-ready last, so that the foreground runs other tests meanwhile.
EARLY_RANK = {"site_build": 1, "hosted_build": 2, "pdf_run": 2, "browser_sweeps": 2}
_started: dict[str, Future] = {}
# Engines and other slow runs started early the same way (a JVM takes 10–90 s to start here; the secret scan
# and the model's training take seconds each): a section's conftest registers
# {fixture name: (start, stop, after)} in its pytest_configure (`config.wiki_early_jvms`). The start runs right
# after collection when a collected test uses that fixture (or is marked `early(name)`), also under REGEN (it reads
# no file a test rewrites); with `after` (another such name) it runs when that one is done and is given its result.
# The fixture takes the result with `config.wiki_early_result(name)` and stops it; one that no fixture took is
# stopped at the end.
EARLY_JVMS: dict[str, tuple] = {}
_taken: set[str] = set()


def _start(name: str) -> None:
    if name in EARLY_JVMS:
        work, _, after = EARLY_JVMS[name]
    else:
        work, after = EARLY[name]
    before = _started.get(after)
    future: Future = Future()

    def run():
        if before is not None:
            before.exception()  # waits; its failure is reported by its own fixture
        try:
            future.set_result(work(before.result()) if name in EARLY_JVMS and before is not None else work())
        except BaseException as error:  # handed to the fixture that waits for it
            future.set_exception(error)

    threading.Thread(target=run, name=f"wiki-{name}", daemon=True).start()
    _started[name] = future


def _stop_untaken_engines() -> None:
    for name in reversed(list(_started)):  # the later ones may run inside the earlier ones
        if name in EARLY_JVMS and name not in _taken and _started[name].exception() is None:
            EARLY_JVMS[name][1](_started[name].result())


def pytest_collection_finish(session):
    if session.config.option.collectonly:
        return
    items = session.items
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:  # only the runs of the files this worker is sent (tests/scheduling.py)
        groups = scheduling.owned_groups(worker, int(os.environ["PYTEST_XDIST_WORKER_COUNT"]))
        items = [item for item in items if _group(_ranks[item.path]) in groups]
    wanted = set()
    for item in items:
        wanted.update(_early_names(item))
    _want_sweeps(items)
    for name, (_, _, after) in EARLY_JVMS.items():  # before the builds: each in a thread of its own
        if name in wanted and (after is None or after in _started):
            _start(name)
    if REGEN:
        return
    for name in EARLY:  # in order: the gate before the builds that wait for it
        if name in wanted:
            _start(name)


def _result(name: str, *args):
    """The result of a build or an engine started early, or of starting it now (`args`: the `after` result)."""
    future = _started.get(name)
    if name in EARLY_JVMS:
        _taken.add(name)
        return future.result() if future is not None else EARLY_JVMS[name][0](*args)
    if future is None:
        _start(name)
    return _started[name].result()


@pytest.fixture(scope="session")
def site_build():
    return _result("site_build")


@pytest.fixture(scope="session")
def hosted_build():
    """(output folder, completed build) of the site built as for hosting (tests/test_online.py)."""
    return HOSTED_OUT, _result("hosted_build")


@pytest.fixture(scope="session")
def pdf_run():
    """(output folder, completed run) of teamwiki/pdf.py (tests/test_pdf.py)."""
    return PDF_OUT, _result("pdf_run")


@pytest.fixture(scope="session")
def browser_sweeps(site):
    """{(kind, scheme): Sweep, or the error that stopped it} of tests/browsing.py (tests/test_browser.py)."""
    return _result("browser_sweeps")


@pytest.fixture(scope="session")
def site(site_build):
    """The built site's folder; fails (never skips) when the strict build failed."""
    if site_build.returncode != 0:
        pytest.fail(f"the strict build failed:\n{site_build.stderr[-4000:]}")
    return SITE


@pytest.fixture
def quiet_site(site):
    """The gate's folder once nothing reads it in the background any more (the browser sweeps): for a test that
    builds into it again, which rewrites files such as search.html and _static/ even when nothing changed."""
    sweeps = _started.get("browser_sweeps")
    if sweeps is not None:
        sweeps.exception()  # waits; a failure of the sweeps is reported by their own tests
    return site


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
