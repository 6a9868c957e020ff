"""The one place that says how this project starts Chromium (build, tests, PDF, benchmark).

Debian's browser, never a downloaded one; ``CHROMIUM`` may name another (a CI runner's).
As root Chromium needs ``--no-sandbox``; the other flags stop it calling home, which on these
machines' closed network only produces refused connections.
"""

from __future__ import annotations

import os
import shutil

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def executable() -> str | None:
    """The browser to launch: $CHROMIUM, else Debian's chromium on PATH, else None."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium")
