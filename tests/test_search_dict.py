"""The search dictionary is reviewed: every candidate the pages propose is decided, every word is still used."""

from __future__ import annotations

import importlib.util

import jieba

from tests.helpers import DOCS, ROOT

spec = importlib.util.spec_from_file_location("dict_candidates", ROOT / "tools" / "dict_candidates.py")
dict_candidates = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dict_candidates)

WORDS = sorted(dict_candidates.listed(dict_candidates.DICT))


def test_no_unreviewed_candidates():
    todo = dict_candidates.unreviewed()
    assert not todo, f"add each to search/jieba-dict.txt or search/not-words.txt: {todo}"


def test_every_word_is_still_on_a_page():
    text = "\n".join(p.read_text(encoding="utf-8") for p in DOCS.rglob("*.md"))
    stale = [w for w in WORDS if w not in text]
    assert not stale, f"words no page uses any more: {stale}"


def test_words_stay_whole():
    jieba.setLogLevel(60)
    jieba.load_userdict(str(dict_candidates.DICT))
    split = [w for w in WORDS if jieba.lcut(w) != [w]]
    assert not split, split
