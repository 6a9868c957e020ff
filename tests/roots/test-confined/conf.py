# A tiny site whose page makes every kind of file-reading mistake at once (tests/test_snippets_ext.py).
extensions = ["myst_parser", "snippets", "command_index", "verification"]
snippets_root = "snippets"
exclude_patterns = ["snippets"]
