"""Fuzzing the readers and the import: any bytes give a clear refusal or a valid import, never a crash,
and never a partial write (a refused import leaves the file as it was; an import undoes exactly)."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator

import hypothesis.strategies as st
import pytest
from _support import FIXED_TODAY, dump
from hypothesis import HealthCheck, given, settings

from cockpit.errors import CockpitError
from cockpit.importers import FORMATS, ImportResult, UnreadableFile, read_backlog
from cockpit.model import ItemKind, Status
from cockpit.services import core
from cockpit.services.importing import import_backlog

# Bounded so the core suite stays fast; IMPORT_FUZZ_EXAMPLES=2000 for a longer hunt.
FUZZ = settings(max_examples=int(os.environ.get("IMPORT_FUZZ_EXAMPLES", "100")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
COLUMNS = ("Summary", "Issue key", "Issue Type", "Status", "Assignee", "Labels", "Labels", "Sprint", "Sprint",
           "Description", "Custom field (Story Points)", "Original Estimate", "ID", "Title", "Team", "Estimate",
           "Name", "Owner", "Days", "Tags", "")
CELL = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30) | st.sampled_from(
    ["Bug", "Story", "Done", "In Progress", "Backend Team", "TBD", "Zoë Brandt", "3", "-1", "1e999", "nan", "2,5",
     "billing", "a,b;c", '"', "\r\n", "\x00", "x" * 300])


@pytest.fixture(scope="module")
def fuzz_plan(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    from cockpit.example import create_example

    path = tmp_path_factory.mktemp("fuzz") / "fuzz.cockpit"
    plan = create_example(path, today=FIXED_TODAY, history=False)
    try:
        yield plan
    finally:
        plan.close()


def check_read(data: bytes, **options) -> ImportResult | None:
    """Reading gives a result whose rows are well-formed, or a readable refusal."""
    try:
        result = read_backlog(data, **options)
    except UnreadableFile as exc:
        assert str(exc) and "Traceback" not in str(exc)
        return None
    assert result.format in FORMATS
    for row in result.rows:
        assert isinstance(row.title, str) and len(row.title) <= 200 and "\x00" not in row.title
        assert "\x00" not in row.description and len(row.description) <= 20_000
        assert row.kind is None or row.kind in {k.value for k in ItemKind}
        assert row.status is None or row.status in {s.value for s in Status}
        for value in (row.estimate_points, row.estimate_days):
            assert value is None or (value >= 0 and value == value and value != float("inf"))
        assert row.line >= 0 and row.number >= 1
    return result


def check_import(plan, result: ImportResult | None) -> None:
    """Importing either refuses and leaves every row as it was, or imports and undoes exactly."""
    if result is None:
        return
    release_id = plan.live_release_id()
    before = dump(plan)
    try:
        changes = import_backlog(plan, release_id, result.rows, points_per_day=0.5)
    except CockpitError:
        assert dump(plan) == before
        return
    created = [r for r in changes.rows if r.table == "scope_item" and r.before is None]
    assert len(created) == changes.result.count("create")
    core.undo(plan, changes)
    assert dump(plan) == before


@FUZZ
@given(data=st.binary(max_size=600))
def test_any_bytes(fuzz_plan, data: bytes):
    check_import(fuzz_plan, check_read(data))


@FUZZ
@given(header=st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=8),
       body=st.lists(st.lists(CELL, max_size=9), max_size=6),
       delimiter=st.sampled_from([",", ";", "\t"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
       fmt=st.sampled_from([None, None, "jira", "linear", "csv", "github"]))
def test_csv_shaped_files(fuzz_plan, header, body, delimiter, encoding, fmt):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(body)
    data = out.getvalue().encode(encoding, errors="replace")
    check_import(fuzz_plan, check_read(data, format=fmt))


JSON_SCALAR = st.none() | st.booleans() | st.integers(-5, 10**20) | st.floats(allow_nan=False) | CELL
JSON_ANY = st.recursive(JSON_SCALAR, lambda inner: st.lists(inner, max_size=3)
                        | st.dictionaries(st.sampled_from(["name", "id", "title"]), inner, max_size=3), max_leaves=8)
ISSUE = st.fixed_dictionaries({"title": JSON_ANY | CELL}, optional={
    "number": JSON_ANY, "body": JSON_ANY, "state": st.sampled_from(["OPEN", "CLOSED", "open"]) | JSON_ANY,
    "labels": st.lists(st.fixed_dictionaries({"name": CELL}) | JSON_ANY, max_size=3) | JSON_ANY,
    "assignees": st.lists(st.fixed_dictionaries({"login": CELL}, optional={"name": CELL}) | JSON_ANY, max_size=3),
    "url": st.just("https://github.com/o/r/issues/1") | JSON_ANY, "assignee": JSON_ANY})
CARD = st.fixed_dictionaries({"id": CELL | JSON_ANY, "name": CELL | JSON_ANY}, optional={
    "idList": st.just("L1") | JSON_ANY, "closed": JSON_ANY, "desc": JSON_ANY, "shortLink": JSON_ANY,
    "labels": st.lists(st.fixed_dictionaries({"name": CELL}) | JSON_ANY, max_size=2) | JSON_ANY,
    "idMembers": st.lists(st.just("M1") | JSON_ANY, max_size=2) | JSON_ANY, "dueComplete": JSON_ANY})
BOARD = st.fixed_dictionaries({
    "cards": st.lists(CARD | JSON_ANY, max_size=5),
    "lists": st.lists(st.fixed_dictionaries({"id": st.just("L1"), "name": CELL}) | JSON_ANY, max_size=2)},
    optional={"members": st.lists(st.fixed_dictionaries({"id": st.just("M1"), "fullName": CELL}) | JSON_ANY,
                                  max_size=2) | JSON_ANY})


@FUZZ
@given(doc=st.lists(ISSUE | JSON_ANY, min_size=1, max_size=6) | BOARD | JSON_ANY, indent=st.sampled_from([None, 2]),
       fmt=st.sampled_from([None, None, "github", "trello"]))
def test_json_shaped_files(fuzz_plan, doc, indent, fmt):
    data = json.dumps(doc, indent=indent, ensure_ascii=False).encode()
    check_import(fuzz_plan, check_read(data, format=fmt))
