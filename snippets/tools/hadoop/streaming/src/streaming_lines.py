# streaming 脚本共用的读行和检查：严格按 UTF-8 读 stdin、写计数器、判断 key 字段和数字
"""Shared by the job's mappers and reducers, shipped to every task with ``-file streaming_lines.py``.

* ``lines(group)`` reads stdin as UTF-8. A line that is not UTF-8 is counted (``not_utf8``) and
  skipped, never passed on with U+FFFD in it; a byte order mark at the start of a line (a file
  saved by an editor that writes one) is removed and counted (``bom_removed``).
* ``is_key(text)``: usable as a key field. The job's key is ``field#tag`` split on ``#``, records
  are split on tab and newline, so none of those may be inside; nor U+FFFD (what a lossy decode
  upstream left) or U+FEFF (a BOM in the middle of a line), which would make two spellings of
  one id that never join.
* ``is_number(text)``: ASCII digits only (``str.isdigit`` also accepts ``１２`` and ``²``).
* ``counter(group, name)``: one Hadoop streaming counter line, ``reporter:counter:GROUP,NAME,1``,
  on stderr; the framework sums them into the job's counters.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

NOT_IN_KEY = re.compile("[#\t\n\r\ufeff\ufffd]")
NUMBER = re.compile("[0-9]+")


def counter(group: str, name: str, amount: int = 1) -> None:
    sys.stderr.write(f"reporter:counter:{group},{name},{amount}\n")


def lines(group: str) -> Iterator[str]:
    """stdin's lines without their line end; lines that are not UTF-8 are counted and skipped."""
    for raw in sys.stdin.buffer:
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            counter(group, "not_utf8")
            continue
        line = line.rstrip("\r\n")
        if line.startswith("\ufeff"):
            counter(group, "bom_removed")
            line = line[1:]
        yield line


def is_key(text: str) -> bool:
    return bool(text) and NOT_IN_KEY.search(text) is None


def is_number(text: str) -> bool:
    return NUMBER.fullmatch(text) is not None
