"""The build-time offline scan (teamwiki/ext/offline_check.py), on a tiny site that loads remotely every way."""

from __future__ import annotations

import os
import shutil

from teamwiki import build
from tests.helpers import ROOT

ENV = os.environ | {"PYTHONPATH": str(ROOT)}  # this checkout's teamwiki, whichever one the shared venv installed


def test_every_remote_load_fails_the_build_naming_page_and_line(tmp_path):
    src = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "roots" / "test-offline", src / "docs")
    shutil.move(src / "docs" / "conf.py", src / "conf.py")
    (src / "conf.py").write_text((src / "conf.py").read_text().replace('"_static"', '"docs/_static"'))
    result = build.run("html", src / "_build", root=src, capture_output=True, text=True, env=ENV)
    err = result.stderr
    assert result.returncode != 0, "the build passed although its page loads from other hosts"
    for url, line in [
        ("https://cdn.example.org/late.png", 66),  # lazy, at the end of a long page
        ("https://img.example.org/a.png", 68),  # SVG xlink:href
        ("https://video.example.org/embed", 70),  # iframe
    ]:
        found = any(f"index.md:{line}" in row and url in row for row in err.splitlines())
        assert found, f"{url} at line {line}:\n{err}"
    assert "remote-font.css" in err and "fonts.example.org/remote.woff2" in err, err  # a web font in a stylesheet
    assert "example.org/docs" not in err, "a link a reader follows is not a load"


def test_the_browser_visit_scrolls_to_the_end_and_catches_a_lazy_remote_image(tmp_path, browser):
    """What the build-time scan would miss if it were skipped: the browser sweep sees a lazy image at the end."""
    from teamwiki.chromium import Visit

    page = tmp_path / "long.html"
    filler = "".join(f"<p>line {n}</p>" for n in range(400))
    middle = '<img loading="lazy" src="https://cdn.example.org/middle.png" alt="">'
    page.write_text(
        f"<!doctype html><html><body>{filler}{middle}{filler * 10}"
        '<img loading="lazy" src="https://cdn.example.org/late.png" alt=""></body></html>',
        encoding="utf-8",
    )
    visit = Visit(browser, "light")
    try:
        visit.open(page.as_uri())
        assert "https://cdn.example.org/late.png" in visit.outside, visit.outside
        # one far down the middle too, which a jump to the end scrolls past without loading it
        assert "https://cdn.example.org/middle.png" in visit.outside, visit.outside
    finally:
        visit.close()


URLS = [
    "file:///site/index.html",
    "data:image/png;base64,AAAA",
    "blob:http://127.0.0.1:8000/0b1c",
    "about:blank",
    "http://127.0.0.1:8000/_static/wiki.css",
    "http://127.0.0.1/",
    "http://127.0.0.1",
    "http://127.0.0.1:8000?q=1",
    "https://127.0.0.1:8443/",  # local, though the pattern lets Python decide
    "http://127.0.0.1@cdn.example.org/x.js",  # user info: the host is cdn.example.org
    "http://127.0.0.1.example.org/x.js",
    "http://127.0.0.10/x.js",
    "http://localhost:8000/",
    "https://cdn.example.org/late.png",
    "ws://example.org/socket",
]


def test_the_route_pattern_sends_every_outside_url_to_the_check():
    """route_offline only sees what outside_pattern matches: it must match every URL is_local refuses."""
    from teamwiki.chromium import is_local, outside_pattern

    for loopback in (True, False):
        pattern = outside_pattern(loopback=loopback)
        missed = [u for u in URLS if not is_local(u, loopback=loopback) and not pattern.search(u)]
        assert not missed, (loopback, missed)
        matched_local = [u for u in URLS if pattern.search(u) and is_local(u, loopback=loopback)]
        assert matched_local == (["https://127.0.0.1:8443/"] if loopback else [])  # only what Python must decide
    assert outside_pattern().search("http://127.0.0.1@cdn.example.org/x.js")


def _warnings(stderr: str) -> list[str]:
    return sorted(line for line in stderr.splitlines() if "WARNING" in line)


def test_a_rebuild_reports_what_a_fresh_scan_reports(tmp_path):
    """Only files written since the last scan are parsed again; every build still reports every find, and
    an edit that adds or removes a remote load is seen, exactly as a scan of a fresh output folder sees it."""
    src = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "roots" / "test-offline", src / "docs")
    shutil.move(src / "docs" / "conf.py", src / "conf.py")
    (src / "conf.py").write_text((src / "conf.py").read_text().replace('"_static"', '"docs/_static"'))
    page = src / "docs" / "index.md"

    def warnings(out) -> list[str]:
        result = build.run("html", out, root=src, capture_output=True, text=True, env=ENV)
        assert result.returncode != 0, result.stderr
        return _warnings(result.stderr)

    kept = tmp_path / "kept"
    first = warnings(kept)
    assert (kept / ".doctrees" / "offline-scan.json").is_file()
    assert warnings(kept) == first, "a second build must report the first one's finds again"

    page.write_text(page.read_text(encoding="utf-8").replace("https://video.example.org/embed", "embed.html"))
    edited = warnings(kept)
    assert edited == warnings(tmp_path / "fresh"), "an incremental scan must equal a fresh one"
    assert not any("video.example.org" in w for w in edited) and len(edited) == len(first) - 1

    page.write_text(page.read_text(encoding="utf-8") + '\n<img src="https://new.example.org/x.png" alt="">\n')
    added = warnings(kept)
    assert added == warnings(tmp_path / "fresh2") and any("new.example.org/x.png" in w for w in added)
