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
    weeks = (target - start).days / 7
    if weeks > 5:
        warnings.append(f"The plan runs {weeks:.0f} weeks; the reset rhythm is four.")
    return warnings


def four_week_dates(start: dt.date) -> tuple[dt.date, dt.date]:
    """Target (Thursday of week 4, leaving Friday to watch) and backup (a week later)."""
    target = start + dt.timedelta(days=24)
    return target, target + dt.timedelta(days=7)


def monday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def working_day_before(day: dt.date) -> dt.date:
    prev = day - dt.timedelta(days=1)
    while prev.weekday() >= 5:
        prev -= dt.timedelta(days=1)
    return prev
