"""The one strict build command: every reader-facing target and every host uses it, and it never trusts
an earlier build."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import yaml

from teamwiki import build
from tests.helpers import ROOT


def test_a_second_build_reports_the_first_ones_errors(tmp_path):
    src = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "roots" / "test-rebuild", src)
    out = src / "_build" / "html"
    for attempt in (1, 2):  # an incremental rebuild would skip the unchanged page and pass
        result = build.run("html", out, root=src, capture_output=True, text=True)
        assert result.returncode != 0, f"build {attempt} passed despite the broken reference"
        assert "index.md:3" in result.stderr and "no-such-label" in result.stderr, result.stderr


def _dry_run(target: str, *options: str) -> str:
    return subprocess.run(["make", "-n", *options, target], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def test_reader_targets_use_the_strict_build():
    for target in ("html", "offline"):
        assert "-m teamwiki.build html _build/html" in _dry_run(target), target
    # pdf prints a fresh singlehtml build made by the same command
    assert "-m teamwiki.pdf" in _dry_run("pdf")
    assert 'build.run("singlehtml"' in (ROOT / "teamwiki" / "pdf.py").read_text()


def _pins(path) -> dict[str, str]:
    """{normalised name: version} of a pip requirements file (comments and `-r` lines left out)."""
    pins = {}
    for line in (ROOT / path).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_read_the_docs_runs_the_same_command_and_pins():
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    install = " ".join(config["build"]["jobs"]["install"])
    assert "-r requirements/docs.lock" in install and "npm ci" in install
    assert "test.lock" not in install, "Read the Docs installs what building needs, not the test engines"
    html = " ".join(config["build"]["jobs"]["build"]["html"])
    assert "python -m teamwiki.build html $READTHEDOCS_OUTPUT/html" in html


def test_make_html_installs_the_docs_set_and_make_test_the_test_set():
    html, test = _dry_run("html", "-B"), _dry_run("test", "-B")  # -B: as from a clean clone, whatever is installed
    assert "-r requirements/docs.lock" in html and "requirements/test.lock" not in html
    assert "tools/system-deps docs" in html and "tools/system-deps test" not in html
    assert "-r requirements/test.lock" in test and "tools/system-deps test" in test


def test_the_two_lock_files_agree():
    docs, test = _pins("requirements/docs.lock"), _pins("requirements/test.lock")
    assert docs and test
    differ = {name: (version, test.get(name)) for name, version in docs.items() if test.get(name) != version}
    assert not differ, f"docs.lock must pin what test.lock pins (run `make lock`): {differ}"
    for source, lock in (("requirements/docs.in", docs), ("requirements/test.in", test)):
        stale = {name: (v, lock.get(name)) for name, v in _pins(source).items() if lock.get(name) != v}
        assert not stale, f"{source} and its lock disagree (run `make lock`): {stale}"
    assert "-r docs.in" in (ROOT / "requirements" / "test.in").read_text(), "the test set includes the docs set"


def test_pages_workflow_tests_before_it_deploys():
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    runs = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    readme_test = re.search(r"^make test\b", (ROOT / "README.md").read_text(), re.M)
    assert readme_test, "the README no longer names `make test`"
    assert "make test" in runs and "make html" in runs
    assert runs.index("make test") < runs.index("make html"), "the site is built for publishing after the tests"
    assert workflow["jobs"]["deploy"]["needs"] == "build"


def test_make_test_lints_first():
    dry = _dry_run("test")
    assert dry.index("ruff check") < dry.index("-m pytest"), "make test must run make lint before the tests"


def test_whole_site_builds_are_logged_and_tiny_sites_are_not(tmp_path):
    """The count a run reports (tests/conftest.py) comes from this log, written by the build entry point."""
    log = tmp_path / "builds.log"
    env = os.environ | {build.LOG_VARIABLE: str(log)}  # not this process's: its other builds log to the run's
    tiny = tmp_path / "tiny"
    shutil.copytree(ROOT / "tests" / "roots" / "test-rebuild", tiny)
    for root in (ROOT, tiny):  # --help: Sphinx parses the command line and builds nothing
        run = build.run("html", tmp_path / "out", root=root, extra=["--help"], capture_output=True, env=env)
        assert run.returncode == 0
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and lines[0].split("\t")[0] == "html", lines


def test_a_warm_build_is_the_plain_build(tmp_path, monkeypatch):
    """The run forks its builds from a warm server (tests/conftest.py calls build.warm_processes): each gives
    the exit status, messages and pages that `python -m sphinx` started afresh gives, in its folder and
    environment."""
    assert build._WARM["on"], "the test run no longer forks its builds warm"
    src = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "roots" / "test-review", src)
    conf = src / "conf.py"  # the day then comes from the environment
    conf.write_text(conf.read_text(encoding="utf-8").replace('review_today = "2027-01-15"', ""), encoding="utf-8")
    (src / "docs" / "index.md").write_text("# 首页\n\n见 {ref}`no-such-label`。\n", encoding="utf-8")
    env = os.environ | {"WIKI_TODAY": "2027-07-01"}
    runs = {}
    for way, out in (("warm", "out-1"), ("plain", "out-2")):
        monkeypatch.setitem(build._WARM, "on", way == "warm")
        # a relative output folder: the build runs in the folder it is given
        runs[way] = build.sphinx(
            ["-n", "-E", "-b", "html", "-c", ".", "docs", out], cwd=src, env=env, capture_output=True, text=True
        )
    assert runs["warm"].returncode == runs["plain"].returncode == 0, runs["warm"].stderr
    assert "index.md:3" in runs["warm"].stderr and "no-such-label" in runs["warm"].stderr, runs["warm"].stderr
    for stream in ("stdout", "stderr"):
        assert getattr(runs["warm"], stream).replace("out-1", "out-2") == getattr(runs["plain"], stream), stream
    pages = sorted(path.relative_to(src / "out-2") for path in (src / "out-2").glob("*.html"))
    assert [path.relative_to(src / "out-1") for path in sorted((src / "out-1").glob("*.html"))] == pages
    for page in pages:
        assert (src / "out-1" / page).read_bytes() == (src / "out-2" / page).read_bytes(), page
    assert "待复核" in (src / "out-1" / "today.html").read_text(encoding="utf-8")  # WIKI_TODAY reached the build
