"""A duplicate label is reported at the line where the new label is written, with the first one's place.

Sphinx reports a label that two pages define at the heading under it and names only the other file. This
extension keeps each label's page and line (from MyST's ``(label)=`` targets) and reports the duplicate as
``page.md:LINE: duplicate label NAME, first defined at other.md:LINE``; Sphinx's own, vaguer warning for the
same label is then dropped, so one mistake is one warning.
"""

from __future__ import annotations

import logging as std_logging

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _labels(doctree: nodes.document) -> list[tuple[str, int | None]]:
    names_of: dict[str, list[str]] = {}
    for name, node_id in doctree.nameids.items():
        if doctree.nametypes.get(name):  # explicit: written by the writer
            names_of.setdefault(node_id, []).append(name)
    found = []
    for target in doctree.findall(nodes.target):
        if target.get("refid") and not target.get("refuri"):
            found += [(name, target.line) for name in names_of.get(target["refid"], [])]
    return found


class CollectLabels(SphinxTransform):
    """Runs while the page is parsed, before the standard domain registers its labels."""

    default_priority = 990

    def apply(self, **kwargs) -> None:
        _collect(self.app, self.document)


def _collect(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    known = getattr(env, "wiki_labels", {})
    for name, line in _labels(doctree):
        first = known.get(name)
        if first and first[0] != env.docname:
            app.wiki_reported_labels.add(name)
            logger.warning(
                "duplicate label %s, first defined at %s:%s",
                name,
                env.doc2path(first[0]),
                first[1],
                location=(env.docname, line),
            )
        else:
            known[name] = (env.docname, line)
    env.wiki_labels = known


def _purge(app, env, docname):
    labels = getattr(env, "wiki_labels", {})
    for name in [name for name, (doc, _line) in labels.items() if doc == docname]:
        del labels[name]


def _merge(app, env, docnames, other):
    env.wiki_labels = getattr(env, "wiki_labels", {})
    for name, place in getattr(other, "wiki_labels", {}).items():
        env.wiki_labels.setdefault(name, place)


class _DropSphinxDuplicate(std_logging.Filter):
    def __init__(self, app: Sphinx):
        super().__init__()
        self.app = app

    def filter(self, record):
        if str(record.msg).startswith("duplicate label ") and record.name.endswith("domains.std"):
            name = record.args[0] if record.args else None
            return name not in self.app.wiki_reported_labels
        return True


def _install_filter(app: Sphinx) -> None:
    app.wiki_reported_labels = set()
    for handler in std_logging.getLogger("sphinx").handlers:
        handler.addFilter(_DropSphinxDuplicate(app))


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _install_filter)
    app.add_transform(CollectLabels)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
