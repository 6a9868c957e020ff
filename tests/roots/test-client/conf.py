# A tiny site with commands and placeholders; tests/test_client.py packs it offline and runs wiki.py from the zip.
from teamwiki import ROOT

extensions = [
    "myst_parser",
    "sphinx_copybutton",
    "teamwiki.ext.snippets",
    "teamwiki.ext.command_index",
    "teamwiki.ext.verification",
    "teamwiki.ext.placeholders",
]
nitpicky = True
html_static_path = [str(ROOT / "docs" / "_static")]  # placeholders.js / .css
html_theme = "furo"
# `wiki.py -s` searches like the site, with the project's synonyms (teamwiki.ext.wiki_search, set up by placeholders)
wiki_search_synonyms = str(ROOT / "search" / "synonyms.toml")
