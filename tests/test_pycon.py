"""Every Python session transcript (``*.pycon``) a page shows runs as a doctest, from the repository root."""

from __future__ import annotations

import doctest
import os
import platform

import pytest

from tests.helpers import ROOT, SNIPPETS, record_run

TRANSCRIPTS = sorted(SNIPPETS.rglob("*.pycon"))


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.relative_to(SNIPPETS).as_posix())
def test_transcript_runs_as_shown(path, monkeypatch):
    monkeypatch.chdir(ROOT)  # transcripts are typed at the repository root
    text = path.read_text(encoding="utf-8")
    test = doctest.DocTestParser().get_doctest(text, {}, path.name, str(path), 0)
    assert test.examples, f"{path} has no >>> examples"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    out: list[str] = []
    runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)
    record_run(path, f"Python {platform.python_version()} (doctest)")


def test_there_are_transcripts_to_run():
    assert TRANSCRIPTS, f"no .pycon under {os.path.relpath(SNIPPETS)}"
