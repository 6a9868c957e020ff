"""Baseline Sphinx configuration for `make bench`: the same pages, bare Sphinx.

`tools/bench.py` copies this file as ``conf.py`` into the baseline source tree, next to the
project's own conf.py saved as ``project_conf.py``. The project's settings are reused where they
do not depend on our extensions (project, language, MyST, theme, strictness); everything the
wiki adds is taken out: no mermaid rendering, no ``{snippet}`` directive of ours, no command
index, no copy buttons, no project CSS/JS, default search (no project jieba dictionary).
``baseline_stubs`` makes the pages still parse: ``{snippet}`` shows the file as a plain literal
block, ``{mermaid}`` shows the diagram's code as a literal block.
"""

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_bench"))  # baseline_stubs.py

_project = runpy.run_path(str(HERE / "project_conf.py"))
_KEEP = [
    "project",
    "author",
    "copyright",
    "language",
    "root_doc",
    "nitpicky",
    "myst_enable_extensions",
    "myst_heading_anchors",
    "myst_fence_as_directive",
    "exclude_patterns",
    "html_theme",
    "html_title",
    "html_favicon",
    "html_last_updated_fmt",
    "html_copy_source",
    "html_show_sourcelink",
    "html_theme_options",
]
globals().update({name: _project[name] for name in _KEEP if name in _project})

extensions = ["myst_parser", "baseline_stubs"]
snippets_root = "snippets"
