"""The logic of `make bench` (tools/bench.py) on tiny inputs: no timing, no budgets, no whole-site build."""

from __future__ import annotations

import gzip
import importlib.util
import json
import shutil
import subprocess
import sys

from tests.helpers import ROOT

_spec = importlib.util.spec_from_file_location("bench", ROOT / "tools" / "bench.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def _docs(folder):
    files = {
        "index.md": "# 首页\n\n```{toctree}\n\na/index\n```\n",
        "a/index.md": "(a)=\n# 甲\n\n```{toctree}\n\npage\n```\n",
        "a/page.md": "(a/page)=\n# 页\n\n见 {ref}`a`。\n",
        "_static/x.css": "",
    }
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_multiply_copies_sections_with_their_own_labels(tmp_path):
    docs = _docs(tmp_path)
    assert bench.multiply(docs, 3) == 7  # index + 3 × (a/index, a/page)
    assert bench.sections(docs) == ["a", "a-2", "a-3"]
    assert "(a/page-3)=" in (docs / "a-3" / "page.md").read_text(encoding="utf-8")
    assert "{ref}`a`" in (docs / "a-3" / "page.md").read_text(encoding="utf-8")  # references keep the original
    labels = [m["name"] for p in docs.rglob("*.md") for m in bench.LABEL.finditer(p.read_text(encoding="utf-8"))]
    assert len(labels) == len(set(labels)) == 6
    index = (docs / "index.md").read_text(encoding="utf-8")
    assert ":hidden:\n\na-2/index\na-3/index\n```" in index
    assert bench.edited_page(docs) == docs / "a" / "page.md"


def test_multiply_gives_each_copy_its_own_snippets(tmp_path):
    """A copied page shows its copy's snippet blocks (whose anchors are labels): no duplicate label."""
    docs = _docs(tmp_path / "docs")
    snippets = tmp_path / "snippets"  # beside docs/, as in the repository
    (snippets / "a" / "page").mkdir(parents=True)
    (snippets / "a" / "page" / "run.sh").write_text("# 跑一次\nmake\n", encoding="utf-8")
    (snippets / "a" / "verification.json").write_text('{"a/page/run.sh": {"ran_on": ["bash"]}}', encoding="utf-8")
    page = docs / "a" / "page.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\n```{snippet} a/page/run.sh\n:name: snippet-a-page-run-sh-main\n```\n"
        + "\n见 {ref}`snippet-a-page-run-sh-main`。\n"
        + "\n```{include} ../../snippets/a/page/run.sh\n```\n",
        encoding="utf-8",
    )
    bench.multiply(docs, 2)
    copy = (docs / "a-2" / "page.md").read_text(encoding="utf-8")
    assert "```{snippet} a-2/page/run.sh\n" in copy and ":name: snippet-a-2-page-run-sh-main\n" in copy
    assert "{ref}`snippet-a-2-page-run-sh-main`" in copy and "../../snippets/a-2/page/run.sh" in copy
    assert (snippets / "a-2" / "page" / "run.sh").read_text(encoding="utf-8") == "# 跑一次\nmake\n"
    assert json.loads((snippets / "a-2" / "verification.json").read_text(encoding="utf-8")) == {
        "a-2/page/run.sh": {"ran_on": ["bash"]}
    }
    assert "```{snippet} a/page/run.sh\n" in page.read_text(encoding="utf-8")  # the original is untouched


def test_multiply_once_changes_nothing(tmp_path):
    docs = _docs(tmp_path)
    before = (docs / "index.md").read_text(encoding="utf-8")
    assert bench.multiply(docs, 1) == 3
    assert (docs / "index.md").read_text(encoding="utf-8") == before


def test_plan_interleaves_the_two_sides(tmp_path):
    steps = bench.plan(3)
    assert len(steps) == len(bench.KINDS) * 3 * 2
    assert steps[:4] == [("clean", "ours", 0), ("clean", "baseline", 0), ("clean", "baseline", 1), ("clean", "ours", 1)]
    for kind in bench.KINDS:
        for side in ("ours", "baseline"):
            assert sum(1 for k, s, _ in steps if (k, s) == (kind, side)) == 3
    assert [k for k, _, _ in bench.plan(1, ["clean", "one_page"])] == ["clean", "clean", "one_page", "one_page"]


def test_page_weight_counts_what_the_page_loads_once(tmp_path):
    site = tmp_path / "site"
    (site / "_static").mkdir(parents=True)
    (site / "sub").mkdir()
    css, js, svg = b"body { color: red; }\n" * 50, b"console.log(1);\n" * 40, b"<svg></svg>"
    (site / "_static" / "a.css").write_bytes(css)
    (site / "_static" / "a.js").write_bytes(js)
    (site / "_static" / "d.svg").write_bytes(svg)
    (tmp_path / "outside.css").write_bytes(b"x" * 999)
    html = (
        b'<link rel="stylesheet" href="../_static/a.css?v=1"><script src="../_static/a.js"></script>'
        b'<script src="../_static/a.js"></script><object data="../_static/d.svg#x"></object>'
        b'<img src="https://example.com/x.png"><img src="../missing.png"><link href="../../outside.css">'
        b'<a href="../_static/a.css">not loaded</a>'
        b'<link rel="next" title="q" href="../q.html"><link rel="index" href="../q.html">'  # other pages: not loaded
    )
    (site / "q.html").write_bytes(b"another page" * 100)
    (site / "sub" / "p.html").write_bytes(html)
    raw, packed = bench.page_weight(site, site / "sub" / "p.html")
    assert raw == len(html) + len(css) + len(js) + len(svg)
    assert packed == sum(len(gzip.compress(b, compresslevel=6, mtime=0)) for b in (html, css, js, svg))
    assert packed < raw


def test_weights_report_median_heaviest_index_and_site(tmp_path):
    site = tmp_path
    (site / "a.html").write_text("a" * 100)
    (site / "b.html").write_text("b" * 300)
    (site / "c.html").write_text("c" * 200)
    (site / "searchindex.js").write_text("Search.setIndex({})")
    (site / ".doctrees").mkdir()
    (site / ".doctrees" / "x.doctree").write_bytes(b"y" * 5000)
    figures = bench.weights(site)
    assert figures["median page"][0] == 200
    assert figures["heaviest page (b.html)"][0] == 300
    assert figures["median page, HTML only"][0] == 200
    assert figures["heaviest page (b.html), HTML only"] == (
        300,
        len(gzip.compress(b"b" * 300, compresslevel=6, mtime=0)),
    )
    assert figures["search index"][0] == len("Search.setIndex({})")
    assert figures["site (4 files)"] == (600 + len("Search.setIndex({})"), None)


def _result(times, pages, ours, base):
    runs = lambda s: [{"seconds": s, "cpu": s / 2}]  # noqa: E731
    return {
        "times": times,
        "pages": pages,
        "samples": {k: {"ours": runs(ours[k]), "baseline": runs(base[k])} for k in bench.KINDS},
    }


def test_tables_give_ratios_growth_and_the_goals():
    one = _result(1, 30, dict(clean=10, warm=8, noop=1, one_page=2), dict(clean=6, warm=6, noop=1, one_page=1))
    big = _result(16, 480, dict(clean=200, warm=90, noop=2, one_page=3.5), dict(clean=80, warm=80, noop=1, one_page=2))
    table = bench.time_table([one, big])
    assert "| 1× | 30 | clean | 10.00 s | 6.00 s | 1.67× | 5.00 s | 3.00 s | 1.67× |" in table
    assert "| 16× | 480 | clean | 200.00 s | 80.00 s | 2.50× OVER | 100.00 s | 40.00 s | 2.50× OVER |" in table
    assert "| 16× | 480 | warm | 90.00 s | 80.00 s | 1.12× | 45.00 s | 40.00 s | 1.12× |" in table
    notes = "\n".join(bench.growth([one, big]))
    assert "clean time 1×→16×: pages 16.0×, ours 20.0×, baseline 13.3× (FASTER than the pages)" in notes
    assert "warm CPU 1×→16×: pages 16.0×, ours 11.2×, baseline 13.3× (no faster than the pages)" in notes
    assert "one-page edit at 16×: 3.50 s (OVER" in notes


def test_the_baseline_reads_plain_settings_and_runs_without_jieba(tmp_path):
    shutil.copy2(ROOT / "tools" / "bench" / "baseline_conf.py", tmp_path / "conf.py")
    (tmp_path / "project_conf.py").write_text(
        'import jieba\nlanguage = "zh_CN"\nhtml_theme = "furo"\nhtml_title = "T" + "W"\nextensions = ["ours"]\n'
        'myst_enable_extensions = ["colon_fence"]\n',
        encoding="utf-8",
    )
    probe = (
        "import json, runpy, sys\n"
        "conf = runpy.run_path('conf.py')\n"
        "try:\n    import jieba\n    blocked = False\nexcept ImportError:\n    blocked = True\n"
        "print(json.dumps({k: conf.get(k) for k in ('language', 'html_theme', 'html_title', 'extensions',"
        " 'myst_enable_extensions')} | {'jieba_blocked': blocked}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {
        "language": "zh_CN",
        "html_theme": "furo",
        "html_title": None,  # not a plain value: not read (and the project file never runs)
        "extensions": ["myst_parser", "baseline_stubs"],
        "myst_enable_extensions": ["colon_fence"],
        "jieba_blocked": True,
    }


def test_weigh_table_splits_a_page_by_part(tmp_path):
    site = tmp_path
    (site / "_static").mkdir()
    (site / "_static" / "a.css").write_text("p{}" * 10)
    nav = '<div class="sidebar-tree"><ul><li>x</li></ul></div>'
    (site / "a.html").write_text(f'<link rel="stylesheet" href="_static/a.css"><script>var x=1;</script>{nav}<p>a</p>')
    (site / "b.html").write_text("<p>b</p>")
    parts = bench.breakdown(site, site / "a.html")
    assert parts["inline scripts"][0] == len("<script>var x=1;</script>")
    assert parts["navigation tree"][0] == len(nav)
    assert parts["CSS files"][0] == 30
    assert parts["rest of the HTML"][0] == len('<link rel="stylesheet" href="_static/a.css"><p>a</p>')
    table = bench.weigh_table(site, heaviest=1)
    assert table.splitlines()[2].startswith("| a.html | ") and "| b.html (median) |" in table
