"""The {snippet} directive and its neighbours, on tiny sites in tests/roots/ (never on the wiki itself)."""

from __future__ import annotations

import re

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

SECRET = "TOP-SECRET-LINE-4711"


@pytest.fixture
def confined_app(make_app, sphinx_test_tempdir, rootdir):
    import shutil

    src = sphinx_test_tempdir / "confined"
    shutil.rmtree(src, ignore_errors=True)
    shutil.copytree(rootdir / "test-confined", src)
    (src.parent / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    (src / "snippets" / "ok" / "escape.sh").symlink_to("../../../secret.txt")
    return make_app("html", srcdir=src, freshenv=True)


@pytest.fixture(scope="session")
def rootdir():
    from tests.helpers import ROOT

    return ROOT / "tests" / "roots"


def warnings_by_line(app) -> dict[int, str]:
    found = {}
    for line in app.warning.getvalue().splitlines():
        match = re.search(r"index\.md:(\d+): (WARNING|ERROR)", line)
        if match:
            found[int(match.group(1))] = line
    return found


def test_every_bad_path_is_an_error_at_its_line_and_nothing_is_read(confined_app):
    confined_app.build()
    text = confined_app.warning.getvalue()
    assert "Extension error" not in text and "Traceback" not in text, text
    lines = warnings_by_line(confined_app)
    expected = {
        3: "outside",  # /etc/passwd
        6: "outside",  # ../../secret.txt
        9: "outside",  # a symlink inside snippets/ that points out of it
        12: "does not exist",
        15: "not UTF-8",
        18: "outside",  # literalinclude
        21: "outside",  # MyST include
    }
    for line, words in expected.items():
        assert line in lines and words in lines[line], f"no '{words}' warning at index.md:{line}:\n{text}"
    html = (confined_app.outdir / "index.html").read_text(encoding="utf-8")
    assert SECRET not in html and "root:x:0" not in html
    assert "打个招呼" in html  # the good snippet after all the bad ones is still there
