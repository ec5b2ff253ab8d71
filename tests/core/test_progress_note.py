"""The weekly progress note (issue 21): drafted from the check-ins and the plan, edited, marked sent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cockpit import reader
from cockpit.errors import ValidationError
from cockpit.example import new_empty
from cockpit.reports.progress_note import draft, note_text, progress_facts, week_of, weeks_of
from cockpit.reports.timeline import WEEK_GOALS, timeline
from cockpit.services import people, progress, scope
from cockpit.services import timeline as timeline_service
from cockpit.services.core import undo
from cockpit.store import Plan

MONDAY = dt.date(2026, 10, 5)
THURSDAY = MONDAY + dt.timedelta(days=3)


@pytest.fixture
def week_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Week 1 of a fresh plan: 18 days of work over 18 working days, none done by Wednesday. The changes
    are made on Wednesday of week 1 (the change log's clock)."""
    from cockpit import clock

    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2026, 10, 7, 10, 0, tzinfo=dt.UTC))
    plan = new_empty(tmp_path / "p.cockpit", backup_dir=tmp_path / "b", today=MONDAY, name="Invoices by card")
    release_id = plan.live_release_id()
    ana = people.add_person(plan, "Ana Ruiz", 5).result
    pay = scope.add_item(plan, release_id, "Pay by card", estimate_days=10, owner_id=ana).result
    scope.add_item(plan, release_id, "Receipts", estimate_days=8, owner_id=ana)
    timeline_service.record_check_in(plan, release_id, MONDAY + dt.timedelta(days=1), shipped="Card form behind a flag",
                                     done_days=0)
    timeline_service.record_check_in(plan, release_id, MONDAY + dt.timedelta(days=2), shipped="Declined-card message",
                                     done_days=0)
    blocker = timeline_service.add_blocker(plan, release_id, "Sandbox keys expired", remover_id=ana,
                                           raised_on=MONDAY + dt.timedelta(days=2)).result
    timeline_service.update_blocker(plan, blocker, cleared_on=MONDAY + dt.timedelta(days=2))
    scope.move_items(plan, [pay], "cut", reason="Second job: customers can pay by invoice")
    yield plan
    plan.close()


def test_week_one_says_behind_plan_at_once(week_one: Plan) -> None:
    cycle = reader.read_live(week_one)
    facts = progress_facts(cycle, 1, THURSDAY)
    # The timeline's own rule: done (0) trails planned (18 days over 18 working days: 2 by Wednesday morning)
    assert facts.behind == timeline(cycle, THURSDAY).progress.warning
    assert facts.behind is not None and facts.behind.startswith("Behind plan in week 1")
    text = draft(facts)
    assert "We are behind the plan, and we say so now rather than later." in text
    assert f"BEHIND PLAN: {facts.behind}" in text


def test_the_draft_says_what_happened_in_the_week(week_one: Plan) -> None:
    facts = progress_facts(reader.read_live(week_one), 1, THURSDAY)
    text = draft(facts)
    assert text.startswith("Subject: Invoices by card: week 1 progress (Mon 05 Oct – Sun 11 Oct)")
    assert "- Tue 06 Oct: Card form behind a flag" in text and "- Wed 07 Oct: Declined-card message" in text
    assert "- Sandbox keys expired: Ana Ruiz, cleared Wed 07 Oct" in text
    assert "- 2 items added: Pay by card, Receipts." in text
    assert "- Wed 07 Oct: Cut “Pay by card”: Second job: customers can pay by invoice" in text
    assert f"Next week's goal: {WEEK_GOALS[1]}" in text
    # as of the latest check-in (Wednesday): 8 days in the release over 18 working days, 2 of them worked
    assert "Planned vs done (as of Wed 07 Oct)" in text
    assert "- This week: 0 days done of 0.89 days planned." in text and "- To date: 0 days done of 0.89" in text


def test_an_edit_and_a_sent_date_are_kept_and_undone(week_one: Plan) -> None:
    release_id = week_one.live_release_id()
    progress.set_progress_note(week_one, release_id, 1, "Our words for week 1.")
    facts = progress_facts(reader.read_live(week_one), 1, THURSDAY)
    assert note_text(facts) == "Our words for week 1." and facts.sent_on is None
    sent = progress.mark_progress_sent(week_one, release_id, 1, THURSDAY, "Our words for week 1, as sent.")
    facts = progress_facts(reader.read_live(week_one), 1, THURSDAY)
    assert (facts.edited, facts.sent_on) == ("Our words for week 1, as sent.", THURSDAY)
    undo(week_one, sent)  # one step: the text and the date as they were
    facts = progress_facts(reader.read_live(week_one), 1, THURSDAY)
    assert (facts.edited, facts.sent_on) == ("Our words for week 1.", None)
    with pytest.raises(ValidationError, match="Write the progress note before marking it sent"):
        progress.mark_progress_sent(week_one, release_id, 2, THURSDAY, "  ")
    with pytest.raises(ValidationError, match="week"):
        progress.set_progress_note(week_one, release_id, 0, "x")
    cleared = progress.set_progress_note(week_one, release_id, 2, "Week 2 draft kept")
    progress.set_progress_note(week_one, release_id, 2, "")  # empty, not sent: back to the app's draft
    assert not [n for n in reader.read_live(week_one).progress_notes if n.week == 2]
    assert cleared.summary == "Edit the progress note of week 2"


def test_weeks_run_from_the_start_to_the_backup_date(week_one: Plan) -> None:
    cycle = reader.read_live(week_one)
    assert weeks_of(cycle) == 5  # 5 Oct to the backup date, Thu 5 Nov
    assert week_of(cycle, MONDAY - dt.timedelta(days=3)) == 1
    assert week_of(cycle, THURSDAY + dt.timedelta(days=7)) == 2
    assert week_of(cycle, dt.date(2027, 1, 1)) == 5


def test_week_two_reads_its_own_check_ins(week_one: Plan) -> None:
    release_id = week_one.live_release_id()
    tuesday = MONDAY + dt.timedelta(days=8)
    timeline_service.record_check_in(week_one, release_id, tuesday, shipped="Receipts on staging", done_days=3)
    facts = progress_facts(reader.read_live(week_one), 2, tuesday + dt.timedelta(days=2))
    # 8 days in the release over 18 working days: 6 worked by Tuesday morning (2.67), 5 by Monday's (2.22)
    assert (facts.done_to_date, facts.planned_to_date, facts.as_of) == (3.0, 2.67, tuesday)
    assert (facts.done_week, facts.planned_week) == (3.0, 0.45)  # 3 done since the last record (0 on Wed 7)
    assert facts.behind is None
    text = draft(facts)
    assert "- This week: 3 days done of 0.45 days planned." in text and "BEHIND PLAN" not in text
    with pytest.raises(ValueError, match="week 3 has not started yet"):
        progress_facts(reader.read_live(week_one), 3, tuesday)


def test_a_week_with_no_days_recorded_says_so(week_one: Plan) -> None:
    facts = progress_facts(reader.read_live(week_one), 2, MONDAY + dt.timedelta(days=9))
    assert (facts.done_week, facts.done_to_date, facts.as_of) == (None, None, None)
    # planned by Wednesday morning of week 2 (7 worked days), against nothing recorded
    assert "- To date: 3.11 days planned; the days done were not recorded at a check-in." in draft(facts)


def test_a_busy_week_keeps_the_goal_and_counts_the_rest(week_one: Plan) -> None:
    release_id = week_one.live_release_id()
    ids = [scope.add_item(week_one, release_id, f"Request {n}").result for n in range(30)]
    for n in ids:
        scope.move_items(week_one, [n], "cut", reason=f"Not now {n}")
    text = draft(progress_facts(reader.read_live(week_one), 1, THURSDAY))
    assert f"Next week's goal: {WEEK_GOALS[1]}" in text
    assert "- and 20 more changes (the plan's change log has each one)" in text  # 31 cuts: 11 listed
    assert "- 32 items added: Pay by card, Receipts, Request 0, Request 1, Request 2 and 27 more." in text
