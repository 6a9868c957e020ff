# A tiny site whose page makes every kind of file-reading mistake at once (tests/test_snippets_ext.py).
extensions = ["myst_parser", "teamwiki.ext.snippets", "teamwiki.ext.command_index", "teamwiki.ext.verification"]
snippets_root = "snippets"
exclude_patterns = ["snippets"]
