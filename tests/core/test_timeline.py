"""Phase changes and the freeze, daily check-ins and blockers (round trip through the file), the timeline report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from _support import ANA, FIXED_TODAY, MAYA, START, TARGET, TOM, count, refused

from cockpit.errors import NotAPerson, ScopeFrozen, ValidationError
from cockpit.reports.timeline import WEEK_GOALS, recurring_blockers, timeline
from cockpit.services import release, scope
from cockpit.services import timeline as tl
from cockpit.services.core import undo
from cockpit.store import open_plan

TODAY = FIXED_TODAY + dt.timedelta(days=2)  # Wed 18 Nov, week 1


def _phase(plan) -> tuple:
    return plan.raw.execute("SELECT phase, frozen_at IS NOT NULL FROM release").fetchone()


def test_phases_advance_and_testing_freezes_scope(plan, release_id) -> None:
    assert _phase(plan) == ("building", 0)
    assert timeline(plan, release_id, TODAY).next_phase == "testing"
    changes = release.set_phase(plan, release_id, "testing")
    assert _phase(plan) == ("testing", 1) and changes.summary == "Phase: testing (scope frozen)"
    facts = timeline(plan, release_id, TODAY)
    assert facts.frozen_on is not None and facts.next_phase == "shipping"
    # The board honours it: adding to the release needs an override with a reason.
    refused(plan, ScopeFrozen, "frozen", lambda: scope.add_item(plan, release_id, "Late idea", lane="in release"))
    release.set_phase(plan, release_id, "shipping")
    assert _phase(plan) == ("shipping", 1)
    release.set_phase(plan, release_id, "shipped")
    assert timeline(plan, release_id, TODAY).next_phase is None
    release.set_phase(plan, release_id, "rolled back")
    assert _phase(plan) == ("rolled back", 1)
    refused(plan, ValidationError, "already in rolled back",
            lambda: release.set_phase(plan, release_id, "rolled back"))


def test_going_back_to_building_unfreezes(plan, release_id) -> None:
    release.set_phase(plan, release_id, "testing")
    changes = release.set_phase(plan, release_id, "building")
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
        assert by_id[first].same_as_id == earlier and first in recurring_blockers(facts.blockers)
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
    release.set_phase(plan, release_id, "testing")
    assert not any("not frozen" in w for w in timeline(plan, release_id, dt.date(2026, 11, 30)).warnings)


@pytest.mark.parametrize("texts,recurring", [(["Keys expired", "keys  EXPIRED"], {2}), (["A", "B"], set())])
def test_recurring_blockers_by_words(texts, recurring) -> None:
    from cockpit.reports.timeline import BlockerFacts

    blockers = tuple(BlockerFacts(n + 1, text, "handoff", None, "", START, None, None, None)
                     for n, text in enumerate(texts))
    assert recurring_blockers(blockers) == recurring
