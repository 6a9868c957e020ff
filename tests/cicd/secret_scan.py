"""detect-secrets over the repository's tracked files (lock files excepted): the scan the cicd tests check, run
early beside the other tests (tests/cicd/conftest.py). Not a test module."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT

HOOK = Path(sys.executable).parent / "detect-secrets-hook"
BASELINE = ROOT / ".secrets.baseline"
SKIP = ("requirements/docs.lock", "requirements/test.lock", "package-lock.json")


def tracked_files() -> list[str]:
    names = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [n for n in names.split("\0") if n and not n.endswith(SKIP) and (ROOT / n).is_file()]


def scan(files: list[str], cwd: Path) -> subprocess.CompletedProcess:
    assert HOOK.exists(), "detect-secrets is not installed in the venv: run `make setup`"
    args = [str(HOOK), "--baseline", str(BASELINE)] if BASELINE.exists() else [str(HOOK)]
    return subprocess.run([*args, *files], cwd=cwd, capture_output=True, text=True, timeout=300)


def scan_tracked_files() -> tuple[list[str], subprocess.CompletedProcess]:
    files = tracked_files()
    return files, scan(files, ROOT)
