"""The streaming DAG job of docs/tools/hadoop/, end to end: bin/run_dag_job.sh as written, its mappers and
reducers as subprocesses, the shuffle and the output by Hadoop's own classes (see streaming_runner.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from teamwiki.ext.placeholders import example_of, load_registry
from teamwiki.wiki_client import fill
from tests.helpers import DOCS, SNIPPETS, expect_file, record_run
from tests.tools.hadoop.harness import (
    HADOOP_SNIPPETS,
    STREAMING,
    command_of,
    counters_of,
    fill_home,
    fs_shell_label,
    normalise,
    output_files,
    runner_label,
)


def test_job_transcript(dag_run):
    stderr = dag_run["run"].stderr.replace(dag_run["env"]["HADOOP_OUTPUT"], "$HADOOP_OUTPUT")
    by = runner_label()
    expect_file(STREAMING / "bin" / "run_dag_job.out", f"$ bin/run_dag_job.sh\n{stderr}", by=by)
    # What this run used: the script, every -file it shipped, every input file, the output format class.
    report = dag_run["report"]
    used = [STREAMING / "bin" / "run_dag_job.sh", *map(Path, report["files"])]
    used += [Path(p) for paths in report["inputs_read_by"].values() for p in paths]
    assert "SuffixMultipleTextOutputFormat" in report["hadoop"][2]
    used.append(HADOOP_SNIPPETS / "multiple-outputs" / "SuffixMultipleTextOutputFormat.java")
    for path in used:
        assert path.resolve().is_relative_to(SNIPPETS), path
        record_run(path, by)


def test_output_as_shown(dag_run, fs_shell):
    """The page's `hadoop fs -ls/-text` of the output, run by FsShell on the job's real output."""
    env = dict(fs_shell["env"], HADOOP_OUTPUT=dag_run["env"]["HADOOP_OUTPUT"])
    for name in ("ls-output", "text-output-a", "text-output-b"):
        command = (STREAMING / f"{name}.sh").read_text().splitlines()[1]
        run = subprocess.run(["bash", "-c", command], env=env, capture_output=True, text=True, timeout=60)
        assert run.returncode == 0, run.stderr
        text = normalise(f"$ {command}\n{run.stdout}{run.stderr}", fs_shell["home"])
        expect_file(
            STREAMING / f"{name}.out", text.replace(env["HADOOP_OUTPUT"], "$HADOOP_OUTPUT"), by=fs_shell_label()
        )
        record_run(STREAMING / f"{name}.sh", fs_shell_label())


def test_suffix_routing(dag_run):
    """One reducer, several outputs: -A holds the articles, -B the videos, suffixes stripped, gzip-compressed."""
    files = output_files(dag_run["output"])
    assert files and all(re.fullmatch(r"part-\d{5}-[AB]\.gz", name) for name in files), files
    assert (dag_run["output"] / "_SUCCESS").exists()
    articles = {"科技", "财经", "体育"}
    for name, text in files.items():
        for line in text.splitlines():
            assert not line.endswith(("#A", "#B")), line
            assert (line.split("\t")[-1] in articles) == name.endswith("-A.gz"), (name, line)


def test_shuffle_by_hadoop_classes(dag_run):
    """Partitioner, comparator and reducer count are Hadoop's, configured from the script's options."""
    options = dag_run["report"]["conf"]
    reduces = options["mapred.reduce.tasks"]
    assert (
        dag_run["report"]["hadoop"][:2]
        == [
            f"partitioner=org.apache.hadoop.mapred.lib.KeyFieldBasedPartitioner "
            f"comparator={options['mapred.output.key.comparator.class']} reduces={reduces}"
        ]
        * 2
    )
    assert "SuffixMultipleTextOutputFormat" in dag_run["report"]["hadoop"][2]
    # Partition on the first `#` field, sort on the whole key: a cuid lives in one partition, tag 0 first.
    seen = {}
    for part in sorted((dag_run["base"] / "work" / "shuffle-1").iterdir()):
        keys = [line.split("\t")[0] for line in part.read_text().splitlines()]
        assert keys == sorted(keys, key=lambda k: k.encode()), part.name
        for key in keys:
            cuid = key.split("#")[0]
            assert seen.setdefault(cuid, part.name) == part.name, f"{cuid} in {seen[cuid]} and {part.name}"
    assert len(set(seen.values())) > 1, "several reducers receive records"


def test_vertex_order_from_dag_options(dag_run):
    report = dag_run["report"]
    count = int(report["conf"]["abaci.dag.vertex.num"])
    edges = {int(v): successors for v, successors in report["edges"].items()}
    assert sorted(edges) == list(range(count))
    assert edges == {0: [1], 1: [2], 2: [], 3: [2]}
    order = report["order"]
    assert sorted(order) == list(range(count))
    for v, successors in edges.items():
        for n in successors:
            assert order.index(v) < order.index(n), (v, n, order)
    assert report["kinds"] == {"0": "map", "1": "reduce", "2": "reduce", "3": "map"}


def test_cuid_index_is_read_by_vertex_0(dag_run):
    read_by = {v: sorted(p.split("/")[-2] for p in paths) for v, paths in dag_run["report"]["inputs_read_by"].items()}
    assert read_by == {"0": ["cuid_index", "feed_click"], "3": ["nid_json"]}


# -- bad input: one job over sample data salted with every kind of bad line --------------------------
DEEP_JSON = '{"nid": "nid_9010", "type": "video", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
BAD_LINES = {
    "feed_click": [
        "garbage",
        "cuid_009\tnid_9001\tnot_a_time",
        "\tnid_9001\t1764201600",
        "a\tb\tc\td\te",
        "cuid_011\tnid_9001\t１７６４２０１６００",  # full-width digits: str.isdigit() says yes
        "cuid_012\tnid_9001\t17642016²",  # a superscript two: isdigit() again
        "cuid_013#x\tnid_9001\t1764201600",  # the key-field separator inside a cuid
        "cuid_001\tnid_90#01\t1764201600",  # … and inside a nid (the next vertex's key)
        "cuid_0\ufffd1\tnid_9001\t1764201600",  # U+FFFD: a lossy decode upstream
        "cuid_\ufeff001\tnid_9001\t1764201600",  # a BOM inside a key
    ],
    "cuid_index": ["cuid_010\tnot_a_uid", "cuid_014\t１００１４", "cuid_015#0\t10015", "cuid_\ufffd16\t10016"],
    "nid_json": [
        '{"nid": "nid_9007", "type": ',
        '{"nid": "nid_9008"}',
        '{"a list": []}',
        '{"nid": 5, "type": "video"}',
        DEEP_JSON,
        '{"nid": "nid_9011", "type": "tuwen", "category": "1\\n2"}',  # a JSON \n: would split the record
        '{"nid": "nid_9012", "type": "tuwen", "category": "1\\t2"}',  # a JSON \t: would add a field
        '{"nid": "nid_90#13", "type": "tuwen", "category": "1"}',
        '{"nid": "nid_9014\\ufffd", "type": "tuwen", "category": "1"}',
    ],
}
NOT_UTF8 = b"\xff\xfe\tbroken\n"
# Not UTF-8 but shaped like a good click: with errors="replace" it would have passed on as cuid_0\ufffd17.
NOT_UTF8_CLICK = b"cuid_0\xe917\tnid_9001\t1764201600\n"


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory, dag_job):
    base = tmp_path_factory.mktemp("bad-input")
    data = base / "data"
    shutil.copytree(STREAMING / "data", data)
    for folder, lines in BAD_LINES.items():
        part = data / folder / "part-00000"
        good = part.read_text().splitlines()
        # A BOM in front of the first line (an editor saved the file with one), bad lines between good ones,
        # lines that are not UTF-8.
        text = "\ufeff" + "\n".join(good[:1] + lines + good[1:]) + "\n"
        part.write_bytes(text.encode() + NOT_UTF8 + NOT_UTF8_CLICK)
    run, _ = dag_job(base / "job", data)
    return {"run": run, "counters": counters_of(run.stderr), "output": base / "job" / "output"}


def test_bad_input_does_not_fail_the_job(bad_run, dag_run):
    """Every good record still arrives, unchanged, in the same files; the job succeeds."""
    assert bad_run["run"].returncode == 0, bad_run["run"].stderr[-3000:]
    assert output_files(bad_run["output"]) == output_files(dag_run["output"])


def test_malformed_lines_are_counted_and_skipped(bad_run, dag_run):
    counters, clean = bad_run["counters"], dag_run["report"]["counters"]
    # feed: 4 shapeless lines + 2 with non-ASCII digits; index: 1 non-numeric uid + 1 full-width uid
    assert counters["feed_click_mapper.malformed_line"] == 4 + 2 + 1 + 1
    assert counters["nid_json_mapper.malformed_json"] == 1 + 1  # the broken one and the deep one
    assert counters["nid_json_mapper.malformed_record"] == 3 + 2  # 3 without nid/type, 2 with \n or \t
    assert "nid_json_mapper.malformed_json" not in clean


def test_deeply_nested_json_is_counted_not_a_crash(bad_run):
    """json.loads raises RecursionError on deep nesting: the mapper counts it instead of failing the task."""
    assert "RecursionError" not in bad_run["run"].stderr
    assert bad_run["counters"]["nid_json_mapper.malformed_json"] == 2


def test_bad_keys_are_counted_and_skipped(bad_run):
    """`#`, U+FFFD or a BOM inside a cuid or nid: the record cannot be keyed, it is counted as bad_key."""
    # feed: cuid#, nid#, U+FFFD, BOM inside; index: cuid#, U+FFFD; nid json: nid#, U+FFFD
    assert bad_run["counters"]["feed_click_mapper.bad_key"] == 4 + 2
    assert bad_run["counters"]["nid_json_mapper.bad_key"] == 2


def test_not_utf8_is_counted_not_replaced(bad_run):
    """Both mappers read every input: each counts the two non-UTF-8 lines of each of the 3 files."""
    assert bad_run["counters"]["feed_click_mapper.not_utf8"] == 2 * 3
    assert bad_run["counters"]["nid_json_mapper.not_utf8"] == 2 * 3
    assert "cuid_0\ufffd17" not in "".join(output_files(bad_run["output"]).values())


def test_leading_bom_is_removed_and_counted(bad_run):
    """A file saved with a BOM: its first record keeps its key (cuid_001 keeps its uid), and the BOM is counted."""
    assert bad_run["counters"]["feed_click_mapper.bom_removed"] == 3
    assert bad_run["counters"]["nid_json_mapper.bom_removed"] == 3
    assert bad_run["counters"].get("join_uid_reducer.click_without_uid") == 1  # cuid_006 only, as in the clean run


# -- broken dictionaries, and the output folder ----------------------------------------------------
@pytest.mark.parametrize(
    ("dict_file", "line", "message"),
    [
        ("experiment_dict", "1002\tfeed_rank\tthirty\t60", "experiment_dict:3: bucket range 'thirty', '60'"),
        ("experiment_dict", "1002\tfeed_rank\t30\t160", "experiment_dict:3: bucket range [30, 160)"),
    ],
)
def test_broken_dictionary_names_file_and_line(tmp_path, dag_job, dict_file, line, message):
    streaming = tmp_path / "streaming"
    shutil.copytree(STREAMING, streaming, ignore=shutil.ignore_patterns("*.out", "data"))
    path = streaming / "dict" / dict_file
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2 if dict_file == "experiment_dict" else 1] = line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run, _ = dag_job(tmp_path / "job", streaming=streaming)
    assert run.returncode == 1
    assert message in run.stderr and "Traceback" not in run.stderr, run.stderr[-2000:]


def test_broken_category_dictionary_names_file_and_line(tmp_path):
    """Vertex 2's reducer, run as the task runs it (task folder holding the shipped files): a dictionary line
    without its tab stops the task with the file and line, before any input is read."""
    for path in [*(STREAMING / "src").glob("*.py"), *(STREAMING / "dict").iterdir()]:
        shutil.copy(path, tmp_path / path.name)
    video = tmp_path / "feed_clk_video_clear"
    video.write_text(video.read_text(encoding="utf-8").replace("12\t美食", "12 美食"), encoding="utf-8")
    run = subprocess.run(
        [
            sys.executable,
            "feed_nid_cuid_reducer_print_final.py",
            "--tuwen_dict=feed_clk_tuwen_clear",
            "--video_dict=feed_clk_video_clear",
        ],
        cwd=tmp_path,
        input="",
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert "ERROR feed_clk_video_clear:2: expected category_id<TAB>category_name, got '12 美食'" in run.stderr
    assert "Traceback" not in run.stderr


def test_existing_output_stops_the_script(tmp_path, dag_job):
    """The script checks the output folder with `hadoop fs -test -e` before submitting, and names it."""
    (tmp_path / "job" / "output").mkdir(parents=True)
    run, env = dag_job(tmp_path / "job")
    assert run.returncode == 1
    assert f"输出目录已存在：{env['HADOOP_OUTPUT']}" in run.stderr
    assert not (tmp_path / "job" / "work").exists(), "the job was submitted anyway"


def test_failing_task_fails_the_job(tmp_path, dag_job):
    """The runner is not lenient: a task that crashes fails the job, so the tests above mean something."""
    staging = tmp_path / "bin"
    staging.mkdir()
    (staging / "python3").write_text("#!/bin/sh\necho boom >&2\nexit 3\n")
    (staging / "python3").chmod(0o755)
    archive = tmp_path / "crashing-python.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(staging, arcname="bin")
    run, _ = dag_job(tmp_path / "job", env_extra={"HADOOP_PYTHON_ARCHIVE": str(archive)})
    assert run.returncode == 1
    assert "exited 3" in run.stderr and "boom" in run.stderr and "Streaming Command Failed!" in run.stderr


def test_user_hash(tmp_path):
    """user_hash.py's bucket is MurmurHash3 x86_32 (reference vector) and the page's command prints it."""
    import mmh3

    assert mmh3.hash("hello", 0, signed=False) == 613153351  # MurmurHash3_x86_32("hello", seed 0)
    snippet = STREAMING / "src" / "user-hash.sh"
    registry = load_registry(SNIPPETS / "placeholders.toml")[0]  # the values the page shows are the values run
    values = {
        name: example_of(registry[name], snippet.relative_to(SNIPPETS).as_posix()) for name in ("USER_ID", "LAYER")
    }
    command = fill(snippet.read_text().splitlines()[1], "shell", values).replace("python ", f"{sys.executable} ", 1)
    run = subprocess.run(command.split(), cwd=STREAMING / "src", capture_output=True, text=True, check=True)
    shown = command.replace(sys.executable, "python")
    import importlib.metadata
    import platform

    by = f"Python {platform.python_version()}、mmh3 {importlib.metadata.version('mmh3')}"
    expect_file(STREAMING / "src" / "user-hash.out", f"$ {shown}\n{run.stdout}", by=by)
    record_run(STREAMING / "src" / "user-hash.sh", by)


def test_split_into_folders(dag_run, fs_shell):
    """The page's mkdir + mv: the -A files move into their own folder; mv of several files needs that folder."""
    home, env = fs_shell["home"], dict(fs_shell["env"])
    fill_home(home)
    shutil.copytree(dag_run["output"], home / "job-output")
    env["HADOOP_OUTPUT"] = str(home / "job-output")
    mkdir, mv = (command_of(STREAMING / f"split-{name}.sh") for name in ("mkdir", "mv"))

    def sh(command: str) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", "-c", command], cwd=home, env=env, capture_output=True, text=True, timeout=60)

    refused = sh(mv)
    assert refused.returncode == 1 and "OUTPUT_A_DIR': No such file or directory" in refused.stderr, refused.stderr
    out = []
    for command in (mkdir, mv, "hadoop fs -ls OUTPUT_A_DIR", 'hadoop fs -ls "$HADOOP_OUTPUT"'):
        run = sh(command)
        assert run.returncode == 0, run.stderr
        out.append(f"$ {command}\n{run.stdout}{run.stderr}")
    text = normalise("".join(out), home).replace("/home/alice/job-output", "$HADOOP_OUTPUT")
    expect_file(STREAMING / "split-mv.out", text, by=fs_shell_label())
    for name in ("mkdir", "mv"):
        record_run(STREAMING / f"split-{name}.sh", fs_shell_label())


SUFFIX_FORMAT = "org.apache.hadoop.mapred.lib.SuffixMultipleTextOutputFormat"


def write_output(tmp_path, hadoop_classpath, hadoop_conf_dir, output_format: str, part: str) -> None:
    """One reducer's records (``part-NNNNN=FILE``) written to tmp_path/out by Hadoop's output path, with
    ``output_format``."""
    props = tmp_path / "job.properties"
    props.write_text(f"mapred.output.format.class={output_format}\n")
    command = ["java", "-cp", f"{hadoop_conf_dir}:{hadoop_classpath}", "StreamShuffle", "output"]
    run = subprocess.run([*command, str(props), str(tmp_path / "out"), part], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_suffix_rule_reroutes_any_value_ending_in_hash_letter(tmp_path, hadoop_classpath, hadoop_conf_dir):
    """The output format's rule, run by Hadoop's output path: `#` + any letter or digit (CJK too) reroutes and
    truncates a value, whoever wrote the suffix; other values stay in part-NNNNN. A letter outside the BMP (two
    UTF-16 units in Java) is one letter too; an emoji is no letter."""
    records = tmp_path / "records"
    records.write_text(
        "k\t图文#A\nk\t版本#2\nk\t标签#热\nk\tC#\nk\t无后缀\nk\ta#-\nk\t公式#\U0001d400\nk\t表情#\U0001f600\n",
        encoding="utf-8",
    )
    write_output(tmp_path, hadoop_classpath, hadoop_conf_dir, SUFFIX_FORMAT, f"part-00070={records}")
    files = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "out").glob("part-*")}
    assert files == {
        "part-00070-A": "k\t图文\n",
        "part-00070-2": "k\t版本\n",
        "part-00070-热": "k\t标签\n",
        "part-00070-\U0001d400": "k\t公式\n",
        "part-00070": "k\tC#\nk\t无后缀\nk\ta#-\nk\t表情#\U0001f600\n",
    }


@pytest.mark.parametrize(
    ("output_format", "files"),
    [
        (SUFFIX_FORMAT, set()),
        ("org.apache.hadoop.mapred.TextOutputFormat", {"part-00071"}),
    ],
)
def test_a_reducer_without_records(tmp_path, hadoop_classpath, hadoop_conf_dir, output_format, files):
    """The multiple-outputs page: the suffix format opens a file at its first line, so a reducer that writes
    nothing leaves no file; TextOutputFormat leaves an empty part-NNNNN."""
    empty = tmp_path / "empty"
    empty.write_text("")
    write_output(tmp_path, hadoop_classpath, hadoop_conf_dir, output_format, f"part-00071={empty}")
    assert {p.name for p in (tmp_path / "out").glob("part-*")} == files
    assert all((tmp_path / "out" / name).stat().st_size == 0 for name in files)
    page = (DOCS / "tools" / "hadoop" / "multiple-outputs.md").read_text(encoding="utf-8")
    assert "没分到数据的 reducer 一个文件也不留" in page.replace("\n", "")
