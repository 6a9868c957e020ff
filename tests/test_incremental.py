"""Shortcuts the build takes on a rebuild give what the plain way gives (tiny inputs, in process)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import jieba

from teamwiki import build
from teamwiki.ext import wiki_search
from tests.helpers import ROOT


def test_jieba_prefix_dictionary_read_at_once_is_jiebas_own():
    """wiki_search reads jieba's cache file in one piece (4× faster than jieba's marshal.load of the file):
    the same words, the same frequencies, the same total, so every cut is the same."""
    own = jieba.Tokenizer()
    own.initialize()  # writes the cache file if there is none yet
    fast = jieba.Tokenizer()

    def refuse(*args, **kwargs):
        raise AssertionError("fell back to jieba's own initialize")

    fast.initialize = refuse
    wiki_search._load_prefix_dictionary(fast)
    assert fast.initialized
    assert fast.total == own.total and fast.FREQ == own.FREQ
    text = "旁路缓存和一致性哈希是系统设计里常见的特征工程之外的话题，滚动更新时先看就绪探针。"
    assert list(fast.cut_for_search(text)) == list(own.cut_for_search(text))


# -- a rebuild equals a fresh build -----------------------------------------------------------------

# The site-wide files the extensions write, and whether a build that changed nothing may skip them.
ARTEFACTS = ["_static/search-index.js", "manifest.json", "verification.json", "commands.json"]


def _sphinx(src: Path, out: Path, fresh: bool) -> list[str]:
    """`make serve`'s incremental build (or, ``fresh``, the strict build's -E into an empty folder): its warnings."""
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    args = ["-n", "--keep-going", "-b", "html", *(["-E"] if fresh else [])]
    args += ["-c", str(src), str(src / "docs"), str(out)]
    proc = build.sphinx(args, capture_output=True, text=True, cwd=src, env=os.environ | {"PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    return sorted(line for line in proc.stderr.splitlines() if "WARNING" in line)


def _same(src: Path, tmp_path: Path, kept: Path, step: str) -> None:
    warnings = _sphinx(src, kept, fresh=False)
    fresh = tmp_path / f"fresh-{step}"
    assert warnings == _sphinx(src, fresh, fresh=True), step
    for name in ARTEFACTS:
        assert (kept / name).read_bytes() == (fresh / name).read_bytes(), f"{step}: {name} differs from a fresh build"


def test_every_rebuild_writes_what_a_fresh_build_writes(tmp_path):
    src = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "roots" / "test-incremental", src)
    docs = src / "docs"
    kept = tmp_path / "kept"
    _sphinx(src, kept, fresh=False)
    index = kept / "_static" / "search-index.js"
    before = index.stat().st_mtime_ns
    _same(src, tmp_path, kept, "no-op")
    assert index.stat().st_mtime_ns == before, "a build that changed nothing rewrote the search index"

    guide = docs / "guide.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\n## 分区\n\n特征工程的分区表按天写入。\n", encoding="utf-8")
    _same(src, tmp_path, kept, "edit")
    assert "特征" in index.read_text(encoding="utf-8")

    (src / "snippets" / "guide" / "du.sh").write_text("# 看订单表占多大\nhadoop fs -du -s -h /warehouse/orders\n")
    (docs / "new.md").write_text("# 新页\n\n一致性哈希。\n\n```{snippet} guide/du.sh\n```\n", encoding="utf-8")
    (docs / "index.md").write_text((docs / "index.md").read_text(encoding="utf-8").replace("ops\n", "ops\nnew\n"))
    _same(src, tmp_path, kept, "new page")

    (docs / "ops.md").unlink()
    (docs / "index.md").write_text((docs / "index.md").read_text(encoding="utf-8").replace("ops\n", ""))
    _same(src, tmp_path, kept, "removed page")
    assert "就绪探针" not in index.read_text(encoding="utf-8")

    synonyms = src / "search" / "synonyms.toml"
    synonyms.write_text(synonyms.read_text(encoding="utf-8") + '\n[[group]]\nwords = ["hql", "hive sql"]\n')
    _same(src, tmp_path, kept, "synonyms")
    assert "hive sql" in index.read_text(encoding="utf-8")

    index.write_text("damaged", encoding="utf-8")
    _same(src, tmp_path, kept, "damaged index")


def test_jieba_on_shards_cuts_as_the_whole_dictionary(tmp_path):
    """The prefix dictionary loaded one first character at a time, as the text to cut needs it, with the
    project's words added: every page cuts as with the whole dictionary, and what is loaded is the whole."""
    whole = jieba.Tokenizer()
    wiki_search._load_prefix_dictionary(whole)
    path = tmp_path / "shards.sqlite"
    wiki_search.Shards.write(path, whole.FREQ, whole.total)
    words = ROOT / "search" / "jieba-dict.txt"
    whole.load_userdict(str(words))

    lazy = jieba.Tokenizer()
    shards = wiki_search.Shards(lazy, path)
    shards.cover(words.read_text(encoding="utf-8"))
    lazy.load_userdict(str(words))
    pages = sorted((ROOT / "docs").rglob("*.md"))
    first = pages[0].read_text(encoding="utf-8")
    shards.cover(first)
    assert len(lazy.FREQ) < len(whole.FREQ) / 5, "one page needs a small part of the dictionary"
    for page in pages:
        text = page.read_text(encoding="utf-8")
        shards.cover(text)
        assert list(lazy.cut_for_search(text)) == list(whole.cut_for_search(text)), page
        assert list(lazy.cut(text)) == list(whole.cut(text)), page
    assert lazy.total == whole.total
    shards.cover("".join({word[0] for word in whole.FREQ}))
    assert lazy.FREQ == whole.FREQ
