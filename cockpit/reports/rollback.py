"""What the rollback view shows: triggers, the stable version kit, the runbook, drills and readiness.

A pure function of a cycle's snapshot: plain frozen values (no Qt, no database), so the UI can hold them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cockpit.reports.readiness import Readiness, rollback_readiness
from cockpit.rules.rollback import Lap, parse_laps, runbook_too_long, trigger_complete
from cockpit.snapshot import Cycle


@dataclass(frozen=True, slots=True)
class TriggerRow:
    """A rollback trigger as the triggers table shows it."""

    id: int
    position: int
    condition: str
    threshold: float | None
    unit: str
    window_minutes: int | None

    @property
    def complete(self) -> bool:
        """Has it a condition, a threshold and a window?"""
        return trigger_complete(self.condition, self.threshold, self.window_minutes)


@dataclass(frozen=True, slots=True)
class KitFacts:
    """The last stable version's kit (empty values when none is written down)."""

    build_id: str = ""
    config_version: str = ""
    migration_notes: str = ""
    flag_state: str = ""
    db_change_blocks_rollback: bool = False


@dataclass(frozen=True, slots=True)
class StepRow:
    """A runbook step with the name of who runs it."""

    id: int
    position: int
    text: str
    runner_id: int | None
    runner: str | None
    expected_minutes: float | None


@dataclass(frozen=True, slots=True)
class DrillRow:
    """A drill: running (``stopped_at`` None), finished (``minutes`` set), or stopped with no result
    recorded (its stop was undone: ``stopped_at`` set, ``minutes`` None)."""

    id: int
    started_at: dt.datetime
    stopped_at: dt.datetime | None
    environment: str
    minutes: float | None
    notes: str
    laps: tuple[Lap, ...]

    @property
    def running(self) -> bool:
        """Is the drill's clock still running?"""
        return self.stopped_at is None

    @property
    def day(self) -> dt.date:
        """The drill's date on this laptop's calendar."""
        return self.started_at.astimezone().date()


@dataclass(frozen=True)
class RollbackFacts:
    """What the rollback view shows for one cycle."""

    release_id: int
    target_date: dt.date
    triggers: tuple[TriggerRow, ...]
    kit: KitFacts
    steps: tuple[StepRow, ...]
    people: tuple[tuple[int, str], ...]
    drills: tuple[DrillRow, ...]
    running: DrillRow | None
    target_minutes: float
    max_steps: int
    window_days: int
    readiness: Readiness

    @property
    def runbook_too_long(self) -> bool:
        """Has the runbook more steps than the plan's limit?"""
        return runbook_too_long(len(self.steps), self.max_steps)

    @property
    def expected_minutes(self) -> float:
        """The steps' expected minutes added up."""
        return sum(step.expected_minutes or 0 for step in self.steps)

    @property
    def finished(self) -> tuple[DrillRow, ...]:
        """The timed drills, oldest first."""
        return tuple(d for d in self.drills if d.minutes is not None)

    @property
    def stopped(self) -> tuple[DrillRow, ...]:
        """Every drill that is not running, oldest first: the timed ones and any whose result is not
        recorded (its stop was undone)."""
        return tuple(d for d in self.drills if not d.running)

    def runbook_warnings(self) -> list[str]:
        """Plain sentences about the runbook's shape (shown above the steps)."""
        warnings = []
        if self.runbook_too_long:
            warnings.append(f"The runbook has {len(self.steps)} steps: more than {self.max_steps} is no longer short. "
                            "Merge or drop steps so one runner can follow it under pressure.")
        if self.expected_minutes > self.target_minutes:
            warnings.append(f"The steps add up to {self.expected_minutes:g} minutes, over the "
                            f"{self.target_minutes:g}-minute target.")
        unowned = [n + 1 for n, step in enumerate(self.steps) if step.runner_id is None]
        if unowned:
            warnings.append("No one runs step " + ", ".join(map(str, unowned)) + ": put one name on each.")
        return warnings


def rollback_facts(cycle: Cycle) -> RollbackFacts:
    """Everything the rollback view needs, from one cycle's snapshot."""
    triggers = tuple(TriggerRow(t.id, t.position, t.condition, t.threshold, t.unit, t.window_minutes)
                     for t in cycle.triggers)
    k = cycle.kit
    kit = KitFacts() if k is None else KitFacts(k.build_id, k.config_version, k.migration_notes, k.flag_state,
                                                k.db_change_blocks_rollback)
    steps = tuple(StepRow(st.id, st.position, st.text, st.runner_id, cycle.name(st.runner_id) or None,
                          st.expected_minutes) for st in cycle.steps)
    drills = tuple(DrillRow(d.id, d.started_at, d.stopped_at, d.environment,
                            None if d.duration_seconds is None else d.duration_seconds / 60, d.notes,
                            tuple(parse_laps(d.laps))) for d in cycle.drills)
    return RollbackFacts(
        release_id=cycle.release_id, target_date=cycle.release.target_date, triggers=triggers, kit=kit, steps=steps,
        people=tuple((p.id, p.name) for p in cycle.people), drills=drills,
        running=next((d for d in reversed(drills) if d.running), None),
        target_minutes=cycle.number("drill_target_minutes"), max_steps=int(cycle.number("runbook_max_steps")),
        window_days=int(cycle.number("rehearsal_window_days")), readiness=rollback_readiness(cycle))
