"""``{snippet}``: include a tested file from ``snippets/`` into a page.

    ```{snippet} tools/sql/template/pv_uv.sql
    ```

is ``literalinclude`` with three differences that keep pages and tests in step:

* the path is relative to the ``snippets/`` folder (the tree that mirrors ``docs/``), so a
  page never reaches for ``../../snippets``;
* the caption defaults to the file's name (a reader knows what to save it as), the language
  to the file's kind, and every block gets a stable anchor, ``snippet-<path>``, that a reader
  can link to and the command index links to;
* ``:output:`` marks a block as output (``*.out`` files from a run, whose first line is the
  command that produced it): it gets no copy button and the caption ``<path> (output)``.

A missing file is an error at the page's file and line (literalinclude's own warning).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.directives.code import LiteralInclude

LANGUAGES = {
    ".sql": "sql",
    ".sh": "bash",
    ".py": "python",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".cpp": "cpp",
    ".h": "cpp",
    ".txt": "text",
    ".csv": "text",
    ".out": "text",
    ".tsv": "text",
    ".toml": "toml",
    ".ini": "ini",
    ".xml": "xml",
    ".java": "java",
    ".mk": "make",
    ".console": "console",
    ".pycon": "pycon",
}
NAMED = {"Dockerfile": "docker", "Makefile": "make"}


def anchor_for(path: str) -> str:
    """The stable anchor of a snippet block: ``snippet-`` and its path, slugified."""
    return "snippet-" + re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")


class Snippet(LiteralInclude):
    option_spec = dict(LiteralInclude.option_spec, output=directives.flag)

    def run(self):
        env = self.state.document.settings.env
        rel = self.arguments[0]
        root = Path(env.app.confdir) / env.config.snippets_root
        path = root / rel
        # literalinclude resolves a relative path from the including page's folder.
        page_dir = Path(env.doc2path(env.docname)).parent
        self.arguments[0] = os.path.relpath(path, page_dir)
        suffix = Path(rel).suffix
        self.options.setdefault("language", NAMED.get(Path(rel).name, LANGUAGES.get(suffix, "text")))
        if "output" in self.options:
            self.options.setdefault("caption", f"{rel} (output)")
            self.options["class"] = [*self.options.get("class", []), "output", "no-copybutton"]
        else:
            self.options.setdefault("caption", rel)
        self.options.setdefault("name", anchor_for(rel) + ("-output" if "output" in self.options else ""))
        result = super().run()
        for node in result:
            node["snippet"] = rel
            node["snippet_output"] = "output" in self.options
            node["snippet_line"] = self.lineno
        return result


def setup(app: Sphinx) -> dict:
    app.add_config_value("snippets_root", "snippets", "env")
    app.add_directive("snippet", Snippet)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
