"""Rollback: triggers, kit, runbook and drills round trip through the plan file; reordering; the drill clock.

Example plan (core FIXED_TODAY): triggers 1-4, a full kit, runbook steps 1-5 (step 3 has no runner), no drill.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from _support import ANA, LARS, PRIYA, TOM, count, dump, refused
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cockpit import orm
from cockpit.errors import NotFound, ValidationError
from cockpit.model import RollbackDrill, RollbackTrigger, RunbookStep, StableKit
from cockpit.reader import read_live
from cockpit.reports.rollback import rollback_facts
from cockpit.rules.rollback import TRIGGER_PRESETS, DrillClock, clock_text, parse_laps, preset, trigger_sentence
from cockpit.services import core, rollback
from cockpit.store import open_plan

T0 = dt.datetime(2026, 11, 18, 14, 0, tzinfo=dt.UTC)


def reopen(plan, path: Path):
    """The plan closed and opened again, as after a crash (a team plan by its address, a file by its path)."""
    plan.close()
    if plan.engine == "team":
        from cockpit.team.store import open_team_plan

        return open_team_plan(plan.address)
    return open_plan(path)


def order(plan, table: str) -> list[int]:
    return [r[0] for r in plan.raw.execute(f"SELECT id FROM {table} ORDER BY position, id")]


def test_triggers_kit_runbook_and_drills_round_trip_through_the_file(plan, release_id, example_path) -> None:
    sign_in = preset("sign_in")
    new = rollback.add_trigger(plan, release_id, **sign_in.fields()).result
    rollback.update_trigger(plan, new, threshold="7,5", unit="% of sign-ins", window_minutes="20")
    rollback.move_trigger(plan, new, 0)
    rollback.set_kit(plan, release_id, build_id="web:2026.11.1", config_version="config v90",
                     migration_notes="Additive only", flag_state="new_checkout=off", db_change_blocks_rollback=True)
    step = rollback.add_step(plan, release_id, "Page the verifiers", runner_id=LARS, expected_minutes=2).result
    rollback.move_step(plan, step, 1)
    drill = rollback.start_drill(plan, release_id, "production", started_at=T0).result
    rollback.lap_drill(plan, drill, "Say roll back", 40, step_id=1)
    rollback.lap_drill(plan, drill, "Flags off", 130.25, step_id=2)
    rollback.stop_drill(plan, drill, stopped_at=T0 + dt.timedelta(minutes=12, seconds=30), notes="Image tag ready")
    past = rollback.record_drill(plan, release_id, T0 - dt.timedelta(days=2), "21", notes="by hand").result

    plan = reopen(plan, example_path)
    try:
        facts = rollback_facts(read_live(plan, release_id))
        first = facts.triggers[0]
        assert (first.id, first.condition, first.threshold, first.unit, first.window_minutes) == (
            new, "Sign-in failures above", 7.5, "% of sign-ins", 20)
        assert [t.id for t in facts.triggers] == [new, 1, 2, 3, 4]
        assert facts.kit.build_id == "web:2026.11.1" and facts.kit.config_version == "config v90"
        assert facts.kit.migration_notes == "Additive only" and facts.kit.flag_state == "new_checkout=off"
        assert facts.kit.db_change_blocks_rollback is True
        assert [s.id for s in facts.steps] == [1, step, 2, 3, 4, 5]
        assert (facts.steps[1].text, facts.steps[1].runner, facts.steps[1].expected_minutes) == (
            "Page the verifiers", "Lars Berg", 2)
        done = {d.id: d for d in facts.finished}
        assert done[drill].environment == "production" and done[drill].minutes == 12.5
        assert done[drill].notes == "Image tag ready"
        assert [(lap.step, lap.step_id, lap.split, lap.lap) for lap in done[drill].laps] == [
            ("Say roll back", 1, 40.0, 40.0), ("Flags off", 2, 130.2, 90.2)]
        assert done[past].minutes == 21 and done[past].notes == "by hand" and done[past].environment == "staging"
        assert facts.running is None
        # the stored columns themselves
        stored = json.loads(plan.raw.execute("SELECT laps FROM rollback_drill WHERE id=?", (drill,)).fetchone()[0])
        assert stored == [{"step": "Say roll back", "seconds": 40.0, "step_id": 1},
                          {"step": "Flags off", "seconds": 130.2, "step_id": 2}]
        assert plan.raw.execute("SELECT position FROM rollback_trigger ORDER BY position").fetchall() == [
            (0,), (1,), (2,), (3,), (4,)]
    finally:
        plan.close()


def test_a_running_drill_and_its_laps_are_in_the_file_at_once(plan, release_id, example_path) -> None:
    drill = rollback.start_drill(plan, release_id, started_at=T0).result
    rollback.lap_drill(plan, drill, "Say roll back", 30)
    plan = reopen(plan, example_path)  # as after a crash: nothing kept in memory
    try:
        running = rollback_facts(read_live(plan, release_id)).running
        assert running is not None and running.id == drill and running.started_at == T0
        assert [lap.step for lap in running.laps] == ["Say roll back"]
        rollback.stop_drill(plan, drill, stopped_at=T0 + dt.timedelta(hours=1, minutes=5))
        row = plan.raw.execute("SELECT duration_seconds, laps FROM rollback_drill WHERE id=?", (drill,)).fetchone()
        assert row[0] == 3900.0  # the whole span, across the "crash"
        assert json.loads(row[1]) == [{"step": "Say roll back", "seconds": 30.0}]
    finally:
        plan.close()


def test_stop_with_laps_replaces_them(plan, release_id) -> None:
    drill = rollback.start_drill(plan, release_id, started_at=T0).result
    rollback.lap_drill(plan, drill, "A", 10)
    rollback.stop_drill(plan, drill, stopped_at=T0 + dt.timedelta(minutes=1), laps=[{"step": "B", "seconds": 5}])
    stored = plan.raw.execute("SELECT laps FROM rollback_drill").fetchone()[0]
    assert json.loads(stored) == [{"step": "B", "seconds": 5}]


def test_laps_are_refused_when_they_make_no_sense(plan, release_id) -> None:
    drill = rollback.start_drill(plan, release_id, started_at=T0).result
    rollback.lap_drill(plan, drill, "A", 60)
    refused(plan, ValidationError, "before the previous one", lambda: rollback.lap_drill(plan, drill, "B", 59))
    refused(plan, ValidationError, "step cannot be empty", lambda: rollback.lap_drill(plan, drill, " ", 70))
    refused(plan, ValidationError, "cannot be below 0", lambda: rollback.lap_drill(plan, drill, "B", -1))
    rollback.stop_drill(plan, drill, stopped_at=T0 + dt.timedelta(minutes=2))
    refused(plan, ValidationError, "already stopped", lambda: rollback.lap_drill(plan, drill, "B", 70))


@pytest.mark.parametrize(("model", "move", "table", "ids"), [
    (RollbackTrigger, rollback.move_trigger, "rollback_trigger", [1, 2, 3, 4]),
    (RunbookStep, rollback.move_step, "runbook_step", [1, 2, 3, 4, 5]),
])
def test_move_puts_one_row_at_an_index_in_one_undoable_transaction(plan, model, move, table, ids) -> None:
    assert order(plan, table) == ids
    before = dump(plan)
    logs = count(plan, "change_log")
    changes = move(plan, ids[-1], 0)
    assert order(plan, table) == [ids[-1], *ids[:-1]]
    assert count(plan, "change_log") == logs + 1
    assert changes.tables == {table, "change_log"}
    move(plan, ids[-1], 99)  # past the end: the end
    assert order(plan, table) == ids
    move(plan, ids[0], 2)
    assert order(plan, table) == [ids[1], ids[2], ids[0], *ids[3:]]
    positions = [r[0] for r in plan.raw.execute(f"SELECT position FROM {table} ORDER BY position")]
    assert positions == list(range(len(ids)))
    core.undo(plan, changes := move(plan, ids[1], 3))
    assert order(plan, table) == [ids[1], ids[2], ids[0], *ids[3:]]
    core.redo(plan, changes)
    assert order(plan, table) == [ids[2], ids[0], ids[3], ids[1], *ids[4:]]
    assert before != dump(plan)


def test_move_undo_restores_every_position_exactly(plan) -> None:
    before = dump(plan)
    changes = rollback.move_step(plan, 5, 1)
    core.undo(plan, changes)
    assert dump(plan) == before


def test_move_refusals_write_nothing(plan) -> None:
    refused(plan, NotFound, "no longer exists", lambda: rollback.move_step(plan, 999, 0))
    refused(plan, ValidationError, "cannot be below 0", lambda: rollback.move_trigger(plan, 1, -1))
    refused(plan, ValidationError, "already that way", lambda: rollback.move_trigger(plan, 1, 0))


def test_update_drill_corrects_notes_and_environment_only(plan, release_id) -> None:
    drill = rollback.record_drill(plan, release_id, T0, 14).result
    rollback.update_drill(plan, drill, notes="Runner was on a train", environment="production")
    with orm.read(plan) as s:
        row = s.get(RollbackDrill, drill)
        assert row is not None
        assert (row.notes, row.environment, row.duration_seconds) == ("Runner was on a train", "production", 840.0)
    refused(plan, ValidationError, "not a environment", lambda: rollback.update_drill(plan, drill, environment="qa"))
    refused(plan, ValidationError, "not something a drill has",
            lambda: rollback.update_drill(plan, drill, duration_seconds=1))


def test_kit_is_one_row_per_release(plan, release_id) -> None:
    rollback.set_kit(plan, release_id, build_id="b2")
    rollback.set_kit(plan, release_id, db_change_blocks_rollback=True)
    with orm.read(plan) as s:
        from sqlmodel import select

        kits = list(s.exec(select(StableKit)))
    assert len(kits) == 1 and kits[0].build_id == "b2" and kits[0].db_change_blocks_rollback


def test_presets_cover_the_domain_examples() -> None:
    assert {p.key for p in TRIGGER_PRESETS} == {"sign_in", "checkout", "error_rate", "response_time"}
    for p in TRIGGER_PRESETS:
        assert p.threshold > 0 and p.window_minutes > 0 and p.unit
    assert trigger_sentence("Error rate above", 1, "% of requests", 15) == "Error rate above 1 % of requests for 15 min"
    assert trigger_sentence("Checkout broken", None, "", None) == "Checkout broken"


def test_runbook_facts_warn_when_long_over_target_or_unowned(plan, release_id) -> None:
    facts = rollback_facts(read_live(plan, release_id))
    assert facts.expected_minutes == 16
    assert facts.runbook_warnings() == ["The steps add up to 16 minutes, over the 15-minute target.",
                                        "No one runs step 3: put one name on each."]
    for n in range(8):
        rollback.add_step(plan, release_id, f"Extra {n}", runner_id=ANA, expected_minutes=1)
    facts = rollback_facts(read_live(plan, release_id))
    assert len(facts.steps) == 13 and facts.runbook_too_long
    assert "more than 12 is no longer short" in facts.runbook_warnings()[0]
    assert any("24 minutes, over the 15-minute target" in w for w in facts.runbook_warnings())
    _ = (TOM, PRIYA)


def test_laps_parse_tolerates_hand_edited_files() -> None:
    laps = parse_laps('[{"step": "A", "seconds": 10}, "junk", {"step": "B"}, {"step": "C", "seconds": "25"}]')
    assert [(lap.step, lap.split, lap.lap) for lap in laps] == [("A", 10.0, 10.0), ("C", 25.0, 15.0)]
    assert parse_laps("not json") == [] and parse_laps('{"a": 1}') == [] and parse_laps(None) == []


def test_clock_text() -> None:
    assert [clock_text(s) for s in (0, 9.9, 61, 3599, 3600, 3723, -5)] == [
        "0:00", "0:09", "1:01", "59:59", "1:00:00", "1:02:03", "0:00"]


class FakeClocks:
    def __init__(self) -> None:
        self.wall = T0 + dt.timedelta(minutes=3)
        self.mono = 1000.0


def test_drill_clock_resumes_from_the_stored_start_then_runs_on_a_monotonic_clock() -> None:
    clocks = FakeClocks()
    watch = DrillClock(T0, wall=lambda: clocks.wall, monotonic=lambda: clocks.mono)
    assert watch.elapsed() == 180.0  # reopened three minutes after the start: the time gone counts
    clocks.mono += 42.5
    clocks.wall -= dt.timedelta(hours=1)  # the system clock jumps back mid-session: ignored
    assert watch.elapsed() == 222.5
    assert watch.moment() == T0 + dt.timedelta(seconds=222.5)
    clocks.wall += dt.timedelta(days=1)  # ...and forward: ignored too
    clocks.mono += 10
    assert watch.elapsed() == 232.5


def test_drill_clock_never_reads_negative() -> None:
    watch = DrillClock(T0, wall=lambda: T0 - dt.timedelta(minutes=5), monotonic=lambda: 0.0)
    assert watch.elapsed() == 0.0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moves=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 6)), min_size=1, max_size=8))
def test_any_moves_match_a_list_and_undo_all_restores_the_file(plan, moves) -> None:
    before = dump(plan)
    expected = order(plan, "runbook_step")
    done = []
    for pick, index in moves:
        step = expected[pick]
        target = expected.copy()
        target.remove(step)
        target.insert(min(index, len(target)), step)
        if target == expected:
            continue
        done.append(rollback.move_step(plan, step, index))
        expected = target
        assert order(plan, "runbook_step") == expected
    for changes in reversed(done):
        core.undo(plan, changes)
    assert dump(plan) == before
