"""The monitoring page: drift (PSI + KS), feedback evaluation, retraining, alert rules, dashboard."""

from __future__ import annotations

import csv
import importlib
import re
import shutil

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from tests.deployment.conftest import BUILD, MONITORING, run, transcript
from tests.helpers import DOCS, expect_file, require_tool

READING = {"machine_id": "press-07", "temperature_c": 70.0, "pressure_bar": 6.0, "rpm": 1500.0}
# (file, rows, seed, data drift on vibration, concept drift via pressure): the weeks the page talks about
WINDOWS = {
    "window-2026-w47.csv": (2000, 47, 0.0, 0.0),
    "window-2026-w48.csv": (2000, 48, 1.5, 0.0),
    "labels-2026-w47.csv": (3000, 147, 0.0, 0.0),
    "labels-2026-w48.csv": (3000, 148, 0.0, 4.0),
}


@pytest.fixture(scope="session")
def windows(trained) -> dict:
    """CSV windows as the nightly export writes them, made from train.py's generator with fixed seeds."""
    from train import FEATURES, make_sensor_data

    for name, (rows, seed, shift, effect) in WINDOWS.items():
        X, y = make_sensor_data(rows, seed, vibration_shift=shift, pressure_effect=effect)
        with (BUILD / name).open("w", newline="") as f:
            writer = csv.writer(f)
            labelled = name.startswith("labels")
            writer.writerow(FEATURES + (["failed"] if labelled else []))
            for features, label in zip(X.round(3).tolist(), y.tolist(), strict=True):
                writer.writerow(features + ([label] if labelled else []))
    return WINDOWS


@pytest.fixture
def script(capsys, monkeypatch):
    """``python <name> …`` run in _build/deployment: the script's own main(), in this process
    (saves a second of imports per run), its exit code and printout checked against the .out file."""

    def call(name: str, command: str, expect_rc: int, out: str) -> str:
        module = importlib.import_module(name.removesuffix(".py"))
        monkeypatch.chdir(BUILD)
        capsys.readouterr()
        rc = module.main(command.split())
        printed = capsys.readouterr().out
        assert rc == expect_rc, printed
        expect_file(MONITORING / out, transcript(f"python {name} {command}", printed))
        return printed

    return call


# -- Drift -------------------------------------------------------------------------------


def test_drift_passes_an_unshifted_week(windows, script):
    out = script("drift.py", "--model model/model.joblib --current window-2026-w47.csv", 0, "drift-w47.out")
    assert "DRIFT" not in out and "drifted: none" in out


def test_drift_flags_the_shifted_vibration_sensor(windows, script):
    out = script("drift.py", "--model model/model.joblib --current window-2026-w48.csv", 1, "drift-w48.out")
    flagged = [line.split()[0] for line in out.splitlines() if line.endswith("DRIFT")]
    assert flagged == ["vibration_mm_s"]


def test_psi_of_identical_samples_is_zero_and_grows_with_the_shift():
    import numpy as np
    from drift import psi

    x = np.random.default_rng(1).normal(size=5000)
    assert psi(x, x) == pytest.approx(0.0, abs=1e-12)
    values = [psi(x, x + shift) for shift in (0.1, 0.5, 1.0)]
    assert values == sorted(values) and values[0] < 0.1 < 0.25 < values[2]


def test_page_states_the_thresholds_the_code_uses():
    import drift

    page = (DOCS / "deployment" / "monitoring.md").read_text(encoding="utf-8")
    for phrase in (
        f"PSI ≥ {drift.PSI_ALERT:.2f}",
        f"PSI ≥ {drift.PSI_WARN:.2f}",
        f"p < {drift.KS_P_VALUE}",
        f"{drift.BINS} 个分箱",
    ):
        assert phrase in page, f"the monitoring page should say {phrase!r}"


def test_served_traffic_moves_the_psi_gauge(client, token):
    """200 readings with the vibration sensor off by +1.5 mm/s: only that feature's gauge crosses 0.25."""
    from train import make_sensor_data

    headers = {"Authorization": f"Bearer {token()}"}
    X, _ = make_sensor_data(200, 5, vibration_shift=1.5)
    names = ["temperature_c", "vibration_mm_s", "pressure_bar", "rpm", "tool_wear_min"]
    for row in X.tolist():
        body = {"machine_id": "press-07", **dict(zip(names, row, strict=True))}
        assert client.post("/predict", json=body, headers=headers).status_code == 200
    gauges = {
        s.labels["feature"]: s.value
        for family in text_string_to_metric_families(client.get("/metrics").text)
        for s in family.samples
        if s.name == "pdm_feature_psi"
    }
    assert gauges["vibration_mm_s"] > 0.25
    assert all(v < 0.1 for k, v in gauges.items() if k != "vibration_mm_s"), gauges


# -- Feedback and retraining -------------------------------------------------------------


def test_evaluate_scores_the_model_on_feedback_labels(windows, script):
    out = script("evaluate.py", "--model model/model.joblib --window labels-2026-w48.csv", 0, "evaluate-w48.out")
    assert '"rows": 3000' in out


def test_retrain_keeps_the_model_in_a_stable_week(windows, script):
    (BUILD / "model" / "candidate.joblib").unlink(missing_ok=True)
    cmd = "--model model/model.joblib --window labels-2026-w47.csv --out model/candidate.joblib --version 2026.11.30"
    out = script("retrain.py", cmd, 10, "retrain-w47.out")
    assert '"promote": false' in out and not (BUILD / "model" / "candidate.joblib").exists()


def test_retrain_promotes_after_concept_drift(windows, script):
    import joblib

    (BUILD / "model" / "candidate.joblib").unlink(missing_ok=True)
    cmd = "--model model/model.joblib --window labels-2026-w48.csv --out model/candidate.joblib --version 2026.11.30"
    out = script("retrain.py", cmd, 0, "retrain-w48.out")
    assert '"promote": true' in out
    assert joblib.load(BUILD / "model" / "candidate.joblib")["version"] == "2026.11.30"


# -- Alert rules and dashboard -------------------------------------------------------------

NOT_OURS = {"up"}  # series Prometheus itself writes for every scrape target
FUNCTIONS = {"histogram_quantile", "sum", "rate", "max", "count", "by", "le", "or", "and", "on"}


def exported_names(client) -> set[str]:
    client.get("/health")
    return {s.name for f in text_string_to_metric_families(client.get("/metrics").text) for s in f.samples}


def names_in(expr: str) -> set[str]:
    expr = re.sub(r"\{[^}]*\}", "", expr)  # label matchers
    expr = re.sub(r"\[[^\]]*\]", "", expr)  # ranges
    expr = re.sub(r"by\s*\([^)]*\)", "", expr)  # grouping labels
    return {w for w in re.findall(r"[a-zA-Z_:][a-zA-Z0-9_:]*", expr) if w not in FUNCTIONS}


def test_promtool_accepts_the_rules_and_their_unit_tests():
    promtool = require_tool("promtool")
    checked = run([promtool, "check", "rules", "alerts.yaml"], cwd=MONITORING)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "SUCCESS: 6 rules found" in checked.stdout
    tested = run([promtool, "test", "rules", "alerts.test.yaml"], cwd=MONITORING)
    assert tested.returncode == 0, tested.stdout + tested.stderr


def test_promtool_unit_tests_catch_a_wrong_threshold(tmp_path):
    promtool = require_tool("promtool")
    shutil.copy(MONITORING / "alerts.test.yaml", tmp_path)
    rules = (MONITORING / "alerts.yaml").read_text(encoding="utf-8")
    (tmp_path / "alerts.yaml").write_text(rules.replace("> 0.25\n        for: 30m", "> 0.5\n        for: 30m"))
    tested = run([promtool, "test", "rules", "alerts.test.yaml"], cwd=tmp_path)
    assert tested.returncode != 0 and "PdmFeatureDrift" in tested.stdout + tested.stderr


def test_alerts_use_only_metrics_the_app_exports(client):
    exported = exported_names(client) | NOT_OURS
    rules = yaml.safe_load((MONITORING / "alerts.yaml").read_text(encoding="utf-8"))["groups"][0]["rules"]
    assert {r["alert"] for r in rules} >= {"PdmHighLatencyP95", "PdmHighErrorRate", "PdmFeatureDrift"}
    for rule in rules:
        unknown = names_in(rule["expr"]) - exported
        assert not unknown, f"{rule['alert']} uses metrics the app does not export: {unknown}"


def test_dashboard_queries_parse_and_use_exported_metrics(client, tmp_path):
    promtool = require_tool("promtool")
    panels = yaml.safe_load((MONITORING / "dashboard.yaml").read_text(encoding="utf-8"))["panels"]
    exported = exported_names(client)
    for panel in panels:
        assert not names_in(panel["expr"]) - exported, panel
    # promtool parses PromQL only inside rule files: each panel becomes a recording rule
    rules = [{"record": f"dashboard:panel{i}", "expr": p["expr"]} for i, p in enumerate(panels)]
    (tmp_path / "panels.yaml").write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}))
    checked = run([promtool, "check", "rules", "panels.yaml"], cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
