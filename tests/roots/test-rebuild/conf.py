# A tiny site with one broken cross-reference (tests/test_build_command.py).
extensions = ["myst_parser"]
