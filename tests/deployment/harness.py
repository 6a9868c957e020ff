"""The deployment section's test glue (not a test module): paths, the service's environment, the
Dockerfile read back, a real uvicorn, and version strings for the verification records."""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import ROOT, SNIPPETS

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
