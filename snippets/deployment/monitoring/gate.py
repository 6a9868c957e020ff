# 质量门：训练留出集上的指标低于底线时以退出码 1 结束，CI 在 train.py 之后运行它
"""Quality gate for a freshly trained artefact: its hold-out metrics against fixed floors.

train.py stores the hold-out precision, recall, F1 and ROC AUC in the artefact; this script
fails (exit 1) when any of them is below its floor, so CI stops before building an image.
evaluate.py uses the same F1 floor on the weekly feedback labels.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# a missed failure costs more than an inspection: recall has its own floor
FLOORS = {"recall": 0.60, "f1": 0.40, "roc_auc": 0.80}


def failures(metrics: dict) -> list[str]:
    """One line per metric below its floor (a missing metric counts as below)."""
    return [
        f"{name} {metrics.get(name, 'missing')} < {floor}"
        for name, floor in FLOORS.items()
        if not isinstance(metrics.get(name), float) or metrics[name] < floor
    ]


def main(argv: list[str] | None = None) -> int:
    import joblib

    parser = argparse.ArgumentParser(description="fail when a trained model's hold-out metrics are below the floors")
    parser.add_argument("--model", type=Path, required=True)
    args = parser.parse_args(argv)
    artefact = joblib.load(args.model)
    below = failures(artefact.get("metrics", {}))
    for line in below:
        print(f"FAIL {line}")
    print(f"model {artefact['version']}: {'below the floors' if below else 'passes every floor'}")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
