"""Every `hadoop fs` snippet of snippets/tools/hadoop/fs/, run as written by Hadoop's own FsShell.

The placeholders are real paths: each command runs in a home folder (the FsShell JVM's user.home
and working directory, as /user/NAME is on HDFS) freshly filled with files named HDFS_DIR,
HDFS_FILE, LOCAL_FILE, … (runs.toml [fs.home]). The transcript of each run — the snippet's command,
then the runs.toml follow-ups that show its effect — is compared with the checked-in `*.out`.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.helpers import expect_file, record_check, record_run
from tests.tools.hadoop.harness import (
    FS,
    FS_NAMES,
    FS_NOT_RUN,
    FS_RUN,
    FS_RUNS,
    command_of,
    fill_home,
    fs_usage,
    hadoop_version,
    run_transcript,
)


def test_every_snippet_is_covered():
    assert len(FS_NAMES) >= 30, FS_NAMES
    assert set(FS_RUNS) <= set(FS_NAMES), f"runs.toml names snippets that do not exist: {set(FS_RUNS) - set(FS_NAMES)}"
    for name in FS_NOT_RUN:
        assert not (FS / f"{name}.out").exists(), f"{name} is not run here: no output may be shown for it"


@pytest.mark.parametrize("name", FS_RUN)
def test_fs_command_as_written(name, fs_shell):
    by = f"{hadoop_version()} FsShell"
    expect_file(FS / f"{name}.out", run_transcript(name, fs_shell), by=by)
    record_run(FS / f"{name}.sh", by)


@pytest.mark.parametrize("name", FS_NOT_RUN)
def test_fs_command_options_against_usage(name, fs_shell):
    """A command that cannot run meaningfully on file:///: its subcommand and every option it uses are in
    FsShell's own usage line for that subcommand."""
    words = command_of(FS / f"{name}.sh").split()
    assert words[:2] == ["hadoop", "fs"] and words[2].startswith("-"), words
    usage = fs_usage(words[2][1:], fs_shell)
    assert f" {words[2]} " in usage, usage
    grammar = set(re.findall(r"\[(-\w+)", usage))
    used = {w for w in words[3:] if w.startswith("-")}
    assert used <= grammar, f"{name}: {used - grammar} not in {usage}"
    record_check(FS / f"{name}.sh", f"{hadoop_version()} FsShell -usage", FS_RUNS[name]["not_run"])


def test_checker_rejects_an_unknown_option(fs_shell):
    usage = fs_usage("setrep", fs_shell)
    assert "-w" in set(re.findall(r"\[(-\w+)", usage)) and "-x" not in set(re.findall(r"\[(-\w+)", usage))


def test_ls_sort_options_exist(fs_shell):
    """The page's prose names -t (newest first) and -r (reverse) beside -S/-h/-C: FsShell's usage has them."""
    assert {"-C", "-h", "-t", "-S", "-r"} <= set(re.findall(r"\[(-\w+)", fs_usage("ls", fs_shell)))


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
