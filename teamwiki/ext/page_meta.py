"""``<meta name="description">`` for every page: its first paragraph, shortened.

Search engines and link previews show it; pages open with one or two sentences saying what
they are for, so the first paragraph is the right description.
"""

from __future__ import annotations

from docutils import nodes
from markupsafe import escape
from sphinx.application import Sphinx

LIMIT = 150


def describe(doctree: nodes.document) -> str:
    for para in doctree.findall(nodes.paragraph):
        if isinstance(para.parent, (nodes.section, nodes.document)):
            text = " ".join(para.astext().split())
            return text if len(text) <= LIMIT else text[: LIMIT - 1] + "…"
    return ""


def _add(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if doctree is None:
        return
    description = describe(doctree)
    if description:
        context["metatags"] = (
            context.get("metatags", "") + f'\n    <meta name="description" content="{escape(description)}">'
        )


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", _add)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
