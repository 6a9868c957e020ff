"""The Kubernetes page's recipes that can run here, run for real.

The JWT key recipe: make-jwt-key.sh runs with the real openssl; `kubectl create secret
--from-file` stores the file's bytes as they are (no cluster here, so the Secret's value is the
file's content, which is what kubectl documents), the pod's PDM_JWT_KEY is that value, and a
caller signs with `$(cat FILE)` through the serving page's make_token.py.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from pathlib import Path

import pytest

from tests.deployment.conftest import KUBERNETES, SERVING, VENV_BIN

READING = json.loads((SERVING / "request.json").read_text(encoding="utf-8"))


def recipe(name: str) -> str:
    """The one command of a snippet file."""
    lines = (KUBERNETES / name).read_text(encoding="utf-8").splitlines()
    (command,) = [line for line in lines if line.strip() and not line.startswith("#")]
    return command


def make_key(command: str, key_file: Path) -> bytes:
    command = command.replace("JWT_KEY_FILE", shlex.quote(str(key_file)))
    result = subprocess.run(["bash", "-eo", "pipefail", "-c", command], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return key_file.read_bytes()


def caller_token(key_file: Path) -> str:
    """What a caller does: PDM_JWT_KEY="$(cat FILE)" python make_token.py …"""
    env = {"PATH": f"{VENV_BIN}{os.pathsep}/usr/bin:/bin", "KEY_FILE": str(key_file)}
    script = 'PDM_JWT_KEY="$(cat "$KEY_FILE")" python make_token.py --sub maintenance-dashboard --ttl 300'
    result = subprocess.run(["bash", "-c", script], cwd=SERVING, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def status_with_secret_from(key_file: Path, artefact: Path) -> int:
    import app as service
    from fastapi.testclient import TestClient

    secret_value = key_file.read_bytes().decode()  # --from-file: the file's bytes, unchanged
    client = TestClient(service.create_app(service.Settings(secret_value, artefact, "production")))
    headers = {"Authorization": f"Bearer {caller_token(key_file)}"}
    return client.post("/predict", json=READING, headers=headers).status_code


def test_the_jwt_key_recipe_gives_a_key_the_app_accepts(tmp_path, artefact):
    create = shlex.split(recipe("create-secret.sh"))
    assert "--from-file=jwt-key=JWT_KEY_FILE" in create
    key = make_key(recipe("make-jwt-key.sh"), tmp_path / "jwt.key")
    assert len(key) == 64 and not key.endswith(b"\n")
    assert status_with_secret_from(tmp_path / "jwt.key", artefact) == 200


def test_the_old_recipe_kept_a_newline_and_was_refused(tmp_path, artefact):
    # `openssl rand -base64 48 > FILE`: the Secret ends in "\n", `$(cat FILE)` does not
    key = make_key("openssl rand -base64 48 > JWT_KEY_FILE", tmp_path / "jwt.key")
    assert key.endswith(b"\n")
    assert status_with_secret_from(tmp_path / "jwt.key", artefact) == 401


@pytest.mark.parametrize("name", ["make-jwt-key.sh", "create-secret.sh"])
def test_the_recipe_names_one_file(name):
    assert "JWT_KEY_FILE" in recipe(name)
