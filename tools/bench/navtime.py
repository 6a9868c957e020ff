#!/usr/bin/env python3
"""CPU time of Furo's navigation tree for every page of a built site: Furo's way against fast_nav's.

    .venv/bin/python tools/bench/navtime.py SOURCE_TREE OUTDIR

SOURCE_TREE holds conf.py and docs/ (a tree `make bench` made, e.g. _build/bench/16x/ours/src),
OUTDIR its HTML build with .doctrees. The saved environment is loaded (nothing is rebuilt); each
page's tree is computed both ways, interleaved page by page, compared byte for byte, and the two
totals of CPU seconds are printed.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    tree, out = Path(argv[1]).resolve(), Path(argv[2]).resolve()
    os.chdir(tree)
    sys.path.insert(0, str(tree))
    import furo.navigation
    from sphinx.application import Sphinx

    from teamwiki.ext import fast_nav

    app = Sphinx(tree / "docs", tree, out, out / ".doctrees", "html", status=None, warning=None)
    builder = app.builder
    builder.prepare_writing(set(app.env.found_docs))
    fast_nav._reset(app)
    pages = sorted(app.env.found_docs)
    spent = {"furo": 0.0, "fast_nav": 0.0}
    for page in pages:
        start = time.process_time()
        html = builder._get_local_toctree(page, collapse=False, titles_only=True, maxdepth=-1, includehidden=True)
        theirs = furo.navigation.get_navigation_tree.__wrapped__(html)
        middle = time.process_time()
        ours = fast_nav.navigation_tree(page)
        spent["furo"] += middle - start
        spent["fast_nav"] += time.process_time() - middle
        if ours != theirs:
            print(f"DIFFERENT: {page}", file=sys.stderr)
            return 1
    print(
        f"{len(pages)} pages, identical trees; CPU: Furo {spent['furo']:.2f} s, fast_nav {spent['fast_nav']:.2f} s "
        f"({spent['furo'] / spent['fast_nav']:.0f}× less)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
