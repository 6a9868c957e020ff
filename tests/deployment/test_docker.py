"""The Docker page's files: every Dockerfile through hadolint, the .dockerignore through the
Docker SDK's own implementation of its rules, and the command files recorded as checked.

No Docker engine here: the commands are checked (shellcheck, and in test_files.py their image,
container and port names against the Dockerfile), never run.
"""

from __future__ import annotations

import re
import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.deployment.harness import DOCKER, dockerfile_instructions
from tests.helpers import record_check, require_tool

DOCKERFILES = sorted(DOCKER.glob("Dockerfile*"))
NO_ENGINE = "这里没有 Docker 引擎"


def hadolint_version() -> str:
    out = subprocess.run([require_tool("hadolint"), "--version"], capture_output=True, text=True).stdout
    return "hadolint " + re.search(r"\d+\.\d+\.\d+", out).group(0)


def shellcheck_version() -> str:
    out = subprocess.run([require_tool("shellcheck"), "--version"], capture_output=True, text=True).stdout
    return "shellcheck " + re.search(r"version: (\S+)", out).group(1)


@pytest.mark.parametrize("path", DOCKERFILES, ids=lambda p: p.name)
def test_hadolint_accepts_every_dockerfile(path):
    result = subprocess.run(
        [require_tool("hadolint"), "--no-color", path.name], cwd=DOCKER, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    froms = [line.split()[1] for line in path.read_text().splitlines() if line.startswith("FROM ")]
    assert all(re.search(r":\d+\.\d+\.\d+", f) for f in froms), f"{path.name}: base images pinned to a release"
    record_check(path, hadolint_version(), NO_ENGINE)


def test_the_gpu_image_runs_as_a_user_and_says_what_it_sees():
    steps = [line.split(" ", 1) for line in (DOCKER / "Dockerfile.gpu").read_text().splitlines() if line[:1].isupper()]
    words = dict(steps)
    assert "cuda" in words["FROM"] and "USER" in words and not words["USER"].startswith(("0", "root"))
    assert "torch.cuda.is_available()" in words["CMD"]


def context_after_dockerignore(tmp_path: Path) -> set[str]:
    """The files a build context of the service repository keeps, by the SDK's .dockerignore rules."""
    from docker.utils.build import exclude_paths

    repo = tmp_path / "service"
    files = [
        "app.py", "drift.py", "evaluate.py", "gate.py", "train.py", "retrain.py", "score.py", "requirements.txt",
        "requirements-dev.txt",
        "Dockerfile", "Dockerfile.gpu", "model/model.joblib", "k8s/deployment.yaml", "monitoring/alerts.yaml",
        ".github/workflows/ci.yml", ".git/HEAD", ".venv/bin/python", "__pycache__/app.cpython-313.pyc",
        "tests/test_app.py", "window.csv", "jwt.key", ".env", "data/window.csv", "secrets/jwt.key",
    ]  # fmt: skip
    for name in files:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text("x")
    patterns = [
        line.strip()
        for line in (DOCKER / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return {p for p in exclude_paths(str(repo), patterns) if (repo / p).is_file()}


def test_the_dockerignore_keeps_what_the_dockerfile_copies_and_drops_the_rest(tmp_path):
    kept = context_after_dockerignore(tmp_path)
    copied = {n for word, args in dockerfile_instructions() if word == "COPY" and "--from" not in args
              for n in args.split()[:-1]}  # fmt: skip
    assert copied <= kept, f"the build would miss {copied - kept}"
    for secret_or_noise in (
        "jwt.key", "secrets/jwt.key", ".env", "window.csv", "data/window.csv", ".git/HEAD", ".venv/bin/python",
        "tests/test_app.py",
    ):  # fmt: skip
        assert secret_or_noise not in kept, secret_or_noise
    assert not any(p.endswith(".pyc") for p in kept)
    record_check(DOCKER / ".dockerignore", f"docker SDK {version('docker')} (exclude_paths)", NO_ENGINE)


def test_every_docker_command_file_is_recorded_as_checked():
    files = sorted(DOCKER.glob("*.sh"))
    assert len(files) >= 15
    result = subprocess.run(
        [require_tool("shellcheck"), "-s", "bash", *map(str, files)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout
    for path in files:
        record_check(path, shellcheck_version(), NO_ENGINE)
