"""``{command-index}``: every copyable command and query on the site, grouped by tool.

Built from the ``{snippet}`` blocks themselves (never a second copy that can drift): each entry
is the snippet's one-line purpose (its first comment line), its first command line, and a deep
link to the block's stable anchor on the page that explains it. A command snippet without a
purpose line is a warning at the including page's file and line, so the strict build fails.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from teamwiki.conventions import COMMAND_SUFFIXES, first_command, purpose_of

logger = logging.getLogger(__name__)

# (group title, test on (suffix, first command line)); the first that matches wins.
GROUPS = [
    ("Hive SQL", lambda suffix, cmd: suffix == ".sql"),
    ("hadoop fs", lambda suffix, cmd: re.match(r"(hadoop fs|hdfs dfs)\b", cmd) is not None),
    ("Hadoop streaming", lambda suffix, cmd: "streaming" in cmd or cmd.startswith("hadoop jar")),
    ("Docker", lambda suffix, cmd: cmd.startswith("docker")),
    ("kubectl", lambda suffix, cmd: cmd.startswith("kubectl")),
    (
        "make / Python",
        lambda suffix, cmd: re.match(r"(make|python3?|pytest|pip|\.venv/bin/)", cmd) is not None or suffix == ".pycon",
    ),
    ("其他 shell 命令", lambda suffix, cmd: True),
]


class command_index(nodes.General, nodes.Element):
    """Placeholder, replaced once every page has been read."""


class CommandIndex(SphinxDirective):
    def run(self):
        self.env.command_index_pages = getattr(self.env, "command_index_pages", set()) | {self.env.docname}
        return [command_index()]


def describe(path: Path) -> tuple[str | None, str]:
    """(purpose, first command line) of a snippet file (teamwiki.conventions says what both are)."""
    text = path.read_text(encoding="utf-8")
    return purpose_of(path, text), first_command(path, text)


def group_of(path: Path, command: str) -> str:
    return next(title for title, test in GROUPS if test(path.suffix, command))


def _collect(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    if not hasattr(env, "command_snippets"):
        env.command_snippets = {}
    root = Path(app.confdir) / app.config.snippets_root
    found = []
    for node in doctree.findall(lambda n: isinstance(n, nodes.Element) and "snippet" in n.attributes):
        rel = node["snippet"]
        if Path(rel).suffix not in COMMAND_SUFFIXES or node.get("snippet_output"):
            continue
        anchor = (node.get("ids") or [""])[0]
        purpose, command = describe(root / rel)
        if not purpose:
            logger.warning(
                "snippet %s has no one-line purpose (a first comment line in Chinese) for the command index",
                rel,
                location=(env.docname, node.get("snippet_line")),
            )
        found.append({"path": rel, "anchor": anchor, "purpose": purpose or rel, "command": command})
    if found:
        env.command_snippets[env.docname] = found
    else:
        env.command_snippets.pop(env.docname, None)


def _purge(app, env, docname):
    getattr(env, "command_snippets", {}).pop(docname, None)
    getattr(env, "command_index_pages", set()).discard(docname)


def _merge(app, env, docnames, other):
    """A parallel read's results: its pages' commands, and which of its pages hold the index."""
    env.command_snippets = getattr(env, "command_snippets", {})
    env.command_snippets.update({d: other.command_snippets[d] for d in docnames if d in other.command_snippets})
    env.command_index_pages = getattr(env, "command_index_pages", set()) | (
        getattr(other, "command_index_pages", set()) & set(docnames)
    )


def _before_read(app, env, docnames):
    """What the index showed before this build's reading (compared in _changed)."""
    env.command_snippets_before = copy.deepcopy(getattr(env, "command_snippets", {}))


def _changed(app, env):
    """Rewrite the index pages only when the commands on the site changed (an edit elsewhere keeps them)."""
    before = getattr(env, "command_snippets_before", None)
    env.command_snippets_before = None
    if before is not None and before != getattr(env, "command_snippets", {}):
        return sorted(getattr(env, "command_index_pages", set()))
    return []


def _resolve(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    placeholders = list(doctree.findall(command_index))
    if not placeholders:
        return
    env = app.env
    root = Path(app.confdir) / app.config.snippets_root
    groups: dict[str, list] = {title: [] for title, _ in GROUPS}
    seen = set()
    for docname in sorted(getattr(env, "command_snippets", {})):
        for entry in env.command_snippets[docname]:
            if entry["path"] in seen:
                continue  # one entry per command, linked to its first explanation
            seen.add(entry["path"])
            groups[group_of(root / entry["path"], entry["command"])].append((docname, entry))
    content = []
    for title, entries in groups.items():
        if not entries:
            continue
        content.append(nodes.rubric(text=f"{title}（{len(entries)}）", classes=["command-group"]))
        items = nodes.bullet_list(classes=["command-index"])
        for docname, entry in entries:
            uri = app.builder.get_relative_uri(fromdocname, docname) + (
                f"#{entry['anchor']}" if entry["anchor"] else ""
            )
            para = nodes.paragraph()
            para += nodes.reference("", entry["purpose"], refuri=uri, internal=True)
            para += nodes.Text("：")
            para += nodes.literal(text=entry["command"])
            items += nodes.list_item("", para)
        content.append(items)
    for node in placeholders:
        node.replace_self(content or [nodes.paragraph(text="（站内还没有命令。）")])


def setup(app: Sphinx) -> dict:
    app.add_node(command_index)
    app.add_directive("command-index", CommandIndex)
    app.connect("doctree-read", _collect)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-before-read-docs", _before_read)
    app.connect("env-updated", _changed)
    app.connect("doctree-resolved", _resolve)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
