"""Rollback readiness: each checklist rule, evaluated on the example plan as it changes.

Example plan (core FIXED_TODAY 2026-11-16, target 2026-12-10): four complete triggers, a kit with a build,
five runbook steps (step 3 without a runner), caller Tom, verifiers Ana and Priya, no runner, no drill.
"""

from __future__ import annotations

import datetime as dt

import pytest
from _support import LARS, TARGET

from cockpit import orm
from cockpit.reader import read_live
from cockpit.reports.readiness import rollback_readiness
from cockpit.rules import rollback as rollback_rules
from cockpit.services import people, rollback


def readiness(plan, release_id):
    return rollback_readiness(read_live(plan, release_id))


def at(day: dt.date, hour: int = 15) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=dt.UTC)


def make_ready(plan, release_id) -> None:
    people.assign_role(plan, release_id, "rollback runner", LARS)
    rollback.update_step(plan, 3, runner_id=LARS)
    rollback.record_drill(plan, release_id, at(TARGET - dt.timedelta(days=7)), 12)


def test_example_misses_the_runner_a_step_owner_and_a_drill(plan, release_id) -> None:
    result = readiness(plan, release_id)
    assert not result.ready
    assert [i.key for i in result.missing] == ["step_owners", "people", "rehearsed", "quick"]
    assert result.item("people").detail == "Missing: runner."
    assert result.item("rehearsed").detail == "Never drilled."
    assert (result.caller, result.runner, result.verifiers) == ("Tom Okafor", None, ("Ana Ruiz", "Priya Natarajan"))
    assert result.triggers[0] == "Checkout fails 2 % of payments for 10 min"
    assert result.last_drill_minutes is None and result.target_minutes == 15


def test_all_in_place_is_ready(plan, release_id) -> None:
    make_ready(plan, release_id)
    result = readiness(plan, release_id)
    assert result.ready, result.missing
    assert result.last_drill_minutes == 12
    assert result.item("people").detail == "Tom Okafor calls, Lars Berg runs, Ana Ruiz, Priya Natarajan verify."


def test_a_blocking_database_change_makes_the_release_not_ready(plan, release_id) -> None:
    make_ready(plan, release_id)
    rollback.set_kit(plan, release_id, db_change_blocks_rollback=True)
    result = readiness(plan, release_id)
    assert not result.ready and [i.key for i in result.missing] == ["database"]
    assert "blocks rollback" in result.item("database").detail


def test_an_unfinished_trigger_is_missing(plan, release_id) -> None:
    make_ready(plan, release_id)
    rollback.add_trigger(plan, release_id, "Refunds fail")
    result = readiness(plan, release_id)
    assert [i.key for i in result.missing] == ["triggers"]
    assert "“Refunds fail”" in result.item("triggers").detail
    for trigger in (1, 2, 3, 4, 5):
        rollback.delete_trigger(plan, trigger)
    assert readiness(plan, release_id).item("triggers").detail.startswith("No trigger")


def test_kit_needs_a_build_and_names_what_is_not_written_down(plan, release_id) -> None:
    make_ready(plan, release_id)
    rollback.set_kit(plan, release_id, flag_state="", migration_notes="")
    result = readiness(plan, release_id)
    assert result.ready
    assert "Not written down yet: migration notes, feature-flag state." in result.item("kit").detail
    rollback.set_kit(plan, release_id, build_id="  ")
    assert [i.key for i in readiness(plan, release_id).missing] == ["kit"]


@pytest.mark.parametrize(("extra", "short"), [(7, True), (8, False)])
def test_runbook_stops_being_short_past_twelve_steps(plan, release_id, extra, short) -> None:
    make_ready(plan, release_id)
    for n in range(extra):
        rollback.add_step(plan, release_id, f"Step {n}", runner_id=LARS)
    result = readiness(plan, release_id)
    assert result.item("runbook").ok is short
    assert result.ready is short


def test_runbook_limit_is_a_setting(plan, release_id) -> None:
    make_ready(plan, release_id)
    plan.raw.execute("INSERT INTO setting(key, value) VALUES ('runbook_max_steps', '4')")
    assert readiness(plan, release_id).item("runbook").detail == "5 steps: more than 4, no longer short."


@pytest.mark.parametrize(("days_before", "rehearsed"), [(0, True), (14, True), (15, False), (30, False)])
def test_rehearsed_means_drilled_within_fourteen_days_of_launch(plan, release_id, days_before, rehearsed) -> None:
    people.assign_role(plan, release_id, "rollback runner", LARS)
    rollback.update_step(plan, 3, runner_id=LARS)
    rollback.record_drill(plan, release_id, at(TARGET - dt.timedelta(days=days_before)), 10)
    result = readiness(plan, release_id)
    assert result.item("rehearsed").ok is rehearsed
    assert result.ready is rehearsed


def test_the_last_drill_decides_quick_and_a_running_drill_does_not_count(plan, release_id) -> None:
    make_ready(plan, release_id)
    rollback.record_drill(plan, release_id, at(TARGET - dt.timedelta(days=2)), 27)
    result = readiness(plan, release_id)
    assert [i.key for i in result.missing] == ["quick"]
    assert result.item("quick").detail == "Last drill took 27 min, over the 15-minute target."
    rollback.start_drill(plan, release_id, started_at=at(TARGET - dt.timedelta(days=1)))
    assert readiness(plan, release_id).last_drill_minutes == 27


def test_missing_caller_and_verifiers_are_named(plan, release_id) -> None:
    with orm.read(plan) as s:
        from sqlmodel import select

        from cockpit.model import RoleAssignment

        ids = [a.id for a in s.exec(select(RoleAssignment).where(
            RoleAssignment.role.in_(["rollback caller", "verifier"])))]  # type: ignore[attr-defined]
    for assignment in ids:
        plan.raw.execute("DELETE FROM role_assignment WHERE id=?", (assignment,))
    assert readiness(plan, release_id).item("people").detail == "Missing: caller, runner, verifiers."


# -- finding 6: the rehearsal window is the rule's (cockpit.rules.rollback), not a copy in the report -----
@pytest.mark.parametrize("window", [3, 14])
def test_a_drill_exactly_window_days_before_launch_counts(plan, release_id, window) -> None:
    plan.raw.execute("INSERT INTO setting(key, value) VALUES ('rehearsal_window_days', ?)", (str(window),))
    edge = TARGET - dt.timedelta(days=window)
    rollback.record_drill(plan, release_id, dt.datetime.combine(edge, dt.time(12)).astimezone(), 10)
    result = readiness(plan, release_id)
    assert result.last_drill_on == edge
    assert result.item("rehearsed").ok is rollback_rules.rehearsed(edge, TARGET, window) is True
    assert result.item("rehearsed").label == f"Rehearsed within {window} days before launch"
    rollback.record_drill(plan, release_id, dt.datetime.combine(edge - dt.timedelta(days=1), dt.time(12))
                          .astimezone(), 10)  # recorded later, but an older drill: the last by date decides
    assert readiness(plan, release_id).last_drill_on == edge


def test_readiness_asks_the_rehearsal_rule(plan, release_id, monkeypatch: pytest.MonkeyPatch) -> None:
    """Change the rule and the checklist follows: the window lives in one place."""
    rollback.record_drill(plan, release_id, at(TARGET - dt.timedelta(days=2)), 10)
    asked: list[tuple] = []

    def never(last_day, launch, window_days):
        asked.append((last_day, launch, window_days))
        return False

    monkeypatch.setattr(rollback_rules, "rehearsed", never)
    result = readiness(plan, release_id)
    assert asked == [(TARGET - dt.timedelta(days=2), TARGET, 14)]
    assert not result.item("rehearsed").ok
    monkeypatch.setattr(rollback_rules, "rehearsal_cutoff", lambda launch, window_days: dt.date(2026, 12, 1))
    assert ": before 01 Dec, so unrehearsed." in readiness(plan, release_id).item("rehearsed").detail
