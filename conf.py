"""Sphinx configuration of the team wiki.

Build with `make html` (sources in docs/, this file at the repository root: `sphinx-build -c .`).
"""

import os
from pathlib import Path
from urllib.parse import urlparse

from teamwiki import conventions

# Set for an online deployment (GitHub Pages, Read the Docs): the canonical base URL enables the
# sitemap and absolute links on the 404 page; the repository URL enables "edit this page".
BASE_URL = os.environ.get("WIKI_BASE_URL", os.environ.get("READTHEDOCS_CANONICAL_URL", ""))
REPO_URL = os.environ.get("WIKI_REPO_URL", "").rstrip("/")

ROOT = Path(__file__).resolve().parent

# -- Project ---------------------------------------------------------------------------------
project = "团队 Wiki"
author = "数据与机器学习工程团队"
copyright = "数据与机器学习工程团队"
language = "zh_CN"
root_doc = "index"
locale_dirs = [str(ROOT / "locales")]  # Chinese for Furo's own words (Next, Previous, On this page, …)

# -- Extensions ------------------------------------------------------------------------------
extensions = [
    "myst_parser",
    "sphinx_copybutton",
    "teamwiki.ext.mermaid_svg",  # loads sphinxcontrib.mermaid, renders diagrams to SVG at build time
    "teamwiki.ext.snippets",  # the {snippet} directive: tested files from snippets/
    "teamwiki.ext.command_index",  # the {command-index} page, built from the snippets
    "teamwiki.ext.verification",  # a mark on every snippet block: what ran or checked it; verification.json
    "teamwiki.ext.tolerated_warnings",
    "teamwiki.ext.a11y",  # aria-level on toctree captions (axe-core: critical otherwise)
    "teamwiki.ext.cjk_linebreaks",  # a wrapped line inside Chinese text is not a space
    "teamwiki.ext.page_meta",  # <meta name="description"> from each page's first paragraph
    "teamwiki.ext.manifest",  # manifest.json: what each page holds, for tools and tests
    "teamwiki.ext.labels",  # a duplicate label is reported at the new label's line
    "teamwiki.ext.offline_check",  # nothing on any built page loads from another host
    "teamwiki.ext.recent",  # the {recent-changes} page, from git at build time
    "teamwiki.ext.review",  # owner / review-by front matter: a 待复核 banner once the date has passed
    "teamwiki.ext.placeholders",  # snippets/placeholders.toml, the fill-in panel, commands.json + wiki.py
    "notfound.extension",  # 404.html that works at any depth of a served site
    "teamwiki.ext.fast_nav",  # Furo's navigation tree once per folder, not once per page (build time linear in pages)
    "teamwiki.ext.wiki_search",  # the search index Chinese queries, commands and typos find things in
]
if (ROOT / ".git").exists():
    extensions.append("sphinx_last_updated_by_git")  # "last updated" from each page's last commit
    # In a shallow clone the true last commit of a page may be missing: the page then shows no
    # date rather than a wrong one, and that is not worth failing a build over.
    suppress_warnings = ["git.too_shallow"]
if BASE_URL:
    extensions.append("sphinx_sitemap")

# -- Strictness ------------------------------------------------------------------------------
nitpicky = True
# (regex, reason): warnings the strict build tolerates. Every entry must still occur.
tolerated_warnings = []

# -- MyST --------------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "attrs_block", "attrs_inline"]
myst_heading_anchors = 3  # stable #anchors for headings up to ###, Chinese included
myst_fence_as_directive = ["mermaid"]  # ```mermaid fences are diagrams too

exclude_patterns = []

# -- HTML ------------------------------------------------------------------------------------
html_theme = "furo"
html_title = "团队 Wiki"
html_static_path = ["docs/_static"]
# The small style sheets (this one, the copy button's, the search box's) stay files, not inlined: measured with
# tools/bench/dcl.py on its throttled link, inlining them made a first visit at most 4 % faster to
# DOMContentLoaded and every later page (shared files cached) 5-18 % slower to first paint. Furo puts every
# script at the end of <body>, so `defer` on the copy button's two scripts measured within the noise.
html_css_files = ["wiki.css"]
# One deferred file (about 19 KB), cached once for every page rather than inlined into each: it does not hold up
# parsing, and it runs before DOMContentLoaded, after the search page's searchtools.js (file:// too).
html_js_files = [("offline-search.js", {"defer": "defer"})]
html_favicon = "docs/_static/favicon.svg"  # Chromium asks for /favicon.ico over http otherwise
html_last_updated_fmt = "%Y-%m-%d"
html_baseurl = BASE_URL
sitemap_url_scheme = "{link}"
html_copy_source = False  # readers never need the .md sources; keeps the offline build small
html_show_sourcelink = False
html_theme_options = {
    "navigation_with_keys": True,
}
if REPO_URL:
    # GitHub/Gitea-style edit URL; Furo shows it as "edit this page" on every page.
    html_theme_options |= {"source_edit_link": REPO_URL + "/edit/main/docs/{filename}"}

# -- 404 page --------------------------------------------------------------------------------
# Served sites only (a server answers unknown URLs with it); its links are absolute from this prefix.
notfound_urls_prefix = urlparse(BASE_URL).path.rstrip("/") + "/"
notfound_context = {
    "title": "页面不存在",
    "body": (
        "<h1>页面不存在</h1><p>这个地址没有页面，可能已经移动。"
        f"请用左上角的搜索，或回到<a href='{notfound_urls_prefix}index.html'>首页</a>。</p>"
    ),
}

# -- Fill once -------------------------------------------------------------------------------
recent_changes_limit = 30  # pages on the 最近更新 page
review_today = ""  # the day a review-by date is compared with; empty: WIKI_TODAY, else the build's date

# -- Search ----------------------------------------------------------------------------------
# The wiki's search (teamwiki/ext/wiki_search.py, _static/offline-search.js) cuts Chinese with jieba,
# loaded on first use; the project dictionary keeps domain words whole, search/synonyms.toml holds
# team words and synonyms.
html_search_language = "zh"
html_search_options = {"dict": str(ROOT / "search" / "jieba-dict.txt")}
wiki_search_synonyms = "search/synonyms.toml"
wiki_search_headings_only = ["commands"]  # the command index repeats what the pages explain

# -- Copy buttons ----------------------------------------------------------------------------
# Strip prompts ($, >>>, ..., hive>) and copy only the prompted lines when a block has prompts;
# output blocks (class "output", from {snippet} :output:) get no button at all.
copybutton_prompt_text = conventions.PROMPT_PATTERN  # $, >>>, ..., hive>: one list (teamwiki.conventions)
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
copybutton_selector = "div:not(.no-copybutton) > div.highlight > pre"

# -- Diagrams --------------------------------------------------------------------------------
mermaid_output_format = "svg"  # never "raw": that ships mermaid from a CDN as an ES module
mermaid_light_theme = "default"
mermaid_dark_theme = "dark"
mermaid_svg_js = str(ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js")
mermaid_svg_cache = str(ROOT / "_build" / ".mermaid-cache")
