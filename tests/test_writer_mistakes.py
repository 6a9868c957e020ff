"""A writer's mistakes fail the strict build, every one of them in the same build, each at its page's file and
line: on a tiny site (tests/roots/test-mistakes) with the wiki's extensions, never on a copy of the wiki."""

from __future__ import annotations

import shutil

import pytest

from teamwiki import build
from tests.helpers import ROOT

PAGE = "index.md"


@pytest.fixture
def site(tmp_path):
    dest = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "roots" / "test-mistakes", dest)
    return dest


def add(site, text: str) -> int:
    """Append ``text`` to the page; return the line number where it starts."""
    page = site / "docs" / PAGE
    lines = page.read_text(encoding="utf-8").splitlines()
    page.write_text("\n".join(lines) + "\n\n" + text, encoding="utf-8")
    return len(lines) + 2


def built(site):
    return build.run("html", site / "_build" / "html", root=site, capture_output=True, text=True)


def test_every_mistake_is_reported_in_one_build_at_its_line(site):
    (site / "snippets" / "bare.sh").write_text("hadoop fs -ls /\n", encoding="utf-8")
    (site / "snippets" / "latin1.sql").write_bytes(b"-- \xe7\xbc\x96\xe7\xa0\x81\nselect '\xff';\n")
    mistakes = {}
    mistakes[add(site, "见 {ref}`tools/no-such-label`。\n")] = "no-such-label"
    mistakes[add(site, "```{snippet} no-such-file.sql\n```\n")] = "no-such-file.sql"
    mistakes[add(site, "```{mermaid}\nflowchart LR\n  a --> \n  b -->> [c\n```\n")] = "mermaid diagram does not parse"
    mistakes[add(site, "```{snippet} bare.sh\n```\n")] = "no one-line purpose"
    mistakes[add(site, "```{snippet} latin1.sql\n```\n")] = "not UTF-8"
    mistakes[add(site, "```{no-such-directive}\n```\n")] = "no-such-directive"
    mistakes[add(site, "[a page](no-such-page.md)\n")] = "no-such-page"
    result = built(site)
    assert result.returncode != 0, "the strict build passed despite the mistakes"
    assert "Extension error" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    for line, words in mistakes.items():
        rows = [row for row in result.stderr.splitlines() if f"{PAGE}:{line}:" in row]
        assert any(words in row for row in rows), f"no '{words}' warning at {PAGE}:{line}:\n{result.stderr}"
    assert "Parse error" in result.stderr  # mermaid's own message comes with the diagram's


def test_the_intact_site_builds(site):
    """The control: without a mistake the tiny site builds, so the failures above are the mistakes' doing."""
    result = built(site)
    assert result.returncode == 0, result.stderr


def tolerate(site, pattern: str) -> None:
    conf = site / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8") + f"\ntolerated_warnings = [({pattern!r}, 'reason given in a test')]\n",
        encoding="utf-8",
    )


def test_a_tolerated_warning_passes_with_its_reason(site):
    add(site, "见 {ref}`tools/no-such-label`。\n")
    tolerate(site, r"undefined label: 'tools/no-such-label'")
    result = built(site)
    assert result.returncode == 0, result.stderr


def test_a_tolerated_warning_that_no_longer_occurs_fails(site):
    tolerate(site, r"a warning that never happens")
    result = built(site)
    assert result.returncode != 0 and "no longer occurs" in result.stderr, result.stderr
