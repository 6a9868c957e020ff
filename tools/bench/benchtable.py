"""The bench's one table: rows, ratios, targets, markdown and JSON, and a sanity check of it all."""

from __future__ import annotations

import math

# Rows every full report has (page rows come on top: per page, "page:<page>" uncompressed and
# "gzip:<page>" gzip-compressed).
REQUIRED_ROWS = [
    "build.clean.cold",
    "build.clean.warm",
    "build.noop",
    "build.one_page",
    "build.one_diagram",
    "site.bytes",
    "mermaid.js",
    "diagrams.batching",
    "tests.wall",
]
TIME_ROWS = {"build.clean.cold", "build.clean.warm", "build.noop", "build.one_page", "build.one_diagram"}


def row(key, figure, unit, ours, baseline, target="", status="", note="", **extra) -> dict:
    ratio = (
        ours / baseline if isinstance(ours, (int, float)) and isinstance(baseline, (int, float)) and baseline else None
    )
    return {
        "key": key,
        "figure": figure,
        "unit": unit,
        "ours": ours,
        "baseline": baseline,
        "ratio": ratio,
        "target": target,
        "status": status,
        "note": note,
        **extra,
    }


def _fmt(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "bytes":
        return f"{value / 1024:,.1f} KB"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def markdown(rows: list[dict]) -> str:
    head = ["figure", "ours", "baseline", "ours/baseline", "target", ""]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---", "---:", "---:", "---:", "---", "---"]) + "|"]
    for r in rows:
        ratio = "—" if r["ratio"] is None else f"{r['ratio']:.2f}×"
        figure = r["figure"] + (f" ({r['note']})" if r["note"] else "")
        cells = [figure, _fmt(r["ours"], r["unit"]), _fmt(r["baseline"], r["unit"]), ratio, r["target"], r["status"]]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def validate(report: dict, *, min_pages: int = 1) -> list[str]:
    """Problems with a report: missing rows, non-positive times, missing baselines, wrong ratios."""
    problems = []
    rows = {r["key"]: r for r in report.get("rows", [])}
    for key in REQUIRED_ROWS:
        if key not in rows:
            problems.append(f"row {key} is missing")
    pages = [r for r in rows.values() if r["key"].startswith("page:")]
    if len(pages) < min_pages:
        problems.append(f"{len(pages)} page rows, expected at least {min_pages}")
    for page in pages:
        gz = rows.get("gzip:" + page["key"].removeprefix("page:"))
        if gz is None:
            problems.append(f"row gzip:{page['key'].removeprefix('page:')} is missing")
            continue
        for side in ("ours", "baseline"):
            plain, packed = page[side], gz[side]
            if isinstance(plain, (int, float)) and isinstance(packed, (int, float)) and packed > plain:
                problems.append(f"{gz['key']}: {side} gzip {packed} > uncompressed {plain}")
    for r in rows.values():
        if r["key"] == "tests.wall" and r["ours"] is None:
            continue  # timing the test suite is optional (--with-tests)
        has_baseline = r["key"] != "tests.wall"
        for side in ("ours", "baseline") if has_baseline else ("ours",):
            value = r[side]
            if not isinstance(value, (int, float)) or isinstance(value, bool) or math.isnan(value):
                problems.append(f"{r['key']}: {side} is {value!r}, not a number")
            elif value < 0 or (value == 0 and (r["key"] in TIME_ROWS or r["unit"] == "bytes")):
                problems.append(f"{r['key']}: {side} is {value}, expected > 0")
        if has_baseline and isinstance(r["ours"], (int, float)) and isinstance(r["baseline"], (int, float)):
            if r["baseline"]:
                if r["ratio"] is None or not math.isclose(r["ratio"], r["ours"] / r["baseline"], rel_tol=1e-9):
                    problems.append(f"{r['key']}: ratio {r['ratio']!r} is not ours/baseline")
        if r["target"] and r["status"] not in ("PASS", "OVER"):
            problems.append(f"{r['key']}: target {r['target']!r} without a PASS/OVER marker")
    return problems
