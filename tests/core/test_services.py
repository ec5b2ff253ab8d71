"""Services: validation before any write, one change-log row per change, and the domain rules they enforce.

Example plan ids (tests/data/make_fixtures.py builds the same plan): people 1 Maya Chen, 2 Tom Okafor,
3 Priya Natarajan, 4 Lars Berg, 5 Ana Ruiz; scope items 1-10 in release, 11-13 cut, 14-16 parked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from _support import ANA, LARS, MAYA, PRIYA, START, TARGET, TOM, dump, refused

import cockpit.services.core as core
from cockpit import orm
from cockpit.errors import NotAPerson, NotFound, ValidationError
from cockpit.services import people, release, review, rollback, scope, timeline

# -- validation: typed errors, nothing written -------------------------------------------------------

BAD_ESTIMATES = [(-1, "cannot be below 0"), (-0.01, "cannot be below 0"), ("abc", "not “abc”"),
                 (float("nan"), "finite"), (float("inf"), "finite"), (float("-inf"), "finite"),
                 ("nan", "finite"), ("inf", "finite"), (True, "must be a number"), ([2], "must be a number")]


@pytest.mark.parametrize("title", ["", "   ", "\t\n ", None])
def test_empty_title_is_refused(plan, release_id, title) -> None:
    refused(plan, ValidationError, "title cannot be empty", lambda: scope.add_item(plan, release_id, title))
    refused(plan, ValidationError, "title cannot be empty", lambda: scope.update_item(plan, 1, title=title))


@pytest.mark.parametrize(("value", "message"), BAD_ESTIMATES)
def test_bad_estimate_is_refused(plan, release_id, value, message) -> None:
    refused(plan, ValidationError, message,
            lambda: scope.add_item(plan, release_id, "Valid title", estimate_days=value))
    refused(plan, ValidationError, message, lambda: scope.update_item(plan, 1, estimate_days=value))
    refused(plan, ValidationError, message,
            lambda: timeline.add_task(plan, release_id, "Valid task", estimate_days=value))


TEAM_LABELS = ["backend team", "QA", "TBD", "?", "the team", "  Backend   Team ", "qa", "tbd", "??", "everyone",
               "the QA team", "Mobile", "devops"]


@pytest.mark.parametrize("label", TEAM_LABELS)
def test_team_label_is_not_a_person(plan, release_id, label) -> None:
    error = refused(plan, NotAPerson, "not (a person|a name)|pick one", lambda: people.add_person(plan, label))
    assert label.strip() in str(error) or "name" in str(error)
    refused(plan, NotAPerson, "pick one", lambda: scope.add_item(plan, release_id, "Owned", owner_id=label))
    refused(plan, NotAPerson, "pick one", lambda: scope.update_item(plan, 6, owner_id=label))
    refused(plan, NotAPerson, "pick one", lambda: people.rename_person(plan, TOM, label))
    refused(plan, NotAPerson, "pick one", lambda: people.assign_role(plan, release_id, "scope owner", label))
    refused(plan, NotAPerson, "pick one", lambda: rollback.add_step(plan, release_id, "Step", runner_id=label))


@pytest.mark.parametrize("name", ["maya chen", "MAYA CHEN", " Maya Chen ", "Maya Chen"])
def test_duplicate_person_name_is_refused(plan, name) -> None:
    refused(plan, ValidationError, "Maya Chen is already in the plan", lambda: people.add_person(plan, name))
    refused(plan, ValidationError, "Maya Chen is already in the plan", lambda: people.rename_person(plan, TOM, name))


@pytest.mark.parametrize("again", ["Åsa Öberg", "åsa öberg", "ÅSA ÖBERG"], ids=["same", "lower", "upper"])
def test_duplicate_non_ascii_name_is_refused(plan, again) -> None:
    people.add_person(plan, "Åsa Öberg")
    refused(plan, ValidationError, "Åsa Öberg is already in the plan", lambda: people.add_person(plan, again))


def test_owner_by_non_ascii_name_in_another_case(plan, release_id) -> None:
    person = people.add_person(plan, "Élodie Brun").result
    item = scope.add_item(plan, release_id, "Owned by name", owner_id="élodie brun").result
    assert plan.raw.execute("SELECT owner_id FROM scope_item WHERE id=?", (item,)).fetchone() == (person,)


def test_renaming_a_person_to_their_own_name_in_another_case_is_allowed(plan) -> None:
    people.rename_person(plan, MAYA, "maya chen")
    assert plan.raw.execute("SELECT name FROM person WHERE id=?", (MAYA,)).fetchone() == ("maya chen",)


def test_owner_by_name(plan, release_id) -> None:
    item = scope.add_item(plan, release_id, "Owned by name", owner_id="priya natarajan").result
    assert plan.raw.execute("SELECT owner_id FROM scope_item WHERE id=?", (item,)).fetchone() == (PRIYA,)
    refused(plan, ValidationError, "Zed Quinn is not in the plan yet",
            lambda: scope.add_item(plan, release_id, "Owned by a stranger", owner_id=" Zed Quinn "))
    refused(plan, ValidationError, "no longer in the plan",
            lambda: scope.add_item(plan, release_id, "Owned by a ghost", owner_id=999))


V = ValidationError
OTHER_REFUSALS: dict[str, tuple[Callable[[Any, int], Any], type[Exception], str]] = {
    "capacity above 7": (lambda p, r: people.add_person(p, "Nora Holm", 8), V, "cannot be above 7"),
    "capacity text": (lambda p, r: people.add_person(p, "Nora Holm", "lots"), V, "not “lots”"),
    "unknown kind": (lambda p, r: scope.add_item(p, r, "x", kind="epic"), V, "“epic” is not a kind"),
    "unknown lane": (lambda p, r: scope.add_item(p, r, "x", lane="done"), V, "“done” is not a lane"),
    "unknown risk": (lambda p, r: scope.add_item(p, r, "x", risk_areas=["security"]), V, "not a risk area"),
    "unknown field": (lambda p, r: scope.add_item(p, r, "x", colour="red"), V, "“colour” is not something"),
    "check not bool": (lambda p, r: scope.update_item(p, 1, check_usable="no"), V, "passed or failed"),
    "missing item": (lambda p, r: scope.update_item(p, 999, title="x"), NotFound, "no longer exists"),
    "title too long": (lambda p, r: scope.add_item(p, r, "x" * 201), V, "too long"),
    "NUL in title": (lambda p, r: scope.add_item(p, r, "nul\x00byte"), V, "NUL"),
    "early rollback": (lambda p, r: release.set_phase(p, r, "rolled back", confirmed=True), V, "shipping or shipped"),
    "same name": (lambda p, r: release.update_release(p, r, name="Team plan billing"), V, "Nothing to change"),
    "late freeze": (lambda p, r: timeline.set_milestone(p, r, "scope freeze", "2026-12-09"), V,
                    "before the go/no-go"),
    "go on launch": (lambda p, r: timeline.set_milestone(p, r, "go/no-go review", TARGET), V, "before launch"),
    "date not ISO": (lambda p, r: timeline.record_check_in(p, r, "17/11/2026"), V, "not a date"),
    "no remover": (lambda p, r: timeline.add_blocker(p, r, "Keys", remover_id=None, raised_on=START), V,
                   "Name the one person"),
    "empty trigger": (lambda p, r: rollback.add_trigger(p, r, "  "), V, "trigger condition cannot be empty"),
    "verdict maybe": (lambda p, r: review.save_review(p, r, "maybe", []), V, "go or no-go"),
    "setting text": (lambda p, r: review.set_setting(p, "focus_factor", "high"), V, "not “high”"),
    "six whys": (lambda p, r: review.add_retro_entry(p, r, whys=list("123456")), V, "Five whys"),
    "whys not json": (lambda p, r: review.add_retro_entry(p, r, whys="[not json"), V, "why"),
    "whys not a list": (lambda p, r: review.add_retro_entry(p, r, whys=5), V, "why"),
}


@pytest.mark.parametrize("case", list(OTHER_REFUSALS))
def test_other_refusals_write_nothing(plan, release_id, case) -> None:
    call, error, message = OTHER_REFUSALS[case]
    refused(plan, error, message, lambda: call(plan, release_id))


def test_blocker_with_unknown_check_in_is_a_validation_error(plan, release_id) -> None:
    refused(plan, ValidationError, "check-in",
            lambda: timeline.add_blocker(plan, release_id, "Keys expired", remover_id=ANA, raised_on=START,
                                         check_in_id=999))


def test_deleting_a_blocker_others_point_at_unlinks_them_in_the_same_step(plan, release_id) -> None:
    from cockpit.model import Blocker

    first = timeline.add_blocker(plan, release_id, "Keys expired", remover_id=ANA, raised_on=START).result
    again = timeline.add_blocker(plan, release_id, "Keys expired again", remover_id=ANA,
                                 raised_on=START + dt.timedelta(days=3)).result
    timeline.link_same_blocker(plan, again, first)
    before = dump(plan)
    changes = timeline.delete_blocker(plan, first)
    with orm.read(plan) as session:
        assert session.get(Blocker, first) is None
        assert session.get(Blocker, again).same_as_id is None
    core.undo(plan, changes)
    assert dump(plan) == before


# -- every successful service writes exactly one change-log row, in its own transaction ----------------

def _blocker(p, r) -> int:
    return timeline.add_blocker(p, r, "Keys expired", remover_id=ANA, raised_on=START).result


def _drill(p, r) -> int:
    return rollback.start_drill(p, r, started_at=dt.datetime(2026, 11, 18, 14, 0, tzinfo=dt.UTC)).result


def _retro(p, r) -> int:
    return review.add_retro_entry(p, r, problem="Keys expired twice", whys=["No owner for keys"]).result


SERVICES: dict[str, Callable[[Any, int], Callable[[], Any]]] = {
    "add item": lambda p, r: lambda: scope.add_item(p, r, "New card", estimate_days=2, owner_id=TOM,
                                                    risk_areas=["permissions"]),
    "update item": lambda p, r: lambda: scope.update_item(p, 6, owner_id=ANA, status="doing"),
    "move to cut": lambda p, r: lambda: scope.move_items(p, [10, 4], "cut", reason="Polish can wait"),
    "reorder": lambda p, r: lambda: scope.move_items(p, [3], "in release", index=0),
    "cut candidates": lambda p, r: lambda: scope.cut_candidates(p, r),
    "delete item": lambda p, r: lambda: scope.delete_item(p, 14),
    "add person": lambda p, r: lambda: people.add_person(p, "Nora Holm", 3),
    "rename person": lambda p, r: lambda: people.rename_person(p, LARS, "Lars Bergström"),
    "set capacity": lambda p, r: lambda: people.set_capacity(p, LARS, 2.5),
    "remove person": lambda p, r: lambda: people.remove_person(p, TOM, reassign_to=PRIYA),
    "assign role": lambda p, r: lambda: people.assign_role(p, r, "rollback runner", LARS),
    "unassign role": lambda p, r: lambda: people.unassign_role(p, r, "verifier", ANA),
    "update release": lambda p, r: lambda: release.update_release(p, r, problem="Team plan customers pay by card."),
    "set dates": lambda p, r: lambda: release.set_dates(p, r, target=TARGET + dt.timedelta(days=1),
                                                        reason="Provider approval late"),
    "set phase": lambda p, r: lambda: release.set_phase(p, r, "testing", confirmed=True),
    "path tested": lambda p, r: lambda: release.confirm_path_tested(p, r, "Staging chain ok", on=TARGET),
    "outcome": lambda p, r: lambda: release.set_outcome(p, r, "shipped", TARGET),
    "add task": lambda p, r: lambda: timeline.add_task(p, r, "Flag off script", area="rollback", owner_id=ANA),
    "update task": lambda p, r: lambda: timeline.update_task(p, 4, owner_id=MAYA),
    "delete task": lambda p, r: lambda: timeline.delete_task(p, 3),
    "set milestone": lambda p, r: lambda: timeline.set_milestone(p, r, "rollback rehearsal", "2026-12-03"),
    "check in": lambda p, r: lambda: timeline.record_check_in(p, r, START, shipped="Nothing", done_days=1),
    "add blocker": lambda p, r: lambda: timeline.add_blocker(p, r, "Design late", remover_id=MAYA,
                                                             raised_on=START, category="handoff"),
    "update blocker": lambda p, r: (lambda b: lambda: timeline.update_blocker(p, b, cleared_on=TARGET))(_blocker(p, r)),
    "link blocker": lambda p, r: (lambda a, b: lambda: timeline.link_same_blocker(p, b, a))(_blocker(p, r),
                                                                                          _blocker(p, r)),
    "delete blocker": lambda p, r: (lambda b: lambda: timeline.delete_blocker(p, b))(_blocker(p, r)),
    "add trigger": lambda p, r: lambda: rollback.add_trigger(p, r, "Refunds fail", threshold=1, window_minutes=5),
    "update trigger": lambda p, r: lambda: rollback.update_trigger(p, 2, threshold=3),
    "delete trigger": lambda p, r: lambda: rollback.delete_trigger(p, 4),
    "set kit": lambda p, r: lambda: rollback.set_kit(p, r, config_version="config v88"),
    "add step": lambda p, r: lambda: rollback.add_step(p, r, "Tell support", runner_id=MAYA, expected_minutes=1),
    "update step": lambda p, r: lambda: rollback.update_step(p, 3, runner_id=LARS),
    "delete step": lambda p, r: lambda: rollback.delete_step(p, 5),
    "start drill": lambda p, r: lambda: rollback.start_drill(p, r, environment="production"),
    "stop drill": lambda p, r: (lambda d: lambda: rollback.stop_drill(
        p, d, stopped_at=dt.datetime(2026, 11, 18, 14, 12, tzinfo=dt.UTC), notes="ok"))(_drill(p, r)),
    "record drill": lambda p, r: lambda: rollback.record_drill(
        p, r, dt.datetime(2026, 11, 17, 15, 0, tzinfo=dt.UTC), 14, notes="fast"),
    "delete drill": lambda p, r: (lambda d: lambda: rollback.delete_drill(p, d))(_drill(p, r)),
    "save review": lambda p, r: lambda: review.save_review(p, r, "no-go", [{"question": "1", "passed": False}]),
    "set note": lambda p, r: lambda: review.set_note(p, r, "We cut SSO."),
    "mark note sent": lambda p, r: (lambda _: lambda: review.mark_note_sent(p, r, TARGET))(review.set_note(p, r, "x")),
    "add retro": lambda p, r: lambda: review.add_retro_entry(p, r, kind="what changed", problem="Scope held"),
    "update retro": lambda p, r: (lambda e: lambda: review.update_retro_entry(p, e, action_owner_id=ANA))(_retro(p, r)),
    "delete retro": lambda p, r: (lambda e: lambda: review.delete_retro_entry(p, e))(_retro(p, r)),
    "set setting": lambda p, r: lambda: review.set_setting(p, "focus_factor", "0.5"),
}


@pytest.mark.parametrize("name", list(SERVICES))
def test_service_writes_one_log_row_and_undoes_exactly(plan, release_id, name) -> None:
    call = SERVICES[name](plan, release_id)
    before = dump(plan)
    changes = call()
    assert isinstance(changes, core.Changes)
    after = dump(plan)
    assert len(after["change_log"]) == len(before["change_log"]) + 1
    new_log = after["change_log"][-1]
    assert new_log not in before["change_log"]
    logged = [row for row in changes.rows if row.table == "change_log"]
    assert len(logged) == 1 and logged[0].before is None and logged[0].key == new_log[0]
    assert dict(logged[0].after)["summary"] == changes.summary[:500] == new_log[5]
    assert len(changes.rows) >= 2, "a change changes something besides its log row"
    core.undo(plan, changes)
    if name == "stop drill":  # undoing a stop leaves the drill stopped, without its result (time has passed)
        undone = dump(plan)
        assert undone["rollback_drill"] == [(*row[:5], None, *row[6:]) for row in after["rollback_drill"]]
        assert {k: v for k, v in undone.items() if k != "rollback_drill"} == \
            {k: v for k, v in before.items() if k != "rollback_drill"}
    else:
        assert dump(plan) == before
    core.redo(plan, changes)
    assert dump(plan) == after


def test_log_row_is_written_in_the_same_transaction(plan, release_id, monkeypatch) -> None:
    def broken_log(**values: Any) -> Any:
        raise RuntimeError("the change log could not be written")

    monkeypatch.setattr(core, "ChangeLogEntry", broken_log)
    before = dump(plan)
    with pytest.raises(RuntimeError, match="change log"):
        scope.add_item(plan, release_id, "Half a change")
    with pytest.raises(RuntimeError, match="change log"):
        people.remove_person(plan, TOM, reassign_to=PRIYA)
    assert dump(plan) == before


def test_the_first_target_set_while_planning_is_not_a_finish_line_move(tmp_path) -> None:
    """Planning a new release: its first target date sets the finish line (no reason asked, not counted);
    the next change moves it (a reason, counted)."""
    import datetime as dt

    from cockpit.errors import NeedsReason
    from cockpit.example import new_empty
    from cockpit.reader import read_live
    from cockpit.rules.work import finish_line_moves
    from cockpit.services import release as release_service

    plan = new_empty(tmp_path / "new.cockpit", today=dt.date(2026, 11, 18))
    try:
        cycle = read_live(plan)
        assert cycle.release.phase == "planning"
        rid, target = cycle.release_id, cycle.release.target_date
        later = target + dt.timedelta(days=1)
        # the start can move without touching the finish line, and does not use up the first set
        release_service.set_dates(plan, rid, start=cycle.release.start_date - dt.timedelta(days=7))
        changes = release_service.set_dates(plan, rid, target=later)
        assert changes.summary == f"Set the target date: {later:%a %d %b}"
        assert finish_line_moves(read_live(plan)) == 0
        with pytest.raises(NeedsReason):
            release_service.set_dates(plan, rid, target=later + dt.timedelta(days=1))
        release_service.set_dates(plan, rid, target=later + dt.timedelta(days=1), reason="Provider review")
        assert finish_line_moves(read_live(plan)) == 1
        actions = [row[0] for row in plan.raw.execute("SELECT action FROM change_log WHERE area='dates' ORDER BY id")]
        assert actions == ["change dates", "set target", "change dates"]
    finally:
        plan.close()
