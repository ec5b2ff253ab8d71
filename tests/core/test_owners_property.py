"""Property: no sequence of ownership operations leaves a task with two owners or a role with two names.

Random runs of set_owner (items and tasks, by id or by name, team labels included), add/rename/remove
person (with and without an heir), assign/unassign role, and undo of the latest step, each from a fresh
copy of the example plan. After every step the file itself is checked:

* every single role has at most one row per release (verifiers may be several, never the same person twice);
* every owner, runner, remover, action owner and role holder is an existing person;
* every open row appears once in the matrix with at most one owner, and each person's load is the sum of
  the estimates of the rows they own;
* a refused call wrote nothing (not even a change-log row).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import hypothesis.strategies as st
from _support import dump
from hypothesis import HealthCheck, given, settings

from cockpit.errors import CockpitError
from cockpit.model import Role
from cockpit.reader import read_live
from cockpit.reports.owners import ownership
from cockpit.rules.ownership import SINGLE_ROLES
from cockpit.rules.work import unowned_work
from cockpit.services import people
from cockpit.services.core import Changes, undo
from cockpit.services.ownership import set_owner
from cockpit.store import open_plan

TODAY = dt.date(2026, 11, 18)
LABELS = ["QA", "backend team", "TBD", "?", "mobile"]
PERSON = st.one_of(st.integers(1, 9), st.sampled_from(["Maya Chen", "tom okafor", "Nobody Here", *LABELS]))
NAMES = st.sampled_from(["Nora Holm", "Ravi Iyer", "Ana Ruiz", "Q. Li", *LABELS])
OPS = st.one_of(
    st.tuples(st.just("own"), st.sampled_from(["item", "task"]), st.integers(1, 17), st.one_of(st.none(), PERSON)),
    st.tuples(st.just("add"), NAMES, st.sampled_from([0, 2.5, 5])),
    st.tuples(st.just("rename"), st.integers(1, 9), NAMES),
    st.tuples(st.just("remove"), st.integers(1, 9), st.one_of(st.none(), PERSON)),
    st.tuples(st.just("role"), st.sampled_from([r.value for r in Role]), PERSON),
    st.tuples(st.just("unrole"), st.sampled_from([r.value for r in Role]), st.one_of(st.none(), st.integers(1, 9))),
    st.tuples(st.just("undo")),
)


def _call(plan, release_id: int, op: tuple) -> Changes:
    match op:
        case ("own", kind, row_id, who):
            return set_owner(plan, kind, row_id, who)
        case ("add", name, days):
            return people.add_person(plan, name, days)
        case ("rename", person_id, name):
            return people.rename_person(plan, person_id, name)
        case ("remove", person_id, heir):
            return people.remove_person(plan, person_id, heir)
        case ("role", role, who):
            return people.assign_role(plan, release_id, role, who)
        case ("unrole", role, who):
            return people.unassign_role(plan, release_id, role, who)
    raise AssertionError(op)


def check_invariants(plan, release_id: int) -> None:
    raw = plan.raw
    for role in SINGLE_ROLES:
        holders = raw.execute("SELECT count(*) FROM role_assignment WHERE release_id=? AND role=?",
                              (release_id, role)).fetchone()[0]
        assert holders <= 1, f"{role} has {holders} names"
    assert raw.execute("SELECT role, person_id, count(*) FROM role_assignment GROUP BY release_id, role, person_id "
                       "HAVING count(*) > 1").fetchall() == []
    people_ids = {row[0] for row in raw.execute("SELECT id FROM person")}
    for table, column in (("scope_item", "owner_id"), ("release_task", "owner_id"), ("runbook_step", "runner_id"),
                          ("blocker", "remover_id"), ("retro_entry", "action_owner_id"),
                          ("role_assignment", "person_id")):
        refs = {row[0] for row in raw.execute(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL")}
        assert refs <= people_ids, f"{table}.{column} points at someone gone: {refs - people_ids}"
    assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    cycle = read_live(plan, release_id)
    report = ownership(cycle, TODAY)
    assert [row.key for row in report.unowned()] == [(p.kind, p.id) for p in unowned_work(cycle)]
    keys = [row.key for row in report.rows]
    assert len(keys) == len(set(keys)), "a row appears twice in the matrix"
    for kind, table in (("item", "scope_item"), ("task", "release_task")):
        stored = dict(raw.execute(f"SELECT id, owner_id FROM {table}").fetchall())
        for row in report.rows:
            if row.kind == kind:
                assert row.owner_id == stored[row.id]
    for person in report.people:
        owned = sum(row.estimate for row in report.rows if row.owner_id == person.id)
        assert abs(person.assigned - owned) < 1e-6


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=st.lists(OPS, min_size=1, max_size=20))
def test_no_sequence_leaves_two_owners_or_two_names(example_template: Path, ops: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.cockpit"
        shutil.copyfile(example_template, path)
        plan = open_plan(path)
        try:
            release_id = plan.live_release_id()
            done: list[tuple[Changes, dict]] = []
            for op in ops:
                if op == ("undo",):
                    if done:
                        changes, before = done.pop()
                        undo(plan, changes)
                        assert dump(plan) == before
                else:
                    before = dump(plan)
                    try:
                        changes = _call(plan, release_id, op)
                    except CockpitError:
                        assert dump(plan) == before, f"{op} was refused but wrote"
                    else:
                        done.append((changes, before))
                check_invariants(plan, release_id)
        finally:
            plan.close()
