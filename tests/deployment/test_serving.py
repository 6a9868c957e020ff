"""The serving page: train.py, app.py and the curl snippets, against the real FastAPI app."""

from __future__ import annotations

import asyncio
import json
import re
import select
import socket
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import joblib
import numpy as np
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.deployment.harness import (
    KUBERNETES,
    MONITORING,
    SERVICE_BY,
    SERVING,
    VENV_BIN,
    dockerfile_cmd,
    python_by,
    run,
    service_env,
    tool_version,
    transcript,
)
from tests.helpers import DOCS, expect_file, record_run, require_tool

READING = json.loads((SERVING / "request.json").read_text(encoding="utf-8"))


def samples(client) -> dict[tuple, float]:
    """/metrics parsed by prometheus_client's own parser: {(name, labels...): value}."""
    out = {}
    for family in text_string_to_metric_families(client.get("/metrics").text):
        for s in family.samples:
            out[(s.name, *sorted(s.labels.items()))] = s.value
    return out


def test_training_transcript(trained):
    expect_file(SERVING / "train.out", trained[1], by=python_by("scikit-learn"))


def test_health(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "model_version": "2026.11.27"}


def test_predict_without_token_is_401(client):
    response = client.post("/predict", json=READING)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {"detail": "missing bearer token"}


@pytest.mark.parametrize(
    "body",
    [b'{"rpm": "fast"}', b'{"machine_id": ', b"\xff\xfe not json", b"[" * 5000, b"{}" * 10_000],
    ids=["schema", "broken_json", "not_utf8", "deep", "oversized"],
)
def test_without_a_valid_token_every_body_is_401(client, token, body):
    """No schema hints, no 413, no 422 for strangers: the token is checked first."""
    for headers in ({}, {"Authorization": "Bearer not.a.jwt"}, {"Authorization": f"Basic {token()}"}):
        response = client.post("/predict", content=body, headers=headers | {"Content-Type": "application/json"})
        assert response.status_code == 401, (headers, response.text)
    assert samples(client)[("pdm_prediction_errors_total", ("reason", "invalid_input"))] == 0


def test_the_body_is_not_read_before_the_token_is_checked(make_app):
    """The ASGI app answers 401 without ever calling receive(): not one byte of the body is read."""
    app, sent, reads = make_app(), [], []

    async def receive():
        reads.append(1)
        return {"type": "http.request", "body": b"{" * 1000, "more_body": len(reads) < 3}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/predict",
        "raw_path": b"/predict",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"transfer-encoding", b"chunked")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    # In a thread of its own: a test that opened a browser with Playwright's sync API before this one leaves an
    # event loop running in the main thread for the rest of the session, and asyncio.run refuses to run there.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    assert sent[0]["status"] == 401 and reads == []


@pytest.mark.parametrize("chunked", [False, True], ids=["content_length", "chunked"])
def test_an_oversized_body_is_413(client, token, chunked):
    import app as service

    body = json.dumps(READING | {"machine_id": "x" * service.MAX_BODY_BYTES}).encode()
    content = iter([body[:100], body[100:]]) if chunked else body  # an iterator: no Content-Length
    headers = {"Authorization": f"Bearer {token()}", "Content-Type": "application/json"}
    response = client.post("/predict", content=content, headers=headers)
    assert response.status_code == 413
    assert response.json() == {"detail": f"request body larger than {service.MAX_BODY_BYTES} bytes"}
    assert samples(client)[("pdm_prediction_errors_total", ("reason", "too_large"))] == 1


@pytest.mark.parametrize("value", ["1500", " 1500 ", True, None, [1500], {"v": 1500}])
def test_numbers_must_be_json_numbers(client, token, value):
    response = client.post("/predict", json=READING | {"rpm": value}, headers={"Authorization": f"Bearer {token()}"})
    assert response.status_code == 422, response.text
    assert [p["field"] for p in response.json()["problems"]] == ["rpm"]


def test_an_integer_is_a_number(client, token):
    response = client.post("/predict", json=READING | {"rpm": 1460}, headers={"Authorization": f"Bearer {token()}"})
    assert response.status_code == 200, response.text


def test_a_token_living_longer_than_the_maximum_is_401(client, token):
    import app as service

    now = int(time.time())
    for exp in (253402300799, now + service.MAX_TOKEN_LIFETIME + 120):  # 9999-12-31 and just past the maximum
        response = client.post("/predict", json=READING, headers={"Authorization": f"Bearer {token(exp=exp)}"})
        assert response.status_code == 401 and response.json() == {"detail": "invalid token"}
    fine = token(exp=now + service.MAX_TOKEN_LIFETIME - 60)
    assert client.post("/predict", json=READING, headers={"Authorization": f"Bearer {fine}"}).status_code == 200


def test_openapi_schema_is_not_served(client):
    for path in ("/openapi.json", "/docs", "/redoc"):
        assert client.get(path).status_code == 404, path


def test_method_label_takes_a_closed_set(client):
    import app as service

    for i in range(30):
        client.request(f"MADEUP{i}", "/predict")
    client.request("PATCH", "/health")
    methods = {dict(labels).get("method") for (name, *labels) in samples(client) if name == "pdm_http_requests_total"}
    assert methods <= service.METHODS | {"other"}, methods
    assert (
        samples(client)[("pdm_http_requests_total", ("method", "other"), ("path", "/predict"), ("status", "405"))] == 30
    )


def test_psi_is_recomputed_every_n_predictions_once_the_window_is_full(make_app, token, monkeypatch):
    import app as service
    from fastapi.testclient import TestClient

    calls = []
    real_psi = service.psi
    monkeypatch.setattr(service, "psi", lambda *a: calls.append(1) or real_psi(*a))
    # the service's 500/200/50 scaled down 10 times: the same code path in a tenth of the requests
    for name, value in (("DRIFT_WINDOW", 50), ("DRIFT_MIN_ROWS", 20), ("DRIFT_EVERY", 5)):
        monkeypatch.setattr(service, name, value)
    client = TestClient(make_app())
    headers = {"Authorization": f"Bearer {token(exp=int(time.time()) + 600)}"}
    n = service.DRIFT_WINDOW + 20
    for _ in range(n):
        assert client.post("/predict", json=READING, headers=headers).status_code == 200
    features = 5
    expected = (n - service.DRIFT_MIN_ROWS) // service.DRIFT_EVERY + 1  # at 20, 25, …, 70 predictions
    assert len(calls) == expected * features, len(calls) // features


def test_the_key_file_newline_is_refused_with_a_clear_error(monkeypatch):
    import app as service

    monkeypatch.setenv("PDM_JWT_KEY", "k" * 64 + "\n")
    with pytest.raises(RuntimeError, match="whitespace"):
        service.Settings.from_env()


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
    url, log_path, _ = server
    env = service_env(PDM_JWT_KEY=jwt_key, PDM_URL=url)
    minted = run(["bash", "-c", '. ./make-token.sh && printf %s "$PDM_TOKEN"'], cwd=SERVING, env=env)
    assert minted.returncode == 0, minted.stderr
    env["PDM_TOKEN"] = minted.stdout
    curl = tool_version(require_tool("curl"), "--version")
    for name in ("predict.sh", "predict-bad.sh", "metrics.sh"):
        result = run(["bash", name], cwd=SERVING, env=env)
        assert result.returncode == 0, result.stderr
        expect_file(SERVING / name.replace(".sh", ".out"), transcript(f"bash {name}", result.stdout), by=curl)
        record_run(SERVING / name, curl)
    service = python_by(*SERVICE_BY)
    for name in ("app.py", "request.json", "make-token.sh", "make_token.py"):
        record_run(SERVING / name, service)
    record_run(MONITORING / "drift.py", service)  # the image's drift module, imported by app.py
    lines = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
    record = next(line for line in lines if line.get("request_id") == "demo-0001")
    assert record["caller"] == "maintenance-dashboard" and record["features"]["rpm"] == 1460
    assert minted.stdout not in log_path.read_text()  # the token never reaches the logs
    served_by = " ".join(dockerfile_cmd())
    expect_file(
        MONITORING / "prediction-log.out",
        transcript(served_by, json.dumps(record, ensure_ascii=False) + "\n"),
        by=service,
    )


def test_make_token_needs_the_key():
    result = run([sys.executable, str(SERVING / "make_token.py"), "--sub", "x"], cwd=SERVING)
    assert result.returncode == 2 and "PDM_JWT_KEY is not set" in result.stderr


# -- Oversized requests against the real server ---------------------------------------------

FLOOD_BYTES = 48 << 20  # what each connection offers to send: 48 MiB
FLOOD_CONNECTIONS = 6


def _flood(url: str, authorization: str | None, chunked: bool) -> tuple[int | None, int]:
    """POST /predict offering FLOOD_BYTES; stops at the server's answer. (status, bytes sent).

    Like curl, and unlike a client that gives up on the first failed write, it keeps reading
    after the server stops taking the body: the answer sent just before the server closed is
    already in the socket's receive queue, and a failed send must not hide it."""
    parts = urlsplit(url)
    head = f"POST /predict HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: application/json\r\n"
    head += f"Authorization: {authorization}\r\n" if authorization else ""
    head += "Transfer-Encoding: chunked\r\n" if chunked else f"Content-Length: {FLOOD_BYTES}\r\n"
    block = b"[1," * 21_845 + b"1"  # 64 KiB of a JSON array that never ends
    frame = b"%x\r\n%s\r\n" % (len(block), block) if chunked else block
    sent, pending, answer, sending = 0, b"", b"", True
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as s:
        s.sendall((head + "\r\n").encode())
        s.setblocking(False)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            readable, writable, _ = select.select([s], [s] if sending and sent < FLOOD_BYTES else [], [], 1)
            if readable:
                try:
                    data = s.recv(65536)
                except OSError:
                    break  # reset, and nothing was left in the receive queue
                answer += data
                if b"\r\n" in answer or not data:
                    break
            elif writable:
                pending = pending or frame
                try:
                    n = s.send(pending)
                except OSError:
                    sending = False  # the server closed its side; read what it answered
                    continue
                pending, sent = pending[n:], sent + n
    match = re.match(rb"HTTP/1\.1 (\d{3})", answer)
    return (int(match.group(1)) if match else None), sent


def _kib(pid: int, field: str) -> int:
    status = open(f"/proc/{pid}/status").read()  # noqa: SIM115 - one read of a proc file
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.M).group(1))


def test_concurrent_oversized_requests_stay_far_below_the_pod_memory_limit(server, token):
    """Six 48 MiB requests at once (no token, a bad token, a good token with a chunked body):
    each is answered 401 or 413 after at most a few hundred KiB, and the server's peak RSS moves
    by less than 32 MiB and stays under a quarter of the Deployment's memory limit."""
    import yaml

    url, _, pid = server
    deployment = yaml.safe_load((KUBERNETES / "deployment.yaml").read_text(encoding="utf-8"))
    limit = deployment["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["memory"]
    assert limit == "1Gi"
    limit_kib = 1 << 20
    with open(f"/proc/{pid}/clear_refs", "w") as f:  # reset the peak (VmHWM) to the current RSS
        f.write("5")
    before = _kib(pid, "VmRSS")
    good = f"Bearer {token(exp=int(time.time()) + 300)}"
    cases = [(None, False), (None, True), ("Bearer not.a.jwt", False), (None, False), (good, True), (good, False)]
    results: list = [None] * FLOOD_CONNECTIONS
    threads = [
        threading.Thread(target=lambda i=i, a=a, c=c: results.__setitem__(i, _flood(url, a, c)))
        for i, (a, c) in enumerate(cases)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    peak = _kib(pid, "VmHWM")
    assert [status for status, _ in results] == [401, 401, 401, 401, 413, 413], results
    assert all(sent < FLOOD_BYTES // 4 for _, sent in results), results  # the server stopped reading early
    assert peak - before < 32 * 1024, (before, peak)
    assert peak < limit_kib // 4, (before, peak)
    with urllib.request.urlopen(url + "/health", timeout=5) as response:  # still serving
        assert response.status == 200


# -- The signing key, from the file to the pod and back --------------------------------------


def _secret_from_file(key_file) -> str:
    """create-secret.sh run by the real kubectl with --dry-run=client: the value the pod's env gets."""
    import base64

    import yaml

    kubectl = require_tool("kubectl")
    line = (KUBERNETES / "create-secret.sh").read_text(encoding="utf-8").splitlines()[-1]
    args = line.replace("JWT_KEY_FILE", str(key_file)).split()
    assert args[0] == "kubectl"
    made = run([kubectl, *args[1:], "--dry-run=client", "-o", "yaml"], cwd=key_file.parent)
    assert made.returncode == 0, made.stderr
    return base64.b64decode(yaml.safe_load(made.stdout)["data"]["jwt-key"]).decode()


def test_key_recipe_end_to_end_a_token_signed_with_the_file_is_accepted(make_app, artefact, tmp_path, monkeypatch):
    """make-key.sh → create-secret.sh → the pod's PDM_JWT_KEY; make-token.sh signs with "$(cat file)"."""
    import app as service
    from fastapi.testclient import TestClient

    key_file = tmp_path / "jwt.key"
    recipe = (SERVING / "make-key.sh").read_text(encoding="utf-8").replace("JWT_KEY_FILE", str(key_file))
    made = run(["bash", "-c", recipe], cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    record_run(SERVING / "make-key.sh", tool_version(require_tool("openssl"), "version", name="OpenSSL"))
    in_pod = _secret_from_file(key_file)
    monkeypatch.setenv("PDM_JWT_KEY", in_pod)
    monkeypatch.delenv("PDM_ENV", raising=False)
    monkeypatch.setenv("PDM_MODEL_PATH", str(artefact))
    client = TestClient(service.create_app(service.Settings.from_env()))
    env = service_env()
    minted = run(
        [
            "bash",
            "-c",
            f'PDM_JWT_KEY="$(cat {key_file})"; export PDM_JWT_KEY; . ./make-token.sh && printf %s "$PDM_TOKEN"',
        ],
        cwd=SERVING,
        env=env,
    )
    assert minted.returncode == 0, minted.stderr
    response = client.post("/predict", json=READING, headers={"Authorization": f"Bearer {minted.stdout}"})
    assert response.status_code == 200, response.text


def test_a_key_file_with_a_newline_stops_the_service_with_a_clear_error(tmp_path, monkeypatch):
    """The old recipe (`openssl rand -base64 48 > file`) puts the newline into the Secret."""
    import app as service

    key_file = tmp_path / "jwt.key"
    made = run(["bash", "-c", f"openssl rand -base64 48 > {key_file}"], cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    in_pod = _secret_from_file(key_file)
    assert in_pod.endswith("\n")
    monkeypatch.setenv("PDM_JWT_KEY", in_pod)
    with pytest.raises(RuntimeError, match="whitespace"):
        service.Settings.from_env()


# -- Numbers the serving page states, read from where they come from ------------------------

SERVING_PAGE = (DOCS / "deployment" / "serving.md").read_text(encoding="utf-8")


def test_the_page_states_the_services_own_limits():
    """The prose's 4096 bytes, about 150 bytes a reading, 24 hours, 500/200/50 rows, 1 GiB: app.py, request.json and
    the Deployment's limit, not numbers typed twice."""
    import app as service
    import yaml

    assert f"`MAX_BODY_BYTES`（{service.MAX_BODY_BYTES} 字节，" in SERVING_PAGE
    sent = (SERVING / "request.json").read_bytes().replace(b"\r", b"").replace(b"\n", b"")  # what curl -d @file sends
    assert len(sent) < 150 and "一次读数不到 150 字节" in SERVING_PAGE
    assert service.MAX_TOKEN_LIFETIME % 3600 == 0
    assert f"`MAX_TOKEN_LIFETIME`（{service.MAX_TOKEN_LIFETIME // 3600} 小时）" in SERVING_PAGE
    assert f"有效期最长 {service.MAX_TOKEN_LIFETIME // 3600} 小时" in SERVING_PAGE
    assert f"| token 有效，请求体超过 {service.MAX_BODY_BYTES} 字节 | 413 |" in SERVING_PAGE
    drift = (
        f"最近 {service.DRIFT_WINDOW} 次请求的特征与训练参考样本比较；"
        f"攒够 {service.DRIFT_MIN_ROWS} 行以后，每 {service.DRIFT_EVERY} 次"
    )
    assert drift in SERVING_PAGE
    assert "、".join(f"`{m}`" for m in ("GET", "HEAD", "POST", "OPTIONS")) in SERVING_PAGE
    assert service.METHODS == {"GET", "HEAD", "POST", "OPTIONS"}
    deployment = yaml.safe_load((KUBERNETES / "deployment.yaml").read_text(encoding="utf-8"))
    limit = deployment["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["memory"]
    assert limit.endswith("Gi") and f"Pod 的 {limit[:-2]} GiB 上限" in SERVING_PAGE


def test_uvicorns_flow_control_high_water_mark_is_the_pages():
    """The page's "超过 64 KiB（它的流量控制高水位）就暂停从这个连接读": the installed uvicorn's constant, used by
    both of its HTTP implementations."""
    from pathlib import Path

    from uvicorn.protocols.http import flow_control

    assert flow_control.HIGH_WATER_LIMIT % 1024 == 0
    assert f"超过 {flow_control.HIGH_WATER_LIMIT // 1024} KiB（它的流量控制高水位）就暂停" in SERVING_PAGE
    for impl in ("h11_impl.py", "httptools_impl.py"):  # read, not imported: httptools is optional
        source = (Path(flow_control.__file__).parent / impl).read_text(encoding="utf-8")
        assert "if len(self.cycle.body) > HIGH_WATER_LIMIT:" in source and "self.flow.pause_reading()" in source


def test_openssl_rand_ends_its_hex_and_base64_output_with_a_newline():
    """Why make-key.sh strips the newline: -hex and -base64 end with one (raw bytes do not)."""
    import subprocess

    openssl = require_tool("openssl")
    for flag in ("-hex", "-base64"):
        out = subprocess.run([openssl, "rand", flag, "16"], capture_output=True, check=True).stdout
        assert out.endswith(b"\n") and b"\n" not in out[:-1], (flag, out)
    assert "`openssl rand -hex`（`-base64` 也一样）的输出以换行结尾" in SERVING_PAGE
    assert "openssl rand -hex 32 | tr -d '\\n'" in (SERVING / "make-key.sh").read_text(encoding="utf-8")
