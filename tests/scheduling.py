"""How `make test` shares the test files between its two pytest-xdist workers (``-n 2``).

The slow runs the tests read start in the background (tests/conftest.py): the engines in one worker, the
whole-site builds and the browser sweeps in the other, so that each is started once. A test file goes whole to
one worker, by the group its tests are in:

* ``engines``: a test takes an engine or another run a section's conftest starts early: worker gw0, which starts
  them;
* ``site``: a test reads the gate, the hosted build, the PDF or the browser sweeps: worker gw1, which makes them;
* ``any``: a test needs none of these: whichever worker asks for work first. These go first, while the
  background runs;
* ``last``: tests/test_verification.py, which reads the records every other test made: gw1, once every other test
  of the run is done.

Each worker writes the groups of its collection to one file (``GROUPS_VARIABLE``); the scheduler of the
controller reads it. With one worker (``-n 1``) that worker runs and starts everything.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from xdist.scheduler import LoadScopeScheduling

GROUPS_VARIABLE = "TEAMWIKI_TEST_GROUPS"
ENGINES, SITE, ANY, LAST = "engines", "site", "any", "last"


def owner(group: str, count: int) -> str | None:
    """The worker that runs a group's files (None: any worker)."""
    if group == ANY:
        return None
    if count == 1 or group == ENGINES:
        return "gw0"
    return "gw1"


def owned_groups(worker: str, count: int) -> set[str]:
    """The groups whose files ``worker`` runs, so whose background runs it starts."""
    return {group for group in (ENGINES, SITE, LAST) if owner(group, count) == worker}


def write_groups(groups: dict[str, str]) -> None:
    """Written by each worker after its collection (both write the same); read by the controller's scheduler."""
    path = Path(os.environ[GROUPS_VARIABLE])
    partial = path.with_name(f"{path.name}.{os.getpid()}")
    partial.write_text(json.dumps(groups), encoding="utf-8")
    partial.replace(path)


class WikiScheduling(LoadScopeScheduling):
    """Whole test files to workers, by group (see the module's docstring); in collection order otherwise."""

    def __init__(self, config, log=None):
        super().__init__(config, log)
        self._groups: dict[str, str] | None = None

    def _split_scope(self, nodeid: str) -> str:
        return nodeid.split("::", 1)[0]

    def _group(self, scope: str) -> str:
        if self._groups is None:
            path = Path(os.environ[GROUPS_VARIABLE])
            self._groups = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        return self._groups.get(scope, ANY)

    def _mine(self, node, scope: str) -> bool:
        return owner(self._group(scope), self.numnodes) in (None, node.gateway.id)

    def _next_scope(self, node) -> str | None:
        """The file to send ``node`` now: one of any group first, then one of its own; the last group only when
        nothing else is queued and no other worker has a test left."""
        scopes = list(self.workqueue)
        for scope in scopes:
            if self._group(scope) == ANY:
                return scope
        for scope in scopes:
            if self._group(scope) != LAST and self._mine(node, scope):
                return scope
        others_busy = any(self._pending_of(work) for other, work in self.assigned_work.items() if other is not node)
        if all(self._group(scope) == LAST for scope in scopes) and not others_busy:
            return next((scope for scope in scopes if self._mine(node, scope)), None)
        return None

    def _has_future_work(self, node) -> bool:
        return any(self._mine(node, scope) for scope in self.workqueue)

    def _assign_work_unit(self, node) -> None:
        scope = self._next_scope(node)
        if scope is None:
            return
        work_unit = self.workqueue.pop(scope)
        self.assigned_work.setdefault(node, {})[scope] = work_unit
        collection = self.registered_collections[node]
        node.send_runtest_some([collection.index(nodeid) for nodeid, done in work_unit.items() if not done])

    def _reschedule(self, node) -> None:
        if node.shutting_down:
            return
        if not self._has_future_work(node):
            node.shutdown()  # nothing queued is for this worker: its session ends, its engines stop
            return
        if self._pending_of(self.assigned_work[node]) > 2:  # LoadScopeScheduling's look-ahead
            return
        self._assign_work_unit(node)

    def mark_test_complete(self, node, item_index: int, duration: float = 0) -> None:
        nodeid = self.registered_collections[node][item_index]
        self.assigned_work[node][self._split_scope(nodeid)][nodeid] = True
        for each in self.nodes:  # a worker waiting for the last group starts when the other finishes
            self._reschedule(each)
