"""Glue the client tests share: an interpreter of a given version, tldr's own linter and its official client."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess

import pytest

from teamwiki import export
from tests.helpers import IN_CI, ROOT, require_tool

PYENV = os.path.expanduser("~/.pyenv/versions")


def python(version: str) -> str:
    """An interpreter of ``version``: pyenv's, else one on PATH; missing is a failure in CI."""
    found = [
        os.path.join(PYENV, v, "bin", "python3")
        for v in sorted(os.listdir(PYENV) if os.path.isdir(PYENV) else [])
        if v.startswith(version + ".")
    ]
    found = [p for p in found if os.access(p, os.X_OK)] or [shutil.which(f"python{version}") or ""]
    if not found[0]:
        if IN_CI:
            pytest.fail(f"python{version} is missing")
        pytest.skip(f"python{version} is not installed here")
    return found[0]


def tldr_lint(pages):
    """tldr's own linter (npm tldr-lint, pinned in package.json) over a folder of pages."""
    node = require_tool("node")
    lint = ROOT / "node_modules" / "tldr-lint" / "lib" / "tldr-lint-cli.js"
    assert lint.is_file(), "tldr-lint is not installed: run `make setup`"
    return subprocess.run(
        [node, str(lint), "--ignore", export.TLDR_LINT_IGNORED, str(pages)], capture_output=True, text=True
    )


def tldr_render(page) -> list[str]:
    """The commands of a tldr page as tldr's official client (PyPI tldr, ``--render``) shows them: placeholders
    without their braces, escaped braces as literal ones."""
    result = subprocess.run([require_tool("tldr"), "--render", str(page)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    return [b.strip() for a, b in itertools.pairwise(lines) if a.startswith("  - ") and b.startswith("    ")]
