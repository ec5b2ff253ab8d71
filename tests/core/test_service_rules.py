"""The domain rules the services enforce: cut reasons, the freeze, cut candidates, ownership, dates, cycles."""

from __future__ import annotations

import datetime as dt

import pytest
from _support import ANA, LARS, MAYA, PRIYA, TARGET, TOM, count, dump, refused

from cockpit import clock, orm
from cockpit.errors import NeedsConfirmation, NeedsReason, NotAPerson, ReadOnlyCycle, ScopeFrozen, ValidationError
from cockpit.model import Release
from cockpit.rules.scope import CHECKS
from cockpit.services import people, release, rollback, scope, timeline
from cockpit.services.core import undo


def _item(plan, item_id: int, *cols: str) -> tuple:
    return plan.raw.execute(f"SELECT {', '.join(cols)} FROM scope_item WHERE id=?", (item_id,)).fetchone()


def _last_log(plan) -> tuple:
    return plan.raw.execute("SELECT area, action, summary, finish_line_move FROM change_log "
                            "ORDER BY id DESC LIMIT 1").fetchone()


# -- cutting --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("reason", ["", "   ", None])
def test_moving_to_cut_needs_a_reason(plan, reason) -> None:
    error = refused(plan, NeedsReason, r"Why is “.*” cut\? The reason goes into the stakeholder note",
                    lambda: scope.move_items(plan, [10], "cut", reason=reason))
    assert isinstance(error, NeedsReason) and error.field == "reason" and error.hint


def test_cut_keeps_its_reason_and_parking_clears_it(plan) -> None:
    scope.move_items(plan, [10, 4], "cut", reason=" Polish can wait ")
    assert _item(plan, 10, "lane", "cut_reason") == ("cut", "Polish can wait")
    assert _item(plan, 4, "lane", "cut_reason") == ("cut", "Polish can wait")
    assert _last_log(plan)[2] == "Cut 2 items: Polish can wait"
    scope.move_items(plan, [10], "parked", reason="")  # asked, and left out
    assert _item(plan, 10, "lane", "cut_reason") == ("parked", "")


def test_cut_candidates_cuts_exactly_the_failing_ones(plan, release_id) -> None:
    in_release = {r[0] for r in plan.raw.execute("SELECT id FROM scope_item WHERE lane='in release'")}
    scope.update_item(plan, 5, check_usable=False, check_testable=False)
    changes = scope.cut_candidates(plan, release_id)
    assert changes.result == 4
    cut_now = dict(plan.raw.execute("SELECT id, cut_reason FROM scope_item WHERE lane='cut' AND id IN (5,7,8,9)"))
    assert cut_now == {5: f"{CHECKS[0][1]}; {CHECKS[2][1]}", 7: CHECKS[0][1], 8: CHECKS[1][1], 9: CHECKS[2][1]}
    still_in = {r[0] for r in plan.raw.execute("SELECT id FROM scope_item WHERE lane='in release'")}
    assert still_in == in_release - {5, 7, 8, 9}
    assert count(plan, "change_log", "action='cut candidates'") == 1
    refused(plan, ValidationError, "No cut candidates", lambda: scope.cut_candidates(plan, release_id))
    undo(plan, changes)
    assert {r[0] for r in plan.raw.execute("SELECT id FROM scope_item WHERE lane='in release'")} == in_release


# -- the freeze -----------------------------------------------------------------------------------------

def test_freezing_scope_is_confirmed_by_the_service_after_every_other_check(plan, release_id) -> None:
    """The service, not a view, asks before scope freezes; a phase that cannot be entered is refused first."""
    refused(plan, ValidationError, "Only a release that is shipping or shipped",
            lambda: release.set_phase(plan, release_id, "rolled back"))
    asked = refused(plan, NeedsConfirmation, "Testing freezes scope",
                    lambda: release.set_phase(plan, release_id, "testing"))
    assert isinstance(asked, NeedsConfirmation) and asked.field == "confirmed"
    release.set_phase(plan, release_id, "testing", confirmed=True)
    release.set_phase(plan, release_id, "shipping")  # already frozen: nothing to confirm
    assert plan.raw.execute("SELECT phase, frozen_at IS NOT NULL FROM release").fetchone() == ("shipping", 1)


def test_freeze_needs_an_override_and_marks_late_additions(plan, release_id) -> None:
    release.set_phase(plan, release_id, "testing", confirmed=True)
    assert plan.raw.execute("SELECT phase, frozen_at IS NOT NULL FROM release").fetchone() == ("testing", 1)
    assert _last_log(plan)[2] == "Phase: testing (scope frozen)"

    parked = scope.add_item(plan, release_id, "New request from sales").result
    assert _item(plan, parked, "lane", "late_addition") == ("parked", 0)
    refused(plan, ScopeFrozen, "needs an override reason",
            lambda: scope.add_item(plan, release_id, "Sneak it in", lane="in release"))
    refused(plan, ScopeFrozen, "needs an override reason",
            lambda: scope.add_item(plan, release_id, "Sneak it in", lane="in release", override_reason="  "))
    refused(plan, ScopeFrozen, "needs an override reason",
            lambda: scope.move_items(plan, [parked], "in release"))

    late = scope.add_item(plan, release_id, "Checkout 500s in prod", lane="in release",
                          override_reason="Production outage").result
    assert _item(plan, late, "lane", "late_addition", "late_reason") == ("in release", 1, "Production outage")
    scope.move_items(plan, [parked], "in release", override_reason="Customer blocked")
    assert _item(plan, parked, "lane", "late_addition", "late_reason") == ("in release", 1, "Customer blocked")
    # Reordering inside the release moves nothing into it: no override needed.
    scope.move_items(plan, [3], "in release", index=0)
    assert _item(plan, 3, "lane", "late_addition") == ("in release", 0)
    assert plan.raw.execute("SELECT id FROM scope_item WHERE lane='in release' ORDER BY position LIMIT 1"
                            ).fetchone() == (3,)

    release.set_phase(plan, release_id, "building", confirmed=True)
    assert plan.raw.execute("SELECT frozen_at FROM release").fetchone() == (None,)
    fresh = scope.add_item(plan, release_id, "Before the freeze again").result
    assert _item(plan, fresh, "lane", "late_addition") == ("in release", 0)


# -- people and roles -----------------------------------------------------------------------------------

def _owned(plan, person_id: int) -> dict[str, set]:
    raw = plan.raw
    return {
        "items": {r[0] for r in raw.execute("SELECT id FROM scope_item WHERE owner_id=?", (person_id,))},
        "tasks": {r[0] for r in raw.execute("SELECT id FROM release_task WHERE owner_id=?", (person_id,))},
        "steps": {r[0] for r in raw.execute("SELECT id FROM runbook_step WHERE runner_id=?", (person_id,))},
        "roles": {r[0] for r in raw.execute("SELECT role FROM role_assignment WHERE person_id=?", (person_id,))},
    }


def test_remove_person_hands_their_work_to_someone(plan, release_id) -> None:
    toms = _owned(plan, TOM)
    assert toms == {"items": {1, 2, 9}, "tasks": {1}, "steps": {1, 2}, "roles": {"rollback caller"}}
    blocker = timeline.add_blocker(plan, release_id, "Keys expired", remover_id=TOM, raised_on="2026-11-17").result
    priyas = _owned(plan, PRIYA)
    before = dump(plan)
    changes = people.remove_person(plan, TOM, reassign_to=PRIYA)
    assert plan.raw.execute("SELECT count(*) FROM person WHERE id=?", (TOM,)).fetchone() == (0,)
    now = _owned(plan, PRIYA)
    for key in toms:
        assert now[key] == priyas[key] | toms[key]
    assert plan.raw.execute("SELECT remover_id FROM blocker WHERE id=?", (blocker,)).fetchone() == (PRIYA,)
    assert count(plan, "change_log", "action='remove person'") == 1
    undo(plan, changes)
    assert dump(plan) == before


def test_remove_person_merges_roles_the_heir_already_holds(plan) -> None:
    people.remove_person(plan, ANA, reassign_to=PRIYA)
    holders = plan.raw.execute("SELECT role, person_id FROM role_assignment WHERE role IN "
                               "('verifier', 'readiness owner') ORDER BY role").fetchall()
    assert holders == [("readiness owner", PRIYA), ("verifier", PRIYA)]


def test_remove_person_without_heir_leaves_work_unowned(plan) -> None:
    people.remove_person(plan, LARS)
    assert _item(plan, 5, "owner_id") == (None,)
    assert _item(plan, 7, "owner_id") == (None,)
    assert plan.raw.execute("SELECT owner_id FROM release_task WHERE id=3").fetchone() == (None,)
    assert count(plan, "person") == 4


def test_remove_person_refusals(plan) -> None:
    refused(plan, ValidationError, "someone else", lambda: people.remove_person(plan, TOM, reassign_to=TOM))
    # The heir given by name is the person being removed.
    refused(plan, ValidationError, "someone else",
            lambda: people.remove_person(plan, ANA, reassign_to="ana ruiz"))
    refused(plan, NotAPerson, "pick one", lambda: people.remove_person(plan, TOM, reassign_to="backend team"))
    refused(plan, ValidationError, "no longer in the plan", lambda: people.remove_person(plan, TOM, reassign_to=99))


def test_assign_role_replaces_single_holders_and_accumulates_verifiers(plan, release_id) -> None:
    def holders(role: str) -> list[tuple[int, int]]:
        return plan.raw.execute("SELECT id, person_id FROM role_assignment WHERE role=? ORDER BY id",
                                (role,)).fetchall()

    [(row_id, _)] = holders("scope owner")
    people.assign_role(plan, release_id, "scope owner", TOM)
    assert holders("scope owner") == [(row_id, TOM)]
    people.assign_role(plan, release_id, "scope owner", "Lars Berg")
    assert holders("scope owner") == [(row_id, LARS)]
    assert [p for _, p in holders("verifier")] == [ANA, PRIYA]
    people.assign_role(plan, release_id, "verifier", LARS)
    people.assign_role(plan, release_id, "verifier", MAYA)
    assert [p for _, p in holders("verifier")] == [ANA, PRIYA, LARS, MAYA]
    refused(plan, ValidationError, "already hold", lambda: people.assign_role(plan, release_id, "verifier", ANA))
    refused(plan, ValidationError, "already hold", lambda: people.assign_role(plan, release_id, "scope owner", LARS))
    refused(plan, ValidationError, "not a release role", lambda: people.assign_role(plan, release_id, "boss", ANA))
    refused(plan, ValidationError, "Pick the one person",
            lambda: people.assign_role(plan, release_id, "verifier", None))


# -- dates ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("backup", [TARGET, TARGET - dt.timedelta(days=1)])
def test_backup_date_must_follow_target(plan, release_id, backup) -> None:
    refused(plan, ValidationError, "must be after the target date",
            lambda: release.set_dates(plan, release_id, backup=backup))


def test_target_before_start_is_refused(plan, release_id) -> None:
    refused(plan, ValidationError, "before the start",
            lambda: release.set_dates(plan, release_id, start="2026-12-20", reason="x"))


def test_moving_the_finish_line_needs_a_reason_and_is_counted(plan, release_id) -> None:
    later = TARGET + dt.timedelta(days=1)
    for reason in ("", "   "):
        error = refused(plan, NeedsReason, "moves the finish line",
                        lambda reason=reason: release.set_dates(plan, release_id, target=later, reason=reason))
        assert isinstance(error, NeedsReason) and error.field == "reason"
    release.set_dates(plan, release_id, backup=TARGET + dt.timedelta(days=10))
    assert _last_log(plan) == ("dates", "change dates", "Change release dates", 0)
    release.set_dates(plan, release_id, target=later, reason="Provider approval is late")
    area, action, summary, moved = _last_log(plan)
    assert (area, action, moved) == ("dates", "change dates", 1)
    assert summary == "Move the finish line to Fri 11 Dec: Provider approval is late"
    assert tuple(map(str, plan.raw.execute("SELECT target_date, backup_date FROM release").fetchone())) == (
        "2026-12-11", "2026-12-20")
    assert count(plan, "change_log", "finish_line_move = 1") == 1


def test_a_cut_without_a_reason_asks_offering_the_failed_check_first(plan, release_id) -> None:
    """DOMAIN.md "Lanes": dragging to Cut asks for a short reason, and a sensible default is offered."""
    scope.update_item(plan, 5, check_testable=False)
    asked = refused(plan, NeedsReason, "Why is “.*” cut",
                    lambda: scope.move_items(plan, [5], "cut"))
    assert isinstance(asked, NeedsReason) and asked.field == "reason" and asked.title == "Cut from the release"
    assert asked.choices[0] == "The team cannot test it and roll it back safely"
    assert "Not needed for the release to be usable" in asked.choices
    scope.move_items(plan, [5], "cut", reason=asked.choices[0])
    assert plan.raw.execute("SELECT lane, cut_reason FROM scope_item WHERE id = 5").fetchone() == (
        "cut", "The team cannot test it and roll it back safely")


# -- earlier cycles are read-only -----------------------------------------------------------------------

@pytest.fixture
def next_cycle(plan) -> int:
    """Simulate "start the next cycle": a second Release row, written through a plain session."""
    with orm.session(plan) as session:
        nxt = Release(cycle=2, name="Next cycle", start_date=dt.date(2026, 12, 21), target_date=dt.date(2027, 1, 14),
                      backup_date=dt.date(2027, 1, 21), created_at=clock.now())
        session.add(nxt)
        session.commit()
        assert nxt.id is not None
        return nxt.id


def test_earlier_cycle_is_read_only(plan, release_id, next_cycle) -> None:
    assert plan.live_release_id() == next_cycle != release_id
    calls = [lambda: scope.add_item(plan, release_id, "Too late"),
             lambda: scope.update_item(plan, 1, title="Rewrite history"),
             lambda: scope.move_items(plan, [10], "cut", reason="x"),
             lambda: scope.delete_item(plan, 14),
             lambda: scope.cut_candidates(plan, release_id),
             lambda: release.set_dates(plan, release_id, target=TARGET + dt.timedelta(days=1), reason="x"),
             lambda: release.set_phase(plan, release_id, "shipped", confirmed=True),
             lambda: people.assign_role(plan, release_id, "rollback runner", LARS),
             lambda: timeline.set_milestone(plan, release_id, "rollback rehearsal", "2026-12-03"),
             lambda: rollback.add_trigger(plan, release_id, "Refunds fail"),
             lambda: rollback.update_step(plan, 3, runner_id=LARS)]
    for call in calls:
        refused(plan, ReadOnlyCycle, r"Cycle 1 \(Team plan billing\) is finished", call)
    item = scope.add_item(plan, next_cycle, "Carried over").result
    assert _item(plan, item, "release_id", "lane") == (next_cycle, "in release")


def test_undo_cannot_change_an_earlier_cycle(plan, release_id) -> None:
    changes = scope.add_item(plan, release_id, "Added in cycle 1")
    with orm.session(plan) as session:
        session.add(Release(cycle=2, name="Next", start_date=dt.date(2026, 12, 21), target_date=dt.date(2027, 1, 14),
                            backup_date=dt.date(2027, 1, 21), created_at=clock.now()))
        session.commit()
    refused(plan, ReadOnlyCycle, "Cycle 1", lambda: undo(plan, changes))


# -- issue 16: the freeze is the phase, reasons are asked last, one writer of an owner ------------------

def test_frozen_is_decided_by_the_phase_even_after_an_outcome(plan, release_id) -> None:
    """Finding 1: set_outcome(shipped) straight from building is a frozen phase; the service says so, with
    the plan's own reminder as the hint, and records when scope froze."""
    from cockpit.reader import read_live
    from cockpit.rules.scope import default_lane, scope_frozen
    from cockpit.services.review import set_setting

    assert not hasattr(release, "is_frozen") and not hasattr(release, "FROZEN_PHASES")
    set_setting(plan, "freeze_override_hint", "Production fixes only, please.")
    release.set_outcome(plan, release_id, "shipped", TARGET)
    cycle = read_live(plan, release_id)
    assert cycle.release.phase == "shipped" and scope_frozen(cycle.release.phase)
    assert cycle.release.frozen_at is not None  # the moment is recorded, whatever path froze it
    error = refused(plan, ScopeFrozen, "the release is shipped",
                    lambda: scope.add_item(plan, release_id, "After the launch", lane="in release"))
    assert isinstance(error, ScopeFrozen) and error.field == "override_reason"
    assert error.hint == "Production fixes only, please."
    added = scope.add_item(plan, release_id, "After the launch").result
    assert _item(plan, added, "lane") == (default_lane("shipped"),) == ("parked",)


@pytest.mark.parametrize("steps", [(), ("planning",), ("testing",), ("testing", "shipping"),
                                   ("testing", "shipping", "shipped"), ("testing", "shipping", "rolled back"),
                                   ("testing", "building"), ("outcome shipped",), ("outcome rolled back",),
                                   ("outcome slipped",)])
def test_the_service_asks_for_an_override_exactly_when_the_rule_says_frozen(plan, release_id, steps) -> None:
    from cockpit.reader import read_live
    from cockpit.rules.scope import needs_override

    for step in steps:
        if step.startswith("outcome "):
            if step == "outcome rolled back":
                release.set_phase(plan, release_id, "testing", confirmed=True)
                release.set_phase(plan, release_id, "shipping", confirmed=True)
            release.set_outcome(plan, release_id, step.removeprefix("outcome "), TARGET)
        else:
            release.set_phase(plan, release_id, step, confirmed=True)
    phase = read_live(plan, release_id).release.phase
    try:
        scope.move_items(plan, [16], "in release")
        asked = False
    except ScopeFrozen:
        asked = True
    assert asked == needs_override(phase, "in release"), phase
    assert (read_live(plan, release_id).release.frozen_at is not None) == asked


def test_the_override_reason_is_asked_only_after_every_other_check(plan, release_id) -> None:
    """A reason typed in answer is never wasted on a change that is then refused for something else."""
    from cockpit.errors import NotFound
    from cockpit.importers import read_backlog
    from cockpit.services.importing import NothingToImport, import_backlog

    release.set_phase(plan, release_id, "testing", confirmed=True)
    refused(plan, ValidationError, "title cannot be empty",
            lambda: scope.add_item(plan, release_id, "  ", lane="in release"))
    refused(plan, ValidationError, "is not a lane", lambda: scope.add_item(plan, release_id, "x", lane="nowhere"))
    refused(plan, ValidationError, "estimate",
            lambda: scope.add_item(plan, release_id, "x", lane="in release", estimate_days="abc"))
    refused(plan, NotFound, "no longer exists", lambda: scope.move_items(plan, [999], "in release"))
    rows = read_backlog(b"Summary,Issue key\nHotfix the login,K-9\n").rows
    import_backlog(plan, release_id, rows)  # parked: no override needed
    refused(plan, NothingToImport, "Nothing to import",
            lambda: import_backlog(plan, release_id, rows, lane="in release"))


def test_an_invalid_milestone_order_is_refused_before_any_reason_is_asked(plan, release_id) -> None:
    """Moving the launch before the scope freeze is refused as it is; nobody is asked why first."""
    freeze = dt.date.fromisoformat(str(plan.raw.execute(
        "SELECT date FROM milestone WHERE kind = 'scope freeze'").fetchone()[0]))
    for call in (lambda: timeline.move_milestone(plan, release_id, "launch", freeze - dt.timedelta(days=3)),
                 lambda: release.set_dates(plan, release_id, target=freeze - dt.timedelta(days=3))):
        error = refused(plan, ValidationError, "Move that milestone first", call)
        assert not isinstance(error, NeedsReason)
    error = refused(plan, NeedsReason, "moves the finish line",
                    lambda: timeline.move_milestone(plan, release_id, "launch", TARGET + dt.timedelta(days=1)))
    assert isinstance(error, NeedsReason) and error.field == "reason"


def test_update_item_and_set_owner_are_one_owner_check(plan, release_id, monkeypatch) -> None:
    """Finding 5: an owner written through ``update_item`` goes through ``ownership`` like ``set_owner``."""
    from cockpit.services import ownership

    messages = []
    for call in (lambda: scope.update_item(plan, 6, owner_id="QA"),
                 lambda: ownership.set_owner(plan, "item", 6, "QA"),
                 lambda: scope.update_item(plan, 6, owner_id="QA", status="doing"),
                 lambda: timeline.update_task(plan, 1, owner_id="QA")):
        messages.append(str(refused(plan, NotAPerson, "pick one", call)))
    assert len(set(messages)) == 1

    class Checked(ValidationError):
        pass

    def check(session, person_id):  # type: ignore[no-untyped-def]
        raise Checked("the one owner check ran")

    monkeypatch.setattr(ownership, "check_owner", check)
    for call in (lambda: scope.update_item(plan, 6, owner_id=ANA),
                 lambda: scope.update_item(plan, 6, owner_id=ANA, status="doing"),
                 lambda: ownership.set_owner(plan, "item", 6, ANA),
                 lambda: scope.add_item(plan, release_id, "Owned from the start", owner_id=ANA)):
        refused(plan, Checked, "the one owner check ran", call)
    monkeypatch.undo()
    scope.update_item(plan, 6, owner_id=ANA)
    assert _last_log(plan)[:2] == ("owners", "set owner")
    refused(plan, ValidationError, "already the owner", lambda: scope.update_item(plan, 6, owner_id=ANA))
