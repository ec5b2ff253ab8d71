"""Date rules for a release: refusals (hard) and warnings (soft), DOMAIN.md "Release" and "Four-week timeline"."""

from __future__ import annotations

import datetime as dt


def date_problems(start: dt.date, target: dt.date, backup: dt.date) -> list[str]:
    """Refusals: the plan cannot be saved like this."""
    problems = []
    if target < start:
        problems.append(f"The target date ({target:%a %d %b}) is before the start ({start:%a %d %b}).")
    if backup <= target:
        problems.append(f"The backup date ({backup:%a %d %b}) must be after the target date ({target:%a %d %b}).")
    return problems


def date_warnings(start: dt.date, target: dt.date, backup: dt.date, today: dt.date) -> list[str]:
    """Warnings: allowed, but the lead should see them."""
    warnings = []
    if start.weekday() != 0:
        warnings.append(f"The start date is a {start:%A}; week 1 usually starts on a Monday.")
    if target.weekday() >= 5:
        warnings.append(f"The target date falls on a {target:%A}: nobody is online to watch the launch.")
    if target < today:
        warnings.append("The target date is in the past.")
    if backup < today:
        warnings.append("The backup date is in the past.")
    weeks = (target - start).days / 7
    if weeks > 5:
        warnings.append(f"The plan runs {weeks:.0f} weeks; the reset rhythm is four.")
    return warnings


def four_week_dates(start: dt.date) -> tuple[dt.date, dt.date]:
    """Target (Thursday of week 4, leaving Friday to watch) and backup (a week later)."""
    target = start + dt.timedelta(days=24)
    return target, target + dt.timedelta(days=7)


def monday_on_or_after(day: dt.date) -> dt.date:
    """``day`` when it is a Monday, else the Monday after it."""
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def working_day_before(day: dt.date) -> dt.date:
    """The last Monday-to-Friday day before ``day``."""
    prev = day - dt.timedelta(days=1)
    while prev.weekday() >= 5:
        prev -= dt.timedelta(days=1)
    return prev


# -- milestones ------------------------------------------------------------------------------------------
# The release's own dates appear on the timeline beside the three dated milestones. There is exactly one
# of each: the target (launch) and the backup date live on the release row, not in the milestone table.
LAUNCH = "launch"
BACKUP = "backup date"
#: the five milestones of DOMAIN.md "Four-week timeline", in the order they happen
MILESTONE_ORDER = ("scope freeze", "rollback rehearsal", "go/no-go review", LAUNCH, BACKUP)
#: words people use for the release's own dates (refused as milestone kinds, with a pointer to the dates)
RELEASE_DATE_WORDS = {"launch": LAUNCH, "target": LAUNCH, "target date": LAUNCH, "launch (target)": LAUNCH,
                      "backup": BACKUP, "backup date": BACKUP}


def _d(day: dt.date) -> str:
    return f"{day:%a %d %b}"


def milestone_problems(start: dt.date, target: dt.date, milestones: dict[str, dt.date]) -> list[str]:
    """Refusals for the dated milestones (``kind -> date``) against the release's start and target.

    The freeze comes before the go/no-go review, which comes before launch; the rollback rehearsal
    comes before launch too (rehearsing after it proves nothing); nothing is before the start.
    """
    problems = []
    freeze, go = milestones.get("scope freeze"), milestones.get("go/no-go review")
    rehearsal = milestones.get("rollback rehearsal")
    for kind in MILESTONE_ORDER[:3]:
        day = milestones.get(kind)
        if day is not None and day < start:
            problems.append(f"The {kind} ({_d(day)}) cannot be before the start ({_d(start)}).")
    if freeze and go and freeze >= go:
        problems.append(f"The scope freeze ({_d(freeze)}) must come before the go/no-go review ({_d(go)}).")
    if go and go >= target:
        problems.append(f"The go/no-go review ({_d(go)}) must come before launch ({_d(target)}).")
    if rehearsal and rehearsal >= target:
        problems.append(f"The rollback rehearsal ({_d(rehearsal)}) must come before launch ({_d(target)}): "
                        "rehearsing after the launch proves nothing.")
    return problems


def milestone_warnings(target: dt.date, milestones: dict[str, dt.date]) -> list[str]:
    """Allowed, but worth a look: weekend milestones, a rehearsal after the go/no-go review."""
    warnings = []
    for kind in MILESTONE_ORDER[:3]:
        day = milestones.get(kind)
        if day is not None and day.weekday() >= 5:
            warnings.append(f"The {kind} falls on a {day:%A}.")
    rehearsal, go = milestones.get("rollback rehearsal"), milestones.get("go/no-go review")
    if rehearsal and go and rehearsal > go:
        warnings.append(f"The rollback rehearsal ({_d(rehearsal)}) is after the go/no-go review ({_d(go)}), "
                        "which asks whether rollback was rehearsed.")
    if go and go != working_day_before(target):
        warnings.append(f"The go/no-go review is on {_d(go)}; it is usually the working day before launch "
                        f"({_d(working_day_before(target))}).")
    return warnings


#: the change-log action of a release's first target date set while planning (see ``first_target``)
SET_TARGET = "set target"


def first_target(phase: str, earlier: list[tuple[str, bool]]) -> bool:
    """While planning, the first target date the room gives sets the finish line; it does not move it
    (DOMAIN.md "moving the finish line" needs a line to move). ``earlier``: this cycle's date changes as
    (action, moved the finish line). Once a target was set or moved, every change of it is a move."""
    return phase == "planning" and not any(action == SET_TARGET or moved for action, moved in earlier)


def freeze_overdue(freeze: dt.date | None, today: dt.date, frozen: bool) -> bool:
    """The scope freeze's day has passed and scope is still open: the one milestone that can be late
    without anyone moving a date (the timeline marks it, and says so in its warnings)."""
    return freeze is not None and freeze < today and not frozen


def move_warnings(kind: str, day: dt.date, today: dt.date) -> list[str]:
    """Said right after a milestone is moved: a past day or a weekend is allowed but flagged."""
    warnings = []
    if day < today:
        warnings.append(f"The {kind} is now in the past ({_d(day)}).")
    if day.weekday() >= 5:
        warnings.append(f"The {kind} now falls on a {day:%A}.")
    return warnings


def follow_go_no_go(go: dt.date | None, old_target: dt.date, new_target: dt.date) -> dt.date | None:
    """Where the go/no-go review goes when the target moves.

    It follows the target when it sat on its default day (the working day before launch) or would no
    longer come before launch; a review the lead placed elsewhere, still before launch, stays put.
    """
    if go is None or new_target == old_target:
        return go
    if go == working_day_before(old_target) or go >= new_target:
        return working_day_before(new_target)
    return go
