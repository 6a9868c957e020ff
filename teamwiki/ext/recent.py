"""``{recent-changes}``: the pages changed most recently, newest first, read from git at build time.

Each entry is the page, the date of the last commit that changed its source file and that commit's
subject. Only commits present in the clone count. In a shallow clone the oldest commit present (the
shallow boundary) looks as if it added every file; its changes are left out, and the page says the
history is partial. Without git (a build from an unpacked archive) the page says so instead of a list.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

RECORD, FIELD = "\x1e", "\x00"


class recent_changes(nodes.General, nodes.Element):
    """Placeholder, replaced once every page has been read."""


class RecentChanges(SphinxDirective):
    def run(self):
        self.env.recent_changes_pages = getattr(self.env, "recent_changes_pages", set()) | {self.env.docname}
        return [recent_changes()]


def _git(repo: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=False)
    except OSError:
        return None
    return result.stdout if result.returncode == 0 else None


def history(srcdir: Path) -> tuple[list[tuple[str, str, str]], bool] | None:
    """([(path relative to srcdir, date YYYY-MM-DD, subject)], shallow), newest change of each file first.

    None when ``srcdir`` is not inside a git work tree or git is missing.
    """
    top = _git(srcdir, "rev-parse", "--show-toplevel")
    if top is None:
        return None
    top_path = Path(top.strip()).resolve()
    shallow = (_git(srcdir, "rev-parse", "--is-shallow-repository") or "").strip() == "true"
    boundary: set[str] = set()
    if shallow:
        shallow_file = (_git(srcdir, "rev-parse", "--git-path", "shallow") or "").strip()
        path = Path(shallow_file) if Path(shallow_file).is_absolute() else srcdir / shallow_file
        if path.is_file():
            boundary = set(path.read_text(encoding="utf-8").split())
    log = _git(
        top_path,
        "-c",
        "core.quotePath=false",  # Chinese file names as they are, not octal escapes
        "log",
        "--format=%x1e%H%x00%cs%x00%s",  # RECORD, then FIELD-separated
        "--name-only",
        "--no-renames",
        "--",
        str(srcdir.resolve().relative_to(top_path)),
    )
    if log is None:
        return None
    seen: dict[str, tuple[str, str]] = {}
    for record in log.split(RECORD)[1:]:
        head, _, files = record.partition("\n")
        sha, date, subject = head.split(FIELD, 2)
        if sha in boundary:
            continue
        for name in files.splitlines():
            if name and name not in seen:
                seen[name] = (date, subject)
    src = srcdir.resolve()
    found = []
    for name, (date, subject) in seen.items():
        path = top_path / name
        if path.is_relative_to(src):
            found.append((path.relative_to(src).as_posix(), date, subject))
    found.sort(key=lambda row: row[1], reverse=True)  # stable: git's order within one day
    return found, shallow


def _purge(app, env, docname):
    getattr(env, "recent_changes_pages", set()).discard(docname)


def _outdated(app, env, added, changed, removed):
    """The list changes with every commit: rewrite its page when HEAD has moved since it was last written
    (a no-op build reads and writes nothing)."""
    head = (_git(Path(app.srcdir), "rev-parse", "HEAD") or "").strip()
    if head == getattr(env, "recent_changes_head", None):
        return []
    env.recent_changes_head = head
    return sorted(getattr(env, "recent_changes_pages", set()))


def _rows(app: Sphinx) -> tuple[list[tuple[str, str, str]], bool] | None:
    if not hasattr(app, "_recent_changes"):
        found = history(Path(app.srcdir))
        if found is not None:
            docs = {str(Path(app.env.doc2path(d, base=False)).as_posix()): d for d in app.env.found_docs}
            rows = [(docs[path], date, subject) for path, date, subject in found[0] if path in docs]
            found = (rows[: app.config.recent_changes_limit], found[1])
        app._recent_changes = found
    return app._recent_changes


def _resolve(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    placeholders = list(doctree.findall(recent_changes))
    if not placeholders:
        return
    found = _rows(app)
    content: list[nodes.Node] = []
    if found is None:
        content.append(nodes.paragraph(text="这份站点构建时没有 git 历史，列不出最近的改动。"))
    else:
        rows, shallow = found
        if shallow:
            content.append(
                nodes.paragraph(
                    text="这份站点从浅克隆（shallow clone）构建，只有最近的一部分提交："
                    "更早改过的页面不在下面，完整的列表要从完整的克隆构建。",
                    classes=["recent-shallow"],
                )
            )
        items = nodes.bullet_list(classes=["recent-changes"])
        for docname, date, subject in rows:
            title = app.env.titles[docname].astext() if docname in app.env.titles else docname
            para = nodes.paragraph()
            para += nodes.literal(text=date)
            para += nodes.Text(" ")
            para += nodes.reference("", title, refuri=app.builder.get_relative_uri(fromdocname, docname), internal=True)
            para += nodes.Text(f"：{subject}")
            items += nodes.list_item("", para)
        content.append(items if rows else nodes.paragraph(text="（这份历史里没有页面的改动。）"))
    for node in placeholders:
        node.replace_self(content)


def setup(app: Sphinx) -> dict:
    app.add_config_value("recent_changes_limit", 20, "env", int)
    app.add_node(recent_changes)
    app.add_directive("recent-changes", RecentChanges)
    app.connect("env-purge-doc", _purge)
    app.connect("env-get-outdated", _outdated)
    app.connect("doctree-resolved", _resolve)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
