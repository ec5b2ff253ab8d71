"""Date rules of the four-week timeline: refusals with readable messages, warnings, and property tests."""

from __future__ import annotations

import datetime as dt

import hypothesis.strategies as st
from _support import START, TARGET, count, refused
from hypothesis import HealthCheck, given, settings

from cockpit.errors import NeedsReason, ValidationError
from cockpit.rules.dates import (
    date_problems,
    date_warnings,
    follow_go_no_go,
    milestone_problems,
    milestone_warnings,
    move_warnings,
    working_day_before,
)
from cockpit.services import release, timeline
from cockpit.services.core import undo

D = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))


def _milestones(plan) -> dict[str, str]:
    return {kind: str(day) for kind, day in plan.raw.execute("SELECT kind, date FROM milestone")}


def _dates(plan) -> tuple[str, str, str]:
    return tuple(str(day) for day in plan.raw.execute("SELECT start_date, target_date, backup_date FROM release")
                 .fetchone())


# -- pure rules, over random dates -----------------------------------------------------------------------

@given(start=D, target=D, backup=D)
def test_date_problems_exactly_when_the_order_is_wrong(start, target, backup) -> None:
    problems = date_problems(start, target, backup)
    assert bool(problems) == (target < start or backup <= target)
    assert (any("backup date" in p for p in problems)) == (backup <= target)
    assert all(p.endswith(".") and "(" in p for p in problems)


@given(start=D, target=D, backup=D, today=D)
def test_date_warnings_never_refuse_and_name_the_reason(start, target, backup, today) -> None:
    warnings = date_warnings(start, target, backup, today)
    assert (any("Monday" in w for w in warnings)) == (start.weekday() != 0)
    assert ("The target date is in the past." in warnings) == (target < today)
    assert ("The backup date is in the past." in warnings) == (backup < today)


@given(start=D, target=D, freeze=D, rehearsal=D, go=D)
def test_milestone_problems_match_the_ordering_rules(start, target, freeze, rehearsal, go) -> None:
    problems = milestone_problems(start, target, {"scope freeze": freeze, "rollback rehearsal": rehearsal,
                                                  "go/no-go review": go})
    bad = freeze >= go or go >= target or rehearsal >= target or min(freeze, rehearsal, go) < start
    assert bool(problems) == bad
    assert any("must come before the go/no-go review" in p for p in problems) == (freeze >= go)
    assert any(p.startswith("The go/no-go review") and "before launch" in p for p in problems) == (go >= target)


@given(go=st.none() | D, old=D, new=D)
def test_go_no_go_follows_the_target_when_it_sat_on_its_default_day(go, old, new) -> None:
    moved = follow_go_no_go(go, old, new)
    if go is None or old == new:
        assert moved == go
    elif go == working_day_before(old) or go >= new:
        assert moved == working_day_before(new) and moved < new and moved.weekday() < 5
    else:
        assert moved == go


def test_warnings_for_weekends_the_past_and_a_late_rehearsal() -> None:
    sat = dt.date(2026, 11, 28)
    assert milestone_warnings(TARGET, {"scope freeze": sat}) == ["The scope freeze falls on a Saturday."]
    assert milestone_warnings(TARGET, {"rollback rehearsal": dt.date(2026, 12, 9),
                                       "go/no-go review": dt.date(2026, 12, 8)}) == [
        "The rollback rehearsal (Wed 09 Dec) is after the go/no-go review (Tue 08 Dec), which asks whether "
        "rollback was rehearsed.",
        "The go/no-go review is on Tue 08 Dec; it is usually the working day before launch (Wed 09 Dec)."]
    assert move_warnings("scope freeze", sat, today=dt.date(2026, 12, 1)) == [
        "The scope freeze is now in the past (Sat 28 Nov).", "The scope freeze now falls on a Saturday."]
    assert move_warnings("scope freeze", dt.date(2026, 12, 2), today=dt.date(2026, 12, 1)) == []


# -- the services: refusals write nothing, moves are one undoable step ------------------------------------

def test_exactly_one_target_and_one_backup_date(plan, release_id) -> None:
    for word in ("launch", "Target date", "backup"):
        refused(plan, ValidationError, "There is exactly one",
                lambda word=word: timeline.set_milestone(plan, release_id, word, "2026-12-03"))
    refused(plan, ValidationError, "must be after the target date",
            lambda: timeline.move_milestone(plan, release_id, "backup date", TARGET))
    assert count(plan, "milestone") == 3


def test_freeze_before_go_no_go_before_launch(plan, release_id) -> None:
    refused(plan, ValidationError, r"The scope freeze \(Wed 09 Dec\) must come before the go/no-go review",
            lambda: timeline.move_milestone(plan, release_id, "scope freeze", "2026-12-09"))
    refused(plan, ValidationError, r"rollback rehearsal \(Thu 10 Dec\) must come before launch",
            lambda: timeline.move_milestone(plan, release_id, "rollback rehearsal", TARGET))
    refused(plan, ValidationError, "cannot be before the start",
            lambda: timeline.move_milestone(plan, release_id, "go/no-go review", START - dt.timedelta(days=1)))


def test_a_past_day_is_allowed(plan, release_id) -> None:
    changes = timeline.move_milestone(plan, release_id, "scope freeze", START)
    assert _milestones(plan)["scope freeze"] == "2026-11-16"
    assert changes.area == "dates" and changes.summary == "Scope freeze on Mon 16 Nov"
    assert move_warnings("scope freeze", START, today=START + dt.timedelta(days=3))


def test_moving_the_launch_moves_the_finish_line_and_the_go_no_go_follows(plan, release_id) -> None:
    before_log = count(plan, "change_log")
    asked = refused(plan, NeedsReason, "moves the finish line",
                    lambda: timeline.move_milestone(plan, release_id, "launch", "2026-12-14"))
    assert isinstance(asked, NeedsReason) and asked.field == "reason"  # the hub asks and retries with reason=
    changes = timeline.move_milestone(plan, release_id, "launch", "2026-12-14", reason="Card provider review")
    assert _dates(plan) == ("2026-11-16", "2026-12-14", "2026-12-17")
    assert _milestones(plan)["go/no-go review"] == "2026-12-11"  # the Friday before a Monday launch
    assert count(plan, "change_log") == before_log + 1
    assert count(plan, "change_log", "finish_line_move = 1") == 1
    assert changes.tables == {"release", "milestone", "change_log"}
    undo(plan, changes)
    assert _dates(plan)[1] == "2026-12-10" and _milestones(plan)["go/no-go review"] == "2026-12-09"


def test_a_target_before_a_milestone_is_refused_with_what_to_move(plan, release_id) -> None:
    refused(plan, ValidationError, r"rollback rehearsal \(Wed 02 Dec\) must come before launch.*Move that",
            lambda: release.set_dates(plan, release_id, target="2026-12-01", reason="Earlier"))
    refused(plan, ValidationError, "cannot be before the start",
            lambda: release.set_dates(plan, release_id, start="2026-11-30"))


def test_a_custom_go_no_go_stays_when_the_target_moves_later(plan, release_id) -> None:
    timeline.move_milestone(plan, release_id, "go/no-go review", "2026-12-07")
    timeline.move_milestone(plan, release_id, "launch", "2026-12-11", reason="Provider")
    assert _milestones(plan)["go/no-go review"] == "2026-12-07"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(["scope freeze", "rollback rehearsal", "go/no-go review", "launch", "backup date"]),
       offset=st.integers(-5, 40))
def test_any_move_is_either_refused_cleanly_or_keeps_every_rule(plan, release_id, key, offset) -> None:
    day = START + dt.timedelta(days=offset)
    log = count(plan, "change_log")
    try:
        changes = timeline.move_milestone(plan, release_id, key, day, reason="Because")
    except ValidationError as exc:
        assert str(exc) and count(plan, "change_log") == log
        return
    start, target, backup = (dt.date.fromisoformat(d) for d in _dates(plan))
    dated = {k: dt.date.fromisoformat(v) for k, v in _milestones(plan).items()}
    assert date_problems(start, target, backup) == []
    assert milestone_problems(start, target, dated) == []
    assert count(plan, "change_log") == log + 1
    undo(plan, changes)
