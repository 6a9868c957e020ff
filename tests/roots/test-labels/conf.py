# Two pages that define the same label (tests/test_writer_rules.py).
extensions = ["myst_parser", "teamwiki.ext.labels"]
