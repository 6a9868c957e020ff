"""Facts in the prose of the deployment pages, measured: the status of a wrong method on /predict with and
without a token (serving page), and the failure counts and F1's bootstrap standard error that the retrain
section of the monitoring page gives as the reason for its 0.03 promotion margin (counts read from the
checked-in reports)."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from tests.deployment.harness import MONITORING
from tests.helpers import DOCS

SERVING_PAGE = (DOCS / "deployment" / "serving.md").read_text(encoding="utf-8")
MONITORING_PAGE = (DOCS / "deployment" / "monitoring.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_a_wrong_method_on_predict_is_405_with_or_without_a_token(client, token, method):
    assert client.request(method, "/predict").status_code == 405
    assert client.request(method, "/predict", headers={"Authorization": f"Bearer {token()}"}).status_code == 405
    assert client.post("/predict", content=b"{not json").status_code == 401
    assert "没有合法 token 的 `POST /predict` 一律 401" in SERVING_PAGE
    assert "| 路径对、方法不对（有没有 token 都一样，路由先于鉴权） | 405 |" in SERVING_PAGE


# The weeks of snippets/deployment/monitoring/runs.toml (rows, seed, pressure effect) whose second half the retrain
# examples judge on: a stable week and one after the concept drift.
JUDGED_WEEKS = {"retrain-w47.out": (3000, 147, 0.0), "retrain-w49.out": (3000, 149, 4.0)}
STABLE_WEEKS = [(3000, 146), (3000, 147)]


def _report(name: str) -> dict:
    """The JSON a monitoring script printed, from its checked-in transcript."""
    text = (MONITORING / name).read_text(encoding="utf-8").split("\n", 1)[1]
    return json.loads(text[: text.rindex("}") + 1])


def test_failure_counts_on_the_page_come_from_the_checked_in_reports():
    """The retrain section's counts: the judged failures of the two retrain reports, week 48's failure rate times
    its rows from the evaluation report, and fewer failures after the drift than in a stable week."""
    stable, drifted = _report("retrain-w47.out"), _report("retrain-w49.out")
    week48 = _report("evaluate-w48.out")
    page = re.sub(r"\s+", "", MONITORING_PAGE)
    assert f"1,500行里只有{stable['judged_failures']}个" in page and stable["judged_on"] == 1500
    assert f"第49周评判的半周只有{drifted['judged_failures']}个" in page
    assert f"第48周的故障率是{week48['failure_rate']}" in page
    assert f"{week48['rows']:,}行约{round(week48['failure_rate'] * week48['rows'])}个" in page
    assert drifted["judged_failures"] < stable["judged_failures"]
    trained = _report("../serving/train.out")
    assert week48["failure_rate"] < trained["failure_rate"]  # "液压开始影响故障之后更少"


def test_failures_per_week_and_the_bootstrap_error_behind_min_gain(artefact):
    import joblib
    from retrain import MIN_GAIN
    from sklearn.metrics import f1_score
    from sklearn.model_selection import train_test_split
    from train import make_sensor_data

    art = joblib.load(artefact)
    for rows, seed in STABLE_WEEKS:
        _, y = make_sensor_data(rows, seed)
        assert round(int(y.sum()), -1) == 370, y.sum()  # "平稳的一周 3,000 行里约有 370 个故障"
    errors = {}
    for out, (rows, seed, effect) in JUDGED_WEEKS.items():
        X, y = make_sensor_data(rows, seed, pressure_effect=effect)
        # the same split as retrain.py: the held-out half of the newest week
        _, X_hold, _, y_hold = train_test_split(X, y, test_size=0.5, stratify=y, random_state=7)
        assert int(y_hold.sum()) == _report(out)["judged_failures"], out
        predicted = (art["model"].predict_proba(X_hold)[:, 1] >= art["threshold"]).astype(int)
        rng = np.random.default_rng(0)
        draws = [
            f1_score(y_hold[i], predicted[i]) for i in (rng.integers(0, len(y_hold), len(y_hold)) for _ in range(1000))
        ]
        errors[out] = float(np.std(draws))
    # "标准误约 0.026（第 47 周）到 0.027（第 49 周），0.03 大约是一个标准误"
    assert round(errors["retrain-w47.out"], 3) in (0.025, 0.026, 0.027), errors
    assert round(errors["retrain-w49.out"], 3) in (0.026, 0.027, 0.028), errors
    assert all(0.8 * MIN_GAIN < se < 1.2 * MIN_GAIN for se in errors.values()), errors
    assert "标准误约 0.026（第 47 周）到 0.027（第 49 周），0.03 大约是一个标准误" in re.sub(r"\n", "", MONITORING_PAGE)
    assert "这是经验阈值，不是显著性检验" in MONITORING_PAGE


KUBERNETES_PAGE = (DOCS / "deployment" / "kubernetes.md").read_text(encoding="utf-8")


def kubectl_help(*command: str) -> str:
    import subprocess

    from tests.helpers import require_tool

    run = subprocess.run([require_tool("kubectl"), *command, "--help"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    return " ".join(run.stdout.split())


def test_kubectl_defaults_the_kubernetes_page_states():
    """kubectl's own help: 10 lines per pod with a selector, at most 5 followed pods, diff's exit codes."""
    logs = kubectl_help("logs")
    assert "--max-log-requests=5:" in logs and "Defaults to 5." in logs
    assert re.search(
        r"--tail=-1: .*Defaults to -1 with no selector, showing all log lines otherwise 10, if a "
        r"selector is provided",
        logs,
    ), logs
    assert "Prefix each log line with the log source (pod name and container name)" in logs
    diff = kubectl_help("diff")
    assert "0 No differences were found. 1 Differences were found. >1 Kubectl or diff failed with an error." in diff
    page = re.sub(r"\s+", "", KUBERNETES_PAGE)
    assert "带标签选择时kubectl默认每个Pod只显示最后10行" in page
    assert "`--max-log-requests`个Pod（默认5）" in page
    assert "`kubectldiff`没有差别时退出码为0，有差别时为1，出错时大于1" in page
