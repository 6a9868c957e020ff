"""What verified each snippet is data (snippets/<section>/verification.json): the records this run made equal
the checked-in ones, and every snippet a page shows was run, or checked by a named tool, in this run.

tests/conftest.py runs this module after every other test, so the records are complete.
"""

from __future__ import annotations

import json

import pytest

from tests.helpers import REGEN, SNIPPETS, section_of, session_records

RECORD_FILE = "verification.json"


def _fresh() -> dict[str, dict[str, dict]]:
    sections: dict[str, dict[str, dict]] = {}
    for key, record in sorted(session_records().items()):
        plain = {field: sorted(value) if isinstance(value, set) else value for field, value in record.items()}
        sections.setdefault(section_of(key), {})[key] = plain
    return sections


def _checked_in() -> dict[str, dict[str, dict]]:
    return {
        path.parent.relative_to(SNIPPETS).as_posix(): json.loads(path.read_text(encoding="utf-8"))
        for path in SNIPPETS.rglob(RECORD_FILE)
    }


def _write(section: str, records: dict) -> None:
    path = SNIPPETS / section / RECORD_FILE
    if records:
        path.write_text(json.dumps(records, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    else:
        path.unlink(missing_ok=True)


def _merge(theirs: dict, mine: dict) -> dict:
    """A partial run knows only some of a snippet's checks: it adds to the checked-in record, field by field."""
    merged = dict(theirs)
    for field, value in mine.items():
        if isinstance(value, list):
            merged[field] = sorted(set(theirs.get(field, [])) | set(value))
        else:
            merged[field] = value
    return merged


def _partial_disagrees(theirs: dict | None, mine: dict) -> bool:
    """In a partial run, a record disagrees when this run saw something the checked-in record lacks."""
    return theirs is None or _merge(theirs, mine) != theirs


def test_records_match_the_checked_in_data(request):
    full = request.config.wiki_full_run
    fresh, old = _fresh(), _checked_in()
    problems = []
    for section in sorted(set(fresh) | set(old)):
        mine, theirs = fresh.get(section, {}), old.get(section, {})
        if REGEN:
            _write(section, mine if full else theirs | {k: _merge(theirs.get(k, {}), v) for k, v in mine.items()})
            continue
        for key, record in mine.items():
            if (theirs.get(key) != record) if full else _partial_disagrees(theirs.get(key), record):
                problems.append(f"{key}: checked in {theirs.get(key)}, this run {record}")
        if full:
            problems += [f"{key}: checked in, but no test ran or checked it" for key in sorted(theirs.keys() - mine)]
    assert not problems, (
        "snippets/*/verification.json disagrees with this run (`make regen` rewrites it; review the diff):\n"
        + "\n".join(problems)
    )


def test_every_snippet_on_a_page_is_accounted_for(request, site):
    if not request.config.wiki_full_run:
        pytest.skip("a partial run cannot know that every snippet was run: `make test` checks this")
    published = json.loads((site / RECORD_FILE).read_text(encoding="utf-8"))["snippets"]
    problems, records = [], session_records()
    for key, entry in sorted(published.items()):
        record = records.get(key, {})
        where = ", ".join(f"{page['page']} (line {page['line']})" for page in entry["pages"])
        if any(page["output"] for page in entry["pages"]):
            if not record.get("output_of"):
                problems.append(f"{key}: shown as output on {where}, but no run in this session produced it")
        elif not (record.get("ran_on") or record.get("checked_by")):
            problems.append(f"{key}: shown on {where}, but no test ran it or checked it with a named tool")
    assert not problems, "\n".join(problems)


def test_the_site_publishes_the_checked_in_records(site):
    published = json.loads((site / RECORD_FILE).read_text(encoding="utf-8"))["snippets"]
    records = {key: value for section in _checked_in().values() for key, value in section.items()}
    stale = [key for key, entry in published.items() if entry["record"] != records.get(key)]
    assert not stale, f"the built site's {RECORD_FILE} is not the checked-in data for: {stale}"


def test_a_partial_run_adds_to_a_record_field_by_field():
    """Running one engine's test must not drop what another engine's test recorded for the same snippet."""
    theirs = {"checked_by": ["Hive 2.3.10 parser"], "ran_on": ["Spark SQL 4.3.0"]}
    assert _merge(theirs, {"ran_on": ["DuckDB 2.0.0"]}) == {
        "checked_by": ["Hive 2.3.10 parser"],
        "ran_on": ["DuckDB 2.0.0", "Spark SQL 4.3.0"],
    }
    assert not _partial_disagrees(theirs, {"ran_on": ["Spark SQL 4.3.0"]})
    assert _partial_disagrees(theirs, {"ran_on": ["Spark SQL 9.9.9"]})
    assert _partial_disagrees(None, {"ran_on": ["Spark SQL 4.3.0"]})
