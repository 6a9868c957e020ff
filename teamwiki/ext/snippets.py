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

Every path a page reads a file by — ``{snippet}``, ``literalinclude`` (and its ``:diff:``), and
MyST's ``{include}`` — must resolve, after symlinks, inside the folder it is meant for
(``snippets/``; for ``{include}`` also the pages' own folder). Anything else, a missing file and a
file that is not UTF-8 are each an error at the page's file and line, and nothing is read.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from myst_parser import mocking
from sphinx.application import Sphinx
from sphinx.directives.code import LiteralInclude
from sphinx.util import logging

logger = logging.getLogger(__name__)

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
    ".md": "markdown",
}
NAMED = {"Dockerfile": "docker", "Makefile": "make"}


def anchor_for(path: str) -> str:
    """The stable anchor of a snippet block: ``snippet-`` and its path, slugified."""
    return "snippet-" + re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")


def confined(path: Path, *roots: Path) -> str | None:
    """Why ``path`` may not be read (outside every root after symlinks, missing, not UTF-8), or None."""
    real = path.resolve()
    if not any(real.is_relative_to(root.resolve()) for root in roots):
        where = " or ".join(f"{os.path.relpath(root)}/" for root in roots)
        return f"{path} is outside {where}: a page reads files only from there"
    if not real.is_file():
        return f"{path} does not exist"
    try:
        real.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        return f"{path} is not UTF-8 ({error.reason} at byte {error.start})"
    return None


def snippets_root(env) -> Path:
    return Path(env.config.snippets_root)


def _absolute_root(app: Sphinx, config) -> None:
    """``snippets_root`` is written relative to conf.py's folder; everything reads it absolute."""
    config.snippets_root = str((Path(app.confdir) / config.snippets_root).resolve())


class ConfinedLiteralInclude(LiteralInclude):
    """``literalinclude``, reading only from ``snippets/`` (and so does ``:diff:``)."""

    def refuse(self) -> list | None:
        root = snippets_root(self.env)
        for arg in [self.arguments[0], self.options.get("diff")]:
            if arg is None:
                continue
            problem = confined(Path(self.env.relfn2path(arg)[1]), root)
            if problem:
                logger.warning("%s: %s", self.name, problem, location=self.get_location())
                return []
        return None

    def run(self):
        refused = self.refuse()
        return super().run() if refused is None else refused


class Snippet(ConfinedLiteralInclude):
    option_spec = dict(LiteralInclude.option_spec, output=directives.flag)

    def run(self):
        env = self.env
        rel = self.arguments[0]
        path = snippets_root(env) / rel
        # literalinclude resolves a relative path from the including page's folder.
        page_dir = Path(env.doc2path(env.docname)).parent
        self.arguments[0] = os.path.relpath(path, page_dir)
        refused = self.refuse()
        if refused is not None:
            return refused
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
            if isinstance(node, nodes.Element) and not isinstance(node, nodes.system_message):
                node["snippet"] = rel
                node["snippet_output"] = "output" in self.options
                node["snippet_line"] = self.lineno
        return result


class _ConfinedMystInclude(mocking.MockIncludeDirective):
    """MyST's ``{include}``, reading only from ``snippets/`` and the pages' folder."""

    def run(self):
        env = self.document.settings.env
        arg = "".join(s.strip() for s in self.arguments[0].splitlines())
        path = Path(env.relfn2path(arg, env.docname)[1]) if not arg.startswith("<") else Path(arg)
        problem = confined(path, snippets_root(env), Path(env.srcdir))
        if problem:
            raise mocking.DirectiveError(2, f"include: {problem}")
        return super().run()


def setup(app: Sphinx) -> dict:
    app.add_config_value("snippets_root", "snippets", "env")
    app.connect("config-inited", _absolute_root)
    app.add_directive("snippet", Snippet)
    app.add_directive("literalinclude", ConfinedLiteralInclude, override=True)
    # MyST runs every Include subclass through its own MockIncludeDirective, which reads the file
    # itself: confine that reader (one class attribute of MyST's renderer module).
    from myst_parser.mdit_to_docutils import base

    base.MockIncludeDirective = _ConfinedMystInclude
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
