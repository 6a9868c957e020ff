"""The streaming DAG job of docs/tools/hadoop/, end to end: bin/run_dag_job.sh as written, its mappers and
reducers as subprocesses, the shuffle and the output by Hadoop's own classes (see streaming_runner.py)."""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import sys

from tests.helpers import expect_file
from tests.tools.hadoop.conftest import STREAMING, run_dag_job
from tests.tools.hadoop.test_fs import normalise

SCRIPT = STREAMING / "bin" / "run_dag_job.sh"


def script_options() -> dict[str, str]:
    """The -D options as the script states them (text, before bash), to check what the runner received."""
    return dict(re.findall(r"-D ([\w.]+)=(\S+)", SCRIPT.read_text(encoding="utf-8")))


def output_files(output) -> dict[str, str]:
    return {p.name: gzip.decompress(p.read_bytes()).decode() for p in sorted(output.glob("part-*.gz"))}


def test_job_transcript(dag_run):
    stderr = dag_run["run"].stderr.replace(dag_run["env"]["HADOOP_OUTPUT"], "$HADOOP_OUTPUT")
    expect_file(STREAMING / "bin" / "run_dag_job.out", f"$ bin/run_dag_job.sh\n{stderr}")


def test_output_as_shown(dag_run, fs_shell):
    """The page's `hadoop fs -ls/-text` of the output, run by FsShell on the job's real output."""
    env = dict(fs_shell["env"], HADOOP_OUTPUT=dag_run["env"]["HADOOP_OUTPUT"])
    for name in ("ls-output", "text-output-a", "text-output-b"):
        command = (STREAMING / f"{name}.sh").read_text().splitlines()[1]
        run = subprocess.run(["bash", "-c", command], env=env, capture_output=True, text=True, timeout=60)
        assert run.returncode == 0, run.stderr
        text = normalise(f"$ {command}\n{run.stdout}{run.stderr}", fs_shell["home"])
        expect_file(STREAMING / f"{name}.out", text.replace(env["HADOOP_OUTPUT"], "$HADOOP_OUTPUT"))


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
    options = script_options()
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
    options = script_options()
    count = int(options["abaci.dag.vertex.num"])
    edges = {
        v: [int(n) for n in options.get(f"abaci.dag.next.vertex.list.{v}", "").split(",") if n] for v in range(count)
    }
    report = dag_run["report"]
    assert report["edges"] == {str(k): v for k, v in edges.items()}
    order = report["order"]
    assert sorted(order) == list(range(count))
    for v, successors in edges.items():
        for n in successors:
            assert order.index(v) < order.index(n), (v, n, order)
    assert report["kinds"] == {"0": "map", "1": "reduce", "2": "reduce", "3": "map"}


def test_cuid_index_is_read_by_vertex_0(dag_run):
    read_by = {v: sorted(p.split("/")[-2] for p in paths) for v, paths in dag_run["report"]["inputs_read_by"].items()}
    assert read_by == {"0": ["cuid_index", "feed_click"], "3": ["nid_json"]}


BAD_LINES = {
    "feed_click": ["garbage", "cuid_009\tnid_9001\tnot_a_time", "\tnid_9001\t1764201600", "a\tb\tc\td\te"],
    "cuid_index": ["cuid_010\tnot_a_uid"],
    "nid_json": [
        '{"nid": "nid_9007", "type": ',
        '{"nid": "nid_9008"}',
        '{"a list": []}',
        '{"nid": 5, "type": "video"}',
    ],
}


def test_malformed_lines_are_counted_and_skipped(tmp_path, dag_run, hadoop_classpath, hadoop_conf_dir):
    data = tmp_path / "data"
    shutil.copytree(STREAMING / "data", data)
    for folder, lines in BAD_LINES.items():
        part = data / folder / "part-00000"
        good = part.read_text().splitlines()
        # Bad lines between good ones, and a line that is not UTF-8.
        part.write_bytes(("\n".join(good[:1] + lines + good[1:]) + "\n").encode() + b"\xff\xfe\tbroken\n")
    run, _ = run_dag_job(tmp_path / "job", hadoop_classpath, hadoop_conf_dir, data)
    assert run.returncode == 0, run.stderr
    counters = dict(re.findall(r"^counter (\S+)=(\d+)$", run.stderr, re.M))
    clean = dag_run["report"]["counters"]
    assert int(counters["feed_click_mapper.malformed_line"]) == 4 + 1 + 3  # feed, index, the non-UTF-8 lines
    assert int(counters["nid_json_mapper.malformed_json"]) == 1
    assert int(counters["nid_json_mapper.malformed_record"]) == 3
    assert "nid_json_mapper.malformed_json" not in clean
    # Every good record still arrives, in the same files.
    assert output_files(tmp_path / "job" / "output") == output_files(dag_run["output"])


def test_failing_task_fails_the_job(tmp_path, hadoop_classpath, hadoop_conf_dir):
    """The runner is not lenient: a task that crashes fails the job, so the test above means something."""
    import tarfile

    staging = tmp_path / "bin"
    staging.mkdir()
    (staging / "python3").write_text("#!/bin/sh\necho boom >&2\nexit 3\n")
    (staging / "python3").chmod(0o755)
    archive = tmp_path / "crashing-python.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(staging, arcname="bin")
    run, _ = run_dag_job(
        tmp_path / "job", hadoop_classpath, hadoop_conf_dir, STREAMING / "data", {"HADOOP_PYTHON_ARCHIVE": str(archive)}
    )
    assert run.returncode == 1
    assert "exited 3" in run.stderr and "boom" in run.stderr and "Streaming Command Failed!" in run.stderr


def test_user_hash(tmp_path):
    """user_hash.py's bucket is MurmurHash3 x86_32 (reference vector) and the page's command prints it."""
    import mmh3

    assert mmh3.hash("hello", 0, signed=False) == 613153351  # MurmurHash3_x86_32("hello", seed 0)
    command = (STREAMING / "src" / "user-hash.sh").read_text().splitlines()[1]
    command = (
        command.replace("python ", f"{sys.executable} ", 1).replace("USER_ID", "cuid_001").replace("LAYER", "feed_rank")
    )
    run = subprocess.run(command.split(), cwd=STREAMING / "src", capture_output=True, text=True, check=True)
    shown = command.replace(sys.executable, "python")
    expect_file(STREAMING / "src" / "user-hash.out", f"$ {shown}\n{run.stdout}")
