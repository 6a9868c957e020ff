"""The wiki's writing conventions, each written once and used by the build, the tools and the tests.

* A snippet file opens with a one-line purpose in Chinese, as a comment of its language (after a
  shebang if there is one): ``-- …`` in SQL, ``// …`` in C++ and Java, ``# …`` elsewhere.
* Command snippets (the command index lists them; one command or query per file): ``COMMAND_SUFFIXES``.
* Prompts that the copy button strips (and that mark the lines it copies): ``PROMPTS``.
"""

from __future__ import annotations

import re
from pathlib import Path

CJK_RANGE = "\u4e00-\u9fff"
CJK = re.compile(f"[{CJK_RANGE}]")

COMMAND_SUFFIXES = frozenset({".sql", ".sh", ".console", ".pycon"})

# Shell, Python session and Hive CLI prompts, as regex alternatives (sphinx-copybutton's prompt text).
PROMPTS = (r"\$ ", r">>> ", r"\.\.\. ", r"hive> ")
PROMPT_PATTERN = "|".join(PROMPTS)
PROMPT = re.compile(f"^({PROMPT_PATTERN})")

COMMENT_MARKERS = {".sql": "-- ", ".cpp": "// ", ".h": "// ", ".java": "// "}
ANY_COMMENT = re.compile(r"^\s*(--|#|//)\s?(.*)$")


def comment_marker(path: Path | str) -> str:
    return COMMENT_MARKERS.get(Path(path).suffix, "# ")


def purpose_of(path: Path | str, text: str | None = None) -> str | None:
    """The Chinese purpose on a snippet's first line (after a shebang), or None when it has none."""
    lines = (Path(path).read_text(encoding="utf-8") if text is None else text).splitlines()
    if lines and lines[0].startswith("#!"):
        lines = lines[1:]
    if not lines:
        return None
    marker = comment_marker(path)
    first = lines[0]
    if not first.startswith(marker) or not CJK.search(first):
        return None
    return first[len(marker) :].strip()


def first_command(path: Path | str, text: str | None = None) -> str:
    """The first line of a command snippet that is not a comment, its prompt removed."""
    lines = (Path(path).read_text(encoding="utf-8") if text is None else text).splitlines()
    for line in lines:
        if line.startswith("#!") or ANY_COMMENT.match(line) or not line.strip():
            continue
        return PROMPT.sub("", line.strip())
    return ""
