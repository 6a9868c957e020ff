"""tests/scheduling.py shares the files as it says: files of any group first, to whichever worker asks; the
engines' files only to gw0 and the site's only to gw1; the verification file to gw1 once every other test is
done; a worker with nothing left for it is shut down."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from tests import scheduling

FILES = {
    "tests/test_a.py": scheduling.ANY,
    "tests/test_b.py": scheduling.ANY,
    "tests/tools/test_engine.py": scheduling.ENGINES,
    "tests/test_site.py": scheduling.SITE,
    "tests/test_verification.py": scheduling.LAST,
}
# The engines' file is the longest: its worker is still busy when the other has run everything else.
COLLECTION = [f"{path}::test_{n}" for path in FILES for n in range(6 if "engine" in path else 2)]


class Worker:
    def __init__(self, name: str):
        self.gateway = SimpleNamespace(id=name)
        self.shutting_down = False
        self.queue: list[str] = []

    def send_runtest_some(self, indices):
        self.queue += [COLLECTION[i] for i in indices]

    def shutdown(self):
        self.shutting_down = True


@pytest.fixture
def run(tmp_path, monkeypatch):
    groups = tmp_path / "groups.json"
    monkeypatch.setenv(scheduling.GROUPS_VARIABLE, str(groups))
    scheduling.write_groups(FILES)
    assert json.loads(groups.read_text(encoding="utf-8")) == FILES
    config = SimpleNamespace(getvalue=lambda name: ["2*popen"], option=SimpleNamespace(loadscopereorder=False))
    sched = scheduling.WikiScheduling(config)
    workers = [Worker("gw0"), Worker("gw1")]
    for worker in workers:
        sched.add_node(worker)
        sched.add_node_collection(worker, COLLECTION)
    sched.schedule()
    return sched, workers


def _run_all(sched, workers) -> list[tuple[str, str]]:
    """Each worker runs what it was sent, one test at a time, in turns; (worker, test) in the order they ran."""
    ran = []
    while any(worker.queue for worker in workers):
        for worker in workers:
            if worker.queue:
                test = worker.queue.pop(0)
                ran.append((worker.gateway.id, test))
                sched.mark_test_complete(worker, COLLECTION.index(test))
    return ran


def test_every_file_runs_whole_on_the_worker_its_group_names(run):
    sched, workers = run
    ran = _run_all(sched, workers)
    assert sorted(test for _, test in ran) == sorted(COLLECTION)
    where = {test.split("::")[0]: worker for worker, test in ran}
    assert where["tests/tools/test_engine.py"] == "gw0"
    assert where["tests/test_site.py"] == where["tests/test_verification.py"] == "gw1"
    assert all(worker.shutting_down for worker in workers)
    assert sched.tests_finished


def test_files_of_any_group_go_first(run):
    sched, workers = run
    first = {worker.gateway.id: worker.queue[0].split("::")[0] for worker in workers}
    assert set(first.values()) == {"tests/test_a.py", "tests/test_b.py"}


def test_the_verification_file_waits_for_every_other_test(run):
    sched, workers = run
    ran = [test for _, test in _run_all(sched, workers)]
    last = [n for n, test in enumerate(ran) if test.startswith("tests/test_verification.py")]
    assert min(last) == len(ran) - 2, ran
