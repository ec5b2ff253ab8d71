"""The reset session (DOMAIN.md "The reset in four moves"): its steps, their timeboxes and its clock.

Pure functions over plain values. The steps follow the four moves, with the problem first and a
closing step last; each names the view it needs (a section key) and the plan rule that holds its
timebox (``rules.thresholds``). The clock keeps the seconds spent on each step as last saved, plus
the moment it was saved while running: the app saves it at least every ``SAVE_EVERY`` seconds, so a
crash loses less than that, and a gap much longer than that (a crash, a laptop asleep) is not
counted as time spent on a step.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Step:
    """One step of the agenda."""

    key: str
    title: str
    #: the plan rule that holds its timebox, in minutes
    timebox_key: str
    #: the view the step needs (a section key)
    section: str
    #: what the room does in it, in one line
    task: str


STEPS: tuple[Step, ...] = (
    Step("problem", "The problem", "session_problem_minutes", "overview",
         "Name the release, say the problem in one sentence, set the target and backup dates."),
    Step("scope", "Cut scope", "session_scope_minutes", "scope",
         "Keep only what lets a customer finish one job; cut every item that fails a check."),
    Step("names", "One name each", "checkin_minutes", "owners",
         "One person on every role and every piece of work: never a team or TBD."),
    Step("rollback", "Rollback", "session_rollback_minutes", "rollback",
         "Write the triggers, the last stable version and a short runbook with a runner per step."),
    Step("weeks", "Four weeks", "session_weeks_minutes", "timeline",
         "Date the freeze, the rollback rehearsal and the go/no-go review; agree the daily check-in."),
    Step("close", "Close", "session_close_minutes", "gonogo",
         "What must still happen before the day, the note to stakeholders, and the brief for everyone."),
)
KEYS: tuple[str, ...] = tuple(step.key for step in STEPS)
BY_KEY: dict[str, Step] = {step.key: step for step in STEPS}

#: the countdown turns amber this many seconds before the timebox ends, red at the end
AMBER_SECONDS = 120
#: the app saves a running clock at least this often (seconds)
SAVE_EVERY = 30
#: a running clock last saved longer ago than this was interrupted: the gap is not counted
INTERRUPTED_AFTER = 90

#: what became of a parking-lot topic
PARKED_AS_ITEM = "item"
KEPT_AS_NOTE = "note"


def step(key: str) -> Step:
    """The step called ``key``; ``KeyError`` for a key this version does not know."""
    return BY_KEY[key]


def position(key: str) -> int:
    """The step's place in the agenda, 0-based (0 for a key this version does not know)."""
    return KEYS.index(key) if key in BY_KEY else 0


def timebox_seconds(minutes: float) -> float:
    """A timebox of ``minutes`` (a plan rule's value) in seconds."""
    return max(0.0, minutes) * 60.0


def tone(remaining: float) -> str:
    """The countdown's colour as a word: "" with time to spare, "amber" in the last two minutes,
    "red" once the timebox is used up. It never blocks anything."""
    if remaining <= 0:
        return "red"
    if remaining <= AMBER_SECONDS:
        return "amber"
    return ""


def parse_seconds(raw: str | Mapping[str, Any] | None) -> dict[str, float]:
    """The stored seconds per step (JSON); unknown or unreadable entries are left out."""
    if raw is None:
        return {}
    if isinstance(raw, str):
        try:
            raw = json.loads(raw or "{}")
        except ValueError:
            return {}
    if not isinstance(raw, Mapping):
        return {}
    out: dict[str, float] = {}
    for key, value in raw.items():
        if isinstance(key, str) and isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            out[key] = float(value)
    return out


def dump_seconds(seconds: Mapping[str, float]) -> str:
    """Seconds per step as stored: JSON in agenda order, to the tenth of a second."""
    return json.dumps({k: round(seconds[k], 1) for k in KEYS if k in seconds}
                      | {k: round(v, 1) for k, v in seconds.items() if k not in BY_KEY})


def unsaved(saved_at: dt.datetime | None, now: dt.datetime) -> float:
    """Seconds of a running clock since it was last saved that count as time spent: none while paused,
    and none when the gap is longer than ``INTERRUPTED_AFTER`` (the session was interrupted)."""
    if saved_at is None:
        return 0.0
    gap = (now - saved_at).total_seconds()
    return gap if 0 <= gap <= INTERRUPTED_AFTER else 0.0


def interrupted(saved_at: dt.datetime | None, now: dt.datetime) -> bool:
    """Was a clock that was running when last saved interrupted (saved longer ago than it would be)?"""
    return saved_at is not None and not 0 <= (now - saved_at).total_seconds() <= INTERRUPTED_AFTER


def visited(spent: float) -> bool:
    """Did the session spend time on a step (a second or more; a step passed through is not visited)?"""
    return spent >= 1.0


def skipped(seconds: Mapping[str, float]) -> tuple[str, ...]:
    """The steps (keys, in agenda order) the session spent no time on."""
    return tuple(k for k in KEYS if not visited(seconds.get(k, 0.0)))


def total(seconds: Mapping[str, float]) -> float:
    """Seconds spent on all the steps together (pauses are not counted)."""
    return sum(seconds.get(k, 0.0) for k in KEYS)


def duration_text(seconds: float) -> str:
    """A length of time as people say it: "2 h 40 min", "35 min", "under a minute"."""
    minutes = math.floor(seconds / 60.0 + 0.5)  # half up: 2 min 30 s is "3 min"
    if minutes < 1:
        return "under a minute"
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def countdown_text(remaining: float) -> str:
    """The countdown as minutes and seconds ("12:04"); past the timebox, the time over ("+1:30")."""
    whole = math.ceil(remaining) if remaining >= 0 else math.floor(-remaining)
    sign = "+" if remaining < 0 and whole else ""
    minutes, secs = divmod(whole, 60)
    return f"{sign}{minutes}:{secs:02d}"
