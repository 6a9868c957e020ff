"""Fixtures of the Hadoop section: Hadoop's own classes from pyspark's jars, compiled glue, one FsShell JVM,
the documented streaming job run once; the JVM and the job start in the background right after collection
(tests/conftest.py). The helpers behind them are in harness.py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.helpers import java_classes, require_tool
from tests.tools.hadoop.harness import (
    BUILD,
    CORE_SITE,
    HADOOP_SNIPPETS,
    HERE,
    LOG4J2,
    STREAMING,
    hadoop_jars,
    run_dag_job,
)


def classpath() -> str:
    """Hadoop's jars plus the compiled glue (tests/tools/hadoop/java, snippets/…/*.java: `make java`)."""
    require_tool("java")
    jars = hadoop_jars()
    # The glue of the tests, and the output format shown on the multiple-outputs page.
    sources = sorted((HERE / "java").rglob("*.java")) + sorted(HADOOP_SNIPPETS.rglob("*.java"))
    return f"{java_classes(*sources)}{os.pathsep}{jars}/*"


def conf_dir():
    """core-site.xml (fs.defaultFS=file:///, trash on) and a log4j2 layout like Hadoop's; FsShell needs the former."""
    conf = BUILD / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "core-site.xml").write_text(CORE_SITE)
    (conf / "log4j2.properties").write_text(LOG4J2)
    return conf


def start_fs_shell() -> dict:
    """One JVM running FsShellServer in a fresh home folder, and a folder with the `hadoop` launcher for PATH.
    Started in the background right after collection (tests/conftest.py)."""
    base = BUILD / "fs-shell"
    shutil.rmtree(base, ignore_errors=True)
    home = base / "home"
    home.mkdir(parents=True)
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
            f"{conf_dir()}{os.pathsep}{classpath()}",
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
    return {"home": home, "env": env, "server": server}


def stop_fs_shell(shell: dict) -> None:
    shell["server"].terminate()
    shell["server"].wait(10)


def run_documented_job(shell: dict) -> dict:
    """The documented job, end to end, on the sample inputs (started as soon as FsShell is up)."""
    base = BUILD / "dag-job"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    run, env = run_dag_job(base, classpath(), conf_dir(), shell["env"], STREAMING / "data", None, STREAMING)
    return {"run": run, "env": env, "base": base}


def pytest_configure(config):
    config.wiki_early_jvms["fs_shell"] = (start_fs_shell, stop_fs_shell, None)
    config.wiki_early_jvms["dag_run"] = (run_documented_job, lambda _: None, "fs_shell")


@pytest.fixture(scope="session")
def hadoop_classpath() -> str:
    return classpath()


@pytest.fixture(scope="session")
def hadoop_conf_dir():
    return conf_dir()


@pytest.fixture(scope="session")
def fs_shell(pytestconfig):
    shell = pytestconfig.wiki_early_result("fs_shell")
    yield shell
    stop_fs_shell(shell)


@pytest.fixture(scope="session")
def dag_job(hadoop_classpath, hadoop_conf_dir, fs_shell):
    """Run the documented job: dag_job(base, data=…, env_extra=…, streaming=…) → (process, env)."""

    def run(base, data=STREAMING / "data", env_extra=None, streaming=STREAMING):
        return run_dag_job(base, hadoop_classpath, hadoop_conf_dir, fs_shell["env"], data, env_extra, streaming)

    return run


@pytest.fixture(scope="session")
def dag_run(pytestconfig, fs_shell):
    """The documented job, end to end, on the sample inputs."""
    done = pytestconfig.wiki_early_result("dag_run", fs_shell)
    run, env, base = done["run"], done["env"], done["base"]
    if run.returncode != 0:
        raise AssertionError(f"run_dag_job.sh failed ({run.returncode}):\n{run.stderr[-4000:]}")
    report = json.loads((base / "report.json").read_text())
    return {"run": run, "env": env, "report": report, "output": base / "output", "base": base}
