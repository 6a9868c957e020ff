"""Offline means offline: after an HTML build, every built page, stylesheet and SVG is scanned for anything
that would be loaded from another host, and each find is a warning naming the page (and, where the URL is
written in the page's source, its line), so the strict build fails.

What counts as a load: ``src`` and ``srcset`` of any element (img, script, iframe, audio, video, source,
embed, track, input), ``poster``, ``data`` of ``<object>``, ``href`` of ``<link>`` that loads something
(stylesheet, icon, preload, modulepreload, prefetch, manifest), SVG ``href``/``xlink:href`` on
``<image>``, ``<use>``, ``<feImage>``, ``<script>``, and every CSS ``url()`` and ``@import`` (in
``<style>``, ``style=""`` attributes, ``.css`` and ``.svg`` files, which covers web fonts). Links a reader
follows (``<a href>``, canonical and alternate links) are not loads.

Every build reports every find again, but only files written since the last scan are parsed: what each
file loads is kept beside the doctrees (``offline-scan.json``), keyed by the file's size, inode and
modification and change times (a rewritten or copied file always gets a new change time).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

LOCAL_SCHEMES = {"", "file", "data", "blob", "about", "javascript"}
LOADING_RELS = {
    *("stylesheet", "icon", "shortcut", "apple-touch-icon", "manifest"),
    *("preload", "modulepreload", "prefetch"),
}
SVG_LOADERS = {"image", "use", "feimage", "script"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""", re.I)


def is_remote(url: str) -> bool:
    url = url.strip()
    return url.startswith("//") or urlparse(url).scheme.lower() not in LOCAL_SCHEMES


def css_urls(text: str) -> list[str]:
    return [m.group(2) or m.group(4) for m in CSS_URL.finditer(text)]


class _Loads(HTMLParser):
    """Collects (url, line) of everything an HTML or SVG document would load."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, int]] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        values = dict(attrs)
        urls = []
        for name in ("src", "poster"):
            if values.get(name):
                urls.append(values[name])
        if values.get("srcset"):
            urls += [part.strip().split()[0] for part in values["srcset"].split(",") if part.strip()]
        if tag == "object" and values.get("data"):
            urls.append(values["data"])
        if tag == "link" and values.get("href"):
            rels = set((values.get("rel") or "").lower().split())
            if rels & LOADING_RELS:
                urls.append(values["href"])
        if tag in SVG_LOADERS:
            urls += [values[name] for name in ("href", "xlink:href") if values.get(name)]
        if values.get("style"):
            urls += css_urls(values["style"])
        self._in_style = tag == "style"
        self.found += [(url, line) for url in urls if is_remote(url)]

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            line = self.getpos()[0]
            self.found += [(url, line) for url in css_urls(data) if is_remote(url)]


def remote_loads(path: Path) -> list[tuple[str, int]]:
    """(url, line in the file) of every remote load in an HTML, SVG or CSS file."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".css":
        return [
            (url, text.count("\n", 0, m.start()) + 1)
            for m in CSS_URL.finditer(text)
            if is_remote(url := m.group(2) or m.group(4))
        ]
    parser = _Loads()
    parser.feed(text)
    parser.close()
    return parser.found


def _source_line(app: Sphinx, docname: str, url: str) -> int | None:
    try:
        source = Path(app.env.doc2path(docname)).read_text(encoding="utf-8")
    except (OSError, KeyError):
        return None
    index = source.find(url)
    return source.count("\n", 0, index) + 1 if index >= 0 else None


# What counts as a load is this file's code: when it changes, every file is parsed again.
FORMAT = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def _cache_path(app: Sphinx) -> Path:
    return Path(app.doctreedir) / "offline-scan.json"


def _stamp(stat: os.stat_result) -> list[int]:
    return [stat.st_size, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns]


def scanned(app: Sphinx, files: list[Path]) -> dict[Path, list[tuple[str, int]]]:
    """``remote_loads`` of each file, parsing only the files changed since the last build's scan."""
    path = _cache_path(app)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        kept = data["files"] if data.get("format") == FORMAT else {}
    except (OSError, ValueError, KeyError):
        kept = {}
    outdir = Path(app.outdir)
    found, files_out = {}, {}
    for file in files:
        name = file.relative_to(outdir).as_posix()
        stamp = _stamp(file.stat())
        entry = kept.get(name)
        if entry is None or entry["stamp"] != stamp:
            entry = {"stamp": stamp, "loads": [list(load) for load in remote_loads(file)]}
        files_out[name] = entry
        found[file] = [tuple(load) for load in entry["loads"]]
    if files_out != kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"format": FORMAT, "files": files_out}, sort_keys=True), encoding="utf-8")
    return found


def _scan(app: Sphinx, exception) -> None:
    if exception or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    pages = {}
    for docname in app.env.found_docs:
        pages[(outdir / app.builder.get_target_uri(docname)).resolve()] = docname
    files = [
        path
        for path in sorted(outdir.rglob("*"))
        if path.suffix in {".html", ".svg", ".css"} and path.is_file() and ".doctrees" not in path.parts
    ]
    for path, loads in scanned(app, files).items():
        docname = pages.get(path.resolve())
        for url, line in loads:
            built = f"{path.relative_to(outdir)}:{line}"
            if docname is not None:
                logger.warning(
                    "loads %s from another host (built page %s); the offline site may load nothing remote",
                    url,
                    built,
                    location=(docname, _source_line(app, docname, url)),
                )
            else:
                logger.warning("%s loads %s from another host; the offline site may load nothing remote", built, url)


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", _scan, priority=900)  # after the other extensions have written their files
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
