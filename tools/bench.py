#!/usr/bin/env python3
"""`make bench`: build times and page weights of the wiki against bare Sphinx + MyST + Furo.

It reports and never gates. For each size (``--sizes``, default 1, 4 and 16 times today's pages: the
section folders of docs/ copied side by side) it builds two copies of the sources, ours (the
project's conf.py, extensions, locales, a git history) and the baseline (tools/bench/baseline_conf.py:
bare Sphinx, MyST and Furo with stub directives), interleaved, ``--reps`` times each, and reports
medians and ratios ours/baseline of:

* clean: a fresh output folder and an empty diagram cache;
* warm: a fresh output folder, the diagram cache kept;
* no-op: nothing changed;
* one page: a sentence appended to one page (then taken away again: a second sample).

At the first size it also weighs the built pages from their files (each page's HTML and the CSS, JS
and images it loads, as they are and gzip-compressed: a first visit; and the HTML alone: a visit
with the shared files cached) and the search index. ``--weigh SITE`` prints where the weight of the
five heaviest pages and the median page is, by part (``breakdown``). The table goes to
stdout and to _build/bench/bench.md, every sample to _build/bench/bench.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from teamwiki.ext.snippets import anchor_for

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "tools" / "bench"
OURS = ["conf.py", "teamwiki", "docs", "snippets", "search", "locales"]  # what the real build reads
BASELINE = ["docs", "snippets"]
KINDS = ["clean", "warm", "noop", "one_page"]
LABEL = re.compile(r"^\((?P<name>[^)\s]+)\)=$", re.M)
SNIPPET = r"^(\s*[`:]{{3,}}\{{snippet\}}\s+){section}/"  # a {snippet} directive's path in a section
ASSET = re.compile(r'<(?P<tag>link|script|img|object)\b(?P<attrs>[^>]*?)\b(?:href|src|data)="(?P<url>[^"#?]+)[^"]*"')
# A <link> the browser loads with the page; rel="next"/"prev"/"index"/"search" only name other pages.
LOADED_LINK = re.compile(r'<link\b[^>]*\brel="(?:stylesheet|icon|shortcut icon|preload|modulepreload)"')
GOALS = {"ratio": 2.0, "one_page_16": 3.0}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- Sources -------------------------------------------------------------------------------------


def sections(docs: Path) -> list[str]:
    """The section folders of docs/ (not _static and the like)."""
    return sorted(p.name for p in docs.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def multiply(docs: Path, times: int) -> int:
    """Copy every section folder ``times - 1`` times (``tools`` -> ``tools-2``, …) into the root toctree.

    A copy is a section of its own, as a new section of the wiki would be: its labels get the copy's
    suffix (no duplicate label), and its snippets are copied too (``snippets/tools-2/``, with the
    section's verification records under the new paths), so no two pages show the same snippet
    block (whose anchor, ``snippet-<path>``, is a label). Its references still point to the
    originals. Returns the number of pages.
    """
    snippets = docs.parent / "snippets"
    copies = []
    for name in sections(docs):
        for n in range(2, times + 1):
            target = docs / f"{name}-{n}"
            shutil.copytree(docs / name, target)
            own = (snippets / name).is_dir()
            if own:
                shutil.copytree(snippets / name, snippets / f"{name}-{n}")
                for record in (snippets / f"{name}-{n}").rglob("verification.json"):
                    text = record.read_text(encoding="utf-8")
                    record.write_text(text.replace(f'"{name}/', f'"{name}-{n}/'), encoding="utf-8")
            for page in target.rglob("*.md"):
                text = LABEL.sub(lambda m, n=n: f"({m['name']}-{n})=", page.read_text(encoding="utf-8"))
                if own:
                    text = re.sub(SNIPPET.format(section=re.escape(name)), rf"\g<1>{name}-{n}/", text, flags=re.M)
                    text = text.replace(f"snippets/{name}/", f"snippets/{name}-{n}/")  # {include} of a snippet
                    slug = anchor_for(name)  # a block's anchor written out (:name:, {ref})
                    text = re.sub(rf"\b{re.escape(slug)}-", f"{slug}-{n}-", text)
                page.write_text(text, encoding="utf-8")
            copies.append(f"{name}-{n}/index")
    if copies:
        index = docs / "index.md"
        entries = "\n".join(copies)
        index.write_text(index.read_text(encoding="utf-8") + f"\n```{{toctree}}\n:hidden:\n\n{entries}\n```\n")
    return sum(1 for _ in docs.rglob("*.md"))


def edited_page(docs: Path) -> Path:
    """The page the one-page edit appends to: the first page of the first section that is not an index."""
    return next(p for p in sorted((docs / sections(docs)[0]).rglob("*.md")) if p.name != "index.md")


def make_tree(side: str, folder: Path, times: int) -> int:
    """A source copy for one side at one size; returns its page count."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in OURS if side == "ours" else BASELINE:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, folder / name)
    if side == "ours":
        (folder / "node_modules").symlink_to(ROOT / "node_modules")
    else:
        shutil.copy2(HERE / "baseline_conf.py", folder / "conf.py")
        shutil.copy2(ROOT / "conf.py", folder / "project_conf.py")
        shutil.copy2(HERE / "baseline_stubs.py", folder / "baseline_stubs.py")
    pages = multiply(folder / "docs", times)
    if side == "ours":  # the real build reads the history (last-updated dates)
        git = ["git", "-C", str(folder), "-c", "user.name=bench", "-c", "user.email=bench@localhost"]
        subprocess.run([*git, "init", "-q"], check=True)
        subprocess.run([*git, "add", "-A"], check=True)
        subprocess.run([*git, "commit", "-q", "-m", "bench"], check=True)
    return pages


# -- Builds --------------------------------------------------------------------------------------


def build(tree: Path, out: Path, jobs: str) -> dict:
    """One `sphinx-build -n --keep-going -b html` in a fresh process: wall time and what it wrote."""
    cmd = [sys.executable, "-m", "sphinx", "-n", "--keep-going", "-j", jobs, "-b", "html", "-c", str(tree)]
    cmd += [str(tree / "docs"), str(out)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=tree)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if proc.returncode != 0 or not (out / "index.html").exists():
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr[-3000:]}")
    written = re.findall(r"^writing output\.\.\. \[\s*\d+%\] (\S+)", proc.stdout, re.M)
    return {"seconds": seconds, "cpu": cpu, "warnings": proc.stderr.count("WARNING"), "written": len(set(written))}


def plan(reps: int, kinds: list[str] = KINDS) -> list[tuple[str, str, int]]:
    """(kind, side, rep) in the order they run: the sides alternate who goes first."""
    steps = []
    for kind in kinds:
        for rep in range(reps):
            sides = ["ours", "baseline"] if rep % 2 == 0 else ["baseline", "ours"]
            steps += [(kind, side, rep) for side in sides]
    return steps


def time_size(folder: Path, times: int, reps: int, jobs: str, kinds: list[str] = KINDS) -> dict:
    trees = {side: folder / side / "src" for side in ("ours", "baseline")}
    outs = {side: folder / side / "out" for side in trees}
    pages = {side: make_tree(side, trees[side], times) for side in trees}
    samples: dict[str, dict[str, list]] = {kind: {"ours": [], "baseline": []} for kind in kinds}
    for kind, side, _rep in plan(reps, kinds):
        if kind in ("clean", "warm"):
            shutil.rmtree(outs[side], ignore_errors=True)
        if kind == "clean":
            shutil.rmtree(trees[side] / "_build" / ".mermaid-cache", ignore_errors=True)
        page = edited_page(trees[side] / "docs")
        if kind == "one_page":
            text = page.read_text(encoding="utf-8")
            added = "\n\n基准测量追加的一句话。\n"
            page.write_text(text[: -len(added)] if text.endswith(added) else text + added, encoding="utf-8")
        result = build(trees[side], outs[side], jobs)
        samples[kind][side].append(result)
        log(
            f"{times:>2}× {kind:<9}{side:<9}{result['seconds']:7.2f} s ({result['cpu']:.2f} s CPU), "
            f"{result['written']} pages written"
        )
    return {"times": times, "pages": pages["ours"], "samples": samples, "outs": outs}


def median(runs: list[dict], figure: str = "seconds") -> float:
    return statistics.median(r[figure] for r in runs)


# -- Page weight ---------------------------------------------------------------------------------


def page_weight(site: Path, page: Path) -> tuple[int, int]:
    """(bytes, gzip bytes) of a page's HTML plus every local CSS, JS and image it references."""
    files = {page} | _assets(site, page, page.read_text(encoding="utf-8"))
    data = [f.read_bytes() for f in files]
    return sum(map(len, data)), sum(map(_gz, data))


def _assets(site: Path, page: Path, html: str) -> set[Path]:
    """The local files a page's HTML references (stylesheets, scripts, images, objects)."""
    files = set()
    for match in ASSET.finditer(html):
        if match["tag"] == "link" and not LOADED_LINK.match(html, match.start()):
            continue
        url = match["url"]
        target = (page.parent / url).resolve()
        if "://" not in url and not url.startswith("/") and target.is_file() and site.resolve() in target.parents:
            files.add(target)
    return files


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


# The parts of a page's HTML that are the same on every page (or grow with the site), by what they are.
PARTS = {
    "inline scripts": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>.*?</script>", re.S),
    "inline styles": re.compile(r"<style[^>]*>.*?</style>", re.S),
    "icon sprite": re.compile(r'<svg [^>]*style="display: none;">.*?</symbol>\s*</svg>', re.S),
    "navigation tree": re.compile(r'<div class="sidebar-tree">.*?</div>', re.S),
}
KIND = {".css": "CSS files", ".js": "JS files", ".svg": "images", ".png": "images"}


def breakdown(site: Path, page: Path) -> dict[str, tuple[int, int]]:
    """Where a page's weight is: (bytes, gzip bytes) of the parts of its HTML (PARTS, the rest) and of the
    files it references by kind. Gzip of a part is measured alone (an upper bound of its share)."""
    html = page.read_text(encoding="utf-8")
    parts: dict[str, tuple[int, int]] = {}
    rest = html
    for name, pattern in PARTS.items():
        found = "".join(m.group(0) for m in pattern.finditer(rest)).encode()
        rest = pattern.sub("", rest)
        parts[name] = (len(found), _gz(found))
    parts["rest of the HTML"] = (len(rest.encode()), _gz(rest.encode()))
    files: dict[str, list[bytes]] = {}
    for target in sorted(_assets(site, page, html)):
        files.setdefault(KIND.get(target.suffix, "other files"), []).append(target.read_bytes())
    for name, data in sorted(files.items()):
        parts[name] = (sum(map(len, data)), sum(map(_gz, data)))
    return parts


def weights(site: Path) -> dict:
    """Median and heaviest page, the search index and the whole site (bytes and gzip bytes)."""
    paths = sorted(site.rglob("*.html"))
    pages = {p.relative_to(site).as_posix(): page_weight(site, p) for p in paths}
    html = {p.relative_to(site).as_posix(): (len(d := p.read_bytes()), _gz(d)) for p in paths}  # a repeat visit
    heaviest = max(pages, key=lambda p: pages[p][0])
    index = (site / "searchindex.js").read_bytes()
    files = [p for p in site.rglob("*") if p.is_file() and ".doctrees" not in p.parts]
    return {
        "median page": tuple(statistics.median(w[i] for w in pages.values()) for i in (0, 1)),
        f"heaviest page ({heaviest})": pages[heaviest],
        "median page, HTML only": tuple(statistics.median(w[i] for w in html.values()) for i in (0, 1)),
        f"heaviest page ({heaviest}), HTML only": html[heaviest],
        "search index": (len(index), len(gzip.compress(index, compresslevel=6, mtime=0))),
        f"site ({len(files)} files)": (sum(f.stat().st_size for f in files), None),
    }


# -- Report --------------------------------------------------------------------------------------


def ratio(ours: float, base: float) -> str:
    return f"{ours / base:.2f}×" if base else "—"


def time_table(results: list[dict]) -> str:
    lines = [
        "| size | pages | build | ours | baseline | ours/baseline | ours CPU | baseline CPU | CPU ours/baseline |",
        "|---|---:|---|" + "---:|" * 6,
    ]
    for r in results:
        for kind in r["samples"]:
            cells = [f"{r['times']}×", str(r["pages"]), kind]
            for figure in ("seconds", "cpu"):
                ours, base = (median(r["samples"][kind][side], figure) for side in ("ours", "baseline"))
                mark = " OVER" if kind in ("clean", "warm") and ours > GOALS["ratio"] * base else ""
                cells += [f"{ours:.2f} s", f"{base:.2f} s", ratio(ours, base) + mark]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def growth(results: list[dict]) -> list[str]:
    """How each time grows from the first size to the others, against how the page count grows."""
    first, notes = results[0], []
    for r in results[1:]:
        pages = r["pages"] / first["pages"]
        for kind in [k for k in ("clean", "warm") if k in r["samples"] and k in first["samples"]]:
            for figure, name in (("seconds", "time"), ("cpu", "CPU")):
                grow = {
                    s: median(r["samples"][kind][s], figure) / median(first["samples"][kind][s], figure)
                    for s in ("ours", "baseline")
                }
                verdict = "no faster than the pages" if grow["ours"] <= pages else "FASTER than the pages"
                notes.append(
                    f"{kind} {name} {first['times']}×→{r['times']}×: pages {pages:.1f}×, ours {grow['ours']:.1f}×, "
                    f"baseline {grow['baseline']:.1f}× ({verdict})"
                )
    for r in results:
        if r["times"] == 16 and "one_page" in r["samples"]:
            one = median(r["samples"]["one_page"]["ours"])
            verdict = "PASS" if one <= GOALS["one_page_16"] else "OVER"
            notes.append(f"one-page edit at 16×: {one:.2f} s ({verdict}: goal ≤ {GOALS['one_page_16']:g} s)")
    return notes


def weight_table(ours: dict, base: dict) -> str:
    lines = [
        "| weight | ours | baseline | ours/baseline | gzip ours | gzip baseline |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for (name, (o, og)), (o2, og2) in zip(ours.items(), base.values(), strict=True):
        kb = lambda n: "—" if n is None else f"{n / 1024:,.1f} KB"  # noqa: E731
        lines.append(f"| {name} | {kb(o)} | {kb(o2)} | {ratio(o, o2)} | {kb(og)} | {kb(og2)} |")
    return "\n".join(lines) + "\n"


def weigh_table(site: Path, heaviest: int = 5) -> str:
    """Where the weight of the ``heaviest`` pages and the median page is (first visit, KB, gzip in brackets)."""
    paths = sorted(site.rglob("*.html"), key=lambda p: (page_weight(site, p)[0], p))
    middle = paths[(len(paths) - 1) // 2]
    rows = {p: breakdown(site, p) for p in [*paths[::-1][:heaviest], middle]}
    parts = list(dict.fromkeys(k for parts in rows.values() for k in parts))
    lines = ["| page | total | " + " | ".join(parts) + " |", "|---|" + "---:|" * (len(parts) + 1)]
    for p, found in rows.items():
        name = p.relative_to(site).as_posix() + (" (median)" if p == middle else "")
        total = page_weight(site, p)
        cells = [f"{r / 1024:.1f} ({g / 1024:.1f})" for r, g in [total, *(found.get(k, (0, 0)) for k in parts)]]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,4,16", help="page-count multiples, comma-separated (default 1,4,16)")
    parser.add_argument("--reps", type=int, default=3, help="samples of each build (default 3), medians reported")
    parser.add_argument("--jobs", default="1", help="sphinx-build -j for both sides (default 1)")
    parser.add_argument("--kinds", default=",".join(KINDS), help=f"builds to time (default {','.join(KINDS)})")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "bench", help="bench folder")
    parser.add_argument("--weigh", type=Path, metavar="SITE", help="only print where a built site's page weight is")
    args = parser.parse_args(argv)
    if args.weigh:
        print(weigh_table(args.weigh))
        return 0
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results = []
    for times in (int(s) for s in args.sizes.split(",")):
        results.append(time_size(out / f"{times}x", times, args.reps, args.jobs, args.kinds.split(",")))
    first = results[0]["outs"]
    site = {side: weights(first[side]) for side in first}
    warnings = {s: max(x["warnings"] for r in results for k in r["samples"] for x in r["samples"][k][s]) for s in first}
    text = "\n".join(
        [
            time_table(results),
            *[f"- {note}" for note in growth(results)],
            "",
            weight_table(site["ours"], site["baseline"]),
            f"- `{' '.join(sys.argv)}`: {os.cpu_count()} CPUs, -j {args.jobs}, medians of {args.reps}, ours and "
            "baseline interleaved; baseline = bare Sphinx + MyST + Furo (tools/bench/baseline_conf.py).",
            f"- Warnings (most in one build): ours {warnings['ours']}, baseline {warnings['baseline']}. "
            f"Page weights at {results[0]['times']}×; bench wall time {time.perf_counter() - started:.0f} s.",
        ]
    )
    print(text)
    (out / "bench.md").write_text("# Bench\n\n" + text + "\n", encoding="utf-8")
    dump = {
        "results": [{**r, "outs": {k: str(v) for k, v in r["outs"].items()}} for r in results],
        "weights": site,
    }
    (out / "bench.json").write_text(json.dumps(dump, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
