"""Small accessibility repairs to what Sphinx and Furo emit.

Toctree captions are written as ``<p class="caption" role="heading">`` without ``aria-level``,
which axe-core reports as a critical violation (a heading role needs a level). Add the level in
the page body and in Furo's navigation tree, after Furo has built it. Code blocks get
``tabindex="0"`` so that a wide one can be scrolled from the keyboard; so do Furo's table wrappers
(a wide table scrolls sideways inside its wrapper).
"""

from __future__ import annotations

from sphinx.application import Sphinx

BROKEN = 'class="caption" role="heading"'
FIXED = 'class="caption" role="heading" aria-level="2"'
# A code block wider than the page scrolls; keyboard users must be able to focus it to scroll.
PRE, FOCUSABLE_PRE = '<div class="highlight"><pre>', '<div class="highlight"><pre tabindex="0">'
TABLE, FOCUSABLE_TABLE = '<div class="table-wrapper', '<div tabindex="0" class="table-wrapper'


def _fix(app: Sphinx, pagename, templatename, context, doctree) -> None:
    for key in ("body", "furo_navigation_tree", "toc"):
        value = context.get(key)
        if isinstance(value, str):
            context[key] = value.replace(BROKEN, FIXED).replace(PRE, FOCUSABLE_PRE).replace(TABLE, FOCUSABLE_TABLE)
    toctree = context.get("toctree")
    if callable(toctree) and not getattr(toctree, "_a11y", False):

        def fixed_toctree(*args, **kwargs):
            return toctree(*args, **kwargs).replace(BROKEN, FIXED)

        fixed_toctree._a11y = True
        context["toctree"] = fixed_toctree


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", _fix, priority=900)  # after Furo builds its navigation tree
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
