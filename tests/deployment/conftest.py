"""Fixtures of the deployment section: the trained artefact, the app, a real uvicorn server.

The service repository is flat (app.py, drift.py, train.py side by side, the Dockerfile at
its root). In the wiki those files live in the page folders of snippets/deployment/; the
fixtures put them back together the way the Dockerfile's COPY lines say.
"""

from __future__ import annotations

import secrets
import shutil
import sys
import time
from pathlib import Path

import pytest

from tests.deployment.harness import (
    BUILD,
    KUBERNETES,
    MODEL_VERSION,
    MONITORING,
    SERVING,
    dockerfile_instructions,
    python_by,
    run,
    transcript,
    uvicorn_server,
)
from tests.helpers import record_run

TRAIN = f"python train.py --out model/model.joblib --version {MODEL_VERSION}"


def train():
    """train.py into _build/deployment/model, as the page runs it: started early, beside the other tests (a few
    seconds of scikit-learn; tests/conftest.py)."""
    BUILD.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(BUILD / "model", ignore_errors=True)
    return run([sys.executable, str(SERVING / "train.py"), *TRAIN.split()[2:]], cwd=BUILD)


def pytest_configure(config):
    config.wiki_early_jvms["training"] = (train, lambda result: None, None)


@pytest.fixture(scope="session")
def training(pytestconfig):
    return pytestconfig.wiki_early_result("training")


@pytest.fixture(scope="session")
def trained(training) -> tuple[Path, str]:
    """train.py run once per session; returns the artefact and the run's transcript."""
    assert training.returncode == 0, training.stderr
    record_run(SERVING / "train.py", python_by("scikit-learn"))
    return BUILD / "model" / "model.joblib", transcript(TRAIN, training.stdout)


@pytest.fixture(scope="session")
def artefact(trained) -> Path:
    return trained[0]


@pytest.fixture(scope="session")
def jwt_key() -> str:
    return secrets.token_urlsafe(48)  # made per run, never written anywhere


@pytest.fixture
def make_app(artefact, jwt_key):
    import app as service

    def factory(path: Path = artefact):
        return service.create_app(service.Settings(jwt_key, path, "test"))

    return factory


@pytest.fixture
def client(make_app):
    from fastapi.testclient import TestClient

    return TestClient(make_app())


@pytest.fixture
def token(jwt_key):
    import jwt

    def issue(key: str | None = None, algorithm: str = "HS256", **claims) -> str:
        now = int(time.time())
        body = {"sub": "pytest", "aud": "pdm-api", "iat": now, "exp": now + 300} | claims
        body = {k: v for k, v in body.items() if v is not None}
        return jwt.encode(body, jwt_key if key is None else key, algorithm=algorithm)

    return issue


@pytest.fixture(scope="session")
def image_dir(artefact) -> Path:
    """The image's /app as the Dockerfile builds it, from the snippets and the trained artefact."""
    sources = {
        "app.py": SERVING / "app.py",
        "drift.py": MONITORING / "drift.py",
        "evaluate.py": MONITORING / "evaluate.py",
        "gate.py": MONITORING / "gate.py",
        "train.py": SERVING / "train.py",
        "score.py": KUBERNETES / "score.py",
        "requirements.txt": SERVING / "requirements.txt",
        "model/model.joblib": artefact,
    }
    root = BUILD / "image"
    shutil.rmtree(root, ignore_errors=True)
    for word, args in dockerfile_instructions():
        if word == "COPY" and not args.startswith("--from"):
            *names, dest = args.split()
            for name in names:
                assert name in sources, f"Dockerfile copies {name}, which no snippet provides"
                target = root / dest if not dest.endswith("/") and dest not in ("./", ".") else root / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(sources[name], target)
    return root


@pytest.fixture(scope="session")
def server(image_dir, jwt_key):
    """One uvicorn for the serving page's transcripts: only the page's own requests reach it."""
    with uvicorn_server(image_dir, jwt_key) as running:
        yield running
