"""Small writer rules, each on a tiny input: a duplicate label names its own line; CRLF fails `make lint`."""

from __future__ import annotations

import shutil
import subprocess
import sys

from teamwiki import build, textlint
from tests.helpers import ROOT


def test_a_duplicate_label_is_reported_at_the_new_labels_line(tmp_path):
    src = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "roots" / "test-labels", src)
    result = build.run("html", src / "_build", root=src, capture_output=True, text=True)
    assert result.returncode != 0
    rows = [row for row in result.stderr.splitlines() if "duplicate label" in row]
    assert len(rows) == 1, rows  # one mistake, one warning
    assert "other.md:7:" in rows[0] and "index.md:7" in rows[0], rows


def test_crlf_and_trailing_blanks_are_flagged_with_file_and_line(tmp_path):
    good, bad = tmp_path / "good.sh", tmp_path / "bad.sh"
    good.write_bytes(b"# fine\necho ok\n")
    bad.write_bytes(b"# windows\r\necho ok \n")
    assert textlint.problems(good) == []
    assert textlint.problems(bad) == [
        f"{bad}:1: CRLF line ending (save the file with LF endings)",
        f"{bad}:2: trailing whitespace",
    ]
    run = subprocess.run(
        [sys.executable, "-m", "teamwiki.textlint", str(good), str(bad)], capture_output=True, text=True
    )
    assert run.returncode == 1 and f"{bad}:1: CRLF" in run.stdout


def test_make_lint_runs_the_text_rules():
    dry = subprocess.run(["make", "-n", "lint"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "-m teamwiki.textlint" in dry
