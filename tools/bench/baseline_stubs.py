"""Stub directives for the bench baseline: the pages parse, nothing of ours runs.

* ``{snippet} path``: the file under ``snippets/`` as a plain literal block (no caption, no
  anchor, no language guessing; selection options such as ``:start-after:`` apply as in
  plain ``literalinclude``);
* ``{mermaid}``: the diagram's code as a literal block (no rendering, no JavaScript);
* ``{command-index}``: nothing.

Every option the real directives accept is accepted and ignored.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.directives.code import LiteralInclude, LiteralIncludeReader
from sphinx.util.docutils import SphinxDirective

# The options the real directives accept (plain Sphinx's literalinclude plus :output:; the
# mermaid directive's), all accepted and ignored.
SNIPPET_OPTIONS = dict(LiteralInclude.option_spec, output=directives.flag)
MERMAID_OPTIONS = {
    name: directives.unchanged
    for name in ("alt", "align", "caption", "zoom", "config", "title", "name", "class", "width", "height")
}


class SnippetStub(SphinxDirective):
    required_arguments = 1
    final_argument_whitespace = True
    option_spec = SNIPPET_OPTIONS

    def run(self):
        root = Path(self.env.app.confdir) / self.env.config.snippets_root
        path = root / self.arguments[0]
        self.env.note_dependency(str(path))
        try:  # plain Sphinx's reader, so :lines:, :start-after: and the like pick the same text
            text, _ = LiteralIncludeReader(str(path), self.options, self.config).read(location=self.get_location())
        except (OSError, ValueError) as exc:
            return [self.state.document.reporter.warning(f"snippet not read: {exc}", line=self.lineno)]
        return [nodes.literal_block(text, text)]


class MermaidStub(SphinxDirective):
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = MERMAID_OPTIONS

    def run(self):
        code = "\n".join(self.content)
        return [nodes.literal_block(code, code)]


class CommandIndexStub(SphinxDirective):
    has_content = True

    def run(self):
        return []


def setup(app):
    app.add_config_value("snippets_root", "snippets", "env")
    app.add_directive("snippet", SnippetStub)
    app.add_directive("mermaid", MermaidStub)
    app.add_directive("command-index", CommandIndexStub)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
