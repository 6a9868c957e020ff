"""The C++ page: every snippet compiles warning-free with the page's flags and prints the checked-in output."""

from __future__ import annotations

import functools
import importlib.util
import os
import platform
import pty
import random
import re
import shlex
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from teamwiki.ext.placeholders import load_registry
from tests.helpers import SNIPPETS, expect_file, record_run, require_tool

FOLDER = SNIPPETS / "tools" / "cpp"
MMHASH = FOLDER / "mmhash"
PROGRAMS_DIR = Path(__file__).parent / "programs"  # small programs that check a claim of the page, not shown on it
PAGE = (SNIPPETS.parent / "docs" / "tools" / "cpp.md").read_text(encoding="utf-8")
PROGRAMS = ["hello", "basics", "click_mapper", "sum_reducer", "raii", "window_sum"]
# C locale: make and the tools print English. Not inside make: under `make test` the MAKELEVEL/MAKEFLAGS of the
# outer make would turn the page's `make` into a sub-make ("make[1]: Entering directory …").
NO_PYC = {
    key: value
    for key, value in dict(os.environ, PYTHONDONTWRITEBYTECODE="1", LC_ALL="C").items()
    if key not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES")
}


@functools.cache
def version_of(tool: str) -> str:
    """What produced an output, with the version read from the tool itself (first line of --version)."""
    require_tool(tool)
    if tool == "g++":
        flag = "-dumpfullversion"
        return "g++ " + subprocess.run([tool, flag], capture_output=True, text=True, check=True).stdout.strip()
    return subprocess.run([tool, "--version"], capture_output=True, text=True, check=True).stdout.splitlines()[0]


def gxx() -> str:
    return version_of("g++")


def python() -> str:
    return f"Python {platform.python_version()}"


def record_all(by: str, *names: str, folder: Path = FOLDER) -> None:
    for name in names:
        record_run(folder / name, by)


def command_of(script: str, folder: Path = FOLDER) -> str:
    """The one command of a command snippet (its first line is the Chinese comment)."""
    comment, command, *rest = (folder / script).read_text(encoding="utf-8").splitlines()
    assert comment.startswith("# ") and not rest, f"{script}: one comment line, then one command"
    return command


def filled(script: str, folder: Path = FOLDER) -> str:
    """The command with each placeholder replaced by its example from the placeholder registry."""
    command, rel = command_of(script, folder), (folder / script).relative_to(SNIPPETS).as_posix()
    registry, _, problems = load_registry(SNIPPETS / "placeholders.toml")
    assert not problems, problems
    for name, entry in registry.items():
        command = re.sub(rf"\b{name}\b", str(entry.get("examples", {}).get(rel, entry["example"])), command)
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
    record_all(gxx(), f"{name}.cpp", *(["build-hello.sh"] if name == "hello" else []))


def run(work, command: str, timeout: int = 10) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", command], cwd=work, env=NO_PYC, capture_output=True, text=True, timeout=timeout
    )


def on_terminal(work, command: str) -> str:
    """What a terminal shows: stdout and stderr both on a pseudo-terminal, in the order the programs wrote them.

    On a terminal, C's stdout is line-buffered, so lines appear as they are written; into a pipe or a
    file it is block-buffered, and capturing the two streams apart would lose their order.
    """
    master, slave = pty.openpty()
    with subprocess.Popen(
        ["bash", "-c", command], cwd=work, env=NO_PYC, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave
    ) as process:
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: every writer has closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(timeout=10) == 0
    os.close(master)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")  # the terminal turns each \n into \r\n


@pytest.mark.parametrize("name", ["hello", "basics", "raii"])
def test_prints_the_checked_in_output(built, name):
    work, _ = built
    result = run(work, f"./{name}")
    assert (result.returncode, result.stderr) == (0, "")
    expect_file(FOLDER / f"{name}.out", f"$ ./{name}\n{result.stdout}", by=gxx())


def test_the_local_streaming_pipeline(built):
    work, _ = built
    command = command_of("pipeline.sh")
    result = run(work, command)
    assert result.returncode == 0, result.stderr
    # clicks.tsv holds three malformed lines: too few fields, an empty cuid, one field too many.
    assert result.stderr.splitlines() == ["reporter:counter:click_mapper,malformed_lines,1"] * 3
    terminal = on_terminal(work, command)
    assert terminal == result.stderr + result.stdout  # the mapper's stderr ends before sort lets a line go
    by = f"{gxx()}, {version_of('sort')}"
    expect_file(FOLDER / "pipeline.out", f"$ {command}\n{terminal}", by=by)
    record_all(by, "pipeline.sh", "clicks.tsv")


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


SOURCES = sorted(
    str(p.relative_to(FOLDER))
    for p in FOLDER.rglob("*")
    if p.suffix in {".cpp", ".h", ".sh", ".py"} or p.name == "Makefile"
)


@pytest.mark.parametrize("path", SOURCES)
def test_every_snippet_opens_with_its_purpose_in_chinese(path):
    first = (FOLDER / path).read_text(encoding="utf-8").splitlines()[0]
    marker = "// " if path.endswith((".cpp", ".h")) else "# "
    assert first.startswith(marker) and any("\u4e00" <= ch <= "\u9fff" for ch in first), first


# -- RAII --------------------------------------------------------------------------------------------------------


def asan_build(work: Path, name: str, *extra: str) -> subprocess.CompletedProcess:
    """``name``.cpp compiled with the page's AddressSanitizer command (build-asan.sh), plus ``extra`` flags."""
    argv = shlex.split(command_of("build-asan.sh"))
    assert argv[-3:] == ["-o", "window_sum", "window_sum.cpp"], argv
    return run(work, shlex.join([*argv[:-3], *extra, "-o", name, f"{name}.cpp"]), timeout=120)


def test_raii_leaks_nothing_under_leak_sanitizer(tmp_path):
    """The RAII program, built with the page's ASan flags, releases everything it acquires: no leak report."""
    shutil.copy(FOLDER / "raii.cpp", tmp_path)
    build = asan_build(tmp_path, "raii")
    assert (build.returncode, build.stderr) == (0, "")
    result = run(tmp_path, "./raii")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.count("open ") == result.stdout.count("close ") == 3


@pytest.fixture(scope="module")
def endings(tmp_path_factory) -> Path:
    """tests/tools/cpp/programs/endings.cpp built with the page's flags: one local object, ended in several ways."""
    work = tmp_path_factory.mktemp("endings")
    shutil.copy(PROGRAMS_DIR / "endings.cpp", work)
    build = run(work, shlex.join(["g++", *compile_flags(), "-o", "endings", "endings.cpp"]), timeout=120)
    assert (build.returncode, build.stderr) == (0, ""), build.stderr
    return work


@pytest.mark.parametrize(
    ("how", "destroyed"),
    [("return", True), ("caught", True), ("exit", False), ("abort", False), ("throw", False)],
)
def test_destructors_run_on_return_and_a_caught_exception_only(endings, how, destroyed):
    """The page: std::exit, std::abort and an exception nothing catches skip the local object's destructor
    (for the last one the standard leaves unwinding to the implementation; g++ does not unwind)."""
    result = run(endings, f"./endings {how}")
    assert "open  local" in result.stdout
    assert ("close local" in result.stdout) is destroyed, result.stdout
    assert (result.returncode == 0) is (how in ("return", "caught", "exit")), result.returncode
    if how == "throw":
        assert "terminate called after throwing" in result.stderr


def test_gxx_destroys_a_by_value_parameter_at_the_end_of_the_callers_full_expression(endings):
    """When a by-value parameter dies is implementation-defined ([expr.call]); g++ destroys it at the end of the
    caller's full-expression, after the rest of that expression and before the next statement."""
    result = run(endings, "./endings param")
    assert result.stdout.splitlines() == [
        "open  owned",
        "finish owned",
        "rest of the full-expression",
        "close owned",
        "next statement",
    ]
    page = " ".join(PAGE.split())
    assert "由实现决定（g++ 是后者）" in page and "g++ 不展开" in page


# -- AddressSanitizer ------------------------------------------------------------------------------------------------


def normalise_asan(report: str, work: Path) -> str:
    """Only what changes from run to run: the pid, code and stack addresses (ASLR), the build folder.

    Trailing blanks are also dropped (the shadow-byte legend ends a line with a space), since the
    repository keeps no trailing whitespace; nothing else is touched.
    """
    report = "\n".join(line.rstrip() for line in report.split("\n"))
    report = re.sub(r"==\d+==", "==PID==", report)
    report = re.sub(r"\b(pc|bp|sp) 0x[0-9a-f]+", r"\1 0x…", report)
    report = re.sub(r"(#\d+) 0x[0-9a-f]+", r"\1 0x…", report)
    return report.replace(str(work), "BUILD_DIR")


def test_asan_misses_a_read_inside_a_vectors_capacity_unless_libstdcxx_annotates_it(tmp_path):
    """Past size() but inside capacity() is memory the vector owns: no redzone, no report. With
    _GLIBCXX_SANITIZE_VECTOR libstdc++ marks the unused capacity and ASan reports a container-overflow."""
    shutil.copy(PROGRAMS_DIR / "capacity.cpp", tmp_path)
    assert asan_build(tmp_path, "capacity").returncode == 0
    plain = run(tmp_path, "./capacity")
    assert (plain.returncode, plain.stderr) == (0, "")  # read, printed, nothing reported
    annotated = asan_build(tmp_path, "capacity", "-D_GLIBCXX_SANITIZE_VECTOR")
    assert (annotated.returncode, annotated.stderr) == (0, "")
    caught = run(tmp_path, "./capacity")
    assert caught.returncode != 0 and "ERROR: AddressSanitizer: container-overflow" in caught.stderr
    assert "-D_GLIBCXX_SANITIZE_VECTOR" in PAGE and "`container-overflow`" in PAGE


def test_leak_sanitizer_reports_only_memory_nothing_points_to(tmp_path):
    """Of two blocks never freed, LeakSanitizer reports the one no pointer reaches (40 bytes); the one a global
    still points to at exit (400 bytes) is not a leak to it."""
    shutil.copy(PROGRAMS_DIR / "reachable.cpp", tmp_path)
    assert asan_build(tmp_path, "reachable").returncode == 0
    result = run(tmp_path, "./reachable")
    assert result.returncode != 0 and result.stdout == "3\n"
    assert re.findall(r"(Direct|Indirect) leak of (\d+) byte", result.stderr) == [("Direct", "40")], result.stderr
    assert "SUMMARY: AddressSanitizer: 40 byte(s) leaked in 1 allocation(s)." in result.stderr


def test_the_overflow_goes_unnoticed_without_the_sanitizer(built):
    work, _ = built
    result = run(work, "./window_sum")
    assert (result.returncode, result.stderr) == (0, "")  # no crash, no message: the bug is silent


def test_address_sanitizer_reports_the_overflow_at_its_line(tmp_path):
    shutil.copy(FOLDER / "window_sum.cpp", tmp_path)
    command = command_of("build-asan.sh")
    build = run(tmp_path, command, timeout=120)
    assert (build.returncode, build.stderr) == (0, "")
    result = run(tmp_path, "./window_sum")
    assert result.returncode != 0 and result.stdout == ""
    source = (FOLDER / "window_sum.cpp").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(source, 1) if "total += clicks[i]" in text)
    report = normalise_asan(result.stderr, tmp_path)
    assert "ERROR: AddressSanitizer: heap-buffer-overflow" in report
    assert re.search(rf"#0 0x… in window_sum\(.*\) BUILD_DIR/window_sum\.cpp:{line}\n", report), report
    assert "0 bytes to the right of 20-byte region" in report  # five ints, read just past the end
    by = f"{gxx()} AddressSanitizer"
    expect_file(FOLDER / "asan.out", f"$ ./window_sum\n{report}", by=by)
    record_all(by, "build-asan.sh", "window_sum.cpp")


# -- -static-libstdc++ ---------------------------------------------------------------------------------------------


def glibc_version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.strip().removeprefix("GLIBC_").split("."))


def test_static_libstdcxx_drops_the_cpp_runtime_from_the_needed_libraries(built, tmp_path):
    dynamic, _ = built
    shutil.copy(FOLDER / "click_mapper.cpp", tmp_path)
    build = run(tmp_path, command_of("build-static.sh"), timeout=120)
    assert (build.returncode, build.stderr) == (0, "")
    needed, glibc = filled("needed.sh"), filled("glibc-version.sh")
    libraries = {}
    for kind, work in (("dynamic", dynamic), ("static", tmp_path)):
        shown = needed
        result = run(work, shown)
        assert (result.returncode, result.stderr) == (0, "")
        expect_file(FOLDER / f"needed-{kind}.out", f"$ {shown}\n{result.stdout}", by=version_of("readelf"))
        libraries[kind] = set(re.findall(r"Shared library: \[(.+)\]", result.stdout))
    assert {"libstdc++.so.6", "libgcc_s.so.1", "libc.so.6"} <= libraries["dynamic"]
    assert "libstdc++.so.6" not in libraries["static"] and "libgcc_s.so.1" not in libraries["static"]
    assert "libc.so.6" in libraries["static"]  # glibc stays dynamic: the cluster's glibc still matters
    versions = {}
    for kind, work in (("dynamic", dynamic), ("static", tmp_path)):
        shown = glibc
        result = run(work, shown)
        assert result.returncode == 0 and re.fullmatch(r"GLIBC_[\d.]+\n", result.stdout), result
        versions[kind] = glibc_version(result.stdout)
        if kind == "static":
            expect_file(FOLDER / "glibc-version.out", f"$ {shown}\n{result.stdout}", by=version_of("objdump"))
    assert versions["static"] >= versions["dynamic"]  # the static libstdc++ may need a newer glibc, never older
    record_all(gxx(), "build-static.sh")
    record_run(FOLDER / "needed.sh", version_of("readelf"))
    record_run(FOLDER / "glibc-version.sh", version_of("objdump"))


def test_the_statically_linked_mapper_behaves_like_the_dynamic_one(built, tmp_path):
    dynamic, _ = built
    shutil.copy(FOLDER / "click_mapper.cpp", tmp_path)
    assert run(tmp_path, command_of("build-static.sh"), timeout=120).returncode == 0
    clicks = (FOLDER / "clicks.tsv").read_text(encoding="utf-8")
    outputs = [
        subprocess.run([str(work / "click_mapper")], input=clicks, capture_output=True, text=True, timeout=10)
        for work in (dynamic, tmp_path)
    ]
    assert (outputs[0].stdout, outputs[0].stderr) == (outputs[1].stdout, outputs[1].stderr)
    assert (tmp_path / "click_mapper").stat().st_size > 10 * (dynamic / "click_mapper").stat().st_size  # "变大"


def test_static_libstdcxx_takes_only_the_archive_members_the_program_uses(tmp_path):
    """-static-libstdc++ links libstdc++.a, an archive: the linker map lists the members it took, fewer than the
    archive holds, and the program stays smaller than the shared C++ runtime."""
    shutil.copy(FOLDER / "click_mapper.cpp", tmp_path)
    build = run(tmp_path, command_of("build-static.sh") + " -Wl,-Map=click_mapper.map", timeout=120)
    assert (build.returncode, build.stderr) == (0, "")
    linked = set(re.findall(r"libstdc\+\+\.a\(([^)]+\.o)\)", (tmp_path / "click_mapper.map").read_text()))
    archive = subprocess.run(["g++", "-print-file-name=libstdc++.a"], capture_output=True, text=True).stdout.strip()
    members = set(run(tmp_path, shlex.join(["ar", "t", archive])).stdout.split())
    assert linked and linked < members, (len(linked), len(members))
    shared = subprocess.run(["g++", "-print-file-name=libstdc++.so"], capture_output=True, text=True).stdout.strip()
    assert (tmp_path / "click_mapper").stat().st_size < Path(shared).resolve().stat().st_size


# -- libMMHash.so: a shared library called from Python ---------------------------------------------------------------


def load_user_hash():
    """The Python bucketing of the Hadoop streaming job (snippets/tools/hadoop), the reference to match."""
    path = SNIPPETS / "tools" / "hadoop" / "streaming" / "src" / "user_hash.py"
    spec = importlib.util.spec_from_file_location("streaming_user_hash", path)
    module = importlib.util.module_from_spec(spec)
    dont_write, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = dont_write
    return module


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """libMMHash.so built by the page's one g++ command, and call_lib.py beside it, imported."""
    require_tool("g++")
    work = tmp_path_factory.mktemp("mmhash")
    for name in ("mmhash.h", "mmhash.cpp", "call_lib.py"):
        shutil.copy(MMHASH / name, work)
    build = run(work, command_of("build-lib.sh", MMHASH), timeout=120)
    assert (build.returncode, build.stderr) == (0, "")
    record_all(gxx(), "build-lib.sh", "mmhash.h", "mmhash.cpp", folder=MMHASH)
    spec = importlib.util.spec_from_file_location("call_lib", work / "call_lib.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return work, module


def sample_ids() -> list[str]:
    rng = random.Random(20261202)
    alphabet = "abcxyz019_-:" + "用户实验" + "\U0001f600" + "\x00\t"
    ids = ["", "cuid_001", "a" * 1000]
    ids += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 13))) for _ in range(3000)]
    return ids


def test_the_library_exports_plain_c_names(library):
    work, _ = library
    result = run(work, "nm -D --defined-only --format=just-symbols libMMHash.so")
    assert {"mm_hash32", "mm_user_bucket"} <= set(result.stdout.split())


def test_the_cpp_hash_equals_mmh3_for_every_length_and_seed(library):
    import mmh3

    _, call_lib = library
    for text in sample_ids():
        data = text.encode("utf-8")
        for seed in (0, 1, 0xFFFFFFFF):
            assert call_lib.hash32(data, seed) == mmh3.hash(data, seed=seed, signed=False), (text, seed)


def test_the_cpp_bucket_equals_the_python_user_hash(library):
    _, call_lib = library
    user_hash = load_user_hash()
    for text in sample_ids():
        for layer, buckets in (("feed_rank", 100), ("实验层", 7), ("", 1)):
            assert call_lib.bucket(text, layer, buckets) == user_hash.bucket(text, layer, buckets), (text, layer)


def test_without_restype_ctypes_turns_large_hashes_negative(library):
    import ctypes

    import mmh3

    work, _ = library
    bare = ctypes.CDLL(str(work / "libMMHash.so"))  # a second handle, no argtypes/restype declared
    data = next(t.encode() for t in sample_ids() if mmh3.hash(t.encode(), signed=False) >= 2**31)
    assert bare.mm_hash32(data, len(data), 0) == mmh3.hash(data, signed=True) < 0


def test_call_lib_finds_the_library_through_the_links_a_streaming_task_gets(library, tmp_path):
    """`-files call_lib.py,libMMHash.so` puts each file in a cache folder of its own and links it into the task's
    working folder: call_lib.py looks beside the link it was started through, not beside the file it points to."""
    work, _ = library
    task = tmp_path / "task"
    task.mkdir()
    for number, name in enumerate(("call_lib.py", "libMMHash.so")):
        cached = tmp_path / "filecache" / str(number) / name
        cached.parent.mkdir(parents=True)
        shutil.copy(work / name, cached)
        (task / name).symlink_to(cached)
    shown = filled("call-lib.sh", MMHASH)
    result = run(task, shown.replace("python", shlex.quote(sys.executable), 1))
    assert (result.returncode, result.stderr) == (0, "")
    assert f"$ {shown}\n{result.stdout}" == (MMHASH / "call_lib.out").read_text(encoding="utf-8")


def test_a_bad_bucket_count_is_a_clear_error(library):
    _, call_lib = library
    for buckets in (0, -5):
        with pytest.raises(ValueError, match="positive"):
            call_lib.bucket("cuid_001", "feed_rank", buckets)


def test_the_page_command_prints_what_user_hash_py_prints(library):
    work, _ = library
    shown = filled("call-lib.sh", MMHASH)
    user_id, layer = shlex.split(shown)[2:]
    result = run(work, shown.replace("python", shlex.quote(sys.executable), 1))
    assert (result.returncode, result.stderr) == (0, "")
    by = f"{python()}, libMMHash.so by {gxx()}"
    expect_file(MMHASH / "call_lib.out", f"$ {shown}\n{result.stdout}", by=by)
    record_all(by, "call-lib.sh", "call_lib.py", folder=MMHASH)
    assert result.stdout == f"{load_user_hash().bucket(user_id, layer)}\n"


# -- make: the multi-file build ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    require_tool("make")
    work = tmp_path_factory.mktemp("make")
    for name in ("mmhash.h", "mmhash.cpp", "user_bucket.cpp", "Makefile", "cuids.txt"):
        shutil.copy(MMHASH / name, work)
    return work, run(work, command_of("make.sh", MMHASH), timeout=180)


def test_make_builds_the_library_and_the_program(made):
    work, result = made
    assert (result.returncode, result.stderr) == (0, "")
    flags = " ".join(compile_flags())
    assert all(flags in line for line in result.stdout.splitlines() if " -c " in line)  # the page's flags
    by = f"{version_of('make')}, {gxx()}"
    expect_file(MMHASH / "make.out", f"$ make\n{result.stdout}", by=by)
    record_all(by, "make.sh", "Makefile", folder=MMHASH)
    assert (work / "libMMHash.so").exists() and (work / "user_bucket").exists()


def rebuilt_after_touching(work: Path, name: str) -> list[str]:
    newest = max(path.stat().st_mtime for path in work.iterdir())
    os.utime(work / name, (newest + 2, newest + 2))  # newer than every target, without sleeping
    result = run(work, "make", timeout=180)
    assert result.returncode == 0, result.stderr
    return sorted(re.findall(r"-o (\S+)", result.stdout))


def test_make_rebuilds_only_what_a_change_touches(made):
    work, result = made
    assert result.returncode == 0
    assert run(work, "make").stdout == "make: Nothing to be done for 'all'.\n"
    assert rebuilt_after_touching(work, "user_bucket.cpp") == ["user_bucket", "user_bucket.o"]
    assert rebuilt_after_touching(work, "mmhash.h") == ["libMMHash.so", "mmhash.o", "user_bucket", "user_bucket.o"]


def test_user_bucket_agrees_with_python_and_counts_empty_lines(made):
    work, _ = made
    shown = filled("run-bucket.sh", MMHASH)
    layer = shlex.split(shown)[1]
    result = run(work, shown)
    assert result.returncode == 0
    assert result.stderr.splitlines() == ["reporter:counter:user_bucket,empty_lines,1"]  # cuids.txt has one
    terminal = on_terminal(work, shown)
    assert sorted(terminal.splitlines()) == sorted((result.stdout + result.stderr).splitlines())
    expect_file(MMHASH / "user_bucket.out", f"$ {shown}\n{terminal}", by=gxx())
    record_all(gxx(), "run-bucket.sh", "user_bucket.cpp", "cuids.txt", folder=MMHASH)
    # std::cerr is tied to std::cout: even into one pipe (block-buffered), the two streams keep their order.
    merged = run(work, f"{shown} 2>&1 | cat")
    assert merged.stdout == terminal
    user_hash = load_user_hash()
    for line in result.stdout.splitlines():
        cuid, bucket = line.split("\t")
        assert int(bucket) == user_hash.bucket(cuid, layer)
    usage = run(work, "./user_bucket")
    assert usage.returncode == 2 and "usage" in usage.stderr


def test_auto_parameters_are_not_cpp17(tmp_path):
    """The page: function parameters name their type (`const std::string&`); `auto` there is C++20."""
    (tmp_path / "param.cpp").write_text(
        "#include <string>\n"
        "std::size_t size_of(const auto& text) { return text.size(); }\n"
        'int main() { return static_cast<int>(size_of(std::string("ab"))) - 2; }\n'
    )
    flags = compile_flags()
    cpp17 = run(tmp_path, shlex.join(["g++", *flags, "-o", "param", "param.cpp"]), timeout=60)
    assert cpp17.returncode != 0 and "auto" in cpp17.stderr, cpp17.stderr
    cpp20 = [f if f != "-std=c++17" else "-std=c++20" for f in flags]
    assert run(tmp_path, shlex.join(["g++", *cpp20, "-o", "param", "param.cpp"]), timeout=60).returncode == 0
