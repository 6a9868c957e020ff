"""A release, played through the workflows' own steps: every retrain ships a new image reference.

No GitHub runner, registry or cluster here. The `run:` blocks of ci.yml and retrain.yml are run
by bash exactly as written, in the order and with the `${{ … }}` expressions the workflow files
give (a small evaluator covers the forms they use: names, 'literals', `||`, `==`). The outside
world is stubbed and recorded: a registry folder (`docker buildx imagetools inspect` looks in it,
the build-push-action step writes to it), a model store folder behind `curl`, and `kubectl`,
which keeps a copy of every manifest it is asked to apply. `python` stands in for the training
scripts (their own tests live with them): it writes an artefact that names its version.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from tests.helpers import SNIPPETS

PIPELINE = SNIPPETS / "cicd" / "pipeline"
KUBERNETES = SNIPPETS / "deployment" / "kubernetes"
REGISTRY = "registry.example.com/ml"
STORE = "https://models.example.com"
SHA = "0123456789abcdef" * 2 + "01234567"  # a commit id

STUBS = {
    # the registry: a file per pushed reference
    "docker": """
[ "$1 $2 $3" = "buildx imagetools inspect" ] || { echo "stub docker: $*" >&2; exit 2; }
test -e "$STUB_REGISTRY/$(printf '%s' "$4" | tr '/:' '__')"
""",
    # the model store: URLs under $STORE are files under $STUB_STORE
    "curl": """
out="" upload="" url=""
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out=$2; shift ;;
    -T) upload=$2; shift ;;
    -H) shift ;;
    -*) ;;
    *) url=$1 ;;
  esac
  shift
done
path="$STUB_STORE/${url#"$STORE_URL"/}"
if [ -n "$upload" ]; then mkdir -p "$(dirname "$path")"; cp "$upload" "$path"
else cp "$path" "$out" 2>/dev/null || exit 22
fi
""",
    # the cluster: every manifest applied is kept, in order
    "kubectl": """
prev=""
for a in "$@"; do
  if [ "$prev" = "-f" ]; then
    n=$(find "$STUB_APPLIED" -type f | wc -l)
    cp "$a" "$STUB_APPLIED/$(printf '%03d' "$n")-$(basename "$a")"
  fi
  prev=$a
done
""",
    # train.py / retrain.py: an artefact naming its version; the exit codes of retrain and of the
    # metric gate are chosen by the test
    "python": """
printf '%s\\n' "$*" >> "$STUB_STORE/../python-calls"
[ "$1" = gate.py ] && exit "${STUB_GATE_RC:-0}"
out="" version=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift ;;
    --version) version=$2; shift ;;
  esac
  shift
done
if [ -n "$out" ]; then mkdir -p "$(dirname "$out")"; printf 'model %s\\n' "$version" > "$out"; fi
exit "${STUB_PYTHON_RC:-0}"
""",
}
QUIET = ("pip", "sudo", "hadolint", "kubernetes-validate", "promtool")


# -- the expressions the workflows use -------------------------------------------------------

TOKEN = re.compile(r"\s*(\|\||==|'[^']*'|[A-Za-z_][\w.-]*)")


def evaluate(expr: str, ctx: dict):
    """`a.b.c`, `'text'`, `x || y`, `x == y` — GitHub's semantics for these forms."""
    tokens = TOKEN.findall(expr)
    assert "".join(tokens).replace(" ", "") == expr.replace(" ", ""), f"unsupported expression: {expr}"

    def value(tok):
        if tok.startswith("'"):
            return tok[1:-1]
        node = ctx
        for part in tok.split("."):
            node = node.get(part, "") if isinstance(node, dict) else ""
        return node

    alternatives = " ".join(tokens).split(" || ")
    result = ""
    for alt in alternatives:
        parts = alt.split(" == ")
        result = value(parts[0]) if len(parts) == 1 else value(parts[0]) == value(parts[1])
        if result:
            return result
    return result


def expand(text, ctx):
    if not isinstance(text, str):
        return text
    whole = re.fullmatch(r"\$\{\{((?:(?!\}\}).)*)\}\}", text.strip())
    if whole:
        return evaluate(whole.group(1).strip(), ctx)
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: str(evaluate(m.group(1).strip(), ctx)), text)


# -- a runner for one job ----------------------------------------------------------------------


class World:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.registry = tmp / "registry"
        self.store = tmp / "store"
        self.bin = tmp / "bin"
        for d in (self.registry, self.store, self.bin):
            d.mkdir()
        for name, body in STUBS.items():
            (self.bin / name).write_text("#!/bin/bash\nset -e\n" + body)
        for name in QUIET:
            (self.bin / name).write_text("#!/bin/sh\nexit 0\n")
        for f in self.bin.iterdir():
            f.chmod(0o755)
        self.artifacts: dict[str, Path] = {}
        self.runs = 0

    def push(self, ref: str, content: bytes) -> str:
        target = self.registry / ref.replace("/", "_").replace(":", "_")
        assert not target.exists(), f"{ref} pushed over an existing tag"
        target.write_bytes(content)
        return "sha256:" + hashlib.sha256(ref.encode() + content).hexdigest()

    def run_job(self, workflow: str, job: str, *, inputs=None, needs=None, run_number=1) -> dict:
        doc = yaml.safe_load((PIPELINE / workflow).read_text(encoding="utf-8"))
        spec = doc["jobs"][job]
        self.runs += 1
        work = self.tmp / f"run{self.runs}-{job}"
        (work / "k8s").mkdir(parents=True)
        for manifest in KUBERNETES.glob("*.yaml"):
            shutil.copy(manifest, work / "k8s" / manifest.name)
        temp = work / "_temp"
        temp.mkdir()
        applied = work / "_applied"
        applied.mkdir()
        ctx = {
            "github": {"sha": SHA, "ref": "refs/heads/main"},
            "vars": {"REGISTRY": REGISTRY, "MODEL_STORE_URL": STORE},
            "secrets": {
                "KUBECONFIG_DATA": base64.b64encode(b"apiVersion: v1\nkind: Config\n").decode(),
                "MODEL_STORE_TOKEN": "stub-token",
            },
            "inputs": inputs or {},
            "needs": needs or {},
            "steps": {},
        }
        env = {k: str(expand(v, ctx)) for k, v in doc.get("env", {}).items()}
        ctx["env"] = env
        job_env: dict[str, str] = {}
        for step in spec["steps"]:
            if "if" in step and not evaluate(step["if"], ctx):
                continue
            outputs: dict[str, str] = {}
            if "run" in step:
                outputs = self.shell(step, ctx, env, job_env, work, temp, applied, run_number)
            else:
                outputs = self.action(step["uses"], {k: expand(v, ctx) for k, v in step.get("with", {}).items()}, work)
            if "id" in step:
                ctx["steps"][step["id"]] = {"outputs": outputs}
        result = {k: expand(v, ctx) for k, v in spec.get("outputs", {}).items()}
        result["_applied"] = sorted(applied.iterdir())
        return result

    def shell(self, step, ctx, env, job_env, work, temp, applied, run_number) -> dict:
        out_file, env_file = temp / "output", temp / "env"
        out_file.write_text("")
        env_file.write_text("")
        step_env = {k: str(expand(v, ctx)) for k, v in step.get("env", {}).items()}
        full = {
            "PATH": f"{self.bin}{os.pathsep}/usr/bin:/bin",
            "HOME": str(work),
            "GITHUB_SHA": SHA,
            "GITHUB_RUN_NUMBER": str(run_number),
            "GITHUB_RUN_ATTEMPT": "1",
            "GITHUB_OUTPUT": str(out_file),
            "GITHUB_ENV": str(env_file),
            "RUNNER_TEMP": str(temp),
            "STUB_REGISTRY": str(self.registry),
            "STUB_STORE": str(self.store),
            "STORE_URL": STORE,
            "STUB_APPLIED": str(applied),
            "STUB_PYTHON_RC": os.environ.get("STUB_PYTHON_RC", "0"),
            "STUB_GATE_RC": os.environ.get("STUB_GATE_RC", "0"),
            **env,
            **job_env,
            **step_env,
        }
        script = expand(step["run"], ctx)
        # GitHub's default shell on Linux runners: bash --noprofile --norc -eo pipefail {0}
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=work,
            env=full,
            capture_output=True,
            text=True,
            timeout=60,
        )
        if result.returncode != 0:
            raise StepFailed(step.get("name", script[:40]), result.returncode, result.stderr)
        for line in env_file.read_text().splitlines():
            key, _, value = line.partition("=")
            job_env[key] = value
        return dict(line.split("=", 1) for line in out_file.read_text().splitlines() if "=" in line)

    def action(self, uses: str, args: dict, work: Path) -> dict:
        name = uses.split("@")[0]
        if name == "actions/upload-artifact":
            self.artifacts[args["name"]] = (work / args["path"]).read_bytes()
        elif name == "actions/download-artifact":
            (work / args["path"]).mkdir(parents=True, exist_ok=True)
            (work / args["path"] / "model.joblib").write_bytes(self.artifacts[args["name"]])
        elif name == "docker/build-push-action":
            assert args["push"] is True
            return {"digest": self.push(args["tags"], (work / "model" / "model.joblib").read_bytes())}
        return {}


class StepFailed(Exception):
    def __init__(self, name, rc, stderr):
        super().__init__(f"step {name!r} exited {rc}: {stderr}")
        self.stderr = stderr


def images(paths: list[Path]) -> dict[str, str]:
    """The image each applied Deployment/CronJob runs."""
    out = {}
    for path in paths:
        doc = yaml.safe_load(path.read_text())
        spec = doc["spec"]["template"]["spec"] if doc["kind"] == "Deployment" else None
        if doc["kind"] == "CronJob":
            spec = doc["spec"]["jobTemplate"]["spec"]["template"]["spec"]
        if spec:
            out[doc["metadata"]["name"]] = spec["containers"][0]["image"]
    return out


def release(world: World, *, inputs=None, run_number=1) -> dict:
    """test → image → canary → promote, as ci.yml chains them."""
    test = world.run_job("ci.yml", "test", inputs=inputs, run_number=run_number)
    image = world.run_job("ci.yml", "image", inputs=inputs, needs={"test": {"outputs": test}})
    needs = {"image": {"outputs": image}}
    canary = world.run_job("ci.yml", "canary", inputs=inputs, needs=needs)
    promote = world.run_job("ci.yml", "promote", inputs=inputs, needs=needs)
    return {"ref": image["ref"], "canary": images(canary["_applied"]), "promote": images(promote["_applied"])}


def weekly_labels(world: World) -> list[str]:
    """The store's labelled weeks, as `date -u -d "N weeks ago" +%G-W%V` names them, N = 4 … 1."""
    today = datetime.now(UTC)
    names = []
    for n in (4, 3, 2, 1):
        year, week, _ = (today - timedelta(weeks=n)).isocalendar()
        path = world.store / "pdm" / "labels" / f"{year}-W{week:02d}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("failed\n")
        names.append(path.name)
    return names


def retrain(world: World, run_number: int) -> dict:
    weekly_labels(world)
    job = world.run_job("retrain.yml", "retrain", run_number=run_number)
    assert job["promote"] == "true"
    ship = yaml.safe_load((PIPELINE / "retrain.yml").read_text())["jobs"]["ship"]
    inputs = {k: expand(v, {"needs": {"retrain": {"outputs": job}}}) for k, v in ship["with"].items()}
    return release(world, inputs=inputs, run_number=run_number)


@pytest.fixture
def world(tmp_path) -> World:
    return World(tmp_path)


def test_a_retrain_on_the_same_commit_ships_a_new_image_reference(world):
    first = release(world)
    assert first["canary"] == {"pdm-api-canary": first["ref"]}
    assert first["promote"]["pdm-api"] == first["ref"], "promote applies deployment.yaml with the new image"
    assert first["ref"].startswith(f"{REGISTRY}/pdm-api:git-{SHA[:12]}@sha256:")
    assert (world.store / "pdm" / "current.joblib").read_text() == f"model git-{SHA[:12]}\n"

    second = retrain(world, run_number=2)  # the Monday after: same commit, new model
    assert second["ref"] != first["ref"]
    assert re.fullmatch(rf"{REGISTRY}/pdm-api:retrain-\d{{8}}-2\.1@sha256:[0-9a-f]{{64}}", second["ref"])
    assert second["canary"] == {"pdm-api-canary": second["ref"]}
    assert second["promote"]["pdm-api"] == second["ref"]
    # the promoted model is what the next retrain downloads as the current one
    assert (world.store / "pdm" / "current.joblib").read_text().startswith("model retrain-")
    assert (world.store / "pdm" / "models" / f"{second['ref'].split(':')[1].split('@')[0]}.joblib").exists()


def test_the_manifests_ci_applies_pass_strict_validation(world, tmp_path):
    run = release(world)
    applied = sorted((tmp_path).glob("run*-*/_applied/*.yaml"))
    assert {p.name.split("-", 1)[1] for p in applied} >= {"canary.yaml", "deployment.yaml"}
    from tests.deployment.test_files import tool

    result = subprocess.run(
        [tool("kubernetes-validate"), "--strict", *map(str, applied)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for path in applied:
        assert "REGISTRY/pdm-api" not in path.read_text(), f"{path.name}: placeholder left in"
    assert run["ref"] in (tmp_path.glob("run*-promote/_applied/*deployment.yaml").__next__()).read_text()


def test_a_tag_is_never_pushed_twice(world):
    release(world)
    # a model shipped under the commit's tag again (what the old workflow did) is refused
    with pytest.raises(StepFailed, match="already in the registry"):
        release(world, inputs={"model-artifact": "trained-model"})


def test_a_kept_model_ships_nothing(world, monkeypatch):
    monkeypatch.setenv("STUB_PYTHON_RC", "10")
    (world.store / "pdm").mkdir()
    (world.store / "pdm" / "current.joblib").write_text("model live\n")
    weekly_labels(world)
    job = world.run_job("retrain.yml", "retrain")
    assert job["promote"] == "false" and job["version"] == ""
    ship = yaml.safe_load((PIPELINE / "retrain.yml").read_text())["jobs"]["ship"]
    assert not evaluate(ship["if"].strip("${} "), {"needs": {"retrain": {"outputs": job}}})


def test_a_model_below_the_gate_is_not_released(world, monkeypatch):
    monkeypatch.setenv("STUB_GATE_RC", "1")
    with pytest.raises(StepFailed, match="Quality gate"):
        release(world)
    assert not any(world.registry.iterdir()), "nothing was pushed"
    calls = [
        step["run"]
        for doc in (yaml.safe_load((PIPELINE / f).read_text()) for f in ("ci.yml", "retrain.yml"))
        for spec in doc["jobs"].values()
        for step in spec.get("steps", [])
        if "gate.py" in step.get("run", "")
    ]
    assert len(calls) == 2, "ci.yml and retrain.yml both run the gate"


def test_retrain_reads_four_weeks_oldest_first(world):
    weeks = weekly_labels(world)
    (world.store / "pdm" / "current.joblib").write_text("model live\n")
    world.run_job("retrain.yml", "retrain")
    calls = (world.tmp / "python-calls").read_text().splitlines()
    retrain_call = next(c for c in calls if c.startswith("retrain.py"))
    given = retrain_call.split("--weeks ")[1].split(" --out")[0].split()
    assert [Path(p).name for p in given] == weeks == sorted(weeks)
    drift_call = next(c for c in calls if c.startswith("drift.py"))
    assert drift_call.endswith(f"--current labels/{weeks[-1]}")
