"""The reset session (issue 20): its clock, its record, the parking lot, and "still open" per step."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cockpit import reader
from cockpit.errors import ValidationError
from cockpit.example import new_empty
from cockpit.kinds import Lane
from cockpit.reports import session as report
from cockpit.reports.board import board_frame, board_lanes, candidates_warning
from cockpit.reports.brief import brief_content
from cockpit.reports.gonogo import go_no_go
from cockpit.reports.overview import overview
from cockpit.reports.owners import ownership
from cockpit.reports.readiness import rollback_readiness
from cockpit.reports.retro import retro
from cockpit.reports.timeline import timeline
from cockpit.rules import session as rules
from cockpit.services import review, scope
from cockpit.services import session as service
from cockpit.services.core import undo
from cockpit.store import open_plan

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


# -- the rules ----------------------------------------------------------------------------------------

def test_the_steps_follow_the_four_moves_and_their_timeboxes_add_up_to_a_half_day() -> None:
    assert rules.KEYS == ("problem", "scope", "names", "rollback", "weeks", "close")
    from cockpit.rules.thresholds import DEFAULTS

    minutes = [float(DEFAULTS[s.timebox_key]) for s in rules.STEPS]
    assert minutes[2] == 15  # DOMAIN.md: the ownership meeting is short (15 minutes)
    assert 180 <= sum(minutes) <= 240


@pytest.mark.parametrize(("remaining", "tone", "text"), [
    (600, "", "10:00"), (121, "", "2:01"), (120, "amber", "2:00"), (59.2, "amber", "1:00"), (0.4, "amber", "0:01"),
    (0, "red", "0:00"), (-0.5, "red", "0:00"), (-90, "red", "+1:30"),
])
def test_the_countdown_turns_amber_at_two_minutes_and_red_at_zero(remaining: float, tone: str, text: str) -> None:
    assert rules.tone(remaining) == tone
    assert rules.countdown_text(remaining) == text


def test_durations_read_as_people_say_them() -> None:
    assert [rules.duration_text(s) for s in (20, 60, 35 * 60, 2 * 3600 + 40 * 60, 3 * 3600)] == [
        "under a minute", "1 min", "35 min", "2 h 40 min", "3 h"]


def test_a_gap_longer_than_a_save_interval_is_an_interruption_and_not_counted() -> None:
    assert rules.unsaved(at(0), at(0.5)) == 30
    assert rules.unsaved(at(0), at(10)) == 0  # a crash or a sleeping laptop
    assert rules.unsaved(None, at(10)) == 0  # paused
    assert rules.interrupted(at(0), at(10)) and not rules.interrupted(at(0), at(1))
    assert rules.INTERRUPTED_AFTER > 2 * rules.SAVE_EVERY


def test_unreadable_seconds_are_left_out() -> None:
    assert rules.parse_seconds('{"problem": 5, "scope": "x", "names": -1, "rollback": true}') == {"problem": 5.0}
    assert rules.parse_seconds("not json") == {} == rules.parse_seconds("[1]")


# -- the clock in the plan ----------------------------------------------------------------------------

def _cycle(plan):
    return reader.read_live(plan)


def test_a_session_records_its_steps_pauses_and_skips(plan, release_id: int) -> None:
    session_id = service.start_session(plan, release_id, now=at(0)).result
    for minute in (0.5, 1.0, 1.5):  # the app saves the running clock every 30 s
        service.set_clock(plan, session_id, running=True, now=at(minute))
    service.set_clock(plan, session_id, running=True, step="scope", now=at(2))  # Next
    service.set_clock(plan, session_id, running=False, now=at(2.5))  # a break
    service.set_clock(plan, session_id, running=True, now=at(40))  # back from it: the break is not counted
    service.set_clock(plan, session_id, running=True, step="close", now=at(41))  # a jump: 3, 4, 5 skipped
    service.set_clock(plan, session_id, running=True, now=at(41.5))
    service.end_session(plan, session_id, now=at(42))

    rec = report.records(_cycle(plan))[-1]
    assert [round(s.spent) for s in rec.steps] == [120, 90, 0, 0, 0, 60]
    assert rec.total == 270
    assert rec.skipped == ("One name each", "Rollback", "Four weeks")
    assert rec.ended and rec.clock_saved_at is None
    assert rec.spent("names").timebox == 15 * 60
    with pytest.raises(ValidationError, match="has ended"):
        service.set_clock(plan, session_id, running=True, now=at(43))


def test_the_clock_is_not_on_the_undo_stack_or_in_the_change_log(plan, release_id: int) -> None:
    before = len(reader.change_log(plan.raw))
    session_id = service.start_session(plan, release_id, now=at(0)).result
    service.set_clock(plan, session_id, running=True, step="scope", now=at(1))
    assert len(reader.change_log(plan.raw)) == before


def test_only_one_session_is_open_at_a_time(plan, release_id: int) -> None:
    service.start_session(plan, release_id, now=at(0))
    with pytest.raises(ValidationError, match="already open"):
        service.start_session(plan, release_id, now=at(1))
    with pytest.raises(ValidationError, match="no step called"):
        service.set_clock(plan, 1, running=True, step="lunch")


def test_the_clock_resumes_from_what_was_saved_after_a_kill(tmp_path: Path) -> None:
    """A real process runs the session and is killed with SIGKILL right after a save; the plan keeps it."""
    path = tmp_path / "reset.cockpit"
    new_empty(path, backup_dir=tmp_path / "b").close()
    script = textwrap.dedent(f"""
        import datetime as dt, os, signal
        from pathlib import Path
        from cockpit.services import session
        from cockpit.store import open_plan
        T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
        plan = open_plan(Path({str(path)!r}), backup_dir=Path({str(tmp_path / "b")!r}))
        sid = session.start_session(plan, plan.live_release_id(), now=T0).result
        for half in range(1, 6):  # the app saves the running clock every 30 s
            session.set_clock(plan, sid, running=True, now=T0 + dt.timedelta(seconds=30 * half))
        session.set_clock(plan, sid, running=True, step="scope", now=T0 + dt.timedelta(minutes=3))
        session.set_clock(plan, sid, running=True, now=T0 + dt.timedelta(minutes=3, seconds=30))
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).parents[2], capture_output=True)
    assert done.returncode == -9, done.stderr
    with open_plan(path, backup_dir=tmp_path / "b") as plan:
        rec = report.open_session(_cycle(plan))
        assert rec is not None and rec.step == "scope"
        assert [round(s.spent) for s in rec.steps[:2]] == [180, 30]
        # Opened an hour later: interrupted, so the hour is not counted; resuming starts from the saved 30 s.
        assert rules.interrupted(rec.clock_saved_at, at(63.5))
        service.set_clock(plan, rec.id, running=True, now=at(63.5))
        service.set_clock(plan, rec.id, running=True, now=at(64))
        assert round(report.open_session(_cycle(plan)).spent("scope").spent) == 60


# -- the parking lot ----------------------------------------------------------------------------------

def test_parking_lot_topics_become_parked_items_in_one_undo_step(plan, release_id: int) -> None:
    session_id = service.start_session(plan, release_id, now=at(0)).result
    first = service.park_topic(plan, release_id, "  Audit log for admins ", now=at(1)).result
    second = service.park_topic(plan, release_id, "Pricing page copy", now=at(2)).result
    third = service.park_topic(plan, release_id, "Hire a QA contractor", now=at(3)).result
    with pytest.raises(ValidationError, match="topic cannot be empty"):
        service.park_topic(plan, release_id, "   ")
    cycle = _cycle(plan)
    assert [p.text for p in report.open_topics(cycle)] == ["Audit log for admins", "Pricing page copy",
                                                           "Hire a QA contractor"]
    assert all(p.session_id == session_id for p in cycle.parking)
    assert report.still_open(cycle, "close", cycle.release.target_date)[-1].text == (
        "3 topics in the parking lot: make them parked items or keep them as notes.")

    made = service.topics_to_items(plan, release_id, [first, second])
    parked = [i for i in _cycle(plan).items if i.lane == Lane.PARKED.value]
    assert [i.title for i in parked[-2:]] == ["Audit log for admins", "Pricing page copy"]
    assert parked[-1].cut_reason == service.FROM_PARKING
    service.topics_to_notes(plan, release_id, [third])
    with pytest.raises(ValidationError, match="already dealt with"):
        service.topics_to_items(plan, release_id, [third])
    rec = report.records(_cycle(plan))[-1]
    assert rec.parked_items == ("Audit log for admins", "Pricing page copy") and rec.notes == ("Hire a QA contractor",)
    assert not report.open_topics(_cycle(plan))

    undo(plan, made)
    cycle = _cycle(plan)
    assert "Audit log for admins" not in {i.title for i in cycle.items}
    assert [p.text for p in report.open_topics(cycle)] == ["Audit log for admins", "Pricing page copy"]


# -- what the retro and the brief show ----------------------------------------------------------------

def test_the_retro_and_the_brief_show_the_session(plan, release_id: int) -> None:
    session_id = service.start_session(plan, release_id, now=at(0)).result
    service.set_clock(plan, session_id, running=True, step="scope", now=at(1))
    service.set_clock(plan, session_id, running=False, step="close", now=at(1.5))  # paused on a jump
    service.set_clock(plan, session_id, running=True, now=at(100))
    topic = service.park_topic(plan, release_id, "Dark mode", now=at(100.5)).result
    service.topics_to_notes(plan, release_id, [topic])
    service.set_clock(plan, session_id, running=True, now=at(101))
    cycle = _cycle(plan)
    assert brief_content(cycle, T0.date()).session == "Reset session 1 December, 3 min"  # printed in the room
    service.end_session(plan, session_id, now=at(160 + 1))  # more than a save interval later: not counted
    cycle = _cycle(plan)
    brief = brief_content(cycle, T0.date())
    assert brief.session == "Reset session 1 December, 3 min"
    lines = report.describe(retro(cycle).sessions[-1])
    local = at(0).astimezone()
    assert lines[0] == (f"Reset session {local:%a} 1 December {local:%H:%M}–{at(161).astimezone():%H:%M}: "
                        "3 min on the steps.")
    assert lines[1] == "The problem 1 min (of 25 min) · Cut scope 1 min (of 1 h) · Close 1 min (of 30 min)"
    assert lines[2] == "Skipped: One name each, Rollback, Four weeks."
    assert lines[3] == "Parking lot, kept as notes: Dark mode."


def test_a_plan_with_no_session_says_nothing_about_one(plan) -> None:
    cycle = _cycle(plan)
    assert report.brief_line(cycle) is None and brief_content(cycle, T0.date()).session == ""
    assert retro(cycle).sessions == ()


# -- still open: what each step's view already says ------------------------------------------------------

def test_still_open_is_what_each_view_shows(plan, release_id: int) -> None:
    cycle = _cycle(plan)
    today = cycle.release.start_date + dt.timedelta(days=2)
    texts = {key: [a.text for a in report.still_open(cycle, key, today)] for key in rules.KEYS}

    facts = overview(cycle, today)
    assert texts["problem"] == [*facts.statement.problems, *(a.text for a in facts.attention
                                                             if a.section == "overview")]
    assert texts["problem"], "the example's statement reads like a list"
    in_release = board_lanes(cycle.items)[Lane.IN_RELEASE.value]
    assert texts["scope"][0] == candidates_warning(in_release.facts)
    fit = board_frame(cycle).fit_days([in_release.facts.open_days], today)
    assert (fit.message() in texts["scope"]) == (not fit.fits)
    assert texts["names"] == ownership(cycle, today).warnings() and texts["names"]
    missing = [f"{i.label}: {i.detail}" for i in rollback_readiness(cycle).missing if i.key not in
               report.NOT_IN_THE_ROOM]
    assert texts["rollback"] == missing and missing
    log = reader.change_log(plan.raw)
    assert [a.text for a in report.still_open(cycle, "weeks", today, log)] == timeline(cycle, today, log).warnings
    assert texts["close"] == [f"{a.label}: {a.evidence}" for a in go_no_go(cycle).answers if not a.passed]


def test_still_open_empties_as_the_room_settles_a_step(tmp_path: Path) -> None:
    plan = new_empty(tmp_path / "new.cockpit", backup_dir=tmp_path / "b", today=dt.date(2026, 12, 3))
    try:
        release_id = plan.live_release_id()
        today = dt.date(2026, 12, 3)
        first = [a.text for a in report.still_open(_cycle(plan), "problem", today)]
        assert first == ["Write the problem this release fixes, in one sentence."]
        from cockpit.services import release

        release.update_release(plan, release_id, problem="Customers on the Team plan can pay their invoices by card.")
        assert report.still_open(_cycle(plan), "problem", today) == ()
        scope_lines = [a.text for a in report.still_open(_cycle(plan), "scope", today)]
        assert scope_lines == ["Nothing is in the release yet: add the items the room calls out."]
        scope.add_item(plan, release_id, "Pay an invoice by card", estimate_days=2)
        assert [a.text for a in report.still_open(_cycle(plan), "scope", today)] == [
            "The plan does not fit: cut 2 days."]  # nobody in the plan yet: no capacity
    finally:
        plan.close()


def test_the_settings_hold_the_timeboxes(plan, release_id: int) -> None:
    review.set_setting(plan, "session_scope_minutes", "45")
    cycle = _cycle(plan)
    assert report.timebox(cycle, "scope") == 45 * 60
    session_id = service.start_session(plan, release_id, now=at(0)).result
    assert json.loads(_cycle(plan).sessions[-1].step_seconds) == {}
    assert session_id == _cycle(plan).sessions[-1].id


def test_the_next_cycle_ends_an_open_session_and_its_undo_is_refused_while_a_session_refers_to_it(
        plan, release_id: int) -> None:
    from cockpit.services import cycles, release

    service.start_session(plan, release_id, now=at(0))
    release.set_outcome(plan, release_id, "shipped", dt.date(2026, 12, 10))
    made = cycles.start_next_cycle(plan, release_id, today=dt.date(2026, 12, 10))
    first = reader.read_cycle(plan.raw, release_id)
    assert first.sessions[-1].ended_at is not None  # a finished cycle cannot end it any more: it ends here
    service.start_session(plan, made.result, now=at(60))  # kept in the new cycle, not on the undo stack
    with pytest.raises(ValidationError, match="Cannot undo “Start the next cycle”: something recorded since"):
        undo(plan, made)
    assert len(reader.read_cycles(plan.raw)) == 2  # nothing changed


def test_a_clock_shown_paused_counts_no_gap_however_short(plan, release_id: int) -> None:
    session_id = service.start_session(plan, release_id, now=at(0)).result
    service.set_clock(plan, session_id, running=True, now=at(0.5))  # saved; then the app was killed
    service.set_clock(plan, session_id, running=True, now=at(0.75), count_gap=False)  # resumed 15 s later
    assert rules.parse_seconds(reader.read_live(plan).sessions[-1].step_seconds) == {"problem": 30.0}
