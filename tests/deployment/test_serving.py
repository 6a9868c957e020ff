"""The serving page: train.py, app.py and the curl snippets, against the real FastAPI app."""

from __future__ import annotations

import json
import re
import sys
import time

import joblib
import numpy as np
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.deployment.conftest import MONITORING, SERVING, VENV_BIN, dockerfile_cmd, run, service_env, transcript
from tests.helpers import expect_file

READING = json.loads((SERVING / "request.json").read_text(encoding="utf-8"))


def samples(client) -> dict[tuple, float]:
    """/metrics parsed by prometheus_client's own parser: {(name, labels...): value}."""
    out = {}
    for family in text_string_to_metric_families(client.get("/metrics").text):
        for s in family.samples:
            out[(s.name, *sorted(s.labels.items()))] = s.value
    return out


def test_training_transcript(trained):
    expect_file(SERVING / "train.out", trained[1])


def test_health(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "model_version": "2026.11.27"}


def test_predict_without_token_is_401(client):
    response = client.post("/predict", json=READING)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {"detail": "missing bearer token"}


def test_malformed_body_without_token_is_still_401(client):
    assert client.post("/predict", json={"rpm": "fast"}).status_code == 401  # no schema hints for strangers


@pytest.mark.parametrize(
    ("case", "detail"),
    [
        ("expired", "token expired"),
        ("wrong_key", "invalid token"),
        ("alg_none", "invalid token"),
        ("hs512", "invalid token"),
        ("wrong_audience", "invalid token"),
        ("no_exp", "invalid token"),
        ("garbage", "invalid token"),
    ],
)
def test_bad_tokens_are_401(client, token, case, detail):
    bad = {
        "expired": lambda: token(exp=int(time.time()) - 10),
        "wrong_key": lambda: token(key="another-key-of-the-same-length-0123456789abcdef"),
        "alg_none": _unsigned,
        "hs512": lambda: token(algorithm="HS512"),
        "wrong_audience": lambda: token(aud="someone-else"),
        "no_exp": lambda: token(exp=None),
        "garbage": lambda: "not.a.jwt",
    }[case]()
    response = client.post("/predict", json=READING, headers={"Authorization": f"Bearer {bad}"})
    assert response.status_code == 401, response.text
    assert response.json() == {"detail": detail}


def _unsigned() -> str:
    import jwt

    claims = {"sub": "mallory", "aud": "pdm-api", "exp": int(time.time()) + 300}
    unsigned = jwt.encode(claims, None, algorithm="none")
    assert jwt.get_unverified_header(unsigned)["alg"] == "none"
    return unsigned


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({k: v for k, v in READING.items() if k != "rpm"}, ["rpm"]),
        (READING | {"vibration_mm_s": -1}, ["vibration_mm_s"]),
        (READING | {"rpm": "fast"}, ["rpm"]),
        (READING | {"colour": "red"}, ["colour"]),
        (READING | {"machine_id": "press 07; drop"}, ["machine_id"]),
        ([READING], ["body"]),
    ],
)
def test_malformed_body_is_422_with_a_clear_message(client, token, body, fields):
    response = client.post("/predict", json=body, headers={"Authorization": f"Bearer {token()}"})
    assert response.status_code == 422
    payload = response.json()
    assert payload["error"] == "invalid request body"
    assert [p["field"] for p in payload["problems"]] == fields
    assert all(p["message"] for p in payload["problems"])


def test_broken_json_is_422(client, token):
    response = client.post(
        "/predict",
        content=b'{"machine_id": ',
        headers={"Authorization": f"Bearer {token()}", "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "body"


def test_prediction_is_the_models(client, token, artefact):
    response = client.post(
        "/predict", json=READING, headers={"Authorization": f"Bearer {token()}", "X-Request-ID": "req-42"}
    )
    assert response.status_code == 200, response.text
    got = response.json()
    saved = joblib.load(artefact)
    row = np.asarray([[READING[name] for name in saved["features"]]])
    expected = round(float(saved["model"].predict_proba(row)[0, 1]), 4)
    assert got == {
        "request_id": "req-42",
        "machine_id": "press-07",
        "failure_probability": expected,
        "will_fail": expected >= saved["threshold"],
        "threshold": saved["threshold"],
        "model_version": "2026.11.27",
    }


def test_unsafe_request_id_is_replaced(client, token):
    response = client.post(
        "/predict", json=READING, headers={"Authorization": f"Bearer {token()}", "X-Request-ID": "a b\r\nInjected: 1"}
    )
    assert re.fullmatch(r"[0-9a-f]{32}", response.json()["request_id"])


def test_metrics_counters_move(client, token):
    before = samples(client)
    good = {"Authorization": f"Bearer {token()}"}
    client.post("/predict", json=READING, headers=good)
    client.post("/predict", json=READING)
    client.post("/predict", json=READING, headers={"Authorization": f"Bearer {token(exp=int(time.time()) - 5)}"})
    client.post("/predict", json=READING | {"rpm": -5}, headers=good)
    after = samples(client)

    def moved(name, **labels):
        key = (name, *sorted(labels.items()))
        return after.get(key, 0) - before.get(key, 0)

    assert moved("pdm_http_requests_total", path="/predict", method="POST", status="200") == 1
    assert moved("pdm_http_requests_total", path="/predict", method="POST", status="401") == 2
    assert moved("pdm_http_requests_total", path="/predict", method="POST", status="422") == 1
    assert moved("pdm_auth_failures_total", reason="missing_token") == 1
    assert moved("pdm_auth_failures_total", reason="expired_token") == 1
    assert moved("pdm_prediction_errors_total", reason="invalid_input") == 1
    assert moved("pdm_predictions_total", outcome="failure") + moved("pdm_predictions_total", outcome="ok") == 1
    assert moved("pdm_request_latency_seconds_count", path="/predict") == 4
    assert after[("pdm_model_info", ("version", "2026.11.27"))] == 1


def test_model_failure_is_500_and_counted(make_app, token, artefact, tmp_path):
    from fastapi.testclient import TestClient
    from sklearn.linear_model import LogisticRegression

    broken = joblib.load(artefact)
    broken["model"] = LogisticRegression().fit([[0, 0, 0], [1, 1, 1]], [0, 1])  # expects 3 features, gets 5
    joblib.dump(broken, tmp_path / "broken.joblib")
    client = TestClient(make_app(tmp_path / "broken.joblib"))
    response = client.post("/predict", json=READING, headers={"Authorization": f"Bearer {token()}"})
    assert response.status_code == 500
    assert response.json() == {"detail": "prediction failed"}
    assert samples(client)[("pdm_prediction_errors_total", ("reason", "model_error"))] == 1


def test_settings_refuse_a_missing_or_short_key(monkeypatch):
    import app as service

    monkeypatch.delenv("PDM_JWT_KEY", raising=False)
    monkeypatch.delenv("PDM_ENV", raising=False)
    with pytest.raises(RuntimeError, match="PDM_JWT_KEY is not set"):
        service.Settings.from_env()
    monkeypatch.setenv("PDM_JWT_KEY", "short")
    with pytest.raises(RuntimeError, match="shorter than 32"):
        service.Settings.from_env()
    monkeypatch.delenv("PDM_JWT_KEY")
    monkeypatch.setenv("PDM_ENV", "test")
    assert len(service.Settings.from_env().jwt_key) >= 32  # test mode: a random key nobody knows


def test_uvicorn_refuses_to_start_without_a_key(image_dir):
    cmd = dockerfile_cmd()
    cmd[0] = str(VENV_BIN / cmd[0])
    cmd[cmd.index("--port") + 1] = "0"
    env = service_env(PDM_MODEL_PATH=str(image_dir / "model" / "model.joblib"))
    env.pop("PYTHONPATH")
    result = run(cmd, cwd=image_dir, env=env, timeout=60)
    assert result.returncode != 0
    assert "PDM_JWT_KEY is not set: refusing to start without a signing key" in result.stderr


def test_curl_snippets_against_uvicorn(server, jwt_key):
    """make-token.sh, predict.sh, predict-bad.sh and metrics.sh, in this order, against the real server."""
    url, log_path = server
    env = service_env(PDM_JWT_KEY=jwt_key, PDM_URL=url)
    minted = run(["bash", "-c", '. ./make-token.sh && printf %s "$PDM_TOKEN"'], cwd=SERVING, env=env)
    assert minted.returncode == 0, minted.stderr
    env["PDM_TOKEN"] = minted.stdout
    for name in ("predict.sh", "predict-bad.sh", "metrics.sh"):
        result = run(["bash", name], cwd=SERVING, env=env)
        assert result.returncode == 0, result.stderr
        expect_file(SERVING / name.replace(".sh", ".out"), transcript(f"bash {name}", result.stdout))
    lines = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
    record = next(line for line in lines if line.get("request_id") == "demo-0001")
    assert record["caller"] == "maintenance-dashboard" and record["features"]["rpm"] == 1460
    assert minted.stdout not in log_path.read_text()  # the token never reaches the logs
    served_by = " ".join(dockerfile_cmd())
    expect_file(MONITORING / "prediction-log.out", transcript(served_by, json.dumps(record, ensure_ascii=False) + "\n"))


def test_make_token_needs_the_key():
    result = run([sys.executable, str(SERVING / "make_token.py"), "--sub", "x"], cwd=SERVING)
    assert result.returncode == 2 and "PDM_JWT_KEY is not set" in result.stderr
