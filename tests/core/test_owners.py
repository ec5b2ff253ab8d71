"""Ownership (DOMAIN.md "People and ownership"): set_owner, people refusals, the matrix report, the check-in."""

from __future__ import annotations

import datetime as dt

import pytest
from _support import ANA, LARS, MAYA, PRIYA, TARGET, TOM, count, dump, refused

from cockpit.errors import NotAPerson, NotFound, ValidationError
from cockpit.reader import read_live, read_plan
from cockpit.reports.owners import owned_work
from cockpit.reports.owners import ownership as ownership_of
from cockpit.rules.ownership import capacity_to_target, check_in_questions, spread_problem
from cockpit.rules.work import unowned_work
from cockpit.services import people, scope, timeline
from cockpit.services.core import undo
from cockpit.services.ownership import set_owner
from cockpit.services.review import set_setting

TODAY = dt.date(2026, 11, 18)
UNOWNED_ITEM, UNOWNED_TASK = 6, 4  # "Expired card …", "Payment provider go-live approval"


def ownership(plan, release_id: int, today: dt.date):
    """The Owners report of ``release_id`` from the plan's snapshot."""
    return ownership_of(read_live(plan, release_id), today)


def owner_of(plan, table: str, row_id: int) -> int | None:
    return plan.raw.execute(f"SELECT owner_id FROM {table} WHERE id=?", (row_id,)).fetchone()[0]


@pytest.mark.parametrize(("kind", "table", "row_id"), [("item", "scope_item", UNOWNED_ITEM),
                                                       ("task", "release_task", UNOWNED_TASK)])
def test_set_owner_is_one_logged_undoable_step(plan, kind, table, row_id) -> None:
    before = dump(plan)
    changes = set_owner(plan, kind, row_id, LARS)
    assert owner_of(plan, table, row_id) == LARS
    assert changes.tables == {table, "change_log"}
    assert changes.summary.startswith("Lars Berg owns “")
    assert plan.raw.execute("SELECT area, action FROM change_log ORDER BY id DESC LIMIT 1").fetchone() == (
        "owners", "set owner")
    set_owner(plan, kind, row_id, "priya natarajan")  # a name finds the person
    assert owner_of(plan, table, row_id) == PRIYA
    cleared = set_owner(plan, kind, row_id, None)
    assert owner_of(plan, table, row_id) is None
    assert "has no owner" in cleared.summary
    undo(plan, cleared)
    assert owner_of(plan, table, row_id) == PRIYA
    plan.raw.execute("DELETE FROM change_log WHERE area <> 'undo' AND id > (SELECT max(id) FROM change_log WHERE "
                     "area <> 'undo') - 2")
    plan.raw.execute(f"UPDATE {table} SET owner_id=NULL WHERE id=?", (row_id,))
    assert dump(plan) == before


def test_set_owner_refusals_write_nothing(plan) -> None:
    refused(plan, NotAPerson, "team or a placeholder", lambda: set_owner(plan, "item", UNOWNED_ITEM, "QA"))
    refused(plan, NotAPerson, "team", lambda: set_owner(plan, "task", UNOWNED_TASK, "backend team"))
    refused(plan, NotAPerson, "not a name", lambda: set_owner(plan, "task", UNOWNED_TASK, "?"))
    refused(plan, ValidationError, "add them under Owners", lambda: set_owner(plan, "item", 1, "Nobody Here"))
    refused(plan, ValidationError, "no longer in the plan", lambda: set_owner(plan, "item", 1, 99))
    refused(plan, ValidationError, "already the owner", lambda: set_owner(plan, "item", 1, TOM))
    refused(plan, ValidationError, "no owner already", lambda: set_owner(plan, "item", UNOWNED_ITEM, None))
    refused(plan, NotFound, "no longer exists", lambda: set_owner(plan, "task", 999, TOM))
    refused(plan, ValidationError, "kind of work", lambda: set_owner(plan, "blocker", 1, TOM))  # type: ignore[arg-type]


def test_team_labels_are_a_setting_and_refused_as_people(plan) -> None:
    for label in ("backend team", "QA", "mobile", "TBD", "?", "the team", "Frontend Team"):
        refused(plan, NotAPerson, "pick one", lambda label=label: people.add_person(plan, label, 5))
    people.add_person(plan, "Platform", 5)
    set_setting(plan, "team_labels", "QA, Platform, Guild")
    refused(plan, NotAPerson, "team or a placeholder", lambda: people.add_person(plan, "guild", 5))
    refused(plan, NotAPerson, "team or a placeholder", lambda: people.rename_person(plan, TOM, "Platform team"))
    # A person added before their name became a label is flagged, not silently kept as an owner.
    platform = plan.raw.execute("SELECT id FROM person WHERE name='Platform'").fetchone()[0]
    set_owner(plan, "task", UNOWNED_TASK, platform)
    report = ownership(plan, plan.live_release_id(), TODAY)
    assert [p.name for p in report.people if p.team_label] == ["Platform"]
    assert report.team_owned() == [("Payment provider go-live approval", "Platform")]
    assert ("Owned by a team or a placeholder, not a person: “Payment provider go-live approval” (Platform). "
            "Pick one name each.") in report.warnings()
    question = next(q for q in report.check_in() if q.key == "unowned")
    assert not question.ok and "1 on a team label: “Payment provider go-live approval” (Platform)" in question.answer


def test_matrix_rows_are_the_open_work(plan, release_id) -> None:
    scope.update_item(plan, 1, status="done")
    timeline.update_task(plan, 2, status="done")
    report = ownership(plan, release_id, TODAY)
    items = [r.id for r in report.rows if r.kind == "item"]
    tasks = [r.id for r in report.rows if r.kind == "task"]
    # In release and not done: item 3 was already done, 1 now is; cut and parked items are not open work.
    assert items == [2, 4, 5, 6, 7, 8, 9, 10]
    assert tasks == [1, 3, 4, 5]
    assert report.rows[-1].kind == "task"  # scope first, then the release path
    assert [r.title for r in report.unowned()] == ["Expired card: clear message and retry",
                                                   "Payment provider go-live approval"]


def test_loads_capacity_and_overload(plan, release_id) -> None:
    report = ownership(plan, release_id, TODAY)
    by_name = {p.name: p for p in report.people}
    # Wed 18 Nov to Thu 10 Dec: 17 working days; Lars works 3 days a week at focus 0.6.
    assert by_name["Lars Berg"].capacity == capacity_to_target(3, TODAY, TARGET, 0.6) == round(3 / 5 * 17 * 0.6, 1)
    assert by_name["Lars Berg"].assigned == 5 + 10 + 0.5
    assert by_name["Tom Okafor"].assigned == 8 + 2 + 5 + 1
    assert report.overloaded() == {"Lars Berg": 9.4, "Tom Okafor": 5.8}
    assert by_name["Maya Chen"].assigned == 0 and not by_name["Maya Chen"].overloaded
    # Moving work shifts the load in the same report function.
    set_owner(plan, "item", 7, MAYA)
    after = {p.name: p for p in ownership(plan, release_id, TODAY).people}
    assert after["Lars Berg"].assigned == 5.5 and after["Maya Chen"].assigned == 10
    assert capacity_to_target(5, TARGET + dt.timedelta(days=1), TARGET, 0.6) == 0


def test_role_warnings_in_the_report(plan, release_id) -> None:
    warnings = ownership(plan, release_id, TODAY).warnings()
    assert "No rollback runner: put one name on it." in warnings
    assert "2 open tasks have no owner." in warnings
    assert "Loaded beyond capacity before the target: Lars Berg (+9.4 days), Tom Okafor (+5.8 days)." in warnings
    assert not any("owns scope, delivery and readiness" in w for w in warnings)  # two people cover three: fine
    people.assign_role(plan, release_id, "readiness owner", MAYA)
    people.assign_role(plan, release_id, "rollback runner", LARS)
    set_owner(plan, "item", UNOWNED_ITEM, ANA)
    set_owner(plan, "task", UNOWNED_TASK, ANA)
    warnings = ownership(plan, release_id, TODAY).warnings()
    assert warnings[0] == ("Maya Chen owns scope, delivery and readiness: one person holding all three hides risk.")
    assert not any("no owner" in w or "rollback runner" in w for w in warnings)


def test_check_in_answers_come_from_the_data(plan, release_id) -> None:
    questions = {q.key: q for q in ownership(plan, release_id, TODAY).check_in()}
    assert [q.text for q in questions.values()][:3] == ["Who owns scope?", "Who owns delivery?",
                                                         "Who owns readiness?"]
    assert questions["scope owner"].answer == "Maya Chen" and questions["scope owner"].ok
    assert questions["stop authority"].answer == "Maya Chen"
    assert questions["spread"].ok
    assert questions["unowned"].answer == ("2 with no name: “Expired card: clear message and retry”, "
                                           "“Payment provider go-live approval”")
    assert questions["overload"].answer == "Lars Berg (+9.4 days), Tom Okafor (+5.8 days)"
    people.unassign_role(plan, release_id, "stop authority")
    questions = {q.key: q for q in ownership(plan, release_id, TODAY).check_in()}
    assert not questions["stop authority"].ok and questions["stop authority"].answer.startswith("Nobody yet")


def test_check_in_questions_rule() -> None:
    one = {"scope owner": ["Ana"], "delivery owner": ["Ana"], "readiness owner": ["Ana"]}
    assert spread_problem(one) == "Ana holds all three: give at least one of them to someone else."
    assert spread_problem(one | {"readiness owner": ["Bo"]}) is None
    questions = check_in_questions(one, [f"T{n}" for n in range(6)], [], {})
    unowned = next(q for q in questions if q.key == "unowned")
    assert unowned.answer == "6 with no name: “T0”, “T1”, “T2” (+3 more)"
    assert [q.ok for q in questions] == [True, True, True, False, False, False, True]


def test_owned_work_counts_what_remove_person_hands_over(plan, release_id) -> None:
    cycles = read_plan(plan.raw)
    assert owned_work(cycles, TOM) == {"scope items": 3, "release-path tasks": 1, "roles": 1}
    assert owned_work(cycles, MAYA) == {"roles": 3}
    people.add_person(plan, "Nora Holm", 4)
    nora = plan.raw.execute("SELECT id FROM person WHERE name='Nora Holm'").fetchone()[0]
    assert owned_work(read_plan(plan.raw), nora) == {}
    before = dump(plan)
    changes = people.remove_person(plan, TOM, reassign_to=nora)
    assert count(plan, "scope_item", f"owner_id={nora}") == 3
    assert plan.raw.execute("SELECT person_id FROM role_assignment WHERE role='rollback caller'").fetchone() == (nora,)
    undo(plan, changes)
    assert dump(plan) == before


def test_unowned_work_is_the_one_rule_release_path_included(plan, release_id) -> None:
    """Finding 3: the Owners view's unowned rows are ``rules.work.unowned_work``, release-path tasks included."""
    task = timeline.add_task(plan, release_id, "Rotate the staging payment keys", area="deploy steps",
                             estimate_days=0.5).result
    scope.update_item(plan, 2, status="done")
    cycle = read_live(plan, release_id)
    report = ownership_of(cycle, TODAY)
    unowned = [(row.kind, row.id) for row in report.unowned()]
    assert ("task", task) in unowned and ("task", UNOWNED_TASK) in unowned
    assert unowned == [(piece.kind, piece.id) for piece in unowned_work(cycle)]
    assert f"{len(unowned)} open tasks have no owner." in report.warnings()


def test_owned_work_counts_every_cycle(plan, release_id) -> None:
    """``remove_person`` hands over the work of every cycle: the count the dialog shows covers them all."""
    from cockpit.services import release
    from cockpit.services.cycles import start_next_cycle

    before = owned_work(read_plan(plan.raw), TOM)
    for phase in ("testing", "shipping", "shipped"):
        release.set_phase(plan, release_id, phase, confirmed=True)
    new_cycle = start_next_cycle(plan, release_id, TARGET + dt.timedelta(days=4)).result
    task = timeline.add_task(plan, new_cycle, "Deploy steps, again", area="deploy steps", estimate_days=1).result
    set_owner(plan, "task", task, TOM)
    cycles = read_plan(plan.raw)
    mine = sum(1 for c in cycles for t in c.tasks if t.owner_id == TOM)
    assert owned_work(cycles, TOM)["release-path tasks"] == mine == before["release-path tasks"] + 1 + sum(
        1 for t in cycles[-1].tasks if t.owner_id == TOM and t.id != task)
