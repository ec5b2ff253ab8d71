"""Planned vs done (the burn-up) and plan stability, from check-ins and the change log."""

from __future__ import annotations

import datetime as dt

import hypothesis.strategies as st
from _support import START, TARGET
from hypothesis import given

from cockpit.reader import change_log, read_live
from cockpit.reports.timeline import timeline as timeline_of
from cockpit.rules.progress import BEHIND_TOLERANCE_DAYS, burn_up, churn, planned_by_morning, progress, stability
from cockpit.services import release, scope
from cockpit.services import timeline as tl

MON = START  # Mon 16 Nov 2026; the target is Thu 10 Dec: 18 working days before it


def timeline(plan, release_id: int, today: dt.date):
    """The timeline report from the plan's snapshot and its whole change log, as the app reads it."""
    return timeline_of(read_live(plan, release_id), today, change_log(plan.raw))


def test_planned_is_linear_over_the_working_days_before_the_target() -> None:
    assert planned_by_morning(MON, TARGET, 36, MON) == 0
    assert planned_by_morning(MON, TARGET, 36, MON + dt.timedelta(days=1)) == 2  # one working day done
    saturday, monday = MON + dt.timedelta(days=5), MON + dt.timedelta(days=7)
    assert planned_by_morning(MON, TARGET, 36, saturday) == planned_by_morning(MON, TARGET, 36, monday) == 10
    assert planned_by_morning(MON, TARGET, 36, TARGET) == 36
    assert planned_by_morning(MON, TARGET, 36, TARGET + dt.timedelta(days=9)) == 36


@given(scope=st.floats(0, 500), offsets=st.lists(st.integers(0, 40), min_size=2, max_size=2))
def test_planned_never_goes_down_and_ends_at_the_scope(scope, offsets) -> None:
    a, b = sorted(MON + dt.timedelta(days=n) for n in offsets)
    assert planned_by_morning(MON, TARGET, scope, a) <= planned_by_morning(MON, TARGET, scope, b)
    assert abs(planned_by_morning(MON, TARGET, scope, TARGET) - scope) < 0.01


def test_falling_behind_in_week_1_is_reported_at_once() -> None:
    today = MON + dt.timedelta(days=2)
    on_plan = burn_up(MON, TARGET, 36, [(MON, 0), (MON + dt.timedelta(days=1), 2)], today)
    assert on_plan.warning is None and on_plan.behind_days == 0
    behind = burn_up(MON, TARGET, 36, [(MON, 0), (MON + dt.timedelta(days=2), 1.5)], today)
    assert behind.as_of == today and (behind.planned_then, behind.done_then) == (4, 1.5)
    assert behind.warning == ("Behind plan in week 1: 1.5 of 4 planned days done (the check-in on Wed 18 Nov), "
                              "2.5 days behind. Say it now: cut scope or move people; do not hope it away.")
    just_under = burn_up(MON, TARGET, 36, [(MON + dt.timedelta(days=2), 4 - BEHIND_TOLERANCE_DAYS + 0.01)], today)
    assert just_under.warning is None


def test_weeks_and_days_of_the_burn_up() -> None:
    records = [(MON + dt.timedelta(days=n), done) for n, done in ((0, 0), (1, 1.5), (4, 3), (7, 9))]
    facts = burn_up(MON, TARGET, 36, records, MON + dt.timedelta(days=8))
    assert len(facts.days) == 25 and facts.days[0].day == MON and facts.days[-1].day == TARGET
    assert [d.done for d in facts.days[:8]] == [0, 1.5, None, None, 3, None, None, 9]
    # Monday morning of week 2 records the work of week 1.
    assert [(w.week, w.planned, w.done) for w in facts.weeks] == [(1, 10, 9), (2, 20, None), (3, 30, None),
                                                                   (4, 36, None)]
    assert facts.weeks[1].first == MON + dt.timedelta(days=7)


def test_progress_of_the_example_follows_check_ins_and_scope(plan, release_id) -> None:
    today = MON + dt.timedelta(days=2)
    facts = timeline(plan, release_id, today).progress
    assert facts.scope_days == 40.5 and facts.from_items and facts.done_then == 1.5
    tl.record_check_in(plan, release_id, today, shipped="Invoice VAT fix", done_days=4.5)
    facts = timeline(plan, release_id, today).progress
    assert (facts.as_of, facts.done_then, facts.planned_then, facts.warning) == (today, 4.5, 4.5, None)
    scope.move_items(plan, [7], "cut", reason="A rescue release is not the place for a refactor")
    assert timeline(plan, release_id, today).progress.scope_days == 30.5


def test_changes_per_week_and_finish_line_moves() -> None:
    def at(day: int, hour: int = 12) -> dt.datetime:
        return dt.datetime.combine(MON + dt.timedelta(days=day), dt.time(hour)).replace(tzinfo=dt.UTC)

    rows = [(at(-3), "scope", False), (at(0), "scope", False), (at(1), "owners", False),
            (at(8), "dates", True)] + [(at(15), "scope", False)] * 10
    facts = churn(MON, rows)
    assert [(w.label, w.total) for w in facts.weeks] == [("Before", 1), ("Week 1", 2), ("Week 2", 1),
                                                          ("Week 3", 10), ("Week 4", 0)]
    assert facts.weeks[2].by_area == (("scope", 0), ("dates", 1), ("owners", 0))
    assert facts.finish_line_moves == 1 and facts.total == 14
    assert facts.warnings == ("Week 3: 10 changes to scope, dates and owners. The plan is being rewritten; "
                              "hold it steady.", "The finish line moved 1 time.")


def test_stability_of_the_example_counts_the_logged_changes(plan, release_id) -> None:
    before = timeline(plan, release_id, MON).stability
    release.set_dates(plan, release_id, target=TARGET + dt.timedelta(days=1), reason="Provider approval")
    tl.record_check_in(plan, release_id, MON, shipped="Not a plan change")
    after = timeline(plan, release_id, MON).stability
    assert after.total == before.total + 1 and after.finish_line_moves == before.finish_line_moves + 1
    logged = plan.raw.execute("SELECT count(*) FROM change_log WHERE area IN ('scope','dates','owners')").fetchone()
    assert after.total == logged[0]


def test_progress_and_stability_are_pure_functions_of_the_snapshot(plan, release_id) -> None:
    """The same numbers from the snapshot alone; plan-wide changes (people) count only with the whole log."""
    from cockpit.services import people

    today = MON + dt.timedelta(days=2)
    cycle = read_live(plan, release_id)
    assert progress(cycle, today) == timeline(plan, release_id, today).progress
    people.add_person(plan, "Nora Holm", 3)  # an owners change of no cycle
    cycle = read_live(plan, release_id)
    with_log = stability(cycle, change_log(plan.raw))
    plan_wide = plan.raw.execute("SELECT count(*) FROM change_log WHERE release_id IS NULL "
                                 "AND area IN ('scope', 'dates', 'owners')").fetchone()[0]
    assert plan_wide >= 1 and with_log.total == stability(cycle).total + plan_wide
    assert with_log == timeline(plan, release_id, today).stability
