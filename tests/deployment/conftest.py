"""Fixtures of the deployment section: the trained artefact, the app, a real uvicorn server.

The service repository is flat (app.py, drift.py, train.py side by side, the Dockerfile at
its root). In the wiki those files live in the page folders of snippets/deployment/; the
fixtures put them back together the way the Dockerfile's COPY lines say.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import ROOT, SNIPPETS, record_run

SERVING = SNIPPETS / "deployment" / "serving"
MONITORING = SNIPPETS / "deployment" / "monitoring"
DOCKER = SNIPPETS / "deployment" / "docker"
KUBERNETES = SNIPPETS / "deployment" / "kubernetes"
BUILD = ROOT / "_build" / "deployment"
VENV_BIN = Path(sys.executable).parent
MODEL_VERSION = "2026.11.27"

for folder in (SERVING, MONITORING):  # `import app`, `import drift`, `import train` as in the repository
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))


def service_env(**extra: str) -> dict:
    """The environment a snippet runs in: the venv first on PATH, the service's modules importable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PDM_")}
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = os.pathsep.join([str(SERVING), str(MONITORING)])
    env.update(extra)
    return env


def run(args: list[str], cwd: Path, env: dict | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=env or service_env(), capture_output=True, text=True, timeout=timeout)


def transcript(command: str, output: str) -> str:
    """An .out file: the command that made it, then what it printed."""
    return f"$ {command}\n{output}"


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined."""
    text = (DOCKER / "Dockerfile").read_text(encoding="utf-8")
    text = re.sub(r"\\\n\s*", " ", text)
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


@pytest.fixture(scope="session")
def trained() -> tuple[Path, str]:
    """train.py run once per session; returns the artefact and the run's transcript."""
    BUILD.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(BUILD / "model", ignore_errors=True)
    command = f"python train.py --out model/model.joblib --version {MODEL_VERSION}"
    result = run([sys.executable, str(SERVING / "train.py"), *command.split()[2:]], cwd=BUILD)
    assert result.returncode == 0, result.stderr
    record_run(SERVING / "train.py", python_by("scikit-learn"))
    return BUILD / "model" / "model.joblib", transcript(command, result.stdout)


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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dockerfile_cmd() -> list[str]:
    return json.loads(dict(dockerfile_instructions())["CMD"])


@contextlib.contextmanager
def uvicorn_server(image_dir: Path, jwt_key: str, log_name: str = "server.log"):
    """The Dockerfile's CMD run by the real uvicorn, on 127.0.0.1 and a free port: (url, log, pid)."""
    port = free_port()
    cmd = dockerfile_cmd()
    cmd[cmd.index("--host") + 1] = "127.0.0.1"
    cmd[cmd.index("--port") + 1] = str(port)
    cmd[0] = str(VENV_BIN / cmd[0])
    env = service_env(PDM_JWT_KEY=jwt_key, PDM_MODEL_PATH=str(image_dir / "model" / "model.joblib"))
    env.pop("PYTHONPATH")  # only what the image has: /app is the working directory
    log_path = BUILD / log_name
    with log_path.open("w") as log:
        proc = subprocess.Popen(cmd, cwd=image_dir, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "/health", timeout=1):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"uvicorn did not come up:\n{log_path.read_text()}")
            time.sleep(0.1)
    try:
        yield url, log_path, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def server(image_dir, jwt_key):
    """One uvicorn for the serving page's transcripts: only the page's own requests reach it."""
    with uvicorn_server(image_dir, jwt_key) as running:
        yield running


# -- What verified a snippet: engine and version, read from the run --------------------------


def tool_version(tool: str, *args: str, name: str | None = None) -> str:
    """``NAME VERSION`` of a command-line tool, read from its own version output."""
    out = subprocess.run([tool, *args], capture_output=True, text=True, timeout=60)
    found = re.search(r"v?(\d+\.\d+[\w.+~-]*)", out.stdout + out.stderr)
    assert found, f"no version in the output of {tool} {' '.join(args)}"
    return f"{name or Path(tool).name} {found.group(1)}"


def python_by(*packages: str) -> str:
    """``Python 3.x, pkg ver, …`` for a script that runs on those packages."""
    import platform
    from importlib.metadata import version

    return ", ".join([f"Python {platform.python_version()}", *(f"{p} {version(p)}" for p in packages)])


SERVICE_BY = ("fastapi", "uvicorn", "pyjwt", "scikit-learn")
