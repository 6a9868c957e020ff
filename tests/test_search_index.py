"""The search index: terms as typed, jieba kept working and loaded lazily, size, synonyms reviewed."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import textwrap

from teamwiki import build
from teamwiki.ext import wiki_search
from tests.helpers import ROOT

spec = importlib.util.spec_from_file_location("search_bench", ROOT / "tools" / "search_bench.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def test_commands_and_options_are_terms_as_typed():
    cases = {
        "set mapred.reduce.tasks=100": {"mapred.reduce.tasks", "mapred", "reduce", "tasks", "100"},
        "hadoop fs -rm -r -skipTrash DIR": {"-skiptrash", "skiptrash", "-rm", "-r"},
        "hive --hivevar DT=20240101": {"--hivevar", "hivevar"},
        "-partitioner org.apache.hadoop.mapred.lib.KeyFieldBasedPartitioner": {
            "keyfieldbasedpartitioner",
            "partitioner",
            "-partitioner",
        },
        "用 g++ 编译": {"g++", "g"},
        "A/B 测试": {"a/b", "a", "b"},
        "count(distinct cuid)": {"count", "distinct", "cuid"},
        "cache-aside": {"cache-aside", "cache", "aside"},
    }
    for text, expected in cases.items():
        got = set(wiki_search.latin_terms(wiki_search.normalize(text)))
        assert expected <= got, (text, expected - got)
    assert "-partitioner" in wiki_search.latin_terms("-partitioner")


def test_chinese_is_cut_with_the_project_dictionary():
    got = wiki_search.chinese_terms("旁路缓存和一致性哈希")
    assert {"旁路缓存", "一致性哈希"} <= set(got), got


def test_jieba_imports_and_cuts_in_a_fresh_interpreter():
    """jieba 0.42.1 is the last release (unmaintained); it tries `import pkg_resources`, which new
    setuptools removes, and falls back to reading its files directly. Fail here, clearly, the day
    that path breaks (warnings are errors here: a deprecation turns into a failure, not a surprise)."""
    code = textwrap.dedent(
        """
        import importlib.util, json, logging
        import jieba
        jieba.setLogLevel(logging.WARNING)
        print(json.dumps({"pkg_resources": importlib.util.find_spec("pkg_resources") is not None,
                          "words": jieba.lcut("机器学习项目")}, ensure_ascii=False))
        """
    )
    run = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, (
        "jieba no longer imports or cuts (see fxsjy/jieba#1043: pkg_resources); pin setuptools<81 in "
        f"requirements/docs.in or move the search to another segmenter:\n{run.stderr[-2000:]}"
    )
    result = json.loads(run.stdout)
    assert result["words"] == ["机器", "学习", "项目"], result


def test_a_no_op_build_never_loads_jieba(quiet_site):
    """jieba's dictionary (seconds to load) is loaded on first use: a rebuild with nothing new never loads it."""
    site = quiet_site
    index = site / "_static" / "search-index.js"
    before = index.stat().st_mtime_ns
    code = textwrap.dedent(
        f"""
        import sys
        from sphinx.cmd.build import main
        args = ["-q", "-n", "-W", "--keep-going", "-b", "html", "-c", {str(ROOT)!r}]
        rc = main(args + [{str(ROOT / "docs")!r}, {str(site)!r}])
        import jieba
        print(rc, jieba.dt.initialized)
        """
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.stdout.split() == ["0", "False"], run.stdout + run.stderr[-2000:]
    assert index.stat().st_mtime_ns == before, "a no-op build rewrote the search index"


def test_index_is_at_most_twice_sphinx_own(site):
    wiki, sphinx = bench.index_sizes(site)
    assert 0 < wiki <= 2 * sphinx, (wiki, sphinx)


def _tiny_site(tmp_path):
    src = tmp_path / "src"
    (src / "docs").mkdir(parents=True)
    (src / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "extensions = ['myst_parser', 'teamwiki.ext.wiki_search']\n"
        "html_search_language = 'zh'\n"
        f"wiki_search_synonyms = {str(ROOT / 'search' / 'synonyms.toml')!r}\n",
        encoding="utf-8",
    )
    (src / "docs" / "index.md").write_text("# 首页\n\n```{toctree}\na\nb\n```\n", encoding="utf-8")
    (src / "docs" / "a.md").write_text("# 甲页\n\n## 合并下载\n\n用 getmerge。\n", encoding="utf-8")
    (src / "docs" / "b.md").write_text("# 乙页\n\n正文。\n", encoding="utf-8")
    return src


def _index(out):
    text = (out / "_static" / "search-index.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("=") + 1 : text.index(";window.wikiSearch")])


def _build(src, out, *extra):
    run = build.sphinx(
        ["-q", "-b", "html", *extra, "-c", str(src), str(src / "docs"), str(out)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr[-3000:]


def test_index_follows_incremental_and_parallel_builds(tmp_path):
    """A page changed after a build is found by its new words, a removed page leaves the index, and a
    parallel build writes the same index as a serial one."""
    src = _tiny_site(tmp_path)
    out = tmp_path / "html"
    _build(src, out)
    assert "getmerge" in _index(out)["terms"]
    (src / "docs" / "b.md").write_text("# 乙页\n\n## 回看清单\n\n回看时核对每个假设。\n", encoding="utf-8")
    _build(src, out)
    index = _index(out)
    assert ["b.html", "乙页"] in [d[:2] for d in index["docs"]] and "回看" in index["terms"], index["docs"]
    assert any(sec[2] == "回看清单" for sec in index["secs"])
    (src / "docs" / "a.md").unlink()
    (src / "docs" / "index.md").write_text("# 首页\n\n```{toctree}\nb\n```\n", encoding="utf-8")
    _build(src, out)
    assert "getmerge" not in _index(out)["terms"]
    parallel = tmp_path / "parallel"
    _build(src, parallel, "-j", "2")
    assert _index(parallel) == _index(out)
