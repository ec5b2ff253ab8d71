"""The track record (issue 21) on three cycles built through the services: one slipped, one rolled back,
one shipped. Every figure is checked against a value worked out by hand from the steps below."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cockpit import reader
from cockpit.example import new_empty
from cockpit.reports.export import export_plan
from cockpit.reports.record import MISSING, as_json, as_markdown, number, ratio, track_record
from cockpit.services import cycles, people, release, rollback, scope, timeline
from cockpit.store import Plan

# Cycle 1 starts Monday 5 October 2026: target Thursday 29 October, backup 5 November.
START_1 = dt.date(2026, 10, 5)


def _at(day: dt.date, hour: int = 15) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=dt.UTC)


def _items(plan: Plan, release_id: int, titles_days: list[tuple[str, float]]) -> list[int]:
    return [scope.add_item(plan, release_id, title, estimate_days=days).result for title, days in titles_days]


def _freeze(plan: Plan, release_id: int) -> None:
    release.set_phase(plan, release_id, "building")
    release.set_phase(plan, release_id, "testing", confirmed=True)


def build_three_cycles(path: Path) -> Plan:
    """Cycle 1 slipped, cycle 2 was rolled back, cycle 3 shipped (see the comments for each figure)."""
    plan = new_empty(path, backup_dir=path.parent / "backups", today=START_1, name="Invoices by card")
    one = plan.live_release_id()
    ana = people.add_person(plan, "Ana Ruiz", 5).result
    tom = people.add_person(plan, "Tom Okafor", 5).result
    # The first target set while planning sets the finish line; the second change moves it (1 move).
    release.set_dates(plan, one, target=dt.date(2026, 10, 28))
    release.set_dates(plan, one, target=dt.date(2026, 10, 29), reason="The payment provider's sandbox is late")
    a, b, c = _items(plan, one, [("Pay by card", 2), ("Receipt email", 3), ("Invoice PDF", 1)])
    scope.update_item(plan, b, estimate_days=4)  # before the freeze: planning, not churn
    scope.update_item(plan, b, title="Receipt email after payment")  # an edit, not a re-estimate
    _freeze(plan, one)  # committed at the freeze: A, B, C = 3
    scope.update_item(plan, b, estimate_days=5)  # re-estimated after the freeze: 1
    late = scope.add_item(plan, one, "Fix: double charge", lane="in release", estimate_days=1,
                          override_reason="A real production fix").result  # added after the freeze 1, late 1
    scope.move_items(plan, [c], "cut", reason="Not needed to pay")  # committed, then cut: 1
    scope.add_item(plan, one, "Dark mode")  # a request lands in Parked: added after the freeze 2, not committed
    scope.update_item(plan, a, status="done")  # delivered 1 of 3
    scope.update_item(plan, late, status="done")  # done, but not committed: not in say/do
    timeline.record_check_in(plan, one, dt.date(2026, 10, 6), shipped="Card form")
    timeline.record_check_in(plan, one, dt.date(2026, 10, 7), shipped="Receipts")  # 2 held
    keys = timeline.add_blocker(plan, one, "Staging keys expired", remover_id=ana,
                                raised_on=dt.date(2026, 10, 7)).result
    timeline.update_blocker(plan, keys, cleared_on=dt.date(2026, 10, 7))  # cleared the same day
    vpn = timeline.add_blocker(plan, one, "VPN down", remover_id=tom, raised_on=dt.date(2026, 10, 8)).result
    timeline.update_blocker(plan, vpn, cleared_on=dt.date(2026, 10, 9))  # a day later
    rollback.record_drill(plan, one, _at(dt.date(2026, 10, 20)), 20)
    rollback.record_drill(plan, one, _at(dt.date(2026, 10, 27)), 14)
    release.set_outcome(plan, one, "slipped", dt.date(2026, 11, 3))  # 5 days after 29 October

    # Cycle 2: starts Monday 9 November (after 3 November), target Thursday 3 December.
    two = cycles.start_next_cycle(plan, one, today=dt.date(2026, 11, 3)).result
    e, f = _items(plan, two, [("Refunds", 2), ("Export", 2)])
    _freeze(plan, two)  # committed 2
    scope.update_item(plan, e, status="done")
    scope.update_item(plan, f, status="done")  # delivered 2 of 2
    rollback.record_drill(plan, two, _at(dt.date(2026, 11, 30)), 12)
    # No check-in was held. Rolled back on the target day, 25 minutes to restore.
    release.set_outcome(plan, two, "rolled back", dt.date(2026, 12, 3), restore_minutes=25)

    # Cycle 3: starts Monday 7 December, target Thursday 31 December.
    three = cycles.start_next_cycle(plan, two, today=dt.date(2026, 12, 3)).result
    g, h, i, j = _items(plan, three, [("Retry webhooks", 1), ("Audit log", 1), ("Plan limits", 1), ("Email", 1)])
    _freeze(plan, three)  # committed 4
    for item in (g, h, i, j):
        scope.update_item(plan, item, status="done")  # delivered 4 of 4
    timeline.record_check_in(plan, three, dt.date(2026, 12, 7), shipped="Webhooks")  # 1 held
    again = timeline.add_blocker(plan, three, "Staging keys expired again", remover_id=ana,
                                 raised_on=dt.date(2026, 12, 8)).result
    timeline.link_same_blocker(plan, again, keys)  # recurs: 1 in cycle 1 and 1 in cycle 3
    release.set_outcome(plan, three, "shipped", dt.date(2026, 12, 31))  # on the target day
    return plan


@pytest.fixture
def three(tmp_path: Path):
    plan = build_three_cycles(tmp_path / "three.cockpit")
    yield plan
    plan.close()


def test_every_figure_of_three_cycles(three: Plan) -> None:
    record = track_record(reader.read_plan(three.raw, "three.cockpit"), dt.date(2027, 1, 4))
    first, second, third = record.cycles
    assert [c.outcome for c in record.cycles] == ["slipped", "rolled back", "shipped"]
    assert [c.cycle for c in record.cycles] == [1, 2, 3]
    # say/do
    assert (first.committed, first.delivered) == (3, 1) and first.say_do == pytest.approx(1 / 3)
    assert (second.committed, second.delivered, second.say_do) == (2, 2, 1.0)
    assert (third.committed, third.delivered, third.say_do) == (4, 4, 1.0)
    # date
    assert (first.target, first.actual, first.slip_days) == (dt.date(2026, 10, 29), dt.date(2026, 11, 3), 5)
    # rolled back on 3 December: the plan keeps the day of the rollback, not of the ship
    assert (second.target, second.actual, second.slip_days) == (dt.date(2026, 12, 3), None, None)
    assert (third.target, third.actual, third.slip_days) == (dt.date(2026, 12, 31), dt.date(2026, 12, 31), 0)
    assert [c.finish_line_moves for c in record.cycles] == [1, 0, 0]
    # churn
    assert (first.added_after_freeze, first.cut, first.parked, first.reestimated, first.late_additions) == (
        2, 1, 0, 1, 1)
    # cycle 2 took cycle 1's parked Dark mode into its own Parked lane when it started: not churn of cycle 2
    assert (second.added_after_freeze, second.cut, second.parked, second.reestimated, second.late_additions) == (
        0, 0, 0, 0, 0)
    assert (third.added_after_freeze, third.cut, third.parked, third.reestimated) == (0, 0, 0, 0)
    # rollback
    assert (first.drill_minutes, second.drill_minutes, third.drill_minutes) == ((20.0, 14.0), (12.0,), ())
    assert [c.rollbacks for c in record.cycles] == [0, 1, 0]
    assert [c.restore_minutes for c in record.cycles] == [None, 25.0, None]
    assert first.drill_target == 15
    # rhythm: working days from the start to the outcome's day, both counted
    assert (first.check_ins_held, first.check_ins_planned) == (2, 22)  # 5 Oct – 3 Nov
    assert (second.check_ins_held, second.check_ins_planned) == (0, 19)  # 9 Nov – 3 Dec
    assert (third.check_ins_held, third.check_ins_planned) == (1, 19)  # 7 Dec – 31 Dec
    assert (first.blockers, first.cleared_same_day, first.recurring) == (2, 1, 1)
    assert (second.blockers, second.cleared_same_day, second.recurring) == (0, 0, 0)
    assert (third.blockers, third.cleared_same_day, third.recurring) == (1, 0, 1)
    assert record.totals == {"shipped": 1, "slipped": 1, "rolled back": 1}


def test_missing_data_is_a_dash_never_a_zero(tmp_path: Path) -> None:
    plan = new_empty(tmp_path / "new.cockpit", backup_dir=tmp_path / "b", today=START_1)
    try:
        [only] = track_record(reader.read_plan(plan.raw), START_1 + dt.timedelta(days=3)).cycles
    finally:
        plan.close()
    assert (only.committed, only.delivered, only.say_do, only.added_after_freeze) == (None, None, None, None)
    assert (only.actual, only.slip_days, only.rollbacks, only.restore_minutes, only.last_drill) == (
        None, None, None, None, None)
    assert (only.reestimated, only.cut, only.parked) == (None, None, None)  # churn is counted from the freeze
    assert (number(only.slip_days), ratio(only.say_do), number(only.restore_minutes)) == (MISSING,) * 3


def test_a_cycle_frozen_before_the_commitment_was_kept_shows_dashes(three: Plan) -> None:
    three.raw.execute("DELETE FROM freeze_commitment WHERE release_id = 1")  # as a format-2 file had it
    three.raw.commit()
    first = track_record(reader.read_plan(three.raw), dt.date(2027, 1, 4)).cycles[0]
    assert (first.committed, first.delivered, first.say_do, first.reestimated) == (None, None, None, None)
    assert (first.cut, first.parked) == (None, None)
    assert first.added_after_freeze == 2  # the freeze moment is still known


def test_the_export_and_the_markdown_carry_the_same_figures(three: Plan) -> None:
    cycles_ = reader.read_plan(three.raw, "three.cockpit")
    record = track_record(cycles_, dt.date(2027, 1, 4))
    data = as_json(record)
    assert data["cycles"][0]["say_do"] == {"committed_at_freeze": 3, "delivered": 1, "ratio": 0.333}
    assert data["cycles"][1]["rollback"]["restore_minutes"] == 25.0
    exported = export_plan(cycles_, reader.change_log(three.raw), people=cycles_[-1].people,
                           settings=cycles_[-1].settings, exported_at=dt.datetime(2027, 1, 4, 12, tzinfo=dt.UTC))
    assert exported["track_record"] == json.loads(json.dumps(data))
    text = as_markdown(record)
    assert "| Say/do (delivered of committed at the freeze) | 33 % (1 of 3) | 100 % (2 of 2) | 100 % (4 of 4) |" \
        in text
    assert "| Slip (days) | 5 | — | 0 |" in text
    assert "| Time to recover (min) | — | 25 | — |" in text


def test_the_example_plan_has_a_past_cycle_to_compare(tmp_path: Path) -> None:
    from cockpit.example import create_example

    plan = create_example(tmp_path / "example.cockpit", backup_dir=tmp_path / "b", today=dt.date(2026, 11, 18))
    try:
        record = track_record(reader.read_plan(plan.raw), dt.date(2026, 11, 18))
        live = reader.read_live(plan)
    finally:
        plan.close()
    past, now = record.cycles
    assert (past.cycle, past.name, past.outcome) == (1, "Invoices, reports and SSO", "slipped")
    assert (past.committed, past.delivered, past.slip_days, past.finish_line_moves) == (6, 3, 3, 1)
    assert (past.added_after_freeze, past.cut, past.reestimated, past.late_additions) == (2, 1, 1, 2)
    assert (past.drill_minutes, past.check_ins_held, past.cleared_same_day, past.recurring) == ((41.0,), 2, 0, 1)
    assert (now.cycle, now.name, now.outcome, now.committed) == (2, "Team plan billing", None, None)
    assert live.release.name == "Team plan billing" and live.release.start_date == dt.date(2026, 11, 16)
    assert not [i for i in live.items if i.title == "New dashboard"]  # nothing but Parked carries over


def test_the_commitment_is_the_first_freeze_and_an_outcome_from_building_keeps_one(tmp_path: Path) -> None:
    plan = new_empty(tmp_path / "p.cockpit", backup_dir=tmp_path / "b", today=START_1)
    try:
        one = plan.live_release_id()
        a, b = _items(plan, one, [("Pay by card", 2), ("Receipts", 1)])
        _freeze(plan, one)
        release.set_phase(plan, one, "building")  # scope opened again
        scope.add_item(plan, one, "Dark mode", lane="in release", estimate_days=1)
        release.set_phase(plan, one, "testing", confirmed=True)  # frozen again: the first word stands
        assert [c.title for c in reader.read_live(plan).commitment] == ["Pay by card", "Receipts"]
        scope.update_item(plan, a, estimate_days=0)
        scope.update_item(plan, a, estimate_days=3)  # from none: a first estimate, not a re-estimate
        scope.update_item(plan, b, estimate_days=2)  # a new estimate
        record = track_record(reader.read_plan(plan.raw), START_1 + dt.timedelta(days=2)).cycles[0]
        assert record.reestimated == 2  # 2 → 0 and 1 → 2; 0 → 3 is not one
    finally:
        plan.close()
    other = new_empty(tmp_path / "q.cockpit", backup_dir=tmp_path / "b", today=START_1)
    try:
        two = other.live_release_id()
        _items(other, two, [("Pay by card", 2)])
        release.set_outcome(other, two, "shipped", START_1 + dt.timedelta(days=20))  # straight from planning
        assert [c.title for c in reader.read_live(other).commitment] == ["Pay by card"]
    finally:
        other.close()
