"""The CI/CD pages: the workflows against GitHub's schema, their shell, and what they name."""

from __future__ import annotations

import re
import shlex
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

from tests.helpers import DOCS, ROOT, SNIPPETS, record_check

PIPELINE = SNIPPETS / "cicd" / "pipeline"
DEPLOYMENT = SNIPPETS / "deployment"
WORKFLOWS = sorted(PIPELINE.glob("*.yml"))
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    path = BIN / name
    assert path.exists(), f"`{name}` is not installed in the venv: run `make setup`"
    return str(path)


def run(args, cwd=PIPELINE):
    import subprocess

    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120)


def run_blocks(path: Path) -> list[tuple[str, str]]:
    jobs = yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"]
    return [
        (f"{path.name}:{job}", step["run"])
        for job, spec in jobs.items()
        for step in spec.get("steps", [])
        if "run" in step
    ]


def test_workflows_match_the_github_schema():
    assert [p.name for p in WORKFLOWS] == ["ci.yml", "retrain.yml"]
    result = run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)])
    assert result.returncode == 0, result.stdout + result.stderr
    for path in WORKFLOWS:
        record_check(
            path,
            f"check-jsonschema {version('check-jsonschema')} (vendor.github-workflows) + shellcheck",
            "需要 GitHub Actions、镜像仓库和集群",
        )


def test_dev_requirements_are_the_versions_installed_here():
    path = PIPELINE / "requirements-dev.txt"
    pins = [line.split("==") for line in path.read_text().splitlines() if line and not line.startswith("#")]
    assert len(pins) >= 5
    for name, pinned in pins:
        assert version(name) == pinned, f"{name}: pinned {pinned}, installed {version(name)}"
    record_check(path, f"pip {version('pip')}（与已安装的版本逐个核对）", "CI 的 runner 上才安装")


def test_the_schema_check_rejects_a_misspelt_key(tmp_path):
    bad = (PIPELINE / "ci.yml").read_text(encoding="utf-8").replace("runs-on:", "runs_on:", 1)
    (tmp_path / "ci.yml").write_text(bad)
    result = run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", "ci.yml"], cwd=tmp_path)
    assert result.returncode != 0


def test_run_blocks_pass_shellcheck(tmp_path):
    blocks = [b for p in WORKFLOWS for b in run_blocks(p)]
    assert len(blocks) >= 10
    files = []
    for n, (where, script) in enumerate(blocks):
        # ${{ … }} is expanded by GitHub before the shell sees it: stand in a plain word
        body = re.sub(r"\$\{\{[^}]*\}\}", "GHA_EXPRESSION", script)
        path = tmp_path / f"{n:02d}-{where.replace(':', '-')}.sh"
        path.write_text(f"# {where}\nset -e\n{body}")
        files.append(str(path))
    result = run([tool("shellcheck"), "-s", "bash", *files], cwd=tmp_path)
    assert result.returncode == 0, result.stdout


def commands_in(path: Path) -> list[list[str]]:
    out = []
    for _, script in run_blocks(path):
        script = script.replace("\\\n", " ")
        for line in script.splitlines():
            line = re.sub(r"\$\{\{[^}]*\}\}", "GHA_EXPRESSION", line.strip())
            if line and not line.startswith("#"):
                try:
                    out.append(shlex.split(line))
                except ValueError:
                    continue  # case-statement fragments
    return out


def test_kubectl_in_the_workflows_names_real_manifests():
    manifests = [yaml.safe_load(p.read_text()) for p in (DEPLOYMENT / "kubernetes").glob("*.yaml")]
    deployments = {
        m["metadata"]["name"]: {c["name"] for c in m["spec"]["template"]["spec"]["containers"]}
        for m in manifests
        if m["kind"] == "Deployment"
    }
    env = yaml.safe_load((PIPELINE / "ci.yml").read_text())["env"]
    assert env["NAMESPACE"] == next(m["metadata"]["name"] for m in manifests if m["kind"] == "Namespace")
    seen = 0
    for argv in commands_in(PIPELINE / "ci.yml"):
        if argv[0] != "kubectl":
            continue
        seen += 1
        for i, word in enumerate(argv):
            if word == "-f":  # a manifest of k8s/, or its copy with the image filled in
                folder, _, name = argv[i + 1].rpartition("/")
                assert folder in ("k8s", "$RUNNER_TEMP") and (DEPLOYMENT / "kubernetes" / name).exists(), argv
            m = re.fullmatch(r"deployment/([\w-]+)", word)
            if m:
                assert m.group(1) in deployments, word
                if "image" in argv:
                    container = argv[argv.index(word) + 1].split("=")[0]
                    assert container in deployments[m.group(1)], argv
    assert seen >= 5


def test_python_scripts_and_paths_the_workflows_use_exist():
    for path in WORKFLOWS:
        for argv in commands_in(path):
            if argv[0] == "python" and argv[1].endswith(".py"):
                assert list(DEPLOYMENT.rglob(argv[1])), f"{path.name}: no snippet {argv[1]}"
            if argv[0] in ("hadolint", "promtool"):
                target = Path(argv[-1]).name
                assert list(DEPLOYMENT.rglob(target)), f"{path.name}: {argv}"


def test_retrain_exit_codes_match_the_script():
    sys.path.insert(0, str(DEPLOYMENT / "monitoring"))
    try:
        import retrain
    finally:
        sys.path.pop(0)
    decide = next(s for _, s in run_blocks(PIPELINE / "retrain.yml") if "retrain.py" in s)
    assert f'{retrain.KEEP}) echo "promote=false"' in decide
    assert '0) echo "promote=true"' in decide


def test_lifecycle_diagram_has_thirteen_stages_in_order():
    page = (DOCS / "cicd" / "lifecycle.md").read_text(encoding="utf-8")
    diagram = page.split("```{mermaid}")[1].split("```")[0]
    stages = [int(n) for n in re.findall(r"S(\d+)\[", diagram)]
    assert stages == list(range(1, 14))
    table = [int(m) for m in re.findall(r"^\| (\d+) ", page, re.M)]
    assert table == list(range(1, 14))


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_do_not_hold_credentials(path):
    text = path.read_text(encoding="utf-8")
    for word in ("password:", "token:", "KUBECONFIG_DATA:"):
        for line in text.splitlines():
            if word in line:
                assert "${{ secrets." in line, f"{path.name}: {line.strip()} must come from secrets"
    assert ROOT.exists()
