"""The site's own workflows (.github/workflows/) and the pipeline page's workflows run third-party
actions only at a full commit SHA, with the release it was taken from in a comment: a tag can be
moved to other code, a SHA cannot.
(The SHAs were read from the actions' own repositories: `git rev-parse 'refs/tags/v4^{commit}'`.)"""

from __future__ import annotations

import re

import pytest

from tests.helpers import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml")) + sorted(
    (ROOT / "snippets" / "cicd" / "pipeline").glob("*.yml")
)
USES = re.compile(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$", re.M)
PINNED = re.compile(r"[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit(path):
    found = USES.findall(path.read_text(encoding="utf-8"))
    assert found, f"{path.name}: no actions found"
    for action, rest in found:
        if action.startswith("./"):
            continue  # this repository's own workflow or action
        assert PINNED.fullmatch(action), f"{path.name}: {action} is not pinned to a full commit SHA"
        assert re.fullmatch(r"\s+# v\d+\.\d+\.\d+", rest), f"{path.name}: {action} needs `# vX.Y.Z` beside it"


def test_a_tag_reference_is_refused():
    assert not PINNED.fullmatch("actions/checkout@v4")
    assert not PINNED.fullmatch("actions/checkout@11d5960")
