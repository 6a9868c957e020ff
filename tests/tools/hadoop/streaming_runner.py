"""`hadoop streaming` for the tests: a local run of a streaming DAG job, from the job's own command line.

The test puts this behind `$HADOOP_ROOT_HMP/bin/hadoop`, so the documented script runs unchanged and
its options reach this runner exactly as bash expanded them. What the cluster's framework does is
done here as follows:

* mappers and reducers are the job's commands, run as subprocesses in a task folder holding the
  `-file` files and the `-cacheArchive` link, with the job's options in the environment
  (dots → underscores, as streaming exports them) and `mapreduce_map_input_file` for a map task;
* the shuffle (partitioner, sort comparator, number of reducers) and the output (output format,
  compression, committer) are Hadoop's own classes, in one JVM per step (StreamShuffle.java);
* the DAG: vertices 0..abaci.dag.vertex.num-1, edges from abaci.dag.next.vertex.list.N, a vertex's
  command from stream.{map,reduce}.streamprocessor.N. A vertex without predecessors is a map vertex
  and reads every -input (its mapper keeps the records it knows); a reduce vertex receives the
  outputs of its predecessors, shuffled; the vertex without successors writes -output.
* `reporter:counter:GROUP,NAME,AMOUNT` lines on a task's stderr are summed into the job's counters.
* the command line as Hadoop parses it: generic options (-conf, -D) first, read by GenericOptionsParser,
  which stops at the first other option; what follows is StreamJob's, whose parser knows no -D, so a
  generic option after a streaming option fails the command ("Unrecognized option"). -file and
  -cacheArchive print StreamJob's deprecation warnings, once each (the text of
  hadoop-tools/hadoop-streaming/src/main/java/org/apache/hadoop/streaming/StreamJob.java, parseArgv).

Reducers run for the non-empty partitions only (an empty one writes nothing either way).
A task that exits non-zero fails the job (exit 1), as on a cluster. STREAMING_REPORT, when set,
names a JSON file that receives the counters, the vertex order and which inputs fed each vertex.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from graphlib import TopologicalSorter
from pathlib import Path

COUNTER = re.compile(r"^reporter:counter:([^,]+),([^,]+),(-?\d+)$")
GENERIC_OPTIONS = {"-conf", "-D"}
VALUE_OPTIONS = {
    *GENERIC_OPTIONS,
    "-partitioner",
    "-file",
    "-cacheArchive",
    "-outputformat",
    "-mapper",
    "-reducer",
    "-input",
    "-output",
    "-combiner",
    "-inputformat",
}


class JobError(Exception):
    pass


def parse_args(argv: list[str]) -> dict:
    """The streaming command line: generic options (-conf, -D) and streaming options, repeated ones in order."""
    if not argv or argv[0] != "streaming":
        raise JobError(f"this runner only runs `hadoop streaming`, not {argv[:1]}")
    job = {"conf": {}, "files": [], "archives": [], "inputs": []}
    args = argv[1:]
    i = 0
    streaming_seen = False
    while i < len(args):
        option = args[i]
        if option in GENERIC_OPTIONS and streaming_seen:
            raise JobError(f"Unrecognized option: {option} (generic options go before the streaming options)")
        streaming_seen = streaming_seen or option not in GENERIC_OPTIONS
        if option not in VALUE_OPTIONS or i + 1 >= len(args):
            raise JobError(f"unknown or incomplete option: {option}")
        value = args[i + 1]
        i += 2
        if option == "-D":
            key, sep, val = value.partition("=")
            if not sep:
                raise JobError(f"-D needs key=value: {value}")
            job["conf"][key] = val
        elif option == "-conf":
            for prop in ET.parse(value).getroot().iter("property"):
                job["conf"].setdefault(prop.findtext("name"), prop.findtext("value"))
        elif option == "-partitioner":
            job["conf"]["mapred.partitioner.class"] = value
        elif option == "-outputformat":
            job["conf"]["mapred.output.format.class"] = value
        elif option == "-file":
            job["files"].append(value)
        elif option == "-cacheArchive":
            job["archives"].append(value)
        elif option == "-input":
            job["inputs"].append(value)
        else:
            job[option[1:]] = value
    if "output" not in job or not job["inputs"]:
        raise JobError("-input and -output are required")
    job["warnings"] = [warning for option, warning in DEPRECATED.items() if job[option]]
    return job


# StreamJob.parseArgv's warnings, in its order, once per option however often it is given.
DEPRECATED = {
    "files": "-file option is deprecated, please use generic option -files instead.",
    "archives": "-cacheArchive option is deprecated, please use -archives instead.",
}


def dag_of(conf: dict) -> dict:
    """Vertices, edges and commands from the abaci.dag.* and stream.*.streamprocessor.* options."""
    count = int(conf.get("abaci.dag.vertex.num", "0"))
    edges = {
        v: [int(n) for n in conf.get(f"abaci.dag.next.vertex.list.{v}", "").split(",") if n.strip()]
        for v in range(count)
    }
    for v, successors in edges.items():
        for n in successors:
            if not 0 <= n < count:
                raise JobError(f"abaci.dag.next.vertex.list.{v} names vertex {n}, outside 0..{count - 1}")
    preds = {v: [u for u in range(count) if v in edges[u]] for v in range(count)}
    kinds, commands = {}, {}
    for v in range(count):
        mapper = conf.get(f"stream.map.streamprocessor.{v}")
        reducer = conf.get(f"stream.reduce.streamprocessor.{v}")
        if (mapper is None) == (reducer is None):
            raise JobError(f"vertex {v} needs exactly one of stream.map/reduce.streamprocessor.{v}")
        kinds[v], commands[v] = ("map", mapper) if mapper is not None else ("reduce", reducer)
        if kinds[v] == "map" and preds[v]:
            raise JobError(f"vertex {v} is a map vertex but receives from {preds[v]}")
        if kinds[v] == "reduce" and not preds[v]:
            raise JobError(f"vertex {v} is a reduce vertex that nothing feeds")
    order = list(TopologicalSorter({v: preds[v] for v in range(count)}).static_order())
    sinks = [v for v in range(count) if not edges[v]]
    if len(sinks) != 1:
        raise JobError(f"expected one vertex without successors (it writes -output), found {sinks}")
    return {"edges": edges, "preds": preds, "kinds": kinds, "commands": commands, "order": order, "sink": sinks[0]}


class Job:
    def __init__(self, job: dict, work: Path, classpath: str):
        self.job, self.conf, self.work, self.classpath = job, job["conf"], work, classpath
        self.counters: Counter = Counter()
        self.fed_by: dict[int, set[str]] = defaultdict(set)
        self.log: list[str] = []
        if (
            self.conf.get("stream.map.output.field.separator", "\t") != "\t"
            or self.conf.get("stream.num.map.output.key.fields", "1") != "1"
        ):
            raise JobError("this runner supports a streaming key of one tab-separated field only")

    # -- task folders ------------------------------------------------------------------------
    def prepare_cache(self) -> Path:
        cache = self.work / "cache"
        cache.mkdir(parents=True)
        for f in self.job["files"]:
            if not Path(f).is_file():
                raise JobError(f"-file {f}: no such file")
            shutil.copy(f, cache / Path(f).name)
        for spec in self.job["archives"]:
            archive, _, link = spec.partition("#")
            link = link or Path(archive).name
            target = self.work / "archives" / link
            target.mkdir(parents=True)
            with tarfile.open(archive) as tar:
                tar.extractall(target, filter="tar")
            (cache / link).symlink_to(target)
        return cache

    def task_dir(self, name: str) -> Path:
        folder = self.work / "tasks" / name
        shutil.copytree(self.cache, folder, symlinks=True)
        return folder

    def env(self, extra: dict) -> dict:
        env = dict(os.environ)
        for key, value in {**self.conf, **extra}.items():
            env[re.sub(r"[^A-Za-z0-9]", "_", key)] = value
        return env

    def run_task(self, name: str, command: str, stdin: Path, stdout: Path, extra: dict) -> None:
        folder = self.task_dir(name)
        with open(stdin, "rb") as fin, open(stdout, "wb") as fout:
            run = subprocess.run(
                shlex.split(command), cwd=folder, stdin=fin, stdout=fout, stderr=subprocess.PIPE, env=self.env(extra)
            )
        other = []
        for line in run.stderr.decode("utf-8", "replace").splitlines():
            match = COUNTER.match(line)
            if match:
                self.counters[f"{match.group(1)}.{match.group(2)}"] += int(match.group(3))
            elif not line.startswith("reporter:status:"):
                other.append(line)
        if run.returncode != 0:
            raise JobError(f"task {name} ({command}) exited {run.returncode}:\n" + "\n".join(other[-20:]))

    # -- the framework's parts ----------------------------------------------------------------
    def java(self, *args: str) -> str:
        props = self.work / "job.properties"
        run = subprocess.run(
            ["java", "-XX:TieredStopAtLevel=1", "-cp", self.classpath, "StreamShuffle", args[0], str(props), *args[1:]],
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            raise JobError(f"StreamShuffle {args[0]} failed:\n{run.stderr[-3000:]}")
        self.log.append(run.stdout.strip())
        return run.stdout

    def write_props(self) -> None:
        lines = []
        for key, value in self.conf.items():
            esc = lambda s: s.replace("\\", "\\\\").replace("\n", "\\n").replace("=", "\\=").replace(":", "\\:")  # noqa: E731
            lines.append(f"{esc(key)}={esc(value)}")
        (self.work / "job.properties").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def inputs(self) -> list[Path]:
        files = []
        for pattern in self.job["inputs"]:
            matched = sorted(p for p in glob.glob(pattern) if Path(p).is_file())
            if not matched:
                raise JobError(f"Input Pattern {pattern} matches 0 files")
            files += [Path(p) for p in matched]
        return files

    def run(self) -> dict:
        dag = dag_of(self.conf)
        output = Path(self.job["output"])
        if output.exists():
            raise JobError(f"Output directory {output} already exists")
        self.work.mkdir(parents=True, exist_ok=True)
        self.cache = self.prepare_cache()
        self.write_props()
        results: dict[int, list[Path]] = {}
        threads = ThreadPoolExecutor(max_workers=8)
        for v in dag["order"]:
            out_dir = self.work / f"vertex-{v}"
            out_dir.mkdir()
            if dag["kinds"][v] == "map":
                tasks = []
                for n, path in enumerate(self.inputs()):
                    out = out_dir / f"map-{n:05d}"
                    extra = {
                        "mapreduce.map.input.file": str(path),
                        "map.input.file": str(path),
                        "mapreduce.task.partition": str(n),
                    }
                    tasks.append(
                        (
                            path,
                            out,
                            threads.submit(self.run_task, f"v{v}-m{n:05d}", dag["commands"][v], path, out, extra),
                        )
                    )
                for path, out, future in tasks:
                    future.result()
                    if out.stat().st_size:
                        self.fed_by[v].add(str(path))
                results[v] = [out for _, out, _ in tasks]
            else:
                shuffled = self.work / f"shuffle-{v}"
                sources = [p for u in dag["preds"][v] for p in results[u]]
                self.java("shuffle", str(shuffled), *map(str, sources))
                tasks = []
                for part in sorted(shuffled.iterdir()):
                    out = out_dir / part.name
                    extra = {"mapreduce.task.partition": str(int(part.name.split("-")[1]))}
                    tasks.append(
                        (
                            out,
                            threads.submit(
                                self.run_task, f"v{v}-r{part.name[5:]}", dag["commands"][v], part, out, extra
                            ),
                        )
                    )
                for _, future in tasks:
                    future.result()
                results[v] = [out for out, _ in tasks]
        threads.shutdown()
        sink = dag["sink"]
        if dag["kinds"][sink] == "map":
            raise JobError("a map-only DAG is not supported by this runner")
        self.java("output", str(output), *[f"{p.name}={p}" for p in results[sink]])
        return {
            "conf": self.conf,
            "files": [str(Path(f).resolve()) for f in self.job["files"]],
            "order": dag["order"],
            "edges": {str(k): v for k, v in dag["edges"].items()},
            "kinds": {str(k): v for k, v in dag["kinds"].items()},
            "sink": sink,
            "inputs_read_by": {str(v): sorted(paths) for v, paths in self.fed_by.items()},
            "counters": dict(sorted(self.counters.items())),
            "hadoop": self.log,
        }


def main(argv: list[str]) -> int:
    try:
        job = parse_args(argv)
        for warning in job["warnings"]:
            sys.stderr.write(f"WARN streaming.StreamJob: {warning}\n")
        work = Path(os.environ.get("STREAMING_WORK") or Path(job["output"]).parent / "_streaming_work")
        report = Job(job, work, os.environ["HADOOP_TEST_CLASSPATH"]).run()
    except JobError as error:
        sys.stderr.write(f"ERROR streaming.StreamJob: {error}\nStreaming Command Failed!\n")
        return 1
    for name, amount in report["counters"].items():
        sys.stderr.write(f"counter {name}={amount}\n")
    sys.stderr.write(f"INFO streaming.StreamJob: Output directory: {job['output']}\n")
    if os.environ.get("STREAMING_REPORT"):
        Path(os.environ["STREAMING_REPORT"]).write_text(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
