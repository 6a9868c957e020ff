"""Whitespace rules of the repository's text files: no trailing blanks anywhere, no CRLF line endings.

    python -m teamwiki.textlint [FILE …]      (no files: every file git tracks; `make lint` runs it)

A CRLF snippet would be copied with carriage returns into a reader's shell (``$'\\r': command not found``)
and shown with stray characters. Each problem is printed as ``file:line: …``; the exit status is 1 if any.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SKIP_SUFFIXES = {".lock", ".png", ".svg", ".pdf", ".zip", ".jar", ".ico", ".woff2", ".joblib"}
SKIP_NAMES = {"package-lock.json"}


def problems(path: Path) -> list[str]:
    data = path.read_bytes()
    if b"\0" in data:
        return []  # binary
    found = []
    for number, line in enumerate(data.split(b"\n"), 1):
        if line.endswith(b"\r"):
            found.append(f"{path}:{number}: CRLF line ending (save the file with LF endings)")
            line = line[:-1]
        if line != line.rstrip(b" \t"):
            found.append(f"{path}:{number}: trailing whitespace")
    return found


def tracked() -> list[Path]:
    names = subprocess.run(["git", "ls-files", "-z"], capture_output=True, check=True).stdout.split(b"\0")
    return [Path(n.decode()) for n in names if n]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = [Path(a) for a in args] or tracked()
    found = [
        problem
        for path in paths
        if path.is_file() and path.suffix not in SKIP_SUFFIXES and path.name not in SKIP_NAMES
        for problem in problems(path)
    ]
    print("\n".join(found)) if found else None
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
