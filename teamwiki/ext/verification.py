"""What verified each snippet, shown on its block and published beside the pages.

The records live beside the snippets, one file a section (``snippets/<section>/verification.json``),
written by ``make regen`` from what the tests ran and compared with every fresh run. Each maps a
snippet's path to any of:

* ``ran_on``: the engines and programs (with versions) that ran it;
* ``checked_by``: the tools (with versions) that validated it;
* ``not_run``: why it cannot run where the tests run (then ``checked_by`` says what was checked);
* ``output_of``: for an output file, the run that produced it.

This extension adds a small mark under every ``{snippet}`` block, generated from that
record (never typed by hand), and writes ``verification.json`` into the HTML output: each snippet
with its record and the pages, lines and anchors that show it.
"""

from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

RECORD_FILE = "verification.json"


class snippet_mark(nodes.General, nodes.Element):
    """The mark under a block. Its text is an attribute, not a child: search does not index it."""


def visit_mark(self, node: snippet_mark) -> None:
    classes = f"snippet-mark snippet-mark-{node['status']}"
    self.body.append(f'<p class="{classes}">{self.encode(node["text"])}</p>')
    raise nodes.SkipNode


def skip_mark(self, node: snippet_mark) -> None:
    raise nodes.SkipNode


def load_records(root: Path) -> dict[str, dict]:
    """Every section's records, merged: snippet path → record."""
    records: dict[str, dict] = {}
    for path in sorted(root.rglob(RECORD_FILE)):
        records.update(json.loads(path.read_text(encoding="utf-8")))
    return records


def mark_text(record: dict | None, output: bool) -> tuple[str, str]:
    """(text, status) of a block's mark; status is one of ran, checked, output, unverified."""
    if not record:
        return "未验证", "unverified"
    joined = "、".join
    if output and record.get("output_of"):
        return f"输出来自运行：{joined(record['output_of'])}", "output"
    if record.get("ran_on"):
        text = f"已运行：{joined(record['ran_on'])}"
        if record.get("checked_by"):
            text += f"；已校验：{joined(record['checked_by'])}"
        return text, "ran"
    if record.get("checked_by"):
        text = f"已校验：{joined(record['checked_by'])}"
        if record.get("not_run"):
            text += f"；未运行：{record['not_run']}"
        return text, "checked"
    return "未验证", "unverified"


def _root(app: Sphinx) -> Path:
    return Path(app.confdir) / app.config.snippets_root


def _load(app: Sphinx) -> None:
    app.env.wiki_verification = load_records(_root(app))


def _mark(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    root = _root(app)
    uses = []
    for node in doctree.findall(lambda n: isinstance(n, nodes.Element) and "snippet" in n.attributes):
        rel, output = node["snippet"], bool(node.get("snippet_output"))
        record = env.wiki_verification.get(rel)
        text, status = mark_text(record, output)
        node += snippet_mark(text=text, status=status)
        section_file = next(
            (p / RECORD_FILE for p in (root / rel).parents if p.is_relative_to(root) and (p / RECORD_FILE).is_file()),
            None,
        )
        if section_file is not None:
            env.note_dependency(str(section_file))  # a changed record re-marks the page
        uses.append(
            {"snippet": rel, "output": output, "line": node.get("snippet_line"), "anchor": (node.get("ids") or [""])[0]}
        )
    pages = getattr(env, "wiki_snippet_uses", {})
    if uses:
        pages[env.docname] = uses
    else:
        pages.pop(env.docname, None)
    env.wiki_snippet_uses = pages


def _purge(app, env, docname):
    getattr(env, "wiki_snippet_uses", {}).pop(docname, None)


def _merge(app, env, docnames, other):
    env.wiki_snippet_uses = getattr(env, "wiki_snippet_uses", {})
    theirs = getattr(other, "wiki_snippet_uses", {})
    env.wiki_snippet_uses.update({d: theirs[d] for d in docnames if d in theirs})


def _publish(app: Sphinx, exception) -> None:
    if exception or app.builder.format != "html":
        return
    records = app.env.wiki_verification
    snippets: dict[str, dict] = {}
    for docname, uses in sorted(getattr(app.env, "wiki_snippet_uses", {}).items()):
        for use in uses:
            entry = snippets.setdefault(use["snippet"], {"record": records.get(use["snippet"]), "pages": []})
            entry["pages"].append(
                {"page": app.builder.get_target_uri(docname), "line": use["line"], "anchor": use["anchor"]}
                | {"output": use["output"]}
            )
    out = Path(app.outdir) / RECORD_FILE
    out.write_text(json.dumps({"snippets": snippets}, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.add_node(snippet_mark, html=(visit_mark, None), text=(skip_mark, None), latex=(skip_mark, None))
    app.connect("builder-inited", _load)
    app.connect("doctree-read", _mark)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("build-finished", _publish)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
