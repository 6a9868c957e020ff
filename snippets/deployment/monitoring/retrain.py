# 定期重训：在最近几周带标签的数据上训练候选模型，只有在最新一周上明显胜过当前模型才晋升
"""Scheduled retraining with a promotion gate.

--weeks takes the labelled weekly windows, oldest first, at most MAX_WEEKS of them. The newest
week is split in two: its second half is held out and judges both models (it is the closest
thing to next week that has labels); the candidate trains on every older week plus the first
half of the newest. History matters because failures are rare: a week of 3,000 rows has a few
hundred of them, fewer after a drift, and the judging half only half that (the report says how
many it judged on). The window is short because after a concept drift older weeks teach the
old relation. The candidate is promoted only when its F1 beats the current model's by MIN_GAIN.
Exit codes: 0 promote (the candidate is written to --out), 10 keep the current model, anything
else an error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

MIN_GAIN = 0.03  # an empirical margin: about one bootstrap standard error of one F1 on the judging half
MAX_WEEKS = 4
KEEP = 10


def main(argv: list[str] | None = None) -> int:
    import joblib
    import numpy as np
    from evaluate import read_labelled
    from sklearn.model_selection import train_test_split
    from train import fit, scores

    parser = argparse.ArgumentParser(description="retrain on recent labels, promote only if better")
    parser.add_argument("--model", type=Path, required=True, help="the current artefact")
    parser.add_argument("--weeks", type=Path, nargs="+", required=True, help="weekly CSVs, oldest first")
    parser.add_argument("--out", type=Path, required=True, help="where a promoted candidate is written")
    parser.add_argument("--version", required=True)
    args = parser.parse_args(argv)

    if len(args.weeks) > MAX_WEEKS:
        parser.error(f"at most {MAX_WEEKS} weeks: older ones teach a relation that may no longer hold")
    current = joblib.load(args.model)
    weeks = [read_labelled(path, current["features"]) for path in args.weeks]
    X_new, y_new = weeks[-1]
    X_half, X_hold, y_half, y_hold = train_test_split(X_new, y_new, test_size=0.5, stratify=y_new, random_state=7)
    X_fit = np.concatenate([X for X, _ in weeks[:-1]] + [X_half])
    y_fit = np.concatenate([y for _, y in weeks[:-1]] + [y_half])
    candidate = fit(X_fit, y_fit)
    before = scores(current["model"], X_hold, y_hold, current["threshold"])
    after = scores(candidate, X_hold, y_hold, current["threshold"])
    promote = after["f1"] >= before["f1"] + MIN_GAIN
    print(
        json.dumps(
            {
                "current": {"version": current["version"], **before},
                "candidate": {"version": args.version, "trained_on": len(y_fit), **after},
                "judged_on": len(y_hold),
                "judged_failures": int(y_hold.sum()),
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
