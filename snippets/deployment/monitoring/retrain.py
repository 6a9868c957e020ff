# 定期重训：在最近带标签的数据上训练候选模型，只有明显胜过当前模型才晋升
"""Scheduled retraining with a promotion gate.

The labelled window is split in two: the candidate is trained on the first half, and both
models are scored on the second half, which neither has seen. The candidate is promoted only
when its F1 beats the current model's by MIN_GAIN. Exit codes: 0 promote (the candidate is
written to --out), 10 keep the current model, anything else an error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

MIN_GAIN = 0.02
KEEP = 10


def main(argv: list[str] | None = None) -> int:
    import joblib
    import numpy as np
    from evaluate import read_labelled
    from sklearn.model_selection import train_test_split
    from train import fit, scores

    parser = argparse.ArgumentParser(description="retrain on recent labels, promote only if better")
    parser.add_argument("--model", type=Path, required=True, help="the current artefact")
    parser.add_argument("--window", type=Path, required=True, help="CSV: features and `failed`")
    parser.add_argument("--out", type=Path, required=True, help="where a promoted candidate is written")
    parser.add_argument("--version", required=True)
    args = parser.parse_args(argv)

    current = joblib.load(args.model)
    X, y = read_labelled(args.window, current["features"])
    X_fit, X_hold, y_fit, y_hold = train_test_split(X, y, test_size=0.5, stratify=y, random_state=7)
    candidate = fit(X_fit, y_fit)
    before = scores(current["model"], X_hold, y_hold, current["threshold"])
    after = scores(candidate, X_hold, y_hold, current["threshold"])
    promote = after["f1"] >= before["f1"] + MIN_GAIN
    print(
        json.dumps(
            {
                "current": {"version": current["version"], **before},
                "candidate": {"version": args.version, **after},
                "min_gain": MIN_GAIN,
                "promote": promote,
            },
            indent=2,
        )
    )
    if not promote:
        return KEEP
    args.out.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(
        current
        | {"model": candidate, "version": args.version, "reference": X_fit.astype(np.float32), "metrics": after},
        args.out,
    )
    print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
