"""Phase changes and the freeze, daily check-ins and blockers (round trip through the file), the timeline report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from _support import ANA, FIXED_TODAY, MAYA, START, TARGET, TOM, count, refused

from cockpit.errors import NotAPerson, ScopeFrozen, ValidationError
from cockpit.reader import read_live
from cockpit.reports.retro import retro
from cockpit.reports.timeline import WEEK_GOALS
from cockpit.reports.timeline import timeline as timeline_of
from cockpit.services import release, scope
from cockpit.services import timeline as tl
from cockpit.services.core import undo
from cockpit.store import open_plan

TODAY = FIXED_TODAY + dt.timedelta(days=2)  # Wed 18 Nov, week 1


def timeline(plan, release_id: int, today: dt.date):
    """The timeline report of ``release_id`` as the app shows it: from the snapshot (and the whole change log)."""
    from cockpit.reader import change_log

    return timeline_of(read_live(plan, release_id), today, change_log(plan.raw))


def _phase(plan) -> tuple:
    return plan.raw.execute("SELECT phase, frozen_at IS NOT NULL FROM release").fetchone()


def test_phases_advance_and_testing_freezes_scope(plan, release_id) -> None:
    assert _phase(plan) == ("building", 0)
    assert timeline(plan, release_id, TODAY).next_phase == "testing"
    changes = release.set_phase(plan, release_id, "testing", confirmed=True)
    assert _phase(plan) == ("testing", 1) and changes.summary == "Phase: testing (scope frozen)"
    facts = timeline(plan, release_id, TODAY)
    assert facts.frozen_on is not None and facts.next_phase == "shipping"
    # The board honours it: adding to the release needs an override with a reason.
    refused(plan, ScopeFrozen, "frozen", lambda: scope.add_item(plan, release_id, "Late idea", lane="in release"))
    release.set_phase(plan, release_id, "shipping", confirmed=True)
    assert _phase(plan) == ("shipping", 1)
    release.set_phase(plan, release_id, "shipped", confirmed=True)
    assert timeline(plan, release_id, TODAY).next_phase is None
    release.set_phase(plan, release_id, "rolled back", confirmed=True)
    assert _phase(plan) == ("rolled back", 1)
    refused(plan, ValidationError, "already in rolled back",
            lambda: release.set_phase(plan, release_id, "rolled back", confirmed=True))


def test_going_back_to_building_unfreezes(plan, release_id) -> None:
    release.set_phase(plan, release_id, "testing", confirmed=True)
    changes = release.set_phase(plan, release_id, "building", confirmed=True)
    assert _phase(plan) == ("building", 0)
    undo(plan, changes)
    assert _phase(plan) == ("testing", 1)


def test_check_in_and_blockers_round_trip_through_the_file(example_path: Path) -> None:
    day = START + dt.timedelta(days=7)  # Monday of week 2
    with open_plan(example_path) as plan:
        rid = plan.live_release_id()
        earlier = tl.add_blocker(plan, rid, "Staging payment keys expired", remover_id=ANA,
                                 raised_on=START + dt.timedelta(days=1)).result
        check_in = tl.record_check_in(plan, rid, day, shipped="Card form live in staging; VAT fix, done.",
                                      blocks="Keys expired; QA waits on build", done_days="6,5").result
        first = tl.add_blocker(plan, rid, "Staging payment keys expired", remover_id=ANA, raised_on=day,
                               category="process gap", check_in_id=check_in).result
        second = tl.add_blocker(plan, rid, "QA waits on a build", remover_id="Tom Okafor", raised_on=day,
                                category="handoff", check_in_id=check_in).result
        tl.update_blocker(plan, second, cleared_on=day)
        tl.link_same_blocker(plan, first, earlier)
    with open_plan(example_path) as plan:
        facts = timeline(plan, rid, day)
        saved = facts.check_ins[day]
        assert (saved.shipped, saved.blocks, saved.done_days) == (
            "Card form live in staging; VAT fix, done.", "Keys expired; QA waits on build", 6.5)
        by_id = {b.id: b for b in facts.blockers}
        assert (by_id[first].remover, by_id[first].category, by_id[first].cleared_on) == (
            "Ana Ruiz", "process gap", None)
        assert (by_id[second].remover_id, by_id[second].category, by_id[second].cleared_on) == (TOM, "handoff", day)
        assert by_id[first].same_as_id == earlier and first in facts.recurring
        # Open blockers stay visible until cleared; the cleared one no longer counts as open.
        open_ids = {b.id for b in facts.open_blockers()}
        assert first in open_ids and second not in open_ids
        assert by_id[second].open_on(day) and not by_id[second].open_on(day + dt.timedelta(days=1))
        # The check-in of the same day is rewritten, not duplicated.
        tl.record_check_in(plan, rid, day, shipped="Rewritten", done_days=7)
        assert count(plan, "check_in", f"day = '{day}'") == 1
        assert timeline(plan, rid, day).check_ins[day].done_days == 7


def test_a_blocker_needs_one_named_person(plan, release_id) -> None:
    refused(plan, ValidationError, "Name the one person",
            lambda: tl.add_blocker(plan, release_id, "Design late", remover_id=None, raised_on=START))
    refused(plan, NotAPerson, "not a person",
            lambda: tl.add_blocker(plan, release_id, "Design late", remover_id="the team", raised_on=START))
    refused(plan, ValidationError, "not a blocker category",
            lambda: tl.add_blocker(plan, release_id, "Design late", remover_id=MAYA, raised_on=START,
                                   category="bad luck"))


def test_the_report_has_four_weeks_five_milestones_and_the_warnings(plan, release_id) -> None:
    facts = timeline(plan, release_id, TODAY)
    assert [w.goal for w in facts.weeks] == list(WEEK_GOALS)
    assert (facts.weeks[0].first, facts.weeks[0].last) == (START, START + dt.timedelta(days=6))
    assert [(m.key, m.day) for m in facts.milestones] == [
        ("scope freeze", dt.date(2026, 11, 27)), ("rollback rehearsal", dt.date(2026, 12, 2)),
        ("go/no-go review", dt.date(2026, 12, 9)), ("launch", TARGET), ("backup date", dt.date(2026, 12, 17))]
    assert facts.milestone("launch").finish_line
    assert facts.first_day == START and facts.last_day == dt.date(2026, 12, 17)
    # No check-in has recorded days done yet: items marked done stand in, and the example is behind.
    assert facts.progress.from_items and facts.progress.done_then == 1.5
    assert facts.warnings[0].startswith("Behind plan in week 1: 1.5 of 4.5 planned days done (items marked done)")


def test_a_blocker_left_open_past_its_day_is_pointed_out(plan, release_id) -> None:
    blocker = tl.add_blocker(plan, release_id, "Design late", remover_id=MAYA, raised_on=TODAY - dt.timedelta(days=1),
                             category="handoff").result
    assert "1 blocker raised before today is still open (Maya Chen)" in " ".join(timeline(plan, release_id,
                                                                                          TODAY).warnings)
    tl.update_blocker(plan, blocker, cleared_on=TODAY)
    assert not any("still open" in w for w in timeline(plan, release_id, TODAY).warnings)


def test_a_missed_freeze_is_pointed_out(plan, release_id) -> None:
    late = timeline(plan, release_id, dt.date(2026, 11, 30))
    assert any("scope is not frozen yet" in w for w in late.warnings)
    # the same rule marks the milestone itself late (the canvas says "⚠ late" beside it)
    assert [m.key for m in late.milestones if m.late] == ["scope freeze"]
    assert not any(m.late for m in timeline(plan, release_id, TODAY).milestones), "not before its day"
    release.set_phase(plan, release_id, "testing", confirmed=True)
    frozen = timeline(plan, release_id, dt.date(2026, 11, 30))
    assert not any("not frozen" in w for w in frozen.warnings)
    assert not any(m.late for m in frozen.milestones)


def _retro_flags(plan, release_id: int) -> set[int]:
    """Blockers of ``release_id`` that the retrospective marks as recurring."""
    cycle = read_live(plan, release_id)
    return set(retro(cycle).recurring_ids) & {b.id for b in cycle.blockers}


def test_recurring_blockers_are_the_retro_rule_not_the_exact_words(plan, release_id) -> None:
    """Finding 2: the old timeline compared exact words and missed what the retrospective groups."""
    first = tl.add_blocker(plan, release_id, "Waiting on QA sign-off", remover_id=MAYA, raised_on=START).result
    again = tl.add_blocker(plan, release_id, "waiting for QA sign off again", remover_id=MAYA,
                           raised_on=START + dt.timedelta(days=1)).result
    other = tl.add_blocker(plan, release_id, "Design late", remover_id=MAYA, raised_on=START).result
    facts = timeline(plan, release_id, TODAY)
    assert {first, again} <= facts.recurring and other not in facts.recurring
    assert facts.recurring == _retro_flags(plan, release_id)
    assert any("recur" in w for w in facts.warnings)


def test_a_blocker_seen_in_an_earlier_cycle_recurs(plan, release_id) -> None:
    """Finding 2: the same blocker in two cycles recurs, in the timeline exactly as in the retrospective."""
    from cockpit.services.cycles import start_next_cycle

    old = tl.add_blocker(plan, release_id, "Staging payment keys expired", remover_id=ANA, raised_on=START).result
    release.set_phase(plan, release_id, "testing", confirmed=True)
    release.set_phase(plan, release_id, "shipping", confirmed=True)
    release.set_phase(plan, release_id, "shipped", confirmed=True)
    new_cycle = start_next_cycle(plan, release_id, TARGET + dt.timedelta(days=4)).result
    start = read_live(plan, new_cycle).release.start_date
    new = tl.add_blocker(plan, new_cycle, "Staging payment keys expired", remover_id=ANA, raised_on=start).result
    facts = timeline(plan, new_cycle, start)
    assert facts.recurring == {new} == _retro_flags(plan, new_cycle)
    assert old in timeline(plan, release_id, TODAY).recurring
    assert timeline(plan, release_id, TODAY).recurring == _retro_flags(plan, release_id)


def test_the_missed_freeze_follows_the_phase_not_frozen_at(plan, release_id) -> None:
    """Finding 1: frozen is the phase (rules.scope.scope_frozen), whatever frozen_at holds."""
    release.set_phase(plan, release_id, "testing", confirmed=True)
    plan.raw.execute("UPDATE release SET frozen_at = NULL")  # a file from an older version, or an import
    facts = timeline(plan, release_id, dt.date(2026, 11, 30))
    assert facts.frozen and not any("not frozen" in w for w in facts.warnings)
