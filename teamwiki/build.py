"""The one strict build of the wiki: every target a reader gets and every host runs this.

    python -m teamwiki.build html _build/html

``-n -W --keep-going``: any warning fails, and all of them are reported in one build. ``-E``: the
saved environment is never trusted, so a page whose warning was printed by an earlier failed build
is read and warned about again (an incremental rebuild would skip it and pass). Only the live
preview (`make serve`) builds incrementally.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from teamwiki import ROOT

STRICT = ("-n", "-W", "--keep-going")


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
    return subprocess.run(command(builder, outdir, root, extra), cwd=root, **kwargs)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 2:
        print("usage: python -m teamwiki.build BUILDER OUTDIR [SPHINX OPTION …]", file=sys.stderr)
        return 2
    builder, outdir, *extra = args
    return run(builder, outdir, extra=extra).returncode


if __name__ == "__main__":
    raise SystemExit(main())
