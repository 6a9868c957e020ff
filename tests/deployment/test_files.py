"""The files the pages ship, checked by the real validators and against each other.

No Docker engine and no cluster here: the docker and kubectl references are checked
statically (shellcheck, and that every name, port and file they mention exists).
"""

from __future__ import annotations

import json
import platform
import re
import shlex
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

from tests.deployment.harness import DOCKER, KUBERNETES, SERVING, VENV_BIN, dockerfile_instructions, run
from tests.helpers import SNIPPETS, record_check

SECTION_FILES = sorted(
    p
    for d in ("deployment", "cicd")
    for p in (SNIPPETS / d).rglob("*")
    if p.is_file() and p.suffix not in (".out", ".json") and "__pycache__" not in p.parts  # data: no comment
)
CJK = re.compile(r"[\u4e00-\u9fff]")


def tool(name: str) -> str:
    path = VENV_BIN / name
    assert path.exists(), f"`{name}` is not installed in the venv: run `make setup`"
    return str(path)


def manifests() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(KUBERNETES.glob("*.yaml"))]


def commands(folder: Path) -> dict[str, list[str]]:
    """Each command file's one command, split like a shell would."""
    out = {}
    for path in sorted(folder.glob("*.sh")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        body = [line for line in lines if not line.startswith("#")]
        assert len(body) == 1, f"{path.name}: one command per copyable file, found {len(body)}"
        out[path.name] = shlex.split(body[0])
    return out


# -- Every file says what it is for ------------------------------------------------------


@pytest.mark.parametrize("path", SECTION_FILES, ids=lambda p: str(p.relative_to(SNIPPETS)))
def test_first_line_is_a_chinese_purpose_comment(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ") and CJK.search(first), f"{path.name}: first line must be `# <中文用途>`"


# -- Real validators ---------------------------------------------------------------------


def test_hadolint_accepts_the_dockerfile():
    result = run([tool("hadolint"), "--no-color", "Dockerfile"], cwd=DOCKER)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_rejects_a_careless_dockerfile(tmp_path):
    careless = "FROM python:latest\nRUN pip install fastapi\nCMD uvicorn app:app\n"
    (tmp_path / "Dockerfile").write_text(careless)
    result = run([tool("hadolint"), "--no-color", "Dockerfile"], cwd=tmp_path)
    assert result.returncode != 0 and "DL3007" in result.stdout  # `latest` is not a pin


def test_kubernetes_validate_strict_accepts_the_manifests():
    files = sorted(str(p) for p in KUBERNETES.glob("*.yaml"))
    result = run([tool("kubernetes-validate"), "--strict", *files], cwd=KUBERNETES)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("passed") == len(files)
    for path in files:
        record_check(
            path, f"kubernetes-validate {version('kubernetes-validate')} (--strict)", "这里没有 Kubernetes 集群"
        )


def test_kubernetes_validate_strict_rejects_a_misspelt_field(tmp_path):
    text = (KUBERNETES / "deployment.yaml").read_text(encoding="utf-8").replace("readinessProbe:", "readynessProbe:")
    (tmp_path / "deployment.yaml").write_text(text)
    result = run([tool("kubernetes-validate"), "--strict", "deployment.yaml"], cwd=tmp_path)
    assert result.returncode != 0 and "readynessProbe" in result.stdout + result.stderr


def test_shellcheck_accepts_every_shell_snippet():
    files = sorted(str(p) for d in ("deployment", "cicd") for p in (SNIPPETS / d).rglob("*.sh"))
    assert len(files) >= 20
    result = run([tool("shellcheck"), "-s", "bash", *files], cwd=SNIPPETS)
    assert result.returncode == 0, result.stdout


# -- The Dockerfile, the app and the manifests agree -------------------------------------


def test_dockerfile_shape():
    steps = dockerfile_instructions()
    froms = [args for word, args in steps if word == "FROM"]
    assert len(froms) == 2 and froms[0].endswith(" AS builder"), "multi-stage: a builder and a runtime stage"
    assert all(re.match(r"python:\d+\.\d+\.\d+-slim-\w+", f) for f in froms), "base image pinned to a patch release"
    users = [args for word, args in steps if word == "USER"]
    assert users and not users[-1].startswith(("0", "root")), "the runtime user is not root"
    assert any(word == "HEALTHCHECK" for word, _ in steps)


def test_ports_and_probes_agree(client):
    steps = dict(dockerfile_instructions())
    port = int(steps["EXPOSE"])
    cmd = json.loads(steps["CMD"])
    assert int(cmd[cmd.index("--port") + 1]) == port
    health_path = re.search(r"127\.0\.0\.1:(\d+)(/\w+)", steps["HEALTHCHECK"])
    assert int(health_path.group(1)) == port
    deployments = [m for m in manifests() if m["kind"] == "Deployment"]
    for d in deployments:
        (container,) = d["spec"]["template"]["spec"]["containers"]
        assert container["ports"][0]["containerPort"] == port
        for probe in ("readinessProbe", "livenessProbe"):
            assert container[probe]["httpGet"]["path"] == health_path.group(2)
        assert container["image"].split(":")[0].endswith("/pdm-api")
        assert d["spec"]["template"]["spec"]["securityContext"]["runAsUser"] == int(
            dict(dockerfile_instructions())["USER"].split(":")[0]
        )
    assert client.get(health_path.group(2)).status_code == 200  # the path the probes use is served


def test_docker_commands_name_the_image_and_port_of_the_dockerfile():
    port = dict(dockerfile_instructions())["EXPOSE"]
    cmds = commands(DOCKER)
    assert set(cmds) >= {"build.sh", "run.sh", "logs.sh", "push.sh"}
    images, containers = set(), set()
    for name, argv in cmds.items():
        assert argv[0] == "docker", name
        for word in argv[2:]:
            if re.fullmatch(r"([A-Z_]+/)?pdm-(api|gpu):[A-Z_]+", word):
                images.add(word.rsplit("/", 1)[-1].split(":")[0])
            elif re.fullmatch(r"([A-Za-z_]+/)?[\w.-]+:[A-Z_]+", word):
                pytest.fail(f"{name}: unexpected image {word}")
        if "-p" in argv:
            assert argv[argv.index("-p") + 1].split(":")[1] == port, f"{name}: container port is {port}"
        if "--name" in argv:
            containers.add(argv[argv.index("--name") + 1])
    assert images == {"pdm-api", "pdm-gpu"} and containers == {"pdm-api"}
    for name, argv in cmds.items():  # build -f names a Dockerfile of this folder
        if "-f" in argv and argv[1] == "build":
            assert (DOCKER / argv[argv.index("-f") + 1]).is_file(), name
    for name, argv in cmds.items():  # every command that names a container names the one run.sh starts
        if argv[1] in ("logs", "inspect", "exec", "rm"):
            assert "pdm-api" in argv, name


def test_kubectl_commands_name_what_the_manifests_define():
    ms = manifests()
    namespace = {m["metadata"].get("namespace") for m in ms if m["kind"] != "Namespace"}
    assert len(namespace) == 1
    namespace = namespace.pop()
    short = {kind.lower(): kind for kind in ("Deployment", "Service", "Secret", "Pod", "CronJob", "Ingress")}
    short |= {"hpa": "HorizontalPodAutoscaler", "pdb": "PodDisruptionBudget"}
    defined = {(m["kind"], m["metadata"]["name"]) for m in ms}
    containers = {
        (m["metadata"]["name"], c["name"])
        for m in ms
        if m["kind"] == "Deployment"
        for c in m["spec"]["template"]["spec"]["containers"]
    }
    labels = {f"{k}={v}" for m in ms if m["kind"] == "Deployment" for k, v in m["metadata"]["labels"].items()}
    service_ports = {p["port"] for m in ms if m["kind"] == "Service" for p in m["spec"]["ports"]}
    for name, argv in commands(KUBERNETES).items():
        if "--local" in argv:  # a manifest with its image set locally, piped to kubectl apply
            assert argv[argv.index("|") + 1 :] == ["kubectl", "apply", "-f", "-"], name
            manifest = yaml.safe_load((KUBERNETES / argv[argv.index("-f") + 1]).read_text(encoding="utf-8"))
            container = next(w for w in argv if "=" in w and not w.startswith("-")).split("=")[0]
            assert (manifest["metadata"]["name"], container) in containers, name
            argv = [w for w in argv if w != "--local"]
            argv = argv[: argv.index("set")] + ["apply"] + argv[argv.index("-f") :]  # the rest as an apply
        assert argv[0] == "kubectl", name
        if "-n" in argv:
            assert argv[argv.index("-n") + 1] == namespace, name
        for i, word in enumerate(argv):
            if word == "-f" and "logs" not in argv and argv[i + 1] != "-":  # logs -f follows; -f - reads a pipe
                assert (KUBERNETES / argv[i + 1]).exists(), f"{name}: {argv[i + 1]} is not a manifest here"
            if word == "-l":
                assert argv[i + 1] in labels, f"{name}: no Deployment has the label {argv[i + 1]}"
            m = re.fullmatch(r"(deployment|service|hpa|secret|cronjob)/([\w-]+)", word)
            if m:
                assert (short[m.group(1)], m.group(2)) in defined, f"{name}: {word} is not defined"
        if argv[3:4] in (["get"], ["describe"]) and len(argv) > 5 and argv[4] in short and argv[4] != "pod":
            assert (short[argv[4]], argv[5]) in defined, f"{name}: {argv[4]} {argv[5]} is not defined"
        if argv[3:5] == ["create", "secret"]:
            assert ("Secret", argv[6]) in defined, f"{name}: {argv[6]} is not defined"
        if "set" in argv and "image" in argv:
            deploy = argv[argv.index("image") + 1].split("/")[1]
            container = argv[argv.index("image") + 2].split("=")[0]
            assert (deploy, container) in containers, name
        if "port-forward" in argv:
            assert int(argv[-1].split(":")[1]) in service_ports, name
        if "secret" in argv and "--from-file" in " ".join(argv):
            secret = next(m for m in ms if m["kind"] == "Secret" and m["metadata"]["name"] == argv[6])
            _, key, source = next(w for w in argv if w.startswith("--from-file=")).split("=")
            assert key in secret["stringData"] and source == "JWT_KEY_FILE", name
    assert {"apply.sh", "canary-apply.sh", "rollback.sh", "rollout-status.sh"} <= set(commands(KUBERNETES))


def pod_specs(ms: list[dict]) -> dict[str, dict]:
    """The pod template of every workload manifest, by name."""
    out = {}
    for m in ms:
        if m["kind"] == "Deployment":
            out[m["metadata"]["name"]] = m["spec"]["template"]["spec"]
        elif m["kind"] == "CronJob":
            out[m["metadata"]["name"]] = m["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return out


def test_every_secret_and_configmap_reference_is_defined():
    ms = manifests()
    secrets = {m["metadata"]["name"]: set(m["stringData"]) for m in ms if m["kind"] == "Secret"}
    configmaps = {m["metadata"]["name"]: set(m["data"]) for m in ms if m["kind"] == "ConfigMap"}
    seen = 0
    for name, spec in pod_specs(ms).items():
        for c in spec.get("initContainers", []) + spec["containers"]:
            for e in c.get("env", []):
                ref = e.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    seen += 1
                    assert ref["key"] in secrets.get(ref["name"], ()), f"{name}: {ref} is not defined"
            for source in c.get("envFrom", []):
                assert source["configMapRef"]["name"] in configmaps, name
    assert seen >= 3
    for d in ("pdm-api", "pdm-api-canary"):
        (container,) = pod_specs(ms)[d]["containers"]
        assert container["env"][0]["name"] == "PDM_JWT_KEY"
        assert container["env"][0]["valueFrom"]["secretKeyRef"] == {"name": "pdm-api-jwt", "key": "jwt-key"}


def test_canary_shares_the_service_with_stable():
    ms = {(m["kind"], m["metadata"]["name"]): m for m in manifests()}
    selector = ms[("Service", "pdm-api")]["spec"]["selector"]
    for name in ("pdm-api", "pdm-api-canary"):
        pod_labels = ms[("Deployment", name)]["spec"]["template"]["metadata"]["labels"]
        assert selector.items() <= pod_labels.items(), f"{name} would get no traffic"
    stable, canary = ms[("Deployment", "pdm-api")], ms[("Deployment", "pdm-api-canary")]
    assert stable["spec"]["selector"] != canary["spec"]["selector"], "the two Deployments must not adopt each other"
    assert ms[("HorizontalPodAutoscaler", "pdm-api")]["spec"]["scaleTargetRef"]["name"] == "pdm-api"


def test_image_requirements_are_the_versions_the_tests_ran():
    for line in (SERVING / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, pinned = line.split("==")
            assert version(name) == pinned, f"{name}: the image pins {pinned}, the tests ran {version(name)}"
    record_check(
        SERVING / "requirements.txt",
        f"pip metadata of the tested packages (Python {platform.python_version()})",
        "镜像里的安装只在构建镜像时发生；这里核对每个钉住的版本就是测试运行的版本",
    )


def test_the_case_study_diagram_counts_the_replicas_the_manifests_set():
    """production-project.md: "Deployment pdm-api 3–10 个副本" (the HPA's range), "pdm-api-canary 1 个副本"."""
    from tests.helpers import DOCS

    page = (DOCS / "deployment" / "production-project.md").read_text(encoding="utf-8")
    ms = {(m["kind"], m["metadata"]["name"]): m for m in manifests()}
    hpa = ms[("HorizontalPodAutoscaler", "pdm-api")]["spec"]
    assert f"Deployment pdm-api {hpa['minReplicas']}–{hpa['maxReplicas']} 个副本" in page
    canary = ms[("Deployment", "pdm-api-canary")]["spec"]["replicas"]
    assert f"Deployment pdm-api-canary {canary} 个副本" in page
