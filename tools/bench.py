#!/usr/bin/env python3
"""`make bench`: build times, page weights and diagram batching against a bare-Sphinx baseline.

A benchmark that reports and never gates: it prints ONE table, and writes it to
_build/bench/bench.md and _build/bench/bench.json. Every figure stands beside a baseline
measured in the same run on the same machine, as a ratio ours/baseline:

* the baseline is a bare Sphinx build of the same pages (myst_parser + furo, no extensions of
  ours; ``{snippet}`` and ``{mermaid}`` are stubs that show literal blocks), configured by
  tools/bench/baseline_conf.py;
* both builds run on COPIES of the sources (_build/bench/src, _build/bench/src-baseline), never
  on the working tree, into _build/bench/out/; the mermaid cache is _build/bench/cache;
* timed builds are repeated (--reps, default 3), ours and baseline interleaved, and the median
  is reported;
* page weights are the bytes Debian's Chromium receives for each page over http://127.0.0.1,
  in a fresh browser context per page, scrolled to the bottom: uncompressed (Python's http.server,
  the figure the targets judge), and again gzip-compressed by a local server as GitHub Pages would
  serve them (encoded bytes on the wire; a second browser loads these alongside the first);
* diagram batching compares mermaid_svg.render_all on all diagrams in one browser with one
  browser per diagram.

``--quick`` (used by tests/test_bench.py): one repetition, two pages, no test-suite timing.
``--with-tests`` also times ``pytest -q`` (several minutes, so off by default).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import runpy
import shutil
import statistics
import subprocess
import sys
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "tools" / "bench"
sys.path.insert(0, str(HERE))

import benchtable  # noqa: E402
import pageweight  # noqa: E402

SOURCES = ["conf.py", "_ext", "docs", "snippets", "search"]
ONE_PAGE = "contributing.md"  # the page appended to (and reverted) for the one-page rebuild
TARGETS = {"text_page": 140 * 1024, "diagram_page": 200 * 1024, "one_page_s": 2.0, "clean_ratio": 2.0}
MERMAID_CODE = re.compile(
    r"mermaid\.(initialize|run|render|init|parse|contentLoaded)\b|mermaidAPI|@mermaid-js|"
    r"""from\s*["'][^"']*mermaid|import\(\s*["'][^"']*mermaid"""
)
FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,}|:{3,})\s*\{?mermaid\}?[^\n]*\n(?P<body>.*?)^(?P=fence)\s*$", re.M | re.S)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- Source copies -------------------------------------------------------------------------------


def _copy(src: Path, dst: Path) -> None:
    if src.is_dir():
        shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    else:
        shutil.copy2(src, dst)


def _docs_in(docs: Path) -> list[Path]:
    return sorted(
        p for p in docs.rglob("*.md") if not any(part.startswith(("_", ".")) for part in p.relative_to(docs).parts)
    )


def _quick_docs(docs: Path, keep: list[Path]) -> None:
    """Reduce a copied docs/ to ``keep`` (paths relative to docs/); toctree entries of the rest go too."""
    dropped = set()
    for page in _docs_in(docs):
        if page.relative_to(docs) not in keep:
            dropped.add(page.relative_to(docs).with_suffix("").as_posix())
            page.unlink()
    for page in keep:
        path = docs / page
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(line for line in lines if line.strip() not in dropped), encoding="utf-8")


def make_sources(out: Path, quick: bool) -> tuple[Path, Path]:
    """Two copies of the sources: ours (the project's conf.py) and the baseline (baseline_conf.py)."""
    src, base = out / "src", out / "src-baseline"
    for tree in (src, base):
        shutil.rmtree(tree, ignore_errors=True)
        tree.mkdir(parents=True)
    for name in SOURCES:
        if (ROOT / name).exists():
            _copy(ROOT / name, src / name)
    (src / "node_modules").symlink_to(ROOT / "node_modules")
    for name in ("docs", "snippets", "search"):
        if (src / name).exists():
            _copy(src / name, base / name)
    shutil.copy2(ROOT / "conf.py", base / "project_conf.py")
    shutil.copy2(HERE / "baseline_conf.py", base / "conf.py")
    (base / "_bench").mkdir()
    shutil.copy2(HERE / "baseline_stubs.py", base / "_bench" / "baseline_stubs.py")
    if quick:
        docs = src / "docs"
        diagram = _diagram_page(docs)
        keep = sorted({Path("index.md"), diagram or Path(ONE_PAGE)} & set(p.relative_to(docs) for p in _docs_in(docs)))
        for tree in (src, base):
            _quick_docs(tree / "docs", keep)
    return src, base


def _one_page(docs: Path) -> Path:
    if (docs / ONE_PAGE).exists():
        return Path(ONE_PAGE)
    return next(p.relative_to(docs) for p in _docs_in(docs) if p.name != "index.md")


def _diagram_page(docs: Path) -> Path | None:
    """The page whose first diagram gets relabelled: docs/contributing.md if it has one."""
    pages = [p.relative_to(docs) for p in _docs_in(docs) if FENCE.search(p.read_text(encoding="utf-8"))]
    return Path(ONE_PAGE) if Path(ONE_PAGE) in pages else (pages[0] if pages else None)


def diagrams_in(docs: Path) -> list[dict]:
    """Every mermaid diagram's code in the pages, with its page and line (options stripped)."""
    found = []
    for page in _docs_in(docs):
        text = page.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            body = match.group("body")
            lines = body.splitlines()
            if lines and lines[0].strip() == "---":  # a YAML options block
                end = next((n for n, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0)
                lines = lines[end + 1 :]
            while lines and (re.match(r"^:[\w-]+:", lines[0]) or not lines[0].strip()):
                lines = lines[1:]
            line = text.count("\n", 0, match.start()) + 1
            found.append({"code": "\n".join(lines).strip() + "\n", "source": str(page), "line": line})
    return found


# -- Builds ---------------------------------------------------------------------------------------


class BuildFailed(RuntimeError):
    pass


def build(tree: Path, out: Path, cache: Path | None, label: str = "build") -> dict:
    """One `sphinx-build -n --keep-going -b html` of a source tree; wall time and what it did."""
    cmd = [
        sys.executable,
        "-m",
        "sphinx",
        "-n",
        "--keep-going",
        "-b",
        "html",
        "-c",
        str(tree),
        str(tree / "docs"),
        str(out),
    ]
    if cache is not None:
        cmd += ["-D", f"mermaid_svg_cache={cache}"]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=tree)
    seconds = time.perf_counter() - start
    if proc.returncode != 0 and not (out / "index.html").exists():
        raise BuildFailed(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr[-3000:]}")
    rendered = re.search(r"rendering (\d+) mermaid diagram", proc.stdout)
    logs = out.parent / "logs"
    logs.mkdir(exist_ok=True)
    (logs / f"{time.strftime('%H%M%S')}-{label}.log").write_text(
        " ".join(cmd) + "\n" + proc.stdout + proc.stderr, encoding="utf-8"
    )
    return {
        "seconds": seconds,
        "returncode": proc.returncode,
        "warnings": proc.stderr.count("WARNING"),
        "rendered": int(rendered.group(1)) if rendered else 0,
        "written": len(set(re.findall(r"^writing output\.\.\. \[\s*\d+%\] (\S+)", proc.stdout, re.M))),
        "stdout": proc.stdout,
    }


def _append(path: Path, text: str) -> str:
    original = path.read_text(encoding="utf-8")
    path.write_text(original.rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")
    return original


def _relabel(path: Path, suffix: str) -> str:
    """Change the first label of the page's first diagram (or add a comment line); the old text."""
    original = path.read_text(encoding="utf-8")
    match = FENCE.search(original)
    body = match.group("body")
    label = re.search(r"(\[[^\[\]\n]*?)(\])", body) or re.search(r'(\("?[^()\n]*?)("?\))', body)
    if label:
        new_body = body[: label.end(1)] + suffix + body[label.end(1) :]
    else:
        new_body = body.rstrip("\n") + f"\n%% {suffix}\n"
    path.write_text(original[: match.start("body")] + new_body + original[match.end("body") :], encoding="utf-8")
    return original


def time_builds(src: Path, base: Path, out: Path, reps: int, quick: bool) -> dict:
    """Every timed build, ours and the baseline interleaved (in --quick, the two sides run side by side)."""
    outs = {"ours": out / "out" / "ours", "baseline": out / "out" / "baseline"}
    trees = {"ours": src, "baseline": base}
    docs = {name: trees[name] / "docs" for name in trees}
    cache = out / "cache"
    page = _one_page(docs["ours"])
    diagram = _diagram_page(docs["ours"])
    samples: dict[str, list] = {}
    originals: dict[tuple, str] = {}
    steps: list[tuple] = []  # (side, kind, preparation)

    def clean(name, cold=False):
        if cold:
            shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(outs[name], ignore_errors=True)

    def edit(name, rel, how, text):
        originals[name, rel] = how(docs[name] / rel, text)

    def revert(name, rel):
        (docs[name] / rel).write_text(originals.pop((name, rel)), encoding="utf-8")

    # Clean builds: fresh output folder and doctrees; ours with a cold and with a warm mermaid cache.
    kinds = [("ours", "clean.cold"), ("baseline", "clean"), ("ours", "clean.warm")]
    for rep in range(reps):
        for name, kind in kinds[rep % 3 :] + kinds[: rep % 3]:
            steps.append((name, kind, lambda n=name, k=kind: clean(n, cold=k == "clean.cold")))
    # Incremental builds on the last clean build, warm mermaid cache: nothing changed, one page
    # appended to (then reverted: a second sample), one diagram relabelled (then reverted).
    for rep in range(reps):
        order = ["ours", "baseline"] if rep % 2 == 0 else ["baseline", "ours"]
        sentence = f"基准测试追加的一句话（第 {rep + 1} 次）。"
        changes = [("one_page", page, _append, sentence)]
        if diagram is not None:
            changes.append(("one_diagram", diagram, _relabel, f" bench{rep + 1}"))
        steps += [(name, "noop", None) for name in order]
        for kind, rel, how, text in changes:
            steps += [(name, kind, lambda n=name, r=rel, h=how, t=text: edit(n, r, h, t)) for name in order]
            if not quick:
                steps += [(name, kind, lambda n=name, r=rel: revert(n, r)) for name in order]

    def run(name, kind, prepare):
        if prepare:
            prepare()
        runs = samples.setdefault(f"{kind}.{name}", [])
        label = f"{kind}.{name}.{len(runs) + 1}"
        result = build(trees[name], outs[name], cache if name == "ours" else None, label)
        runs.append(result)
        did = (
            f"{result['warnings']} warnings, {result['written']} pages written, {result['rendered']} diagrams rendered"
        )
        log(f"{kind:<12} {name:<8} {result['seconds']:6.2f} s ({did})")

    if quick:  # sanity figures only: the two sides at once, to keep tests/test_bench.py short
        with ThreadPoolExecutor(2) as pool:
            sides = [pool.submit(lambda n=name: [run(*step) for step in steps if step[0] == n]) for name in trees]
            for side in sides:
                side.result()
    else:
        for step in steps:
            run(*step)
    return {"samples": samples, "outs": outs, "page": page, "diagram": diagram}


def median(samples: list[dict] | None) -> float | None:
    return statistics.median(s["seconds"] for s in samples) if samples else None


# -- Site figures -------------------------------------------------------------------------------


def site_bytes(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and ".doctrees" not in p.relative_to(folder).parts]
    return sum(p.stat().st_size for p in files), len(files)


def mermaid_js(folder: Path) -> dict:
    """JavaScript that is (or loads) mermaid: .js files by name or code, and pages that load one."""
    files, size, word_only = [], 0, []
    for path in folder.rglob("*.js"):
        if ".doctrees" in path.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if "mermaid" in path.name.lower() or MERMAID_CODE.search(text):
            files.append(path.relative_to(folder).as_posix())
            size += path.stat().st_size
        elif "mermaid" in text.lower():
            word_only.append(path.relative_to(folder).as_posix())
    pages = [
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*.html")
        if re.search(
            r"<script[^>]*(src=\"[^\"]*mermaid|>[^<]*mermaid\.)", p.read_text(encoding="utf-8", errors="replace")
        )
    ]
    return {"files": files, "bytes": size, "pages": pages, "word_only": word_only}


def html_pages(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html") if ".doctrees" not in p.parts)


# -- Diagram batching ---------------------------------------------------------------------------


def batching(src: Path, out: Path, reps: int, quick: bool) -> dict:
    """render_all on every diagram in ONE browser vs one browser per diagram (fresh cache each time)."""
    sys.path.insert(0, str(src / "_ext"))
    import mermaid_svg

    conf = runpy.run_path(str(src / "conf.py"))
    found = diagrams_in(src / "docs")
    site_count = len(found)
    if not found:
        found = [{"code": "flowchart LR\n  a[开始] --> b[结束]\n", "source": "bench", "line": 1}]
    wanted = 2 if quick else max(4, len(found))
    jobs = []
    for n in range(wanted):
        job = dict(found[n % len(found)])
        if n >= len(found):  # a variant: same picture, another cache key
            job["code"] = job["code"].rstrip("\n") + f"\n%% bench variant {n}\n"
        job["key"] = f"bench{n:02d}"
        jobs.append(job)
    cache = out / "batch-cache"
    app = SimpleNamespace(
        confdir=str(src),
        config=SimpleNamespace(
            mermaid_svg_js=conf["mermaid_svg_js"],
            mermaid_svg_cache=str(cache),
            mermaid_svg_chromium=conf.get("mermaid_svg_chromium", "/usr/bin/chromium"),
            mermaid_light_theme=conf.get("mermaid_light_theme", "default"),
            mermaid_dark_theme=conf.get("mermaid_dark_theme", "dark"),
            mermaid_svg_config=conf.get("mermaid_svg_config", {}),
        ),
    )
    times: dict[str, list[float]] = {"one_browser": [], "browser_each": []}
    for rep in range(reps):
        order = ["one_browser", "browser_each"] if rep % 2 == 0 else ["browser_each", "one_browser"]
        for how in order:
            shutil.rmtree(cache, ignore_errors=True)
            start = time.perf_counter()
            if how == "one_browser":
                mermaid_svg.render_all(app, jobs)
            else:
                for job in jobs:
                    mermaid_svg.render_all(app, [job])
            times[how].append(time.perf_counter() - start)
            svgs = len(list(cache.glob("*.svg")))
            if svgs != 2 * len(jobs):
                raise RuntimeError(f"{how}: {svgs} SVGs rendered for {len(jobs)} diagrams (light + dark expected)")
            log(f"batching     {how:<12} {times[how][-1]:6.2f} s ({len(jobs)} diagrams)")
    return {"jobs": len(jobs), "site_diagrams": site_count, "times": times}


# -- Test suite ---------------------------------------------------------------------------------


def time_tests(out: Path) -> dict:
    """`pytest -q` wall time; its site is built into the bench folder (WIKI_SITE), never _build/html."""
    env = dict(os.environ, WIKI_SITE=str(out / "test-site"))
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--ignore=tests/test_bench.py"]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env)
    seconds = time.perf_counter() - start
    summary = (proc.stdout.strip().splitlines() or [""])[-1]
    log(f"tests        {seconds:6.1f} s: {summary}")
    return {"seconds": seconds, "returncode": proc.returncode, "summary": summary}


# -- The report ---------------------------------------------------------------------------------


def _status(ok: bool | None) -> str:
    return "" if ok is None else ("PASS" if ok else "OVER")


def _gzip_row(page: str, ours: dict, base: dict) -> dict:
    """The same page served gzip-compressed (as GitHub Pages serves it): encoded bytes on the wire."""
    gz = {"ours": ours.get("gzip") or {}, "baseline": base.get("gzip") or {}}
    plain = {"ours": ours, "baseline": base}
    share = {
        name: gz[name]["bytes"] / plain[name]["bytes"] if gz[name].get("bytes") and plain[name].get("bytes") else None
        for name in gz
    }
    pct = {name: "?" if value is None else f"{value:.0%}" for name, value in share.items()}
    zipped = {name: f"{gz[name].get('gzipped_responses', '?')}/{gz[name].get('requests', '?')}" for name in gz}
    return benchtable.row(
        f"gzip:{page}",
        f"transferred, gzip: {page}",
        "bytes",
        gz["ours"].get("bytes"),
        gz["baseline"].get("bytes"),
        note=f"{pct['ours']} vs {pct['baseline']} of uncompressed; {zipped['ours']} vs {zipped['baseline']} responses "
        "gzipped",
        of_uncompressed=share,
        decoded={name: gz[name].get("decoded_bytes") for name in gz},
        by_kind={name: gz[name].get("by_kind") for name in gz},
    )


def make_rows(builds, weights, mjs, sizes, batch, tests, with_tests) -> list[dict]:
    row = benchtable.row
    s = builds["samples"] if builds else {}
    rows = []

    def reps_note(key):
        runs = s.get(key, [])
        written = sorted({r["written"] for r in runs})
        return f"median of {len(runs)}" + (f", {'/'.join(map(str, written))} pages written" if written else "")

    base_clean = median(s.get("clean.baseline"))
    for kind, label in (("cold", "cold mermaid cache"), ("warm", "warm mermaid cache")):
        ours = median(s.get(f"clean.{kind}.ours"))
        ratio_ok = ours / base_clean <= TARGETS["clean_ratio"] if ours and base_clean else None
        rows.append(
            row(
                f"build.clean.{kind}",
                f"clean build, {label}",
                "s",
                ours,
                base_clean,
                "≤ 2× baseline",
                _status(ratio_ok),
                reps_note(f"clean.{kind}.ours"),
            )
        )
    rows.append(
        row(
            "build.noop",
            "no-op rebuild",
            "s",
            median(s.get("noop.ours")),
            median(s.get("noop.baseline")),
            note=reps_note("noop.ours"),
        )
    )
    one = median(s.get("one_page.ours"))
    rows.append(
        row(
            "build.one_page",
            f"one-page rebuild (docs/{builds['page'] if builds else '?'} edited)",
            "s",
            one,
            median(s.get("one_page.baseline")),
            "≤ 2 s",
            _status(one <= TARGETS["one_page_s"] if one else None),
            reps_note("one_page.ours"),
        )
    )
    diag = builds["diagram"] if builds else None
    rendered = [r["rendered"] for r in s.get("one_diagram.ours", [])]
    rows.append(
        row(
            "build.one_diagram",
            f"one-diagram rebuild (docs/{diag} label changed)",
            "s",
            median(s.get("one_diagram.ours")),
            median(s.get("one_diagram.baseline")),
            note=f"{reps_note('one_diagram.ours')}, re-rendered {sum(rendered)}/{len(rendered)}",
            rendered=rendered,
        )
    )
    rows.append(
        row(
            "site.bytes",
            "site size (output folder without .doctrees)",
            "bytes",
            sizes["ours"][0] if sizes else None,
            sizes["baseline"][0] if sizes else None,
            note=f"{sizes['ours'][1]} vs {sizes['baseline'][1]} files" if sizes else "",
        )
    )
    for page, loads in (weights or {}).items():
        ours, base = loads.get("ours", {}), loads.get("baseline", {})
        is_diagram = page in (builds or {}).get("diagram_pages", set())
        limit = TARGETS["diagram_page"] if is_diagram else TARGETS["text_page"]
        target = f"≤ {limit // 1024} KB ({'diagram' if is_diagram else 'text'})"
        value = ours.get("bytes")
        note = f"{ours.get('requests', '?')} vs {base.get('requests', '?')} requests"
        if ours.get("outside_requests"):
            note += f", {len(ours['outside_requests'])} outside requests blocked"
        rows.append(
            row(
                f"page:{page}",
                f"transferred: {page}",
                "bytes",
                value,
                base.get("bytes"),
                target,
                _status(value <= limit if value else None),
                note,
                by_kind={"ours": ours.get("by_kind"), "baseline": base.get("by_kind")},
            )
        )
        rows.append(_gzip_row(page, ours, base))
    if mjs:
        ours = mjs["ours"]
        note = f"{ours['bytes']} bytes, {len(ours['pages'])} pages load one"
        if ours["word_only"]:
            note += f"; the word only, as page text: {', '.join(ours['word_only'])}"
        rows.append(
            row(
                "mermaid.js",
                ".js files that are mermaid code",
                "files",
                len(ours["files"]),
                len(mjs["baseline"]["files"]),
                "0 (no mermaid JS)",
                _status(not ours["files"] and not ours["pages"]),
                note,
                files=ours["files"],
            )
        )
    else:
        rows.append(row("mermaid.js", ".js files that are mermaid code", "files", None, None))
    if batch:
        one, each = statistics.median(batch["times"]["one_browser"]), statistics.median(batch["times"]["browser_each"])
        rows.append(
            row(
                "diagrams.batching",
                f"render {batch['jobs']} diagrams: one browser (ours) vs one browser each",
                "s",
                one,
                each,
                note=f"{batch['site_diagrams']} diagrams on the site, median of {len(batch['times']['one_browser'])}",
            )
        )
    else:
        rows.append(row("diagrams.batching", "render diagrams: one browser vs one browser each", "s", None, None))
    if tests:
        rows.append(
            row(
                "tests.wall",
                "test suite (pytest -q) wall time",
                "s",
                tests["seconds"],
                None,
                note=f"no baseline; {tests['summary']}",
            )
        )
    else:
        rows.append(
            row(
                "tests.wall",
                "test suite (pytest -q) wall time",
                "s",
                None,
                None,
                note="not timed: run `.venv/bin/python tools/bench.py --with-tests` (~10 min)"
                if not with_tests
                else "failed",
            )
        )
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one repetition, two pages, no test-suite timing")
    parser.add_argument("--reps", type=int, default=None, help="repetitions of each timed build (default 3, quick 1)")
    parser.add_argument("--with-tests", action="store_true", help="also time `pytest -q` (several minutes)")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "_build" / "bench", help="bench folder (default _build/bench)"
    )
    args = parser.parse_args(argv)
    reps = args.reps or (1 if args.quick else 3)
    out = args.out.resolve()
    if out == (ROOT / "_build" / "html").resolve() or (ROOT / "_build" / "html").resolve() in out.parents:
        parser.error("never build into _build/html")
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    errors = []

    def attempt(what, fn, *a):
        try:
            return fn(*a)
        except Exception as exc:  # noqa: BLE001 - a benchmark reports what it could not measure
            errors.append(f"{what}: {exc}")
            log(f"{what} FAILED: {exc}\n{traceback.format_exc()}")
            return None

    log(f"copying sources into {out}/src and {out}/src-baseline")
    src, base = make_sources(out, args.quick)
    background = ThreadPoolExecutor(1)
    if args.quick:  # sanity figures only: render diagrams while the builds run
        batch_future = background.submit(attempt, "diagram batching", batching, src, out, reps, args.quick)
    builds = attempt("builds", time_builds, src, base, out, reps, args.quick)
    weights = sizes = mjs = None
    if builds:
        outs = builds["outs"]
        pages = [p for p in html_pages(outs["ours"]) if (outs["baseline"] / p).exists()]
        builds["diagram_pages"] = {
            p for p in pages if 'class="mermaid-diagram' in (outs["ours"] / p).read_text("utf-8")
        }
        if args.quick:
            pages = [p for p in pages if p == "index.html" or p in builds["diagram_pages"]][:2]
        log(f"page weights of {len(pages)} pages in Chromium")
        weights = attempt("page weights", pageweight.measure, outs, pages)
        sizes = {name: site_bytes(folder) for name, folder in outs.items()}
        mjs = {name: mermaid_js(folder) for name, folder in outs.items()}
    if args.quick:
        batch = batch_future.result()
    else:
        batch = attempt("diagram batching", batching, src, out, min(reps, 2), args.quick)  # a 5× gap: 2 do
    background.shutdown()
    tests = attempt("test suite", time_tests, out) if args.with_tests and not args.quick else None

    rows = make_rows(builds, weights, mjs, sizes, batch, tests, args.with_tests)
    table = benchtable.markdown(rows)
    notes = [
        f"{datetime.datetime.now().isoformat(timespec='seconds')}, {platform.node()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}; {reps} repetition(s), "
        + (
            "QUICK: ours, baseline and diagram batching run side by side — sanity figures, not a measurement."
            if args.quick
            else "ours and baseline interleaved, medians."
        ),
        "Baseline: bare Sphinx + myst_parser + furo on the same pages ({snippet}/{mermaid} as literal blocks, "
        "no copybutton, default search) — tools/bench/baseline_conf.py.",
        "Builds: `sphinx-build -n --keep-going -b html` (not -W: a bench reports), each a fresh process; incremental "
        "builds run with a warm mermaid cache on the copies in _build/bench/src*. KB = 1024 bytes; page weights are "
        "response bodies of one load in a fresh Chromium context over http://127.0.0.1, scrolled to the bottom.",
        "Page targets are judged on the UNCOMPRESSED figures (`transferred:` rows, Python's http.server). The "
        "`transferred, gzip:` rows load the same pages from a local server that gzip-compresses html/css/js/svg/json/"
        "xml/txt (level 6) when the browser sends Accept-Encoding: gzip, as GitHub Pages does: encoded body bytes on "
        "the wire (CDP encodedDataLength less headers), no target; the note gives gzip as a share of uncompressed.",
    ]
    if builds:
        warn = {
            n: max(r["warnings"] for k, v in builds["samples"].items() if k.endswith(n) for r in v)
            for n in ("ours", "baseline")
        }
        if any(warn.values()):
            notes.append(f"Build warnings (max per build): ours {warn['ours']}, baseline {warn['baseline']}.")
    notes += [f"NOT MEASURED — {e.splitlines()[0]}" for e in errors]
    notes.append(f"Bench wall time {time.perf_counter() - started:.0f} s.")
    text = table + "\n" + "\n".join(f"- {n}" for n in notes) + "\n"
    print(text)
    (out / "bench.md").write_text("# Bench\n\n" + text, encoding="utf-8")
    report = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "quick": args.quick,
        "reps": reps,
        "rows": rows,
        "notes": notes,
        "errors": errors,
        "samples": {k: [r["seconds"] for r in v] for k, v in (builds or {}).get("samples", {}).items()},
        "batching": batch,
        "targets": TARGETS,
    }
    (out / "bench.json").write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    log(f"wrote {out / 'bench.md'} and {out / 'bench.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
