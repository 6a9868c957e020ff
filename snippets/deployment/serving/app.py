# 预测性维护模型的 HTTP 服务：/health、/predict（JWT 鉴权）、/metrics（Prometheus）
"""FastAPI service for the predictive-maintenance model.

Run it with ``uvicorn app:create_app --factory`` (the Dockerfile's CMD). Settings come from
the environment:

PDM_JWT_KEY     HS256 signing key of the bearer tokens (required, >= 32 characters)
PDM_MODEL_PATH  the artefact written by train.py (default model/model.joblib)
PDM_ENV         ``production`` (default) or ``test``; only test mode may run without a key,
                with a random key that no client knows

/predict checks, in this order and before it reads a byte of the body: the bearer token (401),
then the body's size (413 past MAX_BODY_BYTES, with or without a Content-Length), then the
reading itself (422, strict JSON types: "1500" or true is not a number).
"""

import json
import logging
import os
import re
import secrets
import sys
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import joblib
import jwt
import numpy as np
from drift import psi, quantile_edges
from fastapi import FastAPI, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from pydantic import BaseModel, ConfigDict, Field, ValidationError

log = logging.getLogger("pdm.api")
disable_created_metrics()  # no *_created series: half the lines, nothing an alert needs
AUDIENCE = "pdm-api"
MAX_TOKEN_LIFETIME = 24 * 3600  # seconds; a token whose exp lies further ahead is refused
MAX_BODY_BYTES = 4096  # one reading is about 150 bytes; anything past this is 413, unread
METHODS = frozenset({"GET", "HEAD", "POST", "OPTIONS"})  # metric label values; any other is "other"
DRIFT_WINDOW = 500  # the last N served feature rows, compared with the training reference
DRIFT_MIN_ROWS = 200
DRIFT_EVERY = 50  # recompute the PSI gauges every N predictions
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


@dataclass(frozen=True)
class Settings:
    jwt_key: str
    model_path: Path
    env: str

    @classmethod
    def from_env(cls) -> "Settings":
        env = os.environ.get("PDM_ENV", "production")
        key = os.environ.get("PDM_JWT_KEY", "")
        if not key:
            if env != "test":
                raise RuntimeError("PDM_JWT_KEY is not set: refusing to start without a signing key")
            key = secrets.token_urlsafe(32)  # test mode only: nobody outside this process knows it
        return cls(check_key(key), Path(os.environ.get("PDM_MODEL_PATH", "model/model.joblib")), env)


def check_key(key: str) -> str:
    """The signing key as given, or an error naming what is wrong with it (make_token.py uses it too)."""
    if key != key.strip():
        # a Secret made from `openssl rand ... > file` keeps the file's newline; signers strip it
        raise RuntimeError("PDM_JWT_KEY starts or ends with whitespace (a newline from a key file?)")
    if len(key) < 32:
        raise RuntimeError("PDM_JWT_KEY is shorter than 32 characters")
    return key


class SensorReading(BaseModel):
    """One machine's readings; ranges are what the sensors can physically report."""

    model_config = ConfigDict(extra="forbid", strict=True)  # "1500", " 1500 ", true are not numbers
    machine_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    temperature_c: float = Field(ge=-40, le=200)
    vibration_mm_s: float = Field(ge=0, le=100)
    pressure_bar: float = Field(ge=0, le=50)
    rpm: float = Field(ge=0, le=10000)
    tool_wear_min: float = Field(ge=0, le=10000)


class Prediction(BaseModel):
    request_id: str
    machine_id: str
    failure_probability: float
    will_fail: bool
    threshold: float
    model_version: str


class Metrics:
    """Everything /metrics exports, in a registry of this app's own."""

    def __init__(self, features: list[str], version: str):
        self.registry = r = CollectorRegistry()
        self.requests = Counter("pdm_http_requests", "HTTP requests", ["path", "method", "status"], registry=r)
        self.latency = Histogram(
            "pdm_request_latency_seconds",
            "request latency",
            ["path"],
            registry=r,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
        )
        self.prediction_errors = Counter("pdm_prediction_errors", "failed predictions", ["reason"], registry=r)
        self.auth_failures = Counter("pdm_auth_failures", "rejected bearer tokens", ["reason"], registry=r)
        self.predictions = Counter("pdm_predictions", "served predictions", ["outcome"], registry=r)
        self.psi = Gauge("pdm_feature_psi", "PSI of the last served rows vs training", ["feature"], registry=r)
        info = Gauge("pdm_model_info", "the model being served", ["version"], registry=r)
        info.labels(version).set(1)
        for name in features:
            self.psi.labels(name).set(float("nan"))  # unknown until enough rows were served
        for reason in ("missing_token", "expired_token", "invalid_token"):
            self.auth_failures.labels(reason)
        for reason in ("invalid_input", "too_large", "model_error"):
            self.prediction_errors.labels(reason)
        for outcome in ("failure", "ok"):
            self.predictions.labels(outcome)


class Observe:
    """ASGI middleware: latency and request counts by route template, method and status."""

    def __init__(self, app, metrics: Metrics):
        self.app, self.metrics = app, metrics

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start, status = time.perf_counter(), 500

        async def send_status(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route = scope.get("route")
            path = route.path if route is not None else "unmatched"  # templates, not raw paths
            method = scope["method"] if scope["method"] in METHODS else "other"
            self.metrics.latency.labels(path).observe(time.perf_counter() - start)
            self.metrics.requests.labels(path, method, str(status)).inc()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    if not log.handlers:  # JSON lines on stdout, whatever uvicorn does with its own loggers
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    artefact = joblib.load(settings.model_path)
    model, features = artefact["model"], artefact["features"]
    threshold, version = float(artefact["threshold"]), str(artefact["version"])
    reference = np.asarray(artefact["reference"], dtype=float)
    edges = [quantile_edges(reference[:, i]) for i in range(len(features))]
    served: deque[list[float]] = deque(maxlen=DRIFT_WINDOW)
    drift_lock = threading.Lock()
    since_psi = 0  # predictions since the PSI gauges were last recomputed
    metrics = Metrics(features, version)

    # no /docs, /redoc or /openapi.json: the schema is for the team, not for whoever finds the port
    app = FastAPI(title="pdm-api", version=version, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.add_middleware(Observe, metrics=metrics)

    def unauthorized(reason: str, detail: str) -> HTTPException:
        metrics.auth_failures.labels(reason).inc()
        return HTTPException(401, detail=detail, headers={"WWW-Authenticate": "Bearer"})

    def caller(authorization: str) -> str:
        """The token's subject; 401 for a missing, expired, too long-lived, wrongly signed or unsigned token."""
        scheme, _, credentials = authorization.partition(" ")
        if scheme.lower() != "bearer" or not credentials.strip():
            raise unauthorized("missing_token", "missing bearer token")
        try:
            claims = jwt.decode(
                credentials.strip(),
                settings.jwt_key,
                algorithms=["HS256"],
                audience=AUDIENCE,
                options={"require": ["exp", "sub", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise unauthorized("expired_token", "token expired") from None
        except jwt.InvalidTokenError:
            raise unauthorized("invalid_token", "invalid token") from None
        if claims["exp"] > time.time() + MAX_TOKEN_LIFETIME:
            raise unauthorized("invalid_token", "invalid token")
        return str(claims["sub"])

    def too_large() -> HTTPException:
        metrics.prediction_errors.labels("too_large").inc()
        detail = f"request body larger than {MAX_BODY_BYTES} bytes"
        return HTTPException(413, detail=detail, headers={"Connection": "close"})

    async def capped_body(request: Request) -> bytes:
        """The body, read chunk by chunk and abandoned as soon as it passes MAX_BODY_BYTES."""
        declared = request.headers.get("content-length", "")
        if declared.isdecimal() and int(declared) > MAX_BODY_BYTES:
            raise too_large()  # refused before a byte is read
        body = bytearray()
        async for chunk in request.stream():  # chunked bodies have no Content-Length to trust
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                raise too_large()
        return bytes(body)

    def invalid_body(exc: ValidationError) -> JSONResponse:
        metrics.prediction_errors.labels("invalid_input").inc()
        problems = [
            {"field": ".".join(str(p) for p in err["loc"] if isinstance(p, str)) or "body", "message": err["msg"]}
            for err in exc.errors()
        ]
        return JSONResponse(status_code=422, content={"error": "invalid request body", "problems": problems})

    def update_drift(row: list[float]) -> None:
        """Append the row; once DRIFT_MIN_ROWS are in, recompute the PSI gauges every DRIFT_EVERY rows."""
        nonlocal since_psi
        with drift_lock:  # predictions run in a thread pool
            served.append(row)
            since_psi += 1
            if len(served) < DRIFT_MIN_ROWS or since_psi < DRIFT_EVERY:
                return
            since_psi = 0
            window = np.asarray(served)
        for i, name in enumerate(features):
            metrics.psi.labels(name).set(psi(reference[:, i], window[:, i], edges[i]))

    @app.get("/health")
    def health() -> dict:
        return {"status": "ok", "model_version": version}

    @app.get("/metrics")
    def prometheus_metrics() -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    @app.post("/predict", response_model=Prediction)
    async def predict(request: Request):
        subject = caller(request.headers.get("authorization", ""))  # before any byte of the body
        try:
            reading = SensorReading.model_validate_json(await capped_body(request))
        except ValidationError as exc:
            return invalid_body(exc)
        given = request.headers.get("x-request-id", "")
        request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        return await run_in_threadpool(serve, reading, request_id, subject)

    def serve(reading: SensorReading, request_id: str, subject: str) -> Prediction:
        row = [getattr(reading, name) for name in features]
        try:
            probability = float(model.predict_proba(np.asarray([row]))[0, 1])
        except Exception:
            metrics.prediction_errors.labels("model_error").inc()
            log.exception("prediction failed request_id=%s", request_id)
            raise HTTPException(500, detail="prediction failed") from None
        will_fail = probability >= threshold
        metrics.predictions.labels("failure" if will_fail else "ok").inc()
        update_drift(row)
        # one JSON line per prediction, for drift checks and feedback joins (never the token)
        log.info(
            json.dumps(
                {
                    "event": "prediction",
                    "request_id": request_id,
                    "caller": subject,
                    "machine_id": reading.machine_id,
                    "features": dict(zip(features, row, strict=True)),
                    "failure_probability": round(probability, 4),
                    "model_version": version,
                }
            )
        )
        return Prediction(
            request_id=request_id,
            machine_id=reading.machine_id,
            failure_probability=round(probability, 4),
            will_fail=will_fail,
            threshold=threshold,
            model_version=version,
        )

    return app
