"""Synonyms and team words (search/synonyms.toml): every word of every group finds its page and heading."""

from __future__ import annotations

import importlib.util
import tomllib

from tests.helpers import ROOT

spec = importlib.util.spec_from_file_location("search_bench", ROOT / "tools" / "search_bench.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

GROUPS = tomllib.loads((ROOT / "search" / "synonyms.toml").read_text(encoding="utf-8"))["group"]


def test_every_group_is_reviewed_data():
    for group in GROUPS:
        assert len(group["words"]) >= 2 and group["why"].strip() and group["finds"]["heading"], group
        assert (ROOT / "docs" / f"{group['finds']['page']}.md").is_file(), group


def test_every_word_finds_its_group_target(browser, http_root, site):
    search = bench.WikiSearch(browser, http_root)
    misses = []
    try:
        for group in GROUPS:
            target = {"page": group["finds"]["page"], "heading": group["finds"]["heading"]}
            for word in group["words"]:
                results = [bench.locate(site, http_root, href) for href in search(word)]
                rank = bench.rank(results, target)
                if not rank or rank > 5:
                    misses.append(f"{word!r} -> {target}: got {results[:3]}")
    finally:
        search.close()
    assert not misses, "\n".join(misses)
