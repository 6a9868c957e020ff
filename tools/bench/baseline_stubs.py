"""Stub directives for the bench baseline: the pages parse, nothing of ours runs.

* ``{snippet} path``: the file under ``snippets/`` as a plain literal block (no language
  guessing; selection options such as ``:start-after:`` apply as in plain ``literalinclude``),
  captioned with its path and labelled (``:name:``, else ``snippet-<path>``): pages reference it;
* ``{mermaid}``: the diagram's code as a literal block (no rendering, no JavaScript);
* ``{command-index}``, ``{recent-changes}``: nothing.

Every other option the real directives accept is accepted and ignored.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.directives.code import LiteralInclude, LiteralIncludeReader, container_wrapper
from sphinx.util.docutils import SphinxDirective

from teamwiki.ext.snippets import anchor_for  # the label rule only; none of the wiki's extensions is loaded

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
        block = nodes.literal_block(text, text)
        # A label needs a caption to be referenced: the path, as plain literalinclude's :caption: would show it.
        block = container_wrapper(self, block, self.options.get("caption", self.arguments[0]))
        self.options.setdefault("name", anchor_for(self.arguments[0]) + ("-output" if "output" in self.options else ""))
        self.add_name(block)
        return [block]


class MermaidStub(SphinxDirective):
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = MERMAID_OPTIONS

    def run(self):
        code = "\n".join(self.content)
        return [nodes.literal_block(code, code)]


class EmptyStub(SphinxDirective):
    has_content = True

    def run(self):
        return []


def setup(app):
    app.add_config_value("snippets_root", "snippets", "env")
    app.add_directive("snippet", SnippetStub)
    app.add_directive("mermaid", MermaidStub)
    app.add_directive("command-index", EmptyStub)
    app.add_directive("recent-changes", EmptyStub)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
