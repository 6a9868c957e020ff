# 训练预测性维护模型：在合成的传感器数据上训练随机森林，保存为 joblib 制品
"""Train the predictive-maintenance model and save it as one artefact.

The sensor data are synthetic (a stand-in for the warehouse extract): five readings per
machine and whether it failed within the next 24 hours. The artefact carries everything
serving and monitoring need: the model, the feature order, the decision threshold, the
version and a reference sample of the training features (the baseline for drift checks).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import joblib
import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import f1_score, precision_score, recall_score, roc_auc_score
from sklearn.model_selection import train_test_split

FEATURES = ["temperature_c", "vibration_mm_s", "pressure_bar", "rpm", "tool_wear_min"]
THRESHOLD = 0.5  # with balanced class weights: favours recall, a missed failure costs more than an inspection


def make_sensor_data(n: int, seed: int, vibration_shift: float = 0.0, pressure_effect: float = 0.0):
    """Sensor readings ``X`` (n x 5) and failure labels ``y``.

    ``vibration_shift`` moves the vibration sensor (data drift); ``pressure_effect`` makes
    hydraulic pressure start to drive failures (concept drift: same inputs, new relation),
    with the intercept lowered so that failures stay rare (the failure rate still drops somewhat).
    """
    rng = np.random.default_rng(seed)
    temperature = rng.normal(70.0, 5.0, n)
    vibration = rng.gamma(4.0, 0.8, n) + vibration_shift
    pressure = rng.normal(6.0, 0.4, n)
    rpm = rng.normal(1500.0, 120.0, n)
    wear = rng.uniform(0.0, 240.0, n)
    logit = -9.0 + 0.025 * wear + 0.8 * (vibration - vibration_shift) + 0.15 * (temperature - 70.0)
    logit += pressure_effect * (pressure - 6.0) - (pressure_effect * 0.4) ** 2 / 2
    y = rng.random(n) < 1.0 / (1.0 + np.exp(-logit))
    return np.column_stack([temperature, vibration, pressure, rpm, wear]), y.astype(int)


def scores(model, X, y, threshold: float = THRESHOLD) -> dict:
    """Precision, recall, F1 at the serving threshold and ROC AUC, rounded for reports."""
    proba = model.predict_proba(X)[:, 1]
    pred = (proba >= threshold).astype(int)
    return {
        "precision": round(float(precision_score(y, pred, zero_division=0)), 3),
        "recall": round(float(recall_score(y, pred, zero_division=0)), 3),
        "f1": round(float(f1_score(y, pred, zero_division=0)), 3),
        "roc_auc": round(float(roc_auc_score(y, proba)), 3),
    }


def fit(X, y, seed: int = 7) -> RandomForestClassifier:
    model = RandomForestClassifier(n_estimators=60, max_depth=6, class_weight="balanced", random_state=seed, n_jobs=1)
    return model.fit(X, y)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("model/model.joblib"))
    parser.add_argument("--version", default="dev")
    parser.add_argument("--rows", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    X, y = make_sensor_data(args.rows, args.seed)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, random_state=args.seed)
    model = fit(X_train, y_train, args.seed)
    metrics = scores(model, X_test, y_test)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(
        {
            "model": model,
            "features": FEATURES,
            "threshold": THRESHOLD,
            "version": args.version,
            "reference": X_train.astype(np.float32),
            "metrics": metrics,
        },
        args.out,
    )
    summary = {"version": args.version, "rows": args.rows, "failure_rate": round(float(y.mean()), 3), **metrics}
    print(json.dumps(summary, indent=2))
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
