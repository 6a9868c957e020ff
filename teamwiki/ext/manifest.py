"""What each page holds, written by the build for the tools and tests (never re-parsed from Markdown).

``manifest.json`` in the HTML output: for every page its title, output URI, source file, the pages of its
toctree, its snippets (path, line, anchor, output flag), its diagrams (line, cache key, code) and its
commands (what the command index lists). The other extensions collect these while pages are read; this
one only gathers them once the build is done.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx

from teamwiki.ext import mermaid_svg

MANIFEST = "manifest.json"


def gather(app: Sphinx) -> dict:
    env = app.env
    snippets = getattr(env, "wiki_snippet_uses", {})
    diagrams = getattr(env, "mermaid_svg", {})
    commands = getattr(env, "command_snippets", {})
    pages = {}
    for docname in sorted(env.found_docs):
        pages[docname] = {
            "title": env.titles[docname].astext() if docname in env.titles else "",
            "uri": app.builder.get_target_uri(docname),
            "source": Path(env.doc2path(docname)).relative_to(Path(app.confdir)).as_posix(),
            "toctree": env.toctree_includes.get(docname, []),
            "snippets": snippets.get(docname, []),
            "diagrams": [
                {"line": d["line"], "key": mermaid_svg._key(app, d["code"]), "code": d["code"]}
                for d in diagrams.get(docname, [])
            ],
            "commands": commands.get(docname, []),
        }
    return {"root": app.config.root_doc, "pages": pages}


def _write(app: Sphinx, exception) -> None:
    if exception or app.builder.format != "html":
        return
    text = json.dumps(gather(app), ensure_ascii=False, indent=1, sort_keys=True)
    (Path(app.outdir) / MANIFEST).write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", _write)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
