"""Rollback rules without a database: trigger presets, lap arithmetic and the drill clock.

DOMAIN.md "Rollback": triggers are written before launch, the runbook stays short, and a drill's clock
starts when someone says "roll back" and stops when users are on the stable version again.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from cockpit import clock


@dataclass(frozen=True, slots=True)
class TriggerPreset:
    """A common trigger with sensible numbers: a starting point the team edits."""

    key: str
    label: str
    condition: str
    threshold: float
    unit: str
    window_minutes: int

    def fields(self) -> dict[str, Any]:
        """The preset as keyword arguments of ``services.rollback.add_trigger``."""
        return {"condition": self.condition, "threshold": self.threshold, "unit": self.unit,
                "window_minutes": self.window_minutes}


TRIGGER_PRESETS: tuple[TriggerPreset, ...] = (
    TriggerPreset("sign_in", "Sign-in failures", "Sign-in failures above", 5, "% of sign-ins", 5),
    TriggerPreset("checkout", "Checkout broken", "Checkout fails", 2, "% of payments", 10),
    TriggerPreset("error_rate", "Error rate", "Error rate above", 1, "% of requests", 15),
    TriggerPreset("response_time", "Response time", "Response time above", 800, "ms (p95)", 10),
)


def preset(key: str) -> TriggerPreset:
    """The preset called ``key`` (``sign_in``, ``checkout``, ``error_rate``, ``response_time``)."""
    return next(p for p in TRIGGER_PRESETS if p.key == key)


def trigger_complete(condition: str, threshold: float | None, window_minutes: int | None) -> bool:
    """A trigger the call can be made on without debate: what, how much, for how long."""
    return bool(condition.strip()) and threshold is not None and bool(window_minutes)


def trigger_sentence(condition: str, threshold: float | None, unit: str, window_minutes: int | None) -> str:
    """"Checkout fails 2 % of payments for 10 min" — the line the brief and the checklist print."""
    text = condition.strip()
    if threshold is not None:
        text += f" {threshold:g}" + (f" {unit.strip()}" if unit.strip() else "")
    if window_minutes:
        text += f" for {window_minutes} min"
    return text


def runbook_too_long(step_count: int, max_steps: int) -> bool:
    """DOMAIN.md "Runbook": more than ``max_steps`` steps is no longer one short runbook."""
    return step_count > max_steps


def clock_text(seconds: float) -> str:
    """A stopwatch reading: ``m:ss`` under an hour, ``h:mm:ss`` after (never negative)."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass(frozen=True, slots=True)
class Lap:
    """One ticked-off step: ``split`` is seconds since the drill started, ``lap`` since the previous tick."""

    step: str
    step_id: int | None
    split: float
    lap: float


def parse_laps(raw: str | Sequence[dict[str, Any]] | None) -> list[Lap]:
    """Laps as stored in ``RollbackDrill.laps``: a JSON list of {"step", "seconds"[, "step_id"]}.

    ``seconds`` is the split (time since the drill started). Malformed entries are skipped: a file
    that travelled may have been edited by hand, and a drill's history must still show.
    """
    import json

    if raw is None:
        return []
    if isinstance(raw, str):
        try:
            raw = json.loads(raw or "[]")
        except ValueError:
            return []
    if not isinstance(raw, list):
        return []
    laps: list[Lap] = []
    previous = 0.0
    for entry in raw:
        if not isinstance(entry, dict):
            continue
        try:
            split = float(entry.get("seconds"))  # type: ignore[arg-type]  # a bad value is caught below
        except (TypeError, ValueError):
            continue
        step_id = entry.get("step_id")
        laps.append(Lap(str(entry.get("step", "")), step_id if isinstance(step_id, int) else None,
                        split, round(max(0.0, split - previous), 1)))
        previous = split
    return laps


class DrillClock:
    """The stopwatch of a running drill.

    The plan file holds only the wall-clock start. When a view (re)opens a running drill, the time
    already gone is wall-clock now minus that start (so a crash or a closed laptop loses nothing);
    from then on the reading advances with a monotonic clock, so a system clock that jumps during
    the session (NTP, a time-zone change) neither stops nor skips the stopwatch.
    """

    def __init__(self, started_at: dt.datetime, *, wall: Callable[[], dt.datetime] = clock.now,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.started_at = started_at
        self._monotonic = monotonic
        self._base = max(0.0, (wall() - started_at).total_seconds())
        self._mark = monotonic()

    def elapsed(self) -> float:
        """Seconds since the drill started."""
        return self._base + max(0.0, self._monotonic() - self._mark)

    def moment(self) -> dt.datetime:
        """The wall-clock moment the stopwatch now reads (what ``stop_drill`` records)."""
        return self.started_at + dt.timedelta(seconds=self.elapsed())


def rehearsed(last_drill_day: dt.date | None, launch: dt.date, window_days: int) -> bool:
    """DOMAIN.md "Drills": a runbook not drilled within ``window_days`` before launch counts as unrehearsed."""
    return last_drill_day is not None and last_drill_day >= rehearsal_cutoff(launch, window_days)


def rehearsal_cutoff(launch: dt.date, window_days: int) -> dt.date:
    """The earliest day a drill still counts as a rehearsal for a launch on ``launch``."""
    return launch - dt.timedelta(days=window_days)
