"""Furo's navigation tree, computed once per folder and build instead of once per page.

Furo (``furo._compute_navigation_tree``) renders the whole global toctree for every page and parses
it again with BeautifulSoup to add its checkboxes: each page costs time in proportion to the number
of pages, so a build grows with the square of the page count. Only two things in that tree depend on
the page: the relative links (the same for every page of one folder) and the ``current`` marks of the
page's branch. So the tree is rendered and given Furo's checkboxes once per folder, for a page name
that is in no toctree (nothing is ``current``), and each page then gets its marks spliced in at
offsets found once: ``current`` on the branch's ``<li>`` and ``<ul>`` and on its own link (which
points to ``#``), ``checked`` on the branch's checkboxes, ``current-page`` on the last ``current``
``<li>``: the same bytes Furo writes (tests/test_fast_nav.py builds a small site both ways and
compares every page).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from sphinx.application import Sphinx
from sphinx.environment.adapters.toctree import global_toctree_for_doc

NEUTRAL = "\x00fast-nav"  # a page name no toctree holds, so no entry is current
# The tags of Furo's tree that carry per-page marks, and the ends of <li>/<ul>.
TAG = re.compile(
    r'<li class="(?P<li>[^"]*)">|</li>|<ul(?P<ul> class="[^"]*")?>|</ul>'
    r'|<a class="reference internal" href="(?P<href>[^"]*)">|<input (?P<input>[^>]*type="checkbox"[^>]*?)/>'
)


@dataclass
class _Item:
    """One <li> of the tree: where its marks go."""

    cls_end: int  # offset just after "toctree-lN" inside class="…"
    cls_close: int  # offset of the closing quote of class="…"
    parent: int | None  # index of the enclosing <li>
    uls: list[int]  # offsets of "<ul" whose ">" or class gets "current", from this <li> up to the parent's
    href: tuple[int, int] | None = None  # span of its own link's href value
    link: int | None = None  # offset of 'class="' of its own link
    checkbox: int | None = None  # offset in the checkbox where ' checked=""' goes


@dataclass
class _Tree:
    html: str
    items: list[_Item] = field(default_factory=list)
    by_href: dict[str, list[int]] = field(default_factory=dict)
    top_uls: list[int] = field(default_factory=list)


_cache: dict[str, _Tree] = {}
_app: Sphinx | None = None
_furo_compute_navigation_tree = None


def _parse(html: str) -> _Tree:
    tree = _Tree(html)
    stack: list[int] = []  # open <li> indices
    ul_stack: list[list[int]] = [[]]
    for match in TAG.finditer(html):
        text = match.group(0)
        if match.group("li") is not None:
            start = match.start("li")
            level = match.group("li").split(" ")[0]
            item = _Item(start + len(level), match.end("li"), stack[-1] if stack else None, list(ul_stack[-1]))
            tree.items.append(item)
            stack.append(len(tree.items) - 1)
            ul_stack.append([])
        elif text == "</li>":
            stack.pop()
            ul_stack.pop()
        elif text.startswith("<ul"):
            ul_stack[-1].append(match.start())
        elif text == "</ul>":
            ul_stack[-1].pop()
        elif match.group("href") is not None and stack:
            item = tree.items[stack[-1]]
            if item.href is None:
                item.href = match.span("href")
                item.link = match.start() + len("<a ")
                tree.by_href.setdefault(match.group("href"), []).append(stack[-1])
        elif match.group("input") is not None and stack:
            item = tree.items[stack[-1]]
            if item.checkbox is None:
                # BeautifulSoup writes attributes sorted: "checked" goes just before "class".
                item.checkbox = html.index(' class="', match.start(), match.end())
    return tree


def _neutral(app: Sphinx, folder: str) -> _Tree:
    """Furo's tree as seen from a page of ``folder`` that is in no toctree: links right, nothing current."""
    tree = _cache.get(folder)
    if tree is None:
        import furo.navigation

        builder = app.builder
        docname = posixpath.join(folder, NEUTRAL) if folder else NEUTRAL
        toctree = global_toctree_for_doc(
            app.env,
            docname,
            builder,
            tags=builder.tags,
            collapse=False,
            titles_only=True,
            maxdepth=-1,
            includehidden=True,
        )
        html = builder.render_partial(toctree)["fragment"]
        tree = _cache[folder] = _parse(furo.navigation.get_navigation_tree.__wrapped__(html))
    return tree


def navigation_tree(pagename: str) -> str:
    """Furo's navigation tree for ``pagename``, byte for byte."""
    app = _app
    folder = posixpath.dirname(pagename)
    tree = _neutral(app, folder)
    neutral_name = posixpath.join(folder, NEUTRAL) if folder else NEUTRAL
    href = app.builder.get_relative_uri(neutral_name, pagename)
    current: set[int] = set()
    for index in tree.by_href.get(href, []):
        while index is not None and index not in current:
            current.add(index)
            index = tree.items[index].parent
    if not current:
        return tree.html
    edits: dict[tuple[int, int], tuple[int, str]] = {}  # (offset, order) -> (end of replaced text, new text)
    last = max(current, key=lambda i: tree.items[i].cls_end)
    for index in current:
        item = tree.items[index]
        edits[item.cls_end, 0] = (item.cls_end, " current")
        if index == last:
            edits[item.cls_close, 1] = (item.cls_close, " current-page")
        if item.checkbox is not None:
            edits[item.checkbox, 0] = (item.checkbox, ' checked=""')
        for ul in item.uls:
            edits[ul, 0] = _ul_edit(tree.html, ul)
    for index in tree.by_href.get(href, []):
        item = tree.items[index]
        edits[item.link + len('class="'), 0] = (item.link + len('class="'), "current ")
        edits[item.href[0], 0] = (item.href[1], "#")
    parts, at = [], 0
    for offset, _ in sorted(edits):
        end, text = edits[offset, _]
        parts += [tree.html[at:offset], text]
        at = end
    parts.append(tree.html[at:])
    return "".join(parts)


def _ul_edit(html: str, offset: int) -> tuple[int, str]:
    """Add "current" to the classes of the <ul> at ``offset``."""
    end = html.index(">", offset)
    tag = html[offset:end]
    if ' class="' in tag:
        close = html.index('"', html.index(' class="', offset) + len(' class="'))
        return close, html[offset:close] + " current"
    return end, '<ul class="current"'


def _compute_navigation_tree(context: dict) -> str:
    toctree = context.get("toctree")
    if toctree is None:
        return ""
    sphinx_own = getattr(toctree, "__qualname__", "").split(".<locals>")[0] == "StandaloneHTMLBuilder.handle_page"
    if _app.builder.name != "html" or not sphinx_own:
        # Links that do not follow the page's folder (dirhtml), or another extension's toctree
        # (sphinx-notfound-page's absolute links on 404.html): Furo's own way.
        return _furo_compute_navigation_tree(context)
    return navigation_tree(context["pagename"])


def _reset(app: Sphinx, *args) -> None:
    _cache.clear()


def setup(app: Sphinx) -> dict:
    global _app, _furo_compute_navigation_tree
    import furo

    _app = app
    if _furo_compute_navigation_tree is None:
        _furo_compute_navigation_tree = furo._compute_navigation_tree
    furo._compute_navigation_tree = _compute_navigation_tree
    app.connect("builder-inited", _reset)
    app.connect("env-updated", _reset)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
