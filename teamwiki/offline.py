#!/usr/bin/env python3
"""Pack the HTML build into one zip that works unpacked anywhere and opened from disk (file://).

Usage: python -m teamwiki.offline SITE ZIP      (`make offline`: SITE _build/html, ZIP _build/team-wiki-offline.zip)

* Every file sits under one top folder, ``team-wiki/``: unpacking never scatters files, and the
  reader opens ``team-wiki/index.html``.
* Left out: what only Sphinx needs (``.doctrees``, ``.buildinfo``, hidden files), ``_sources``
  (the site does not link the sources, ``html_copy_source = False``), source maps (``*.map``,
  read by developer tools only) and what only a web server uses (``404.html``, ``sitemap.xml``).
* The archive is reproducible: entries in sorted order, one fixed timestamp (``SOURCE_DATE_EPOCH``
  when set), fixed permissions.
* Checks before packing: the build has an index.html and a search index, and no page loads a
  script, stylesheet or image from another host (that would break a reader without a network).
"""

from __future__ import annotations

import os
import re
import sys
import time
import zipfile
from pathlib import Path

TOP = "team-wiki"
LEFT_OUT_DIRS = {".doctrees", "_sources"}
LEFT_OUT_FILES = {".buildinfo", ".buildinfo.bak"}
# Only a web server shows these: 404.html links from the site root, the sitemap is for search engines.
LEFT_OUT_TOP = {"404.html", "sitemap.xml", "robots.txt"}
LEFT_OUT_SUFFIXES = {".map"}  # source maps of Furo's CSS/JS: only developer tools read them
# src=/href= of things a page loads (not links a reader may follow): <script>, <img>, <link rel=stylesheet>…
_LOADS_REMOTE = re.compile(
    r"<(?:script|img|iframe|source|video|audio)\b[^>]*\bsrc=[\"'](?:https?:)?//"
    r"|<link\b(?=[^>]*\brel=[\"'](?:stylesheet|preload|icon|modulepreload)[\"'])[^>]*\bhref=[\"'](?:https?:)?//",
    re.IGNORECASE,
)


def wanted(rel: Path) -> bool:
    parts = rel.parts
    if any(p.startswith(".") for p in parts):  # .doctrees, .buildinfo, editor droppings
        return False
    if parts[0] in LEFT_OUT_DIRS or rel.name in LEFT_OUT_FILES or rel.suffix in LEFT_OUT_SUFFIXES:
        return False
    if len(parts) == 1 and rel.name in LEFT_OUT_TOP:
        return False
    return True


def collect(site: Path) -> list[Path]:
    return sorted(
        (p for p in site.rglob("*") if p.is_file() and wanted(p.relative_to(site))), key=lambda p: p.as_posix()
    )


def check(site: Path, files: list[Path]) -> list[str]:
    problems = []
    names = {p.relative_to(site).as_posix() for p in files}
    for required in ("index.html", "search.html", "searchindex.js"):
        if required not in names:
            problems.append(f"{required} is missing from {site}: is this an HTML build?")
    for path in files:
        if path.suffix == ".html":
            match = _LOADS_REMOTE.search(path.read_text(encoding="utf-8", errors="replace"))
            if match:
                problems.append(f"{path.relative_to(site)} loads from another host: {match.group(0)[:120]}")
    return problems


def pack(site: Path, archive: Path) -> tuple[int, int]:
    """Write ``archive``; return (file count, archive size in bytes)."""
    files = collect(site)
    problems = check(site, files)
    if problems:
        raise SystemExit("error: not packing the offline site:\n  " + "\n  ".join(problems))
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0")) or int(time.time())
    stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip timestamps start in 1980
    archive.parent.mkdir(parents=True, exist_ok=True)
    partial = archive.with_name(archive.name + ".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in files:
            info = zipfile.ZipInfo(f"{TOP}/{path.relative_to(site).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    partial.replace(archive)
    return len(files), archive.stat().st_size


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    site, archive = Path(argv[1]), Path(argv[2])
    if not (site / "index.html").is_file():
        print(f"error: {site}/index.html not found: build the site first (make html)", file=sys.stderr)
        return 1
    count, size = pack(site, archive)
    print(f"{archive}: {count} files, {size / 1024:.0f} KiB ({size} bytes); unpack and open {TOP}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
