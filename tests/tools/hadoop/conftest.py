"""Fixtures of the Hadoop section: Hadoop's own classes from pyspark's jars, compiled glue, one FsShell JVM."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, require_tool

HERE = Path(__file__).resolve().parent
BUILD = ROOT / "_build" / "hadoop"
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


@pytest.fixture(scope="session")
def hadoop_classpath() -> str:
    """Hadoop's jars plus the compiled glue (tests/tools/hadoop/java, snippets/…/*.java → _build/hadoop/classes)."""
    require_tool("java")
    javac = require_tool("javac")
    jars = hadoop_jars()
    classes = BUILD / "classes"
    classes.mkdir(parents=True, exist_ok=True)
    # The glue of the tests, and the output format shown on the multiple-outputs page.
    sources = sorted((HERE / "java").rglob("*.java")) + sorted((ROOT / "snippets" / "tools" / "hadoop").rglob("*.java"))
    subprocess.run([javac, "-nowarn", "-d", str(classes), "-cp", f"{jars}/*", *map(str, sources)], check=True)
    return f"{classes}{os.pathsep}{jars}/*"


@pytest.fixture(scope="session")
def hadoop_conf_dir() -> Path:
    """core-site.xml (fs.defaultFS=file:///, trash on) and a log4j2 layout like Hadoop's; FsShell needs the former."""
    conf = BUILD / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "core-site.xml").write_text(CORE_SITE)
    (conf / "log4j2.properties").write_text(LOG4J2)
    return conf


@pytest.fixture(scope="session")
def fs_shell(tmp_path_factory, hadoop_classpath, hadoop_conf_dir):
    """One JVM running FsShellServer in a fresh home folder, and a folder with the `hadoop` launcher for PATH."""
    base = tmp_path_factory.mktemp("hadoop-fs")
    home = base / "home"
    home.mkdir()
    bindir = base / "bin"
    bindir.mkdir()
    launcher = bindir / "hadoop"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{HERE / "hadoop_launcher.py"}" "$@"\n')
    launcher.chmod(0o755)
    java = require_tool("java")
    server = subprocess.Popen(
        [
            "/bin/sh",
            "-c",
            'umask 022 && exec "$0" "$@"',
            java,
            f"-Duser.home={home}",
            "-Xshare:auto",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            f"{hadoop_conf_dir}{os.pathsep}{hadoop_classpath}",
            "FsShellServer",
        ],
        cwd=home,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    port = server.stdout.readline().strip()
    if not port.isdigit():
        server.kill()
        raise AssertionError(f"FsShellServer did not start: {server.stderr.read()}")
    env = dict(os.environ, HADOOP_FS_SERVER_PORT=port, PATH=f"{bindir}{os.pathsep}{os.environ['PATH']}")
    yield {"home": home, "env": env}
    server.terminate()
    server.wait(10)


STREAMING = ROOT / "snippets" / "tools" / "hadoop" / "streaming"
# The job's inputs: which sample folder each of the script's input variables names.
JOB_INPUTS = {
    "INPUT_FEED_PATH": "feed_click",
    "INPUT_NID_JSON_PATH": "nid_json",
    "HADOOP_INPUT_CUID_INDEX": "cuid_index",
}


def python_archive(path: Path) -> Path:
    """The job's -cacheArchive: a .tar.gz whose bin/python3 is this venv's Python (it has mmh3)."""
    staging = path.parent / "python-env"
    (staging / "bin").mkdir(parents=True)
    (staging / "bin" / "python3").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    (staging / "bin" / "python3").chmod(0o755)
    import tarfile

    with tarfile.open(path, "w:gz") as tar:
        tar.add(staging / "bin", arcname="bin")
    return path


def run_dag_job(base: Path, classpath: str, conf_dir: Path, data: Path, env_extra: dict | None = None):
    """Run bin/run_dag_job.sh as written, its `hadoop` being the local streaming runner; return (process, env)."""
    hadoop_root = base / "hadoop-client"
    (hadoop_root / "bin").mkdir(parents=True)
    launcher = hadoop_root / "bin" / "hadoop"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{HERE / "streaming_runner.py"}" "$@"\n')
    launcher.chmod(0o755)
    env = dict(
        os.environ,
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
        ["bash", str(STREAMING / "bin" / "run_dag_job.sh")], env=env, capture_output=True, text=True, timeout=120
    )
    return run, env


@pytest.fixture(scope="session")
def dag_run(tmp_path_factory, hadoop_classpath, hadoop_conf_dir):
    """The documented job, end to end, on the sample inputs."""
    import json

    base = tmp_path_factory.mktemp("dag-job")
    run, env = run_dag_job(base, hadoop_classpath, hadoop_conf_dir, STREAMING / "data")
    if run.returncode != 0:
        raise AssertionError(f"run_dag_job.sh failed ({run.returncode}):\n{run.stderr[-4000:]}")
    report = json.loads((base / "report.json").read_text())
    return {"run": run, "env": env, "report": report, "output": base / "output", "base": base}
