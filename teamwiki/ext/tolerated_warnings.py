"""A checked list of warnings the build tolerates, each with its reason.

``tolerated_warnings`` in conf.py is a list of ``(regex, reason)``. A warning matching a
regex is dropped before ``-W`` can count it; every other warning still fails the build.
An entry that matched nothing in a full build is itself reported, so the list cannot
quietly outlive the problem it excused.
"""

from __future__ import annotations

import logging as std_logging
import re

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


class _Filter(std_logging.Filter):
    def __init__(self, entries):
        super().__init__()
        self.entries = [(re.compile(rx), reason) for rx, reason in entries]
        self.used = set()

    def filter(self, record):
        if record.levelno < std_logging.WARNING or record.name.endswith(__name__):
            return True  # this module's own report names the pattern: never swallow it
        text = record.getMessage()
        for n, (rx, _reason) in enumerate(self.entries):
            if rx.search(text):
                self.used.add(n)
                return False
        return True


def _install(app: Sphinx, config) -> None:
    flt = _Filter(config.tolerated_warnings)
    app._tolerated_filter = flt
    for handler in std_logging.getLogger("sphinx").handlers:
        handler.filters.insert(0, flt)


def _check(app: Sphinx, exc) -> None:
    flt = getattr(app, "_tolerated_filter", None)
    if exc or flt is None or not app.builder or app.builder.name != "html":
        return
    if getattr(app, "_tolerated_read", 0) < len(app.env.found_docs):
        return  # an incremental build does not see every warning
    for n, (rx, reason) in enumerate(flt.entries):
        if n not in flt.used:
            logger.warning("tolerated warning %r (%s) no longer occurs: remove it from conf.py", rx.pattern, reason)


def _count_read(app: Sphinx, env, docnames) -> None:
    app._tolerated_read = len(docnames)


def setup(app: Sphinx) -> dict:
    app.add_config_value("tolerated_warnings", [], "")
    app.connect("config-inited", _install)
    app.connect("env-before-read-docs", _count_read)
    app.connect("build-finished", _check)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
