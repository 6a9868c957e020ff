# 检测特征漂移：对模型的每个特征算 PSI 并做 KS 检验，与训练时的参考样本比较
"""Data-drift check: this window's features against the training reference in the artefact.

Rule (the monitoring page states the same numbers):
  PSI >= 0.25                      -> drift
  PSI >= 0.10 and KS p < 0.01      -> drift
  anything else                    -> ok
Exit code 0 when no feature drifted, 1 when one did (cron and CI can act on it).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np
from scipy.stats import ks_2samp

PSI_WARN = 0.10
PSI_ALERT = 0.25
KS_P_VALUE = 0.01
BINS = 10
_EPS = 1e-4  # an empty bin would make PSI infinite


def quantile_edges(reference: np.ndarray, bins: int = BINS) -> np.ndarray:
    """Bin edges at the reference's deciles, open at both ends."""
    edges = np.unique(np.quantile(reference, np.linspace(0.0, 1.0, bins + 1)))
    edges[0], edges[-1] = -np.inf, np.inf
    return edges


def psi(reference: np.ndarray, current: np.ndarray, edges: np.ndarray | None = None) -> float:
    """Population stability index of ``current`` against ``reference``."""
    edges = quantile_edges(reference) if edges is None else edges
    ref = np.histogram(reference, edges)[0] / len(reference)
    cur = np.histogram(current, edges)[0] / len(current)
    ref, cur = np.clip(ref, _EPS, None), np.clip(cur, _EPS, None)
    return float(np.sum((cur - ref) * np.log(cur / ref)))


def check_feature(reference: np.ndarray, current: np.ndarray) -> dict:
    value = psi(reference, current)
    ks = ks_2samp(reference, current)
    drifted = value >= PSI_ALERT or (value >= PSI_WARN and ks.pvalue < KS_P_VALUE)
    return {"psi": value, "ks": float(ks.statistic), "p": float(ks.pvalue), "drift": drifted}


def read_window(path: Path, features: list[str]) -> np.ndarray:
    """A CSV window exported from the prediction log: one column per feature."""
    with path.open(newline="") as f:
        reader = csv.DictReader(f)
        missing = [name for name in features if name not in (reader.fieldnames or [])]
        if missing:
            raise SystemExit(f"{path}: missing columns {missing}")
        rows = [[float(row[name]) for name in features] for row in reader]
    if len(rows) < 200:
        raise SystemExit(f"{path}: {len(rows)} rows, at least 200 are needed for a stable PSI")
    return np.asarray(rows)


def main(argv: list[str] | None = None) -> int:
    import joblib

    parser = argparse.ArgumentParser(description="feature drift: PSI and KS against the training reference")
    parser.add_argument("--model", type=Path, required=True, help="the model artefact (holds the reference)")
    parser.add_argument("--current", type=Path, required=True, help="CSV window of served features")
    args = parser.parse_args(argv)

    artefact = joblib.load(args.model)
    features, reference = artefact["features"], artefact["reference"]
    current = read_window(args.current, features)
    print(f"reference: {len(reference)} rows (model {artefact['version']}), window: {len(current)} rows")
    print(f"{'feature':<16}{'PSI':>8}{'KS':>8}{'p':>10}  verdict")
    drifted = []
    for i, name in enumerate(features):
        r = check_feature(reference[:, i].astype(float), current[:, i])
        verdict = "DRIFT" if r["drift"] else "ok"
        print(f"{name:<16}{r['psi']:>8.3f}{r['ks']:>8.3f}{r['p']:>10.1e}  {verdict}")
        if r["drift"]:
            drifted.append(name)
    print(f"drifted: {', '.join(drifted) if drifted else 'none'}")
    return 1 if drifted else 0


if __name__ == "__main__":
    sys.exit(main())
