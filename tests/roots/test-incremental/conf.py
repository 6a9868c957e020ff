# A tiny site with every extension whose site-wide files a rebuild keeps up to date without redoing them
# (tests/test_incremental.py): an incremental build must give what a fresh build gives.
extensions = [
    "myst_parser",
    "teamwiki.ext.snippets",
    "teamwiki.ext.command_index",
    "teamwiki.ext.verification",
    "teamwiki.ext.manifest",
    "teamwiki.ext.offline_check",
    "teamwiki.ext.placeholders",
    "teamwiki.ext.wiki_search",
]
language = "zh_CN"
html_search_language = "zh"
wiki_search_synonyms = "search/synonyms.toml"
wiki_search_headings_only = ["commands"]
