"""Glue shared by the tests: expected outputs that live in the repository."""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"
DOCS = ROOT / "docs"
# WIKI_SITE lets a writer test against a build in another folder (the gate uses _build/html).
SITE = Path(os.environ.get("WIKI_SITE", ROOT / "_build" / "html")).resolve()
ARTIFACTS = ROOT / "_build" / "test-artifacts"
REGEN = os.environ.get("REGEN") == "1"
IN_CI = os.environ.get("CI", "").lower() == "true"
# The site as hosted (tests/test_online.py): what a host sets for the build.
HOSTED = {"WIKI_BASE_URL": "https://team.example.org/wiki/", "WIKI_REPO_URL": "https://git.example.org/team/wiki"}


def expect_file(path: Path, actual: str, by: str | None = None) -> None:
    """Compare a fresh run's output with the expected file checked into the repository.

    With ``REGEN=1`` (``make regen``) the file is rewritten instead, for a person to review
    with ``git diff``. ``by`` names what produced the output (engine or program and its version,
    read from the run); an output under snippets/ is then recorded as this session's run of it.
    """
    path = Path(path)
    if REGEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    elif not path.exists():
        raise AssertionError(f"{path.relative_to(ROOT)} is missing: run `make regen` and review it")
    else:
        expected = path.read_text(encoding="utf-8")
        if expected != actual:
            diff = "".join(
                difflib.unified_diff(
                    expected.splitlines(True),
                    actual.splitlines(True),
                    f"{path.relative_to(ROOT)} (checked in)",
                    "fresh run",
                )
            )
            raise AssertionError(f"{path.relative_to(ROOT)} differs from a fresh run (make regen rewrites it):\n{diff}")
    if by is not None and path.resolve().is_relative_to(SNIPPETS):
        _note(path, "output_of", by)


def require_tool(name: str) -> str:
    """The path of a command the tests need; its absence is a failure, never a skip."""
    # The venv's own tools (shellcheck, hadolint, …) first: `make test` does not put .venv/bin on PATH.
    path = shutil.which(name, path=os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")]))
    if not path:
        raise AssertionError(f"`{name}` is not installed: run `make setup`")
    return path


# The Java helpers of the tests and the Java snippets, compiled once by `make java` (a prerequisite of `make test`).
JAVA_CLASSES = ROOT / "_build" / "java"


def java_classes(*sources: Path) -> Path:
    """The folder `make java` compiled ``sources`` into; missing or out-of-date classes are a failure."""
    stamp = JAVA_CLASSES / ".compiled"
    if not stamp.is_file():
        raise AssertionError(f"{JAVA_CLASSES.relative_to(ROOT)} is missing: run `make java`")
    for source in sources:
        package = re.search(r"^package ([\w.]+);", source.read_text(encoding="utf-8"), re.M)
        folder = JAVA_CLASSES.joinpath(*package.group(1).split(".")) if package else JAVA_CLASSES
        compiled = folder / f"{source.stem}.class"
        if not compiled.is_file() or source.stat().st_mtime > stamp.stat().st_mtime:
            raise AssertionError(f"{source.relative_to(ROOT)} is not compiled or changed since: run `make java`")
    return JAVA_CLASSES


# -- Verification records ------------------------------------------------------------------------
# What verified each snippet is data beside the snippets: snippets/<section>/verification.json,
# written by `make regen` from the records the tests make during a run, and compared with a fresh
# run otherwise (tests/test_verification.py). The build publishes it and marks every code block
# with it. Versions come from the run, never from a literal in a test. A run's records are lines in one file
# (RECORDS_VARIABLE, made by tests/conftest.py), which every process of the run appends to.
RECORDS_VARIABLE = "TEAMWIKI_RECORDS"


def snippet_key(snippet: Path | str) -> str:
    """A snippet's key in the records: its path under snippets/, with forward slashes."""
    path = Path(snippet)
    if path.is_absolute():
        path = path.resolve().relative_to(SNIPPETS)
    return path.as_posix()


def section_of(key: str) -> str:
    """The section whose verification.json holds a snippet: ``tools/<tool>`` or the top folder."""
    parts = key.split("/")
    return "/".join(parts[:2] if parts[0] == "tools" else parts[:1])


def _note(snippet: Path | str, field: str, by: str, reason: str | None = None) -> None:
    if not by or not any(ch.isdigit() for ch in by):
        raise ValueError(f"say what verified {snippet} with its version, read from the run: {by!r}")
    key = snippet_key(snippet)
    if not (SNIPPETS / key).is_file():
        raise ValueError(f"{key} is not a file under snippets/")
    line = json.dumps([key, field, by, reason], ensure_ascii=False) + "\n"
    with open(os.environ[RECORDS_VARIABLE], "a", encoding="utf-8") as file:  # one short append: a whole line
        file.write(line)


def record_run(snippet: Path | str, by: str) -> None:
    """This snippet ran on ``by`` (an engine or program and its version, e.g. "Spark SQL 4.0.1")."""
    _note(snippet, "ran_on", by)


def record_check(snippet: Path | str, by: str, reason: str | None = None) -> None:
    """This snippet was checked by the tool ``by`` (with its version); ``reason`` says why it cannot run here."""
    _note(snippet, "checked_by", by, reason)


def session_records() -> dict[str, dict[str, set[str] | str]]:
    """{snippet key: {field: the tools that ran or checked it, "not_run": why not}} of this run so far."""
    records: dict[str, dict[str, set[str] | str]] = {}
    for line in Path(os.environ[RECORDS_VARIABLE]).read_text(encoding="utf-8").splitlines():
        key, field, by, reason = json.loads(line)
        record = records.setdefault(key, {})
        record.setdefault(field, set()).add(by)
        if reason:
            record["not_run"] = reason
    return records
