# 用回填的真实标签评估线上模型：精确率、召回率、F1、AUC，低于底线时以退出码 1 结束
"""Weekly performance report on feedback labels.

Maintenance work orders say, a day later, whether a machine really failed. Joined with the
prediction log by request id, they make a labelled window: one row per prediction, the five
features plus ``failed`` (0/1). This script scores the serving model on it.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np


def read_labelled(path: Path, features: list[str]) -> tuple[np.ndarray, np.ndarray]:
    with path.open(newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        raise SystemExit(f"{path}: no rows")
    X = np.asarray([[float(row[name]) for name in features] for row in rows])
    y = np.asarray([int(row["failed"]) for row in rows])
    return X, y


def main(argv: list[str] | None = None) -> int:
    import joblib
    from gate import FLOORS
    from train import scores

    parser = argparse.ArgumentParser(description="score the serving model on feedback labels")
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--window", type=Path, required=True, help="CSV: features and `failed`")
    args = parser.parse_args(argv)

    artefact = joblib.load(args.model)
    X, y = read_labelled(args.window, artefact["features"])
    report = {"model": artefact["version"], "rows": len(y), "failure_rate": round(float(y.mean()), 3)}
    report |= scores(artefact["model"], X, y, artefact["threshold"])
    report["below_floor"] = report["f1"] < FLOORS["f1"]  # exit 1: the weekly job opens a page
    print(json.dumps(report, indent=2))
    return 1 if report["below_floor"] else 0


if __name__ == "__main__":
    sys.exit(main())
