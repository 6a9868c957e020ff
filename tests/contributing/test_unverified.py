"""The 未核实 mark shown on the contributing page renders as the admonition the pages use."""

from __future__ import annotations

from importlib.metadata import version

from docutils.core import publish_doctree
from myst_parser.parsers.docutils_ import Parser

from tests.helpers import SNIPPETS, record_run

SNIPPET = SNIPPETS / "contributing" / "unverified.md"


def test_the_unverified_mark_renders_as_a_classed_admonition():
    tree = publish_doctree(
        SNIPPET.read_text(encoding="utf-8"),
        parser=Parser(),
        settings_overrides={"myst_enable_extensions": ["colon_fence"], "report_level": 2, "halt_level": 2},
    )
    admonitions = [node for node in tree.findall() if node.tagname == "admonition"]
    assert len(admonitions) == 1 and "unverified" in admonitions[0]["classes"]
    assert admonitions[0].next_node().astext() == "未核实"
    record_run(SNIPPET, f"MyST-Parser {version('myst-parser')}")
