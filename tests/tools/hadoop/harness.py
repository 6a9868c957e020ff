"""The Hadoop section's test harness (not a test module): Hadoop's jars and configuration, the
`hadoop fs` home folder and transcript normalisation, the streaming job's launch. Run settings
come from snippets/tools/hadoop/runs.toml; the fixtures are in conftest.py, the tests import
from here only."""

from __future__ import annotations

import getpass
import grp
import gzip
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

from tests.helpers import ROOT, SNIPPETS

HERE = Path(__file__).resolve().parent
BUILD = ROOT / "_build" / "hadoop"
HADOOP_SNIPPETS = SNIPPETS / "tools" / "hadoop"
FS = HADOOP_SNIPPETS / "fs"
STREAMING = HADOOP_SNIPPETS / "streaming"
RUNS = tomllib.loads((HADOOP_SNIPPETS / "runs.toml").read_text(encoding="utf-8"))
FS_RUNS = {name: spec for name, spec in RUNS["fs"].items() if name != "home"}
FS_NAMES = sorted(p.stem for p in FS.glob("*.sh"))
FS_RUN = [name for name in FS_NAMES if "not_run" not in FS_RUNS.get(name, {})]
FS_NOT_RUN = [name for name in FS_NAMES if "not_run" in FS_RUNS.get(name, {})]
JOB_INPUTS: dict[str, str] = RUNS["streaming"]["inputs"]

CORE_SITE = """<?xml version="1.0"?>
<configuration>
  <property><name>fs.defaultFS</name><value>file:///</value></property>
  <property><name>fs.trash.interval</name><value>1440</value></property>
</configuration>
"""
# Hadoop's own console layout (log4j.properties of a Hadoop distribution), INFO for the shell's messages.
LOG4J2 = """status = error
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.follow = true
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %p %c{2}: %m%n
rootLogger.level = warn
rootLogger.appenderRef.console.ref = console
logger.trash.name = org.apache.hadoop.fs.TrashPolicyDefault
logger.trash.level = info
logger.native.name = org.apache.hadoop.util.NativeCodeLoader
logger.native.level = error
"""


def hadoop_jars() -> Path:
    import pyspark

    jars = Path(pyspark.__file__).parent / "jars"
    if not list(jars.glob("hadoop-client-api-3*.jar")):
        raise AssertionError(f"no Hadoop 3 client jars in {jars}: reinstall pyspark (make setup)")
    return jars


def hadoop_version() -> str:
    """`Hadoop 3.5.0`, read from the client jar's name (the jar FsShell and the shuffle classes come from)."""
    (jar,) = hadoop_jars().glob("hadoop-client-api-*.jar")
    return "Hadoop " + jar.stem.removeprefix("hadoop-client-api-")


# -- hadoop fs ---------------------------------------------------------------------------------
def fill_home(home: Path) -> None:
    """The files the placeholders name, the same for every command (the previous command's effects removed)."""
    spec = RUNS["fs"]["home"]
    for child in home.iterdir():
        shutil.rmtree(child) if child.is_dir() else child.unlink()
    for rel, text in spec["files"].items():
        path = home / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for rel, source in spec.get("gzip", {}).items():
        (home / rel).write_bytes(gzip.compress((home / source).read_bytes(), mtime=0))
    for rel in spec.get("dirs", []):
        (home / rel).mkdir(parents=True)
    for path in [home, *home.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def normalise(text: str, home: Path, keep_order: bool = False) -> str:
    """What changes from run to run: the home folder's path, owner and group, dates, folder sizes."""
    text = text.replace(str(home), "/home/alice")
    user, group = getpass.getuser(), grp.getgrgid(os.getgid()).gr_name

    def owner(match: re.Match) -> str:
        return "alice staff".ljust(len(match.group(0)) - 1) + " "

    text = re.sub(rf"(?<= ){re.escape(user)} +{re.escape(group)} +(?=\d)", owner, text)
    text = text.replace(f"{user}:{group}", "alice:staff")
    text = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}", "2026-11-27 10:00:00,000", text)
    text = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", "2026-11-27 10:00:00", text)
    text = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d", "2026-11-27 10:00", text)
    # An owner shown beside another group (after -chgrp).
    text = re.sub(rf"^([-d]\S+ +[-\d]+ ){re.escape(user)}(?= )", r"\g<1>alice", text, flags=re.M)
    # A local folder's size is the file system's block (4096 on ext4); HDFS shows 0.
    text = re.sub(r"^(d\S+ +- +\S+ +\S+ +)(\d+)", lambda m: m.group(1) + "0".rjust(len(m.group(2))), text, flags=re.M)
    # Trash checkpoints are named by the time of deletion (yyMMddHHmmss).
    text = re.sub(r"\.Trash/Current\d+", ".Trash/Current", text)
    text = re.sub(r"(\.Trash/)\d{12}\b", r"\g<1>261127100000", text)
    return text if keep_order else sort_listings(text)


LS_LINE = re.compile(r"^[-d][-rwxt]{9}\+? +[-\d]+ .* (\S+)$")


def sort_listings(text: str) -> str:
    """`-ls -R` on a local file system lists in the disk's order; HDFS lists by name. Sort runs of ls lines by path."""
    lines, out, run = text.split("\n"), [], []
    for line in [*lines, None]:
        match = LS_LINE.match(line) if line is not None else None
        if match:
            run.append((match.group(1), line))
            continue
        out += [entry for _, entry in sorted(run)]
        run = []
        if line is not None:
            out.append(line)
    return "\n".join(out)


def command_of(snippet: Path) -> str:
    lines = snippet.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ") and len(lines) == 2, f"{snippet}: one purpose comment, then one command"
    return lines[1]


def run_transcript(name: str, fs_shell: dict) -> str:
    """fs/NAME.sh as written, with its runs.toml `before` and `then` commands; each `$ command` and what it printed."""
    home, env = fs_shell["home"], fs_shell["env"]
    spec = FS_RUNS.get(name, {})
    fill_home(home)
    snippet = command_of(FS / f"{name}.sh") + ("; echo $?" if spec.get("show_exit_code") else "")
    out = []
    for command in [*spec.get("before", []), snippet, *spec.get("then", [])]:
        run_as = command
        for placeholder, value in spec.get("run_with", {}).items():
            run_as = run_as.replace(placeholder, value)
        run = subprocess.run(["bash", "-c", run_as], cwd=home, env=env, capture_output=True, text=True, timeout=60)
        printed = run.stdout + run.stderr
        if spec.get("sort_lines"):
            printed = "".join(sorted(printed.splitlines(True)))
        out.append(f"$ {command}\n{printed}")
    text = normalise("".join(out), home, keep_order=spec.get("keep_order", False))
    for placeholder, value in spec.get("run_with", {}).items():
        text = text.replace(value, placeholder)
    return text


def fs_usage(command: str, fs_shell: dict) -> str:
    """FsShell's own usage line for a subcommand (`hadoop fs -usage NAME`)."""
    run = subprocess.run(
        ["hadoop", "fs", "-usage", command], env=fs_shell["env"], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


# -- the streaming job -------------------------------------------------------------------------
def python_archive(path: Path) -> Path:
    """The job's -cacheArchive: a .tar.gz whose bin/python3 is this venv's Python (it has mmh3)."""
    staging = path.parent / "python-env"
    (staging / "bin").mkdir(parents=True)
    (staging / "bin" / "python3").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    (staging / "bin" / "python3").chmod(0o755)
    with tarfile.open(path, "w:gz") as tar:
        tar.add(staging / "bin", arcname="bin")
    return path


def run_dag_job(
    base: Path, classpath: str, conf_dir: Path, fs_env: dict, data: Path, env_extra=None, streaming: Path = STREAMING
):
    """Run bin/run_dag_job.sh as written; its `hadoop` runs `hadoop fs` by FsShell and `hadoop streaming`
    by the local streaming runner. `streaming` is the snippet folder (a copy, to try a broken dictionary).
    Returns (process, env)."""
    hadoop_root = base / "hadoop-client"
    (hadoop_root / "bin").mkdir(parents=True)
    launcher = hadoop_root / "bin" / "hadoop"
    launcher.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = fs ]; then exec "{sys.executable}" "{HERE / "hadoop_launcher.py"}" "$@"; fi\n'
        f'exec "{sys.executable}" "{HERE / "streaming_runner.py"}" "$@"\n'
    )
    launcher.chmod(0o755)
    env = dict(
        fs_env,
        HADOOP_PYTHON_ARCHIVE=str(python_archive(base / "python.tar.gz")),
        HADOOP_ROOT_HMP=str(hadoop_root),
        HADOOP_CONF=str(conf_dir / "core-site.xml"),
        HADOOP_OUTPUT=str(base / "output"),
        HADOOP_TEST_CLASSPATH=f"{conf_dir}{os.pathsep}{classpath}",
        STREAMING_WORK=str(base / "work"),
        STREAMING_REPORT=str(base / "report.json"),
        **{var: str(data / folder) for var, folder in JOB_INPUTS.items()},
    )
    env.update(env_extra or {})
    run = subprocess.run(
        ["bash", str(streaming / "bin" / "run_dag_job.sh")], env=env, capture_output=True, text=True, timeout=120
    )
    return run, env


def output_files(output: Path) -> dict[str, str]:
    return {p.name: gzip.decompress(p.read_bytes()).decode() for p in sorted(output.glob("part-*.gz"))}


def counters_of(stderr: str) -> dict[str, int]:
    """The job's counters as the runner prints them (`counter GROUP.NAME=N`)."""
    return {name: int(n) for name, n in re.findall(r"^counter (\S+)=(\d+)$", stderr, re.M)}
