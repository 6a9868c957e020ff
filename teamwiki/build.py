"""The one strict build of the wiki: every target a reader gets and every host runs this.

    python -m teamwiki.build html _build/html

``-n -W --keep-going``: any warning fails, and all of them are reported in one build. ``-E``: the
saved environment is never trusted, so a page whose warning was printed by an earlier failed build
is read and warned about again (an incremental rebuild would skip it and pass). Only the live
preview (`make serve`) builds incrementally.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from teamwiki import ROOT

STRICT = ("-n", "-W", "--keep-going")
# When set, every build of the whole wiki (not of a tiny test site) appends one line here: builder, seconds,
# output folder. The test suite sets it to count and report its whole-site builds (tests/conftest.py).
LOG_VARIABLE = "TEAMWIKI_BUILD_LOG"


def command(builder: str, outdir: Path | str, root: Path = ROOT, extra: Sequence[str] = ()) -> list[str]:
    """The command line of the strict, fresh build of the site whose conf.py is in ``root``."""
    return [
        sys.executable,
        "-m",
        "sphinx",
        *STRICT,
        "-E",
        "-b",
        builder,
        *extra,
        "-c",
        str(root),
        str(Path(root) / "docs"),
        str(outdir),
    ]


def run(builder: str, outdir: Path | str, root: Path = ROOT, extra: Sequence[str] = (), **kwargs):
    """Run the strict build; keyword arguments go to subprocess.run."""
    start = time.monotonic()
    result = subprocess.run(command(builder, outdir, root, extra), cwd=root, **kwargs)
    log = os.environ.get(LOG_VARIABLE)
    if log and Path(root).resolve() == ROOT:
        with open(log, "a", encoding="utf-8") as file:  # one short append: whole lines even from parallel runs
            file.write(f"{builder}\t{time.monotonic() - start:.1f}\t{outdir}\n")
    return result


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 2:
        print("usage: python -m teamwiki.build BUILDER OUTDIR [SPHINX OPTION …]", file=sys.stderr)
        return 2
    builder, outdir, *extra = args
    return run(builder, outdir, extra=extra).returncode


if __name__ == "__main__":
    raise SystemExit(main())
