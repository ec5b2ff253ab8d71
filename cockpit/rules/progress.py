"""Visible progress and plan stability (DOMAIN.md "Four-week timeline"). Plain values, no Qt.

Planned vs done, defined plainly (the timeline view shows ``definition()`` under its chart):

* **Scope** is the estimate, in person-days, of every item in the release (finished ones included).
* **Planned** is that scope spread evenly over the working days (Monday to Friday) from the start
  to the day before the target date, so all of it is done on the morning of launch. The plan for a
  day is measured in the morning, like the check-in: it counts the working days before that day.
* **Done** is the running total of person-days finished that the team records at the morning
  check-in ("days done so far"; it counts work up to the day before). Until a check-in records it,
  the estimates of in-release items marked done stand in.
* The team is **behind** as soon as done trails planned by half a day or more (the plan's
  ``behind_tolerance_days``), from the first week on.

Plan stability counts the change-log rows about scope, dates and owners in each week of the cycle,
and the times the finish line (the target date) moved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cockpit.kinds import Lane, Status
from cockpit.rules import thresholds
from cockpit.rules.scope import working_days
from cockpit.snapshot import ChangeLogEntry, Cycle

#: done may trail planned by less than this (estimates are in half days) before it counts as behind
BEHIND_TOLERANCE_DAYS = float(thresholds.DEFAULTS["behind_tolerance_days"])


def definition(tolerance: float = BEHIND_TOLERANCE_DAYS) -> str:
    """Planned, done and behind in plain words (the timeline shows it under its chart)."""
    behind = "half a day" if tolerance == 0.5 else f"{tolerance:g} day{'' if tolerance == 1 else 's'}"
    return ("Planned: the estimates of everything in the release, spread evenly over the working days from the "
            "start to the day before the target. Done: the running total of days finished, recorded at each "
            "morning check-in (until one is recorded, items marked done count). Behind: done trails planned by "
            + (f"{behind} or more." if tolerance > 0 else "any amount."))


#: the areas of the change log that are "the plan" (DOMAIN.md "Plan stability")
STABILITY_AREAS = ("scope", "dates", "owners")
#: from week 2 on, this many changes to scope, dates and owners in one week means the plan is being rewritten
CHURN_WARNING_PER_WEEK = int(thresholds.DEFAULTS["churn_warning_per_week"])


@dataclass(frozen=True, slots=True)
class DayProgress:
    """The plan and the record on the morning of ``day``."""

    day: dt.date
    planned: float
    done: float | None  # recorded at that day's check-in; None: nothing recorded that day


@dataclass(frozen=True, slots=True)
class WeekProgress:
    """Planned and done at the end of one week of the cycle."""

    week: int
    first: dt.date
    last: dt.date
    planned: float  # by the end of the week
    done: float | None  # the latest record inside the week (or the next Monday morning); None: not yet


@dataclass(frozen=True)
class Progress:
    """Planned vs done of a cycle: the burn-up by day and by week, and whether the team is behind."""

    scope_days: float
    days: tuple[DayProgress, ...]
    weeks: tuple[WeekProgress, ...]
    as_of: dt.date | None  # the morning the comparison is made on (the latest record)
    planned_then: float
    done_then: float | None
    from_items: bool  # done comes from items marked done (no check-in recorded days done yet)
    warning: str | None
    #: the plan's ``behind_tolerance_days``
    tolerance: float = BEHIND_TOLERANCE_DAYS

    @property
    def definition(self) -> str:
        """Planned, done and behind in plain words, with this plan's tolerance."""
        return definition(self.tolerance)

    @property
    def behind_days(self) -> float:
        """How many days done trails planned (0 when on plan or nothing to compare)."""
        return 0.0 if self.done_then is None else max(0.0, round(self.planned_then - self.done_then, 2))


def planned_by_morning(start: dt.date, target: dt.date, scope_days: float, day: dt.date) -> float:
    """Planned person-days done by the morning of ``day`` (linear over working days)."""
    last_work_day = target - dt.timedelta(days=1)
    total = working_days(start, last_work_day)
    if total <= 0:
        return scope_days if day >= target else 0.0
    worked = working_days(start, min(day, target) - dt.timedelta(days=1))
    return round(scope_days * min(worked, total) / total, 2)


def _week_of(start: dt.date, day: dt.date) -> int:
    return (day - start).days // 7 + 1


def burn_up(start: dt.date, target: dt.date, scope_days: float, records: Iterable[tuple[dt.date, float]],
            today: dt.date, done_items_days: float = 0.0, tolerance: float = BEHIND_TOLERANCE_DAYS) -> Progress:
    """Planned vs done from the check-ins' running totals (``records``: day, days done so far)."""
    recorded = {day: done for day, done in records if start <= day <= max(today, start)}
    last = max(target, start)
    days = tuple(DayProgress(start + dt.timedelta(days=n),
                             planned_by_morning(start, target, scope_days, start + dt.timedelta(days=n)),
                             recorded.get(start + dt.timedelta(days=n)))
                 for n in range((last - start).days + 1))
    weeks = []
    for number in range(1, _week_of(start, last) + 1):
        first = start + dt.timedelta(days=7 * (number - 1))
        end = first + dt.timedelta(days=6)
        inside = [day for day in recorded if first < day <= end + dt.timedelta(days=1)]
        weeks.append(WeekProgress(number, first, end, planned_by_morning(start, target, scope_days,
                                                                         end + dt.timedelta(days=1)),
                                  recorded[max(inside)] if inside else None))
    as_of: dt.date | None = max(recorded) if recorded else None
    from_items = False
    if as_of is None and today > start:
        as_of, from_items = min(today, last), True
    planned_then = planned_by_morning(start, target, scope_days, as_of) if as_of else 0.0
    done_then = (done_items_days if from_items else recorded[as_of]) if as_of else None
    warning = None
    if as_of is not None and done_then is not None and planned_then - done_then >= max(tolerance, 1e-9):
        week = _week_of(start, as_of - dt.timedelta(days=1)) if as_of > start else 1
        source = "items marked done" if from_items else f"the check-in on {as_of:%a %d %b}"
        warning = (f"Behind plan in week {week}: {done_then:g} of {planned_then:g} planned days done "
                   f"({source}), {planned_then - done_then:.1f} days behind. Say it now: cut scope or move "
                   "people; do not hope it away.")
    return Progress(scope_days, days, tuple(weeks), as_of, planned_then, done_then, from_items, warning, tolerance)


def progress(cycle: Cycle, today: dt.date) -> Progress:
    """Planned vs done for the cycle as of ``today`` (see the module's definition)."""
    release = cycle.release
    in_release = [i for i in cycle.items if i.lane == Lane.IN_RELEASE.value]
    scope_days = sum(i.estimate_days for i in in_release)
    done_items = sum(i.estimate_days for i in in_release if i.status == Status.DONE.value)
    records = [(c.day, float(c.done_days)) for c in cycle.check_ins if c.done_days is not None and c.day <= today]
    return burn_up(release.start_date, release.target_date, round(scope_days, 2), records, today,
                   round(done_items, 2), cycle.number("behind_tolerance_days"))


# -- plan stability ---------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class WeekChurn:
    """Changes to the plan logged in one week of the cycle (0: before the start; weeks past 4 too)."""

    week: int
    label: str
    by_area: tuple[tuple[str, int], ...]  # (area, count) in STABILITY_AREAS order
    finish_line_moves: int

    @property
    def total(self) -> int:
        """Changes to scope, dates and owners that week."""
        return sum(count for _, count in self.by_area)


@dataclass(frozen=True)
class Stability:
    """Changes to the plan per week of the cycle, the finish-line moves, and the warnings they raise."""

    weeks: tuple[WeekChurn, ...]
    finish_line_moves: int
    warnings: tuple[str, ...]

    @property
    def total(self) -> int:
        """Changes to scope, dates and owners over the whole cycle."""
        return sum(week.total for week in self.weeks)


def _local_day(moment: dt.datetime) -> dt.date:
    if moment.tzinfo is None:  # SQLite hands stored moments back without their (UTC) zone
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().date()


def churn(start: dt.date, rows: Sequence[tuple[dt.datetime, str, bool]], weeks: int = 4,
          warn_at: int = CHURN_WARNING_PER_WEEK) -> Stability:
    """Count ``(at, area, finish_line_move)`` change-log rows per week of a cycle starting ``start``."""
    counts: dict[int, dict[str, int]] = {}
    moves_by_week: dict[int, int] = {}
    for at, area, moved in rows:
        day = _local_day(at)
        week = _week_of(start, day) if day >= start else 0
        in_week = counts.setdefault(week, {})
        in_week[area] = in_week.get(area, 0) + 1
        if moved:
            moves_by_week[week] = moves_by_week.get(week, 0) + 1
    numbers = sorted(set(range(1, weeks + 1)) | set(counts))
    out = tuple(WeekChurn(n, "Before" if n == 0 else f"Week {n}",
                          tuple((area, counts.get(n, {}).get(area, 0)) for area in STABILITY_AREAS),
                          moves_by_week.get(n, 0)) for n in numbers)
    moves = sum(moves_by_week.values())
    warnings = [f"{week.label}: {week.total} changes to scope, dates and owners. The plan is being rewritten; "
                "hold it steady." for week in out if week.week >= 2 and week.total >= warn_at]
    if moves:
        warnings.append(f"The finish line moved {moves} time{'s' if moves != 1 else ''}.")
    return Stability(out, moves, tuple(warnings))


def stability(cycle: Cycle, log: Iterable[ChangeLogEntry] | None = None) -> Stability:
    """Plan stability for the cycle from its change log.

    Args:
        cycle: the cycle's snapshot; its own change-log rows (``cycle.changes``) count.
        log: the plan's whole change log (``cockpit.reader.change_log``), when at hand: then plan-wide rows
            (people are shared by every cycle) count too, for the cycle that was live when they were made.
    """
    release = cycle.release
    if log is None:
        mine: Iterable[ChangeLogEntry] = cycle.changes
    else:
        mine = [e for e in log if e.release_id == release.id
                or (e.release_id is None and e.at >= release.created_at)]
    rows = [(e.at, e.area, bool(e.finish_line_move)) for e in mine if e.area in STABILITY_AREAS]
    weeks = max(4, _week_of(release.start_date, release.target_date))
    return churn(release.start_date, rows, weeks, int(cycle.number("churn_warning_per_week")))
