"""Every `hadoop fs` command of docs/tools/hadoop/fs.md, run as written by Hadoop's own FsShell.

The placeholders are real paths: each command runs in a home folder (the FsShell JVM's user.home
and working directory, as /user/NAME is on HDFS) freshly filled with files named HDFS_DIR,
HDFS_FILE, LOCAL_FILE, … The transcript of each run — the snippet's command, then the commands
that show its effect — is compared with the checked-in `*.out` next to the snippet.
"""

from __future__ import annotations

import getpass
import grp
import gzip
import os
import re
import shutil
import subprocess
import time

import pytest

from tests.helpers import SNIPPETS, expect_file

FS = SNIPPETS / "tools" / "hadoop" / "fs"

# After the snippet's own command, what each transcript runs to show the effect (bash, same folder).
FOLLOW_UPS = {
    "mkdir": ["hadoop fs -ls -R HDFS_NEW_DIR", "hadoop fs -mkdir OTHER_DIR/SUB_DIR"],
    "put": ["hadoop fs -ls HDFS_DIR", "hadoop fs -put LOCAL_FILE HDFS_DIR", "hadoop fs -put -f LOCAL_FILE HDFS_DIR"],
    "get": ["ls LOCAL_DIR"],
    "getmerge": ["cat LOCAL_MERGED_FILE"],
    "text": ["hadoop fs -cat HDFS_GZ_FILE | od -A n -t x1 -N 4"],
    "cp": ["hadoop fs -ls HDFS_FILE HDFS_BACKUP_FILE"],
    "mv": ["hadoop fs -ls HDFS_DIR"],
    "rm-r": ["hadoop fs -find .Trash -name HDFS_DIR"],
    "rm-skiptrash": ["hadoop fs -ls .Trash"],
    "test-e": ["hadoop fs -test -e NO_SUCH_PATH; echo $?"],
    "test-d": ["hadoop fs -test -d HDFS_DIR; echo $?"],
    "touchz": ["hadoop fs -ls HDFS_DONE_FILE", "hadoop fs -touchz HDFS_FILE"],
    "chmod": ["hadoop fs -ls -R HDFS_DIR"],
}
# Commands whose only answer is the exit code: the transcript shows it.
SHOW_EXIT_CODE = {"test-e", "test-d"}

CLICKS = [
    "cuid_001\tnid_9001\t1764201600",
    "cuid_002\tnid_9002\t1764201660",
    "cuid_003\tnid_9001\t1764201720",
]
LOG = [f"2026-11-26T10:{m:02d}:00 INFO  feed-ranker request_id=req-{m:04d} latency_ms={40 + m}" for m in range(30)]


def fill_home(home) -> None:
    """The files the placeholders name, the same for every command (the previous command's effects removed)."""
    for child in home.iterdir():
        shutil.rmtree(child) if child.is_dir() else child.unlink()
    files = {
        "HDFS_DIR/dt=20261125/part-00000": "\n".join(CLICKS[:1]) + "\n",
        "HDFS_DIR/dt=20261126/part-00000": "\n".join(CLICKS[1:]) + "\n",
        "HDFS_DIR/dt=20261126/part-00001": "cuid_004\tnid_9003\t1764201780\n",
        "HDFS_DIR/dt=20261126/_SUCCESS": "",
        "HDFS_FILE": "\n".join(CLICKS) + "\n",
        "HDFS_LOG_FILE": "\n".join(LOG) + "\n",
        "LOCAL_FILE": "cuid_005\tnid_9004\t1764201840\n",
    }
    for rel, text in files.items():
        path = home / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (home / "HDFS_GZ_FILE").write_bytes(gzip.compress(("\n".join(CLICKS) + "\n").encode(), mtime=0))
    (home / "LOCAL_DIR").mkdir()
    for path in [home, *home.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def normalise(text: str, home) -> str:
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
    # A local folder's size is the file system's block (4096 on ext4); HDFS shows 0.
    text = re.sub(
        r"^(d\S+ +- +alice staff +)(\d+)", lambda m: m.group(1) + "0".rjust(len(m.group(2))), text, flags=re.M
    )
    # Trash checkpoints are named by the time of deletion (yyMMddHHmmss).
    text = re.sub(r"\.Trash/Current\d+", ".Trash/Current", text)
    return sort_listings(text)


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


def command_of(snippet) -> str:
    lines = snippet.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ") and len(lines) == 2, f"{snippet}: one purpose comment, then one command"
    return lines[1]


def run_transcript(name: str, fs_shell) -> str:
    home, env = fs_shell["home"], fs_shell["env"]
    fill_home(home)
    commands = [command_of(FS / f"{name}.sh") + ("; echo $?" if name in SHOW_EXIT_CODE else "")]
    commands += FOLLOW_UPS.get(name, [])
    out = []
    for command in commands:
        run = subprocess.run(["bash", "-c", command], cwd=home, env=env, capture_output=True, text=True, timeout=60)
        out.append(f"$ {command}\n{run.stdout}{run.stderr}")
    return normalise("".join(out), home)


NAMES = sorted(p.stem for p in FS.glob("*.sh"))


def test_every_snippet_is_covered():
    assert len(NAMES) >= 20, NAMES
    assert set(FOLLOW_UPS) <= set(NAMES)


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
