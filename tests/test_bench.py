"""`make bench` works: a quick run (one repetition, two pages, no test-suite timing) gives the whole table.

The bench reports and never gates, so its figures are not compared with targets here; what is checked
is that every row is there with sane values: positive times and sizes, a baseline beside each figure,
ratios that are ours/baseline, PASS/OVER beside each target, no section that failed to measure, and
a gzip-compressed transfer beside each page's uncompressed one that is smaller.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import subprocess
import sys

import pytest

from tests.helpers import ROOT

BENCH = ROOT / "tools" / "bench.py"


def _benchtable():
    spec = importlib.util.spec_from_file_location("benchtable", ROOT / "tools" / "bench" / "benchtable.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


benchtable = _benchtable()


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    proc = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--out", str(out)], capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 0, f"bench --quick failed:\n{proc.stderr[-4000:]}"
    report = json.loads((out / "bench.json").read_text(encoding="utf-8"))
    return proc, report, out


def test_quick_bench_has_every_row_with_sane_values(quick):
    _, report, _ = quick
    assert report["errors"] == [], report["errors"]
    assert benchtable.validate(report, min_pages=2) == []
    rows = {r["key"]: r for r in report["rows"]}
    for key in benchtable.TIME_ROWS | {"site.bytes", "diagrams.batching"}:
        assert rows[key]["ratio"] > 0, key
    assert rows["build.one_diagram"]["rendered"] == [1], "the relabelled diagram was not re-rendered"
    assert rows["diagrams.batching"]["ours"] < rows["diagrams.batching"]["baseline"] * 1.5
    assert rows["mermaid.js"]["ours"] == 0 and rows["mermaid.js"]["status"] == "PASS"
    pages = [r for r in rows.values() if r["key"].startswith("page:")]
    assert {"page:index.html", "page:contributing.html"} <= {r["key"] for r in pages}
    for page in pages:
        assert page["ours"] > 10_000 and page["baseline"] > 10_000, page  # HTML + CSS + JS at the least
        assert page["status"] in ("PASS", "OVER")


def test_quick_bench_measures_each_page_gzip_compressed_too(quick):
    """Beside each uncompressed page row, the same load gzip-compressed: positive, and far smaller.

    The pages here are HTML, CSS and JS (text) nearly byte for byte, and text gzips to well under
    half its size; an image or font (left as it is) would not, hence the check of the share of text.
    """
    _, report, _ = quick
    rows = {r["key"]: r for r in report["rows"]}
    pages = [r for r in rows.values() if r["key"].startswith("page:")]
    table = benchtable.markdown(report["rows"])
    for page in pages:
        name = page["key"].removeprefix("page:")
        gz = rows[f"gzip:{name}"]
        assert f"transferred, gzip: {name}" in table
        assert gz["target"] == "" and gz["status"] == ""  # targets judge the uncompressed figure only
        for side in ("ours", "baseline"):
            plain, packed = page[side], gz[side]
            assert isinstance(packed, int) and packed > 1_000, (name, side, packed)
            # The gzip load saw the same responses: decoded, they add up to the uncompressed figure.
            assert abs(gz["decoded"][side] - plain) <= 0.01 * plain, (name, side, gz["decoded"][side], plain)
            text = sum(v for k, v in page["by_kind"][side].items() if k in ("html", "css", "js"))
            assert text >= 0.8 * plain, (name, side, page["by_kind"][side])  # an HTML-heavy page
            assert packed < 0.5 * plain, f"{name} {side}: gzip {packed} bytes, uncompressed {plain}"
            assert gz["of_uncompressed"][side] == pytest.approx(packed / plain)
            assert gz["by_kind"][side]["html"] < page["by_kind"][side]["html"] / 2
        assert gz["ratio"] == pytest.approx(gz["ours"] / gz["baseline"])
    assert any("judged on the UNCOMPRESSED" in note for note in report["notes"])


def test_quick_bench_prints_and_writes_one_table(quick):
    proc, report, out = quick
    table = benchtable.markdown(report["rows"])
    assert table in proc.stdout
    assert table in (out / "bench.md").read_text(encoding="utf-8")
    assert proc.stdout.count("| figure |") == 1
    for row in report["rows"]:
        assert row["figure"] in table


def test_the_check_fails_on_a_broken_report(quick):
    _, report, _ = quick
    broken = copy.deepcopy(report)
    rows = {r["key"]: r for r in broken["rows"]}
    rows["build.noop"]["baseline"] = None
    rows["build.one_page"]["ours"] = -1.0
    rows["site.bytes"]["ratio"] = 1.0 if rows["site.bytes"]["ratio"] != 1.0 else 2.0
    rows["page:index.html"]["status"] = ""
    rows["gzip:contributing.html"]["ours"] = rows["page:contributing.html"]["ours"] + 1
    broken["rows"] = [r for r in broken["rows"] if r["key"] not in ("build.clean.cold", "gzip:index.html")]
    problems = "\n".join(benchtable.validate(broken, min_pages=2))
    for expected in (
        "build.clean.cold is missing",
        "build.noop: baseline",
        "build.one_page: ours",
        "site.bytes: ratio",
        "page:index.html: target",
        "row gzip:index.html is missing",
        "gzip:contributing.html: ours gzip",
    ):
        assert expected in problems, problems
