"""Facts in the prose of the deployment pages, measured: the status of a wrong method on /predict with and
without a token (serving page), and the weekly failure counts and F1's bootstrap standard error that the
retrain section of the monitoring page gives as the reason for its 0.03 promotion margin."""

from __future__ import annotations

import re

import numpy as np
import pytest

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


# The stable weeks of tests/deployment/test_monitoring.py (rows, seed): the retrain example judges on them.
STABLE_WEEKS = [(3000, 146), (3000, 147)]


def test_failures_per_week_and_the_bootstrap_error_behind_min_gain(artefact):
    import joblib
    from retrain import MIN_GAIN
    from sklearn.metrics import f1_score
    from sklearn.model_selection import train_test_split
    from train import make_sensor_data

    art = joblib.load(artefact)
    for rows, seed in STABLE_WEEKS:
        X, y = make_sensor_data(rows, seed)
        # the same split as retrain.py: the held-out half of the newest week
        _, X_hold, _, y_hold = train_test_split(X, y, test_size=0.5, stratify=y, random_state=7)
        assert round(int(y.sum()), -1) == 370, y.sum()  # "三百七十个左右的故障"
        assert 180 <= int(y_hold.sum()) < 190, y_hold.sum()  # "一百八十多个", "约 180 个故障"
        predicted = (art["model"].predict_proba(X_hold)[:, 1] >= art["threshold"]).astype(int)
        rng = np.random.default_rng(0)
        draws = [
            f1_score(y_hold[i], predicted[i]) for i in (rng.integers(0, len(y_hold), len(y_hold)) for _ in range(1000))
        ]
        se = float(np.std(draws))
        assert round(se, 3) in (0.025, 0.026, 0.027), se  # "标准误约 0.026"
        assert se < MIN_GAIN
    assert "只有三百七十个左右的故障，半周只剩一百八十多个" in MONITORING_PAGE
    assert "1,500 行（约 180 个故障）的评判数据上，F1 的自助法（bootstrap）标准误约 0.026" in MONITORING_PAGE


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
