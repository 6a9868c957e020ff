"""The local streaming runner's own parsing of a job's command line (the one place the DAG options are read)."""

from __future__ import annotations

import pytest

from tests.tools.hadoop.streaming_runner import JobError, dag_of, parse_args

STREAMING = ["-input", "in/*", "-output", "out"]
BASE = ["streaming", *STREAMING]


def job(*options: str) -> dict:
    """A command line with these -D options, placed before the streaming options as Hadoop requires."""
    args = ["streaming"]
    for option in options:
        args += ["-D", option]
    return parse_args(args + STREAMING)


def test_four_vertices_as_the_team_job():
    conf = job(
        "abaci.dag.vertex.num=4",
        "abaci.dag.next.vertex.list.0=1",
        "abaci.dag.next.vertex.list.1=2",
        "abaci.dag.next.vertex.list.3=2",
        "stream.map.streamprocessor.0=m0",
        "stream.reduce.streamprocessor.1=r1",
        "stream.reduce.streamprocessor.2=r2",
        "stream.map.streamprocessor.3=m3",
    )["conf"]
    dag = dag_of(conf)
    assert dag["edges"] == {0: [1], 1: [2], 2: [], 3: [2]}
    assert dag["kinds"] == {0: "map", 1: "reduce", 2: "reduce", 3: "map"}
    assert dag["sink"] == 2 and dag["preds"][2] == [1, 3]
    assert dag["order"].index(3) < dag["order"].index(2) and dag["order"].index(1) < dag["order"].index(2)


def test_options_keep_their_order_and_values():
    parsed = parse_args(["streaming", "-D", "a=b=c", *STREAMING, "-file", "x.py", "-file", "y.py", "-input", "more/*"])
    assert parsed["conf"]["a"] == "b=c"
    assert parsed["files"] == ["x.py", "y.py"] and parsed["inputs"] == ["in/*", "more/*"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["abaci.dag.vertex.num=2", "abaci.dag.next.vertex.list.0=5"], "outside 0..1"),
        (["abaci.dag.vertex.num=1"], "exactly one of"),
        (["abaci.dag.vertex.num=1", "stream.reduce.streamprocessor.0=r"], "nothing feeds"),
    ],
)
def test_bad_dags_are_refused(options, message):
    with pytest.raises(JobError, match=message):
        dag_of(job(*options)["conf"])


def test_bad_command_lines_are_refused():
    with pytest.raises(JobError, match="unknown or incomplete"):
        parse_args([*BASE, "-bogus", "x"])
    with pytest.raises(JobError, match="key=value"):
        parse_args(["streaming", "-D", "novalue", *STREAMING])
    with pytest.raises(JobError, match="required"):
        parse_args(["streaming", "-input", "x"])


def test_generic_options_after_a_streaming_option_are_refused():
    """As Hadoop: GenericOptionsParser stops at the first streaming option, and StreamJob's parser has no -D."""
    parsed = parse_args(["streaming", "-D", "a=b", "-D", "c=d", "-partitioner", "P", *STREAMING])
    assert parsed["conf"] == {"a": "b", "c": "d", "mapred.partitioner.class": "P"}
    with pytest.raises(JobError, match="Unrecognized option: -D"):
        parse_args(["streaming", "-D", "a=b", "-partitioner", "P", "-D", "c=d", *STREAMING])
    with pytest.raises(JobError, match="Unrecognized option: -conf"):
        parse_args([*BASE, "-conf", "site.xml"])


def test_deprecated_options_warn_once_each():
    parsed = parse_args([*BASE, "-file", "x.py", "-file", "y.py", "-cacheArchive", "env.tgz#python"])
    assert parsed["warnings"] == [
        "-file option is deprecated, please use generic option -files instead.",
        "-cacheArchive option is deprecated, please use -archives instead.",
    ]
    assert parse_args(BASE)["warnings"] == []
