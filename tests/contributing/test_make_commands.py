"""The README's two commands on the contributing page name real Makefile targets (make -n reads them).

Running them here would build and test the wiki from inside its own test run, so they are checked, not run.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.helpers import ROOT, SNIPPETS, record_check, require_tool

CONSOLES = sorted((SNIPPETS / "contributing").glob("make-*.console"))


@pytest.mark.parametrize("path", CONSOLES, ids=lambda p: p.name)
def test_console_names_a_real_target(path):
    make = require_tool("make")
    command = next(line[2:] for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("$ "))
    assert re.fullmatch(r"make [a-z]+", command), command
    dry = subprocess.run([make, "-n", command.split()[1]], cwd=ROOT, capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    first = subprocess.run([make, "--version"], capture_output=True, text=True, check=True).stdout.splitlines()[0]
    record_check(path, f"{first} (make -n)", "这条命令构建或测试整个 wiki，检查只确认它的目标存在")
