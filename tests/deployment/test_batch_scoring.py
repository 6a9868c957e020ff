"""The daily batch scoring on the Kubernetes page: score.py run as its CronJob runs it, on a day's
file with malformed rows, in the image's /app laid out by the Dockerfile (tests/deployment/conftest.py);
its scores agree with /predict on the same readings; the CronJob manifest goes through kubectl's own
parser (the `set image --local` CI runs) and kubernetes-validate --strict."""

from __future__ import annotations

import csv
import json
import os
import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

from tests.deployment.harness import KUBERNETES, VENV_BIN, dockerfile_instructions, python_by, transcript
from tests.helpers import ROOT, expect_file, record_check, record_run, require_tool

DAY = "20261201"
CRONJOB = KUBERNETES / "score-cronjob.yaml"
CI = ROOT / "snippets" / "cicd" / "pipeline" / "ci.yml"
# Malformed lines of the day's file, each with the reason score.py must give for it.
BAD_ROWS = [
    (["press-90", "abc", "3.1", "6.0", "1500", "120"], "not a number"),
    (["press-91", "", "3.1", "6.0", "1500", "120"], "not a number"),
    (["press-92", "70.0", "3.1", "6.0", "-5", "120"], "invalid rpm"),
    (["press 93", "70.0", "3.1", "6.0", "1500", "120"], "invalid machine_id"),
    (["press-94", "nan", "3.1", "6.0", "1500", "120"], "invalid temperature_c"),
    (["press-95", "70.0", "3.1", "6.0", "1500"], "wrong number of fields"),
    (["press-96", "70.0", "3.1", "6.0", "1500", "120", "extra"], "wrong number of fields"),
]
GOOD_ROWS = 800


def container() -> dict:
    cron = yaml.safe_load(CRONJOB.read_text(encoding="utf-8"))
    (found,) = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"]
    return found


def write_day(folder: Path, good: int, bad: list[list[str]]) -> Path:
    """A day's export: readings from train.py's generator, the bad lines spread through it."""
    from train import FEATURES, make_sensor_data

    X, _ = make_sensor_data(good, seed=1201)
    rows = [[f"press-{i % 40:02d}", *map(str, r)] for i, r in enumerate(X.round(3).tolist())]
    for n, line in enumerate(bad):
        rows.insert((n + 1) * len(rows) // (len(bad) + 1), line)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"readings-{DAY}.csv"
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["machine_id", *FEATURES])
        writer.writerows(rows)
    return path


def run_as_the_cronjob(image_dir: Path, batch: Path, *extra: str) -> subprocess.CompletedProcess:
    """The container's command, /app and /batch mapped to folders here; stderr and stdout as a terminal shows them."""
    argv = [a.replace("/app/", f"{image_dir}/").replace("/batch/", f"{batch}/") for a in container()["command"]]
    argv[0] = str(VENV_BIN / argv[0])
    env = {"PATH": f"{VENV_BIN}{os.pathsep}/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"}  # only /app importable
    return subprocess.run(
        [*argv, *extra],
        cwd=image_dir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def scored(image_dir, tmp_path_factory):
    batch = tmp_path_factory.mktemp("batch")
    write_day(batch / "readings", GOOD_ROWS, [row for row, _ in BAD_ROWS])
    (batch / "scores").mkdir()
    result = run_as_the_cronjob(image_dir, batch, "--day", DAY)
    return batch, result


def test_score_skips_and_counts_the_bad_rows(scored):
    batch, result = scored
    assert result.returncode == 0, result.stdout
    report = json.loads(result.stdout[result.stdout.index("{") :])
    expected = {}
    for _, reason in BAD_ROWS:
        expected[reason] = expected.get(reason, 0) + 1
    assert report["skipped"] == dict(sorted(expected.items()))
    assert report["rows"] == GOOD_ROWS + len(BAD_ROWS) and report["scored"] == GOOD_ROWS
    warnings = [line for line in result.stdout.splitlines() if ": skipped, " in line]
    assert [w.split(", ", 1)[1] for w in warnings] == [reason for _, reason in BAD_ROWS]
    with (batch / "scores" / f"scores-{DAY}.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == GOOD_ROWS and sum(int(r["will_fail"]) for r in rows) == report["will_fail"]
    assert not list((batch / "scores").glob("*.partial"))
    command = " ".join(container()["command"]) + f" --day {DAY}"
    by = python_by("scikit-learn", "pydantic")
    printed = result.stdout.replace(str(batch), "/batch")
    expect_file(KUBERNETES / "score.out", transcript(command, printed), by=by)
    record_run(KUBERNETES / "score.py", by)


def test_batch_scores_are_what_predict_returns(scored, client, token):
    batch, _ = scored
    with (batch / "readings" / f"readings-{DAY}.csv").open(newline="") as f:
        readings = [r for r in csv.DictReader(f) if r["machine_id"] in ("press-00", "press-01")][:2]
    with (batch / "scores" / f"scores-{DAY}.csv").open(newline="") as f:
        scores = list(csv.DictReader(f))
    headers = {"Authorization": f"Bearer {token()}"}
    for reading in readings:
        body = {k: (v if k == "machine_id" else float(v)) for k, v in reading.items()}
        online = client.post("/predict", json=body, headers=headers).json()
        batch_row = next(s for s in scores if s["machine_id"] == reading["machine_id"])
        assert float(batch_row["failure_probability"]) == online["failure_probability"]
        assert bool(int(batch_row["will_fail"])) == online["will_fail"]
        assert batch_row["model_version"] == online["model_version"]


def test_a_broken_export_fails_the_job_and_writes_nothing(image_dir, tmp_path):
    write_day(tmp_path / "readings", 20, [row for row, _ in BAD_ROWS])
    (tmp_path / "scores").mkdir()
    result = run_as_the_cronjob(image_dir, tmp_path, "--day", DAY)
    assert result.returncode == 1, result.stdout
    assert json.loads(result.stdout[result.stdout.index("{") :])["written"] is None
    assert not list((tmp_path / "scores").iterdir())


def test_the_default_day_is_yesterday_in_utc():
    import datetime as dt
    import importlib.util

    spec = importlib.util.spec_from_file_location("score", KUBERNETES / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    assert score.yesterday() == (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).strftime("%Y%m%d")


def test_the_cronjob_is_safe_to_leave_running():
    cron = yaml.safe_load(CRONJOB.read_text(encoding="utf-8"))
    spec = cron["spec"]
    assert spec["concurrencyPolicy"] == "Forbid" and spec["timeZone"] == "Etc/UTC"
    assert 0 < spec["startingDeadlineSeconds"] <= 24 * 3600
    job = spec["jobTemplate"]["spec"]
    (rule,) = job["podFailurePolicy"]["rules"]
    assert rule["action"] == "FailJob" and rule["onExitCodes"]["values"] == [1, 2]  # score.py's and argparse's
    limits = container()["resources"]["limits"]
    assert {"cpu", "memory"} <= set(limits)
    deployment = yaml.safe_load((KUBERNETES / "deployment.yaml").read_text(encoding="utf-8"))
    assert container()["image"] == deployment["spec"]["template"]["spec"]["containers"][0]["image"]
    copied = [n for word, args in dockerfile_instructions() if word == "COPY" for n in args.split()[:-1]]
    assert container()["command"][1] in copied, "the image carries score.py"
    mounts = [m["mountPath"] for m in container()["volumeMounts"]]
    for folder in ("--input-dir", "--output-dir"):
        path = container()["command"][container()["command"].index(folder) + 1]
        assert any(path.startswith(m + "/") for m in mounts), f"{path} is on no volume (the root is read-only)"


def test_ci_fills_in_the_image_of_every_manifest_that_runs_the_service_image():
    """Every manifest with the placeholder image gets the released reference: the promote step for
    the stable Deployment and both CronJobs, the canary job for the canary."""
    text = CI.read_text(encoding="utf-8")
    for path in sorted(KUBERNETES.glob("*.yaml")):
        manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
        pod = manifest.get("spec", {}).get("jobTemplate", {}).get("spec", manifest.get("spec", {}))
        pod = pod.get("template", {}).get("spec", {}) if isinstance(pod, dict) else {}
        for c in pod.get("containers", []):
            if c["image"] == "REGISTRY/pdm-api:VERSION":
                assert f'k8s/{path.name} "{c["name"]}=$IMAGE_REF"' in text, f"CI never fills in {path.name}"


def test_kubectl_parses_the_cronjob_and_the_result_validates(tmp_path):
    ref = "registry.example.com/ml/pdm-api:git-0123456789ab@sha256:" + "0" * 64
    kubectl = require_tool("kubectl")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [kubectl, "set", "image", "--local", "-f", str(CRONJOB), f"score={ref}", "-o", "yaml"],
        env=env, capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (
        yaml.safe_load(result.stdout)["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["image"]
        == ref
    )
    (tmp_path / "score-cronjob.yaml").write_text(result.stdout)
    validate = require_tool("kubernetes-validate")
    check = subprocess.run([validate, "--strict", "score-cronjob.yaml"], cwd=tmp_path, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    out = subprocess.run([kubectl, "version", "--client", "-o", "json"], capture_output=True, text=True).stdout
    record_check(
        CRONJOB,
        f"kubectl {json.loads(out)['clientVersion']['gitVersion']} (set image --local) + "
        f"kubernetes-validate {version('kubernetes-validate')} (--strict)",
        "这里没有 Kubernetes 集群",
    )
