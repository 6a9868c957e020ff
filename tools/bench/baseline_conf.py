"""Baseline Sphinx configuration for `make bench`: the same pages, bare Sphinx + MyST + Furo.

`tools/bench.py` copies this file as ``conf.py`` into the baseline source tree, next to the
project's conf.py saved as ``project_conf.py``. The settings below are read from that file without
running it (its imports, jieba among them, would make the baseline do our work): only plain values
that do not depend on our extensions. Nothing the wiki adds is here: no mermaid rendering, no
``{snippet}`` directive of ours, no command index, no copy buttons, no project CSS/JS, no locales, no
git dates, and the search of a bare Sphinx install (no jieba: Sphinx's Chinese search runs without it).
``baseline_stubs`` makes the pages still parse.
"""

import ast
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # baseline_stubs.py
sys.modules["jieba"] = None  # as if not installed: `import jieba` raises ImportError

KEEP = {
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
    "html_last_updated_fmt",
    "html_copy_source",
    "html_show_sourcelink",
    "html_theme_options",
}
for _node in ast.parse((HERE / "project_conf.py").read_text(encoding="utf-8")).body:
    if isinstance(_node, ast.Assign) and len(_node.targets) == 1 and isinstance(_node.targets[0], ast.Name):
        if _node.targets[0].id in KEEP:
            try:
                globals()[_node.targets[0].id] = ast.literal_eval(_node.value)
            except ValueError:  # not a plain value: left to the default
                pass

extensions = ["myst_parser", "baseline_stubs"]
snippets_root = "snippets"
