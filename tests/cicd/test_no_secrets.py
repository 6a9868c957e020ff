"""No secret in the repository: detect-secrets over every tracked file (lock files excepted)."""

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


def test_no_secrets_in_tracked_files():
    files = tracked_files()
    assert len(files) > 50
    result = scan(files, ROOT)
    assert result.returncode == 0, f"detect-secrets found something:\n{result.stdout}{result.stderr}"


def test_the_scanner_finds_a_planted_secret(tmp_path):
    # built at run time so that the repository itself never holds the string
    fake = "AKIA" + "IOSFODNN7" + "EXAMPLQ"
    (tmp_path / "settings.py").write_text(f'aws_access_key_id = "{fake}"\n')
    result = scan(["settings.py"], tmp_path)
    assert result.returncode != 0 and "AWS Access Key" in result.stdout
