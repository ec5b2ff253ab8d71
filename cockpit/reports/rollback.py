"""What the rollback view shows: triggers, the stable version kit, the runbook, drills and readiness.

Plain frozen values (no Qt, no live ORM objects), so the UI can hold them across sessions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import select

from cockpit import settings
from cockpit.model import Person, Release, RollbackDrill, RollbackTrigger, RunbookStep, StableKit
from cockpit.reports import rows as release_rows
from cockpit.reports.readiness import Readiness, rollback_readiness
from cockpit.rules.rollback import Lap, parse_laps, runbook_too_long, trigger_complete
from cockpit.store import Plan


@dataclass(frozen=True, slots=True)
class TriggerRow:
    id: int
    position: int
    condition: str
    threshold: float | None
    unit: str
    window_minutes: int | None

    @property
    def complete(self) -> bool:
        return trigger_complete(self.condition, self.threshold, self.window_minutes)


@dataclass(frozen=True, slots=True)
class KitFacts:
    build_id: str = ""
    config_version: str = ""
    migration_notes: str = ""
    flag_state: str = ""
    db_change_blocks_rollback: bool = False


@dataclass(frozen=True, slots=True)
class StepRow:
    id: int
    position: int
    text: str
    runner_id: int | None
    runner: str | None
    expected_minutes: float | None


@dataclass(frozen=True, slots=True)
class DrillRow:
    """A drill: finished (``minutes`` set) or running (``stopped_at`` None)."""

    id: int
    started_at: dt.datetime
    stopped_at: dt.datetime | None
    environment: str
    minutes: float | None
    notes: str
    laps: tuple[Lap, ...]

    @property
    def running(self) -> bool:
        return self.stopped_at is None

    @property
    def day(self) -> dt.date:
        """The drill's date on this laptop's calendar."""
        return self.started_at.astimezone().date()


@dataclass(frozen=True)
class RollbackFacts:
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
        return runbook_too_long(len(self.steps), self.max_steps)

    @property
    def expected_minutes(self) -> float:
        return sum(step.expected_minutes or 0 for step in self.steps)

    @property
    def finished(self) -> tuple[DrillRow, ...]:
        return tuple(d for d in self.drills if d.minutes is not None)

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


def rollback_facts(plan: Plan, release_id: int) -> RollbackFacts:
    """Everything the rollback view needs, read in one session."""
    with plan.read() as s:
        release = s.get(Release, release_id)
        if release is None:
            raise LookupError("release gone")
        people = tuple((p.id, p.name) for p in s.exec(select(Person).order_by(Person.name)) if p.id is not None)
        names = dict(people)
        triggers = tuple(
            TriggerRow(t.id, t.position, t.condition, t.threshold, t.unit, t.window_minutes)  # type: ignore[arg-type]
            for t in s.exec(select(RollbackTrigger).where(RollbackTrigger.release_id == release_id)
                            .order_by(RollbackTrigger.position, RollbackTrigger.id)))
        kit_row = s.exec(select(StableKit).where(StableKit.release_id == release_id)).first()
        kit = KitFacts() if kit_row is None else KitFacts(kit_row.build_id, kit_row.config_version,
                                                          kit_row.migration_notes, kit_row.flag_state,
                                                          bool(kit_row.db_change_blocks_rollback))
        steps = tuple(
            StepRow(st.id, st.position, st.text, st.runner_id,  # type: ignore[arg-type]
                    names.get(st.runner_id) if st.runner_id is not None else None, st.expected_minutes)
            for st in s.exec(select(RunbookStep).where(RunbookStep.release_id == release_id)
                             .order_by(RunbookStep.position, RunbookStep.id)))
        drills = tuple(
            DrillRow(d.id, d.started_at, d.stopped_at, d.environment,  # type: ignore[arg-type]
                     None if d.duration_seconds is None else d.duration_seconds / 60, d.notes,
                     tuple(parse_laps(d.laps)))
            for d in s.exec(select(RollbackDrill).where(RollbackDrill.release_id == release_id)
                            .order_by(RollbackDrill.started_at, RollbackDrill.id)))
        running = next((d for d in reversed(drills) if d.running), None)
        return RollbackFacts(
            release_id=release_id, target_date=release.target_date, triggers=triggers, kit=kit, steps=steps,
            people=people, drills=drills, running=running,
            target_minutes=settings.get_float(s, "drill_target_minutes"),
            max_steps=int(settings.get_float(s, "runbook_max_steps")),
            window_days=int(settings.get_float(s, "rehearsal_window_days")),
            readiness=rollback_readiness(release_rows.load(plan.raw, release_id)))
