# A tiny site that loads things from other hosts in every way a page can (tests/test_offline_check.py).
extensions = ["myst_parser", "teamwiki.ext.offline_check"]
myst_enable_extensions = ["html_image"]
html_static_path = ["_static"]
html_css_files = ["remote-font.css"]
