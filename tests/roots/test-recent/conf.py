# A tiny site with a "最近更新" page; tests/test_recent.py makes its git history.
extensions = ["myst_parser", "teamwiki.ext.recent"]
nitpicky = True
recent_changes_limit = 2
