"""Glue shared by the tests: expected outputs that live in the repository."""

from __future__ import annotations

import difflib
import os
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


def expect_file(path: Path, actual: str) -> None:
    """Compare a fresh run's output with the expected file checked into the repository.

    With ``REGEN=1`` (``make regen``) the file is rewritten instead, for a person to review
    with ``git diff``.
    """
    path = Path(path)
    if REGEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        raise AssertionError(f"{path.relative_to(ROOT)} is missing: run `make regen` and review it")
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


def require_tool(name: str) -> str:
    """The path of a command the tests need; its absence is a failure, never a skip."""
    # The venv's own tools (shellcheck, hadolint, …) first: `make test` does not put .venv/bin on PATH.
    path = shutil.which(name, path=os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")]))
    if not path:
        raise AssertionError(f"`{name}` is not installed: run `make setup`")
    return path
