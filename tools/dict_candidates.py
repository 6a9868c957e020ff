"""Candidate words for the search dictionary, derived from the pages.

A candidate is 3–6 Chinese characters that a writer marks as a term: a bold phrase, a definition
term, or a heading of the form 术语（term）,
that jieba (with the current dictionary) splits into pieces, so search would not find it as one
word. Each candidate must be reviewed: added to search/jieba-dict.txt (it is a word) or to
search/not-words.txt (it is a phrase, not a word). `python tools/dict_candidates.py` lists the
unreviewed ones; tests/test_search_dict.py fails while any remain.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import jieba

ROOT = Path(__file__).resolve().parent.parent
DICT = ROOT / "search" / "jieba-dict.txt"
NOT_WORDS = ROOT / "search" / "not-words.txt"
CJK_RUN = re.compile(r"^[\u4e00-\u9fff]{3,6}$")
PLACES = [
    re.compile(r"^#{2,6}\s+([\u4e00-\u9fff]+)[（(]", re.M),  # a heading that names a term: 旁路缓存（cache-aside）
    re.compile(r"\*\*([^*]+)\*\*"),  # bold phrases: where a writer marks a term
    re.compile(r"^([^\s:][^\n]*)\n:\s", re.M),  # definition-list terms
]


def listed(path: Path) -> set[str]:
    if not path.exists():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.split()[0] for line in lines if line.strip() and not line.startswith("#")}


def candidates() -> dict[str, str]:
    """candidate -> the first page it comes from."""
    jieba.setLogLevel(60)
    jieba.load_userdict(str(DICT))
    found: dict[str, str] = {}
    for page in sorted((ROOT / "docs").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for place in PLACES:
            for phrase in place.findall(text):
                for run in CJK_RUN.findall(phrase.strip()):
                    if len(jieba.lcut(run)) > 1:
                        found.setdefault(run, page.relative_to(ROOT).as_posix())
    return found


def unreviewed() -> dict[str, str]:
    reviewed = listed(DICT) | listed(NOT_WORDS)
    return {word: page for word, page in candidates().items() if word not in reviewed}


if __name__ == "__main__":
    todo = unreviewed()
    for word, page in sorted(todo.items(), key=lambda item: item[1]):
        print(f"{word}\t{page}")
    print(f"{len(todo)} unreviewed candidate(s): add each to {DICT.name} or {NOT_WORDS.name}", file=sys.stderr)
