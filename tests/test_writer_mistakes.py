"""A writer's mistake fails the strict build with the page's file and line, each on a throw-away copy of the site."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import sphinx_build
from tests.helpers import ROOT

PAGE = "docs/contributing.md"


@pytest.fixture
def copy(tmp_path):
    """A copy of the site's sources (not the environment), with the diagram cache so only new diagrams render."""
    dest = tmp_path / "wiki"
    shutil.copytree(
        ROOT,
        dest,
        ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "_build", "__pycache__", ".pytest_cache"),
    )
    os.symlink(ROOT / "node_modules", dest / "node_modules")
    cache = ROOT / "_build" / ".mermaid-cache"
    if cache.is_dir():
        shutil.copytree(cache, dest / "_build" / ".mermaid-cache")
    return dest


def break_page(copy, text: str) -> int:
    """Append ``text`` to the page; return the line number where it starts."""
    page = copy / PAGE
    lines = page.read_text(encoding="utf-8").splitlines()
    page.write_text("\n".join(lines) + "\n\n" + text, encoding="utf-8")
    return len(lines) + 2


def failed_at(copy, line: int) -> str:
    result = sphinx_build(copy, copy / "_build" / "html")
    assert result.returncode != 0, "the strict build passed despite the mistake"
    location = f"{PAGE}:{line}"
    assert location in result.stderr, f"no warning at {location}:\n{result.stderr}"
    return result.stderr


def test_broken_cross_reference(copy):
    line = break_page(copy, "见 {ref}`tools/no-such-label`。\n")
    err = failed_at(copy, line)
    assert "no-such-label" in err


def test_missing_snippet_file(copy):
    line = break_page(copy, "```{snippet} contributing/no-such-file.sql\n```\n")
    err = failed_at(copy, line)
    assert "no-such-file.sql" in err


def test_broken_diagram(copy):
    line = break_page(copy, "```{mermaid}\nflowchart LR\n  a --> \n  b -->> [c\n```\n")
    err = failed_at(copy, line)
    assert "mermaid diagram does not parse" in err and "Parse error" in err


def test_the_intact_copy_builds(copy):
    """The control: without a mistake the copy builds, so the failures above are the mistakes' doing."""
    result = sphinx_build(copy, copy / "_build" / "html")
    assert result.returncode == 0, result.stderr


def test_command_snippet_without_a_purpose_line(copy):
    (copy / "snippets" / "contributing" / "bare.sh").write_text("hadoop fs -ls /\n", encoding="utf-8")
    line = break_page(copy, "```{snippet} contributing/bare.sh\n```\n")
    err = failed_at(copy, line)
    assert "no one-line purpose" in err


def tolerate(copy, pattern: str) -> None:
    conf = copy / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8") + f"\ntolerated_warnings = [({pattern!r}, 'reason given in a test')]\n",
        encoding="utf-8",
    )


def test_a_tolerated_warning_passes_with_its_reason(copy):
    break_page(copy, "见 {ref}`tools/no-such-label`。\n")
    tolerate(copy, r"undefined label: 'tools/no-such-label'")
    result = sphinx_build(copy, copy / "_build" / "html")
    assert result.returncode == 0, result.stderr


def test_a_tolerated_warning_that_no_longer_occurs_fails(copy):
    tolerate(copy, r"a warning that never happens")
    result = sphinx_build(copy, copy / "_build" / "html")
    assert result.returncode != 0 and "no longer occurs" in result.stderr, result.stderr
