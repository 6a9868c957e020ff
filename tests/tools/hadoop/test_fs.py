"""Every `hadoop fs` snippet of snippets/tools/hadoop/fs/, run as written by Hadoop's own FsShell.

The placeholders are real paths: each command runs in a home folder (the FsShell JVM's user.home
and working directory, as /user/NAME is on HDFS) freshly filled with files named HDFS_DIR,
HDFS_FILE, LOCAL_FILE, … (runs.toml [fs.home]). The transcript of each run — the snippet's command,
then the runs.toml follow-ups that show its effect — is compared with the checked-in `*.out`.
"""

from __future__ import annotations

import subprocess
import time

import pytest

from tests.helpers import expect_file
from tests.tools.hadoop.harness import FS, FS_RUNS, fill_home, run_transcript

NAMES = sorted(p.stem for p in FS.glob("*.sh"))


def test_every_snippet_is_covered():
    assert len(NAMES) >= 20, NAMES
    assert set(FS_RUNS) <= set(NAMES), f"runs.toml names snippets that do not exist: {set(FS_RUNS) - set(NAMES)}"


@pytest.mark.parametrize("name", NAMES)
def test_fs_command_as_written(name, fs_shell):
    expect_file(FS / f"{name}.out", run_transcript(name, fs_shell))


def test_exit_codes(fs_shell):
    """The exit codes the page promises, measured (a shell `if` relies on them)."""
    home, env = fs_shell["home"], fs_shell["env"]
    fill_home(home)

    def rc(command: str) -> int:
        return subprocess.run(["bash", "-c", command], cwd=home, env=env, capture_output=True).returncode

    assert rc("hadoop fs -test -e HDFS_FILE") == 0
    assert rc("hadoop fs -test -e NO_SUCH_PATH") == 1
    assert rc("hadoop fs -test -d HDFS_DIR") == 0
    assert rc("hadoop fs -test -d HDFS_FILE") == 1
    assert rc("hadoop fs -mkdir OTHER_DIR/SUB_DIR") == 1
    assert rc("hadoop fs -ls NO_SUCH_PATH") == 1
    assert rc("hadoop fs -ls --no-such-option") == 255


def test_one_jvm_is_fast(fs_shell):
    """Batching pays: a command through the warm JVM costs a fraction of a JVM start (1–2 s)."""
    fill_home(fs_shell["home"])
    start = time.perf_counter()
    for _ in range(10):
        subprocess.run(
            ["hadoop", "fs", "-ls", "HDFS_DIR"],
            cwd=fs_shell["home"],
            env=fs_shell["env"],
            check=True,
            capture_output=True,
        )
    assert (time.perf_counter() - start) / 10 < 0.5
