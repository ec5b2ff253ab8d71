"""What the track record page says, row by row, in the core's own figures and words.

Each row is a label and a function of one cycle's record (``cockpit.reports.record.CycleRecord``) that
formats a figure the core computed (``number``, ``ratio``, ``MISSING``), never a new one. The charts
named here are drawn by ``ui.record.page``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from cockpit.reports.record import MISSING, CycleRecord, number, ratio
from ui.style import LIGHT

INK, GREY, FAINT, STRIPE, BAND, TRACK = "#000000", "#505050", "#8c8c8c", "#f2f2f2", "#e2e2e2", "#e6e6e6"
# Paper is always white: the light look's colours, whatever the screen's look.
GOOD, WARN, BAD = LIGHT["good"], LIGHT["warn"], LIGHT["bad"]
COMMITTED_FILL, CHURN_FILL, RHYTHM_FILL = "#d4d4d4", "#efd9b0", "#c9e3cf"

#: an outcome in words (with a mark, never colour alone) and its colour
OUTCOMES = {"shipped": ("✓ shipped", GOOD), "slipped": ("↷ slipped", WARN), "rolled back": ("↺ rolled back", BAD)}
UNDER_WAY = ("→ under way", GREY)

READING = (
    ("Say/do", "Of the items in the release when scope froze, how many were done. 100 % means the team "
               "did what it said."),
    ("Date", "Days between the target and the day it shipped (or the new date of a slip); a red bar is late. "
             "A release rolled back shows — (the plan keeps the day of the rollback, not of the ship). "
             "A finish-line move is a change of the target date."),
    ("Churn", "Scope that changed after the freeze: items added, committed items cut or parked, new "
              "estimates, late additions. Fewer changes, a steadier plan."),
    ("Rollback", "Timed rehearsals, from “roll back” to users on the stable version, against the target "
                 "(dashed line); rollbacks in production and the time to recover."),
    ("Rhythm", "Daily check-ins held of the working days, blockers cleared the day they were raised, and "
               "blockers that came back."),
    (MISSING, "The plan cannot say (no freeze or no outcome yet): never a zero."),
)


def outcome_words(cycle: CycleRecord) -> tuple[str, str]:
    """The cycle's outcome as the page shows it (words with a mark) and its colour."""
    if cycle.outcome:
        return OUTCOMES.get(cycle.outcome, (cycle.outcome, GREY))
    return UNDER_WAY if cycle.live else (MISSING, GREY)


def _of(cycle: CycleRecord) -> str:
    """Delivered of committed; one dash when nothing was committed at a freeze."""
    if cycle.committed is None:
        return MISSING
    return f"{number(cycle.delivered)} of {number(cycle.committed)}"


def _day(value: dt.date | None) -> str:
    return MISSING if value is None else f"{value:%d %b}"


@dataclass(frozen=True)
class Row:
    """One line of figures: a label and each cycle's text, with an optional bar behind the text."""

    label: str
    text: Callable[[CycleRecord], str]
    #: (value, full scale) of a bar behind the text; a full scale of None is the row's largest value
    bar: Callable[[CycleRecord], tuple[float | None, float | None]] | None = None
    fill: str = CHURN_FILL
    strong: bool = False
    #: a list that may not fit its column: elided from the left (the latest stays) and not measured
    ragged: bool = False


@dataclass(frozen=True)
class Section:
    """A band of the page: its title, what it asks, its chart (if any) and its rows."""

    title: str
    question: str
    chart: str | None
    #: the chart's key in the label column: (swatch, colour, words)
    key: tuple[tuple[str, str, str], ...]
    rows: tuple[Row, ...]


SECTIONS = (
    Section("Say / do", "committed at the scope freeze vs delivered", "say_do",
            (("box", COMMITTED_FILL, "committed at the freeze"), ("box", GOOD, "delivered (done)")),
            (Row("Say/do", lambda c: ratio(c.say_do), strong=True),
             Row("Delivered of committed", _of))),
    Section("Date", "the target vs the day of the outcome", "slip",
            (("box", BAD, "days late"), ("box", GOOD, "on time or early")),
            (Row("Target date", lambda c: _day(c.target)),
             Row("Shipped (or slipped to)", lambda c: _day(c.actual)),
             Row("Slip (days after target)", lambda c: number(c.slip_days)),
             Row("Finish-line moves", lambda c: str(c.finish_line_moves)))),
    Section("Churn", "scope changes after the plan was set", None, (),
            (Row("Added after the freeze", lambda c: number(c.added_after_freeze),
                 bar=lambda c: (c.added_after_freeze, None)),
             Row("Committed, then cut", lambda c: number(c.cut), bar=lambda c: (c.cut, None)),
             Row("Committed, then parked", lambda c: number(c.parked), bar=lambda c: (c.parked, None)),
             Row("Re-estimated", lambda c: number(c.reestimated), bar=lambda c: (c.reestimated, None)),
             Row("Late additions", lambda c: str(c.late_additions), bar=lambda c: (c.late_additions, None)))),
    Section("Rollback", "rehearsed, timed, used in production", "drills",
            (("dot", INK, "drill time (minutes)"), ("dash", BAD, "target time")),
            (Row("Drill times (min)", lambda c: ", ".join(f"{m:g}" for m in c.drill_minutes) or MISSING,
                 ragged=True),
             Row("Rollbacks in production", lambda c: number(c.rollbacks)),
             Row("Time to recover (min)", lambda c: number(c.restore_minutes)))),
    Section("Rhythm", "the daily check-in and its blockers", None, (),
            (Row("Check-ins held / planned", lambda c: f"{c.check_ins_held} / {c.check_ins_planned}",
                 bar=lambda c: (c.check_ins_held, c.check_ins_planned), fill=RHYTHM_FILL),
             Row("Blockers cleared same day", lambda c: f"{c.cleared_same_day} of {c.blockers}",
                 bar=lambda c: (c.cleared_same_day, c.blockers), fill=RHYTHM_FILL),
             Row("Recurring blockers", lambda c: str(c.recurring), bar=lambda c: (c.recurring, None)))),
)
