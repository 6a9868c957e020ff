# 每天的批量打分：读一天的传感器读数 CSV，用线上服务的同一个模型文件打分，写出分数；坏行计数后跳过
"""Daily batch scoring with the serving model.

Reads ``readings-DAY.csv`` (``machine_id`` and the model's features, one row per reading),
scores every good row with the artefact the API serves, and writes ``scores-DAY.csv``. A row
is good when /predict would accept it: the same ``SensorReading`` rules (app.py). A bad row is
reported on stderr with its line number, counted and skipped. When more than
``--max-bad-fraction`` of the rows are bad, or no row is good, the upstream export is broken:
nothing is written and the exit code is 1, so the Job fails and someone looks.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import sys
from collections import Counter
from pathlib import Path


def yesterday() -> str:
    return (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).strftime("%Y%m%d")


def read_rows(path: Path, features: list[str]):
    """Yields (line number, reading or None, reason of a bad row)."""
    from app import SensorReading  # one rule for a good reading, online and in batch
    from pydantic import ValidationError

    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        missing = [c for c in ["machine_id", *features] if c not in (reader.fieldnames or [])]
        if missing:
            raise SystemExit(f"{path}: header lacks {', '.join(missing)}")
        for row in reader:
            line = reader.line_num
            if None in row or None in row.values():
                yield line, None, "wrong number of fields"
                continue
            try:
                values = {name: float(row[name]) for name in features}
            except ValueError:
                yield line, None, "not a number"
                continue
            try:
                yield line, SensorReading(machine_id=row["machine_id"], **values), None
            except ValidationError as exc:
                fields = sorted({str(err["loc"][0]) for err in exc.errors() if err["loc"]})
                yield line, None, f"invalid {', '.join(fields)}"


def main(argv: list[str] | None = None) -> int:
    import joblib
    import numpy as np

    parser = argparse.ArgumentParser(description="score one day's readings with the serving model")
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--day", default=yesterday(), help="yyyyMMdd, default: yesterday (UTC)")
    parser.add_argument("--input-dir", type=Path, required=True)
    parser.add_argument("--output-dir", type=Path, required=True)
    parser.add_argument("--max-bad-fraction", type=float, default=0.01)
    args = parser.parse_args(argv)

    artefact = joblib.load(args.model)
    features, threshold = artefact["features"], float(artefact["threshold"])
    source = args.input_dir / f"readings-{args.day}.csv"
    good, bad = [], Counter()
    for line, reading, reason in read_rows(source, features):
        if reading is None:
            bad[reason] += 1
            print(f"{source.name}:{line}: skipped, {reason}", file=sys.stderr, flush=True)
        else:
            good.append(reading)
    total = len(good) + sum(bad.values())
    report = {
        "model": artefact["version"],
        "day": args.day,
        "rows": total,
        "scored": len(good),
        "skipped": dict(sorted(bad.items())),
    }
    if not good or sum(bad.values()) > args.max_bad_fraction * total:
        print(json.dumps(report | {"written": None}, indent=2, ensure_ascii=False))
        return 1
    X = np.asarray([[getattr(r, name) for name in features] for r in good])
    probabilities = artefact["model"].predict_proba(X)[:, 1]
    target = args.output_dir / f"scores-{args.day}.csv"
    partial = target.with_suffix(".csv.partial")  # renamed when complete: readers never see half a file
    with partial.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["machine_id", "failure_probability", "will_fail", "model_version"])
        for reading, p in zip(good, probabilities, strict=True):
            writer.writerow([reading.machine_id, round(float(p), 4), int(p >= threshold), artefact["version"]])
    os.replace(partial, target)
    report |= {"will_fail": int((probabilities >= threshold).sum()), "written": str(target)}
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
