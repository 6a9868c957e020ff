# A tiny site with the wiki's extensions, a snippet and a diagram; tests/test_writer_mistakes.py adds mistakes.
from teamwiki import ROOT

extensions = [
    "myst_parser",
    "teamwiki.ext.mermaid_svg",
    "teamwiki.ext.snippets",
    "teamwiki.ext.command_index",
    "teamwiki.ext.verification",
    "teamwiki.ext.labels",
    "teamwiki.ext.tolerated_warnings",
]
nitpicky = True
tolerated_warnings = []
myst_fence_as_directive = ["mermaid"]
mermaid_output_format = "svg"
mermaid_svg_js = str(ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js")
mermaid_svg_cache = str(ROOT / "_build" / ".mermaid-cache")  # the wiki's cache: only new diagrams render
