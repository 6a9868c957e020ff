"""The C++ page: every snippet compiles warning-free with the page's flags and prints the checked-in output."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.helpers import SNIPPETS, expect_file, require_tool

FOLDER = SNIPPETS / "tools" / "cpp"
PROGRAMS = ["hello", "basics", "click_mapper", "sum_reducer"]


def command_of(script: str) -> str:
    """The one command of a command snippet (its first line is the Chinese comment)."""
    comment, command, *rest = (FOLDER / script).read_text(encoding="utf-8").splitlines()
    assert comment.startswith("# ") and not rest, f"{script}: one comment line, then one command"
    return command


def compile_flags() -> list[str]:
    """The g++ flags the page shows in build-hello.sh, so the page and the test cannot drift apart."""
    argv = shlex.split(command_of("build-hello.sh"))
    assert argv[0] == "g++" and argv[-3:] == ["-o", "hello", "hello.cpp"], argv
    return argv[1:-3]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The snippets copied to a scratch folder and compiled there; returns (folder, g++ results)."""
    require_tool("g++")
    work = tmp_path_factory.mktemp("cpp")
    for path in FOLDER.iterdir():
        if path.suffix in {".cpp", ".tsv", ".sh"}:
            shutil.copy(path, work)
    flags = compile_flags()

    def compile_one(name):
        return subprocess.run(["g++", *flags, "-o", name, f"{name}.cpp"], cwd=work, capture_output=True, text=True)

    with ThreadPoolExecutor() as pool:
        results = dict(zip(PROGRAMS, pool.map(compile_one, PROGRAMS), strict=True))
    return work, results


def test_the_flags_make_warnings_errors():
    flags = compile_flags()
    assert {"-std=c++17", "-Wall", "-Wextra", "-Werror"} <= set(flags)


@pytest.mark.parametrize("name", PROGRAMS)
def test_compiles_without_a_single_warning(built, name):
    _, results = built
    result = results[name]
    assert result.returncode == 0 and result.stderr == "", f"g++ {name}.cpp:\n{result.stderr}"


def run(work, command: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", command], cwd=work, capture_output=True, text=True, timeout=10)


@pytest.mark.parametrize("name", ["hello", "basics"])
def test_prints_the_checked_in_output(built, name):
    work, _ = built
    result = run(work, f"./{name}")
    assert (result.returncode, result.stderr) == (0, "")
    expect_file(FOLDER / f"{name}.out", f"$ ./{name}\n{result.stdout}")


def test_the_local_streaming_pipeline(built):
    work, _ = built
    command = command_of("pipeline.sh")
    result = run(work, command)
    assert result.returncode == 0, result.stderr
    # clicks.tsv holds three malformed lines: too few fields, an empty cuid, one field too many.
    assert result.stderr.splitlines() == ["reporter:counter:click_mapper,malformed_lines,1"] * 3
    # What a terminal shows: stdout and stderr on one screen, in the order they were written.
    terminal = subprocess.run(
        ["bash", "-c", command], cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=10
    )
    assert terminal.stdout == result.stderr + result.stdout  # the mapper's stderr ends before sort lets a line go
    expect_file(FOLDER / "pipeline.out", f"$ {command}\n{terminal.stdout}")


@pytest.mark.parametrize(
    ("program", "stdin", "stdout", "bad"),
    [
        ("click_mapper", "no tabs here\nu1\tn1\tclick\n\n\t\t\nu2\tn2\tclick\r\nu3\tn3\n", "n1\t1\nn2\t1\n", 4),
        ("click_mapper", "u1\tn1\tshow\nu1\tn1\tclick\textra\n", "", 1),
        ("sum_reducer", "a\t1\na\tx\na\t\na\t99999999999999999999999\n\t5\nno-tab\na\t2\nb\t3\n", "a\t3\nb\t3\n", 5),
        ("sum_reducer", "", "", 0),
    ],
)
def test_a_malformed_line_is_skipped_and_counted_not_fatal(built, program, stdin, stdout, bad):
    work, _ = built
    result = subprocess.run([str(work / program)], input=stdin, capture_output=True, text=True, timeout=10)
    assert (result.returncode, result.stdout) == (0, stdout)
    assert result.stderr.splitlines() == [f"reporter:counter:{program},malformed_lines,1"] * bad


@pytest.mark.parametrize("path", sorted(p.name for p in FOLDER.iterdir() if p.suffix in {".cpp", ".sh"}))
def test_every_snippet_opens_with_its_purpose_in_chinese(path):
    first = (FOLDER / path).read_text(encoding="utf-8").splitlines()[0]
    marker = "// " if path.endswith(".cpp") else "# "
    assert first.startswith(marker) and any("\u4e00" <= ch <= "\u9fff" for ch in first), first
