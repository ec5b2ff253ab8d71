"""Rollback readiness (DOMAIN.md "Rollback"): what is in place and what is missing.

A pure function of a cycle's snapshot. Used by the rollback view's checklist, the go/no-go review
(question 3) and the brief. The rehearsal window is ``cockpit.rules.rollback.rehearsed``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cockpit.kinds import Role
from cockpit.rules import rollback as rollback_rules
from cockpit.snapshot import Cycle


@dataclass(frozen=True)
class ReadinessItem:
    """One line of the checklist: ``ok`` and the evidence (or what is missing)."""

    key: str
    label: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class Readiness:
    """The whole checklist of one cycle, with the facts the brief and the review quote."""

    items: tuple[ReadinessItem, ...]
    last_drill_minutes: float | None
    last_drill_on: dt.date | None
    target_minutes: float
    caller: str | None
    runner: str | None
    verifiers: tuple[str, ...]
    #: the complete triggers as one line each, in list order (for the brief and the go/no-go evidence)
    triggers: tuple[str, ...] = ()

    @property
    def ready(self) -> bool:
        """Is every line of the checklist in place?"""
        return all(item.ok for item in self.items)

    @property
    def missing(self) -> list[ReadinessItem]:
        """The lines not in place, in checklist order."""
        return [item for item in self.items if not item.ok]

    def item(self, key: str) -> ReadinessItem:
        """The line called ``key`` (``triggers``, ``kit``, ``database``, ``runbook``, ``step_owners``,
        ``people``, ``rehearsed``, ``quick``)."""
        return next(item for item in self.items if item.key == key)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _triggers(cycle: Cycle) -> tuple[ReadinessItem, tuple[str, ...]]:
    triggers = cycle.triggers
    complete = [t for t in triggers if rollback_rules.trigger_complete(t.condition, t.threshold, t.window_minutes)]
    incomplete = [t for t in triggers if t not in complete]
    if not complete:
        detail = "No trigger with a condition, a threshold and a window yet."
    elif incomplete:
        detail = (f"{_plural(len(incomplete), 'trigger')} without a threshold or a "
                  f"window (“{incomplete[0].condition}”): an unfinished trigger invites a debate.")
    else:
        detail = f"{_plural(len(complete), 'trigger')} with a threshold and a window"
    sentences = tuple(rollback_rules.trigger_sentence(t.condition, t.threshold, t.unit, t.window_minutes)
                      for t in complete)
    return (ReadinessItem("triggers", "Rollback triggers written before launch", bool(complete) and not incomplete,
                          detail), sentences)


def _kit(cycle: Cycle) -> tuple[ReadinessItem, ReadinessItem]:
    kit = cycle.kit
    has_kit = kit is not None and bool(kit.build_id.strip())
    if kit is not None and has_kit:
        unwritten = [label for label, value in (("config version", kit.config_version),
                                                ("migration notes", kit.migration_notes),
                                                ("feature-flag state", kit.flag_state)) if not value.strip()]
        detail = f"Build {kit.build_id}" + (f", {kit.config_version}" if kit.config_version else "")
        if unwritten:
            detail += f". Not written down yet: {', '.join(unwritten)}."
    else:
        detail = "No build or image id for the last stable version."
    blocking = kit is not None and kit.db_change_blocks_rollback
    return (ReadinessItem("kit", "Last stable version ready to restore", has_kit, detail),
            ReadinessItem("database", "No database change blocks rollback", not blocking,
                          "A database change blocks rollback: the release is not ready." if blocking
                          else "No blocking database change recorded."))


def _runbook(cycle: Cycle) -> tuple[ReadinessItem, ReadinessItem]:
    steps = cycle.steps
    max_steps = int(cycle.number("runbook_max_steps"))
    short = bool(steps) and not rollback_rules.runbook_too_long(len(steps), max_steps)
    unowned = [s for s in steps if s.runner_id is None]
    return (ReadinessItem("runbook", "One short runbook", short,
                          "No runbook steps yet." if not steps else
                          f"{len(steps)} steps" + ("" if short else f": more than {max_steps}, no longer short.")),
            ReadinessItem("step_owners", "Every runbook step has who runs it", bool(steps) and not unowned,
                          f"{_plural(len(unowned), 'step')} without a name." if unowned
                          else ("Every step has a name." if steps else "No steps yet.")))


def _drills(cycle: Cycle, target_minutes: float) -> tuple[ReadinessItem, ReadinessItem, float | None, dt.date | None]:
    window = int(cycle.number("rehearsal_window_days"))
    finished = [d for d in cycle.drills if d.duration_seconds is not None]
    last = finished[-1] if finished else None
    # A drill's day is the day on this laptop's calendar (moments are stored in UTC).
    day = last.started_at.astimezone().date() if last is not None else None
    launch = cycle.release.target_date
    rehearsed = rollback_rules.rehearsed(day, launch, window)
    cutoff = rollback_rules.rehearsal_cutoff(launch, window)
    rehearsal = ReadinessItem(
        "rehearsed", f"Rehearsed within {window} days before launch", rehearsed,
        "Never drilled." if last is None else
        f"Last drill {last.started_at.astimezone():%a %d %b}" + ("" if rehearsed else
                                                                  f": before {cutoff:%d %b}, so unrehearsed."))
    minutes = last.duration_seconds / 60 if last is not None and last.duration_seconds is not None else None
    quick = minutes is not None and minutes <= target_minutes
    speed = ReadinessItem(
        "quick", f"Restores within {target_minutes:g} minutes", quick,
        "No timed drill yet." if minutes is None else
        f"Last drill took {minutes:.0f} min" + ("." if quick else f", over the {target_minutes:g}-minute target."))
    return rehearsal, speed, minutes, day


def rollback_readiness(cycle: Cycle) -> Readiness:
    """Evaluate the rollback checklist of one cycle."""
    target_minutes = cycle.number("drill_target_minutes")
    trigger_item, sentences = _triggers(cycle)
    kit_item, database_item = _kit(cycle)
    runbook_item, step_owners_item = _runbook(cycle)
    caller = next(iter(cycle.holders(Role.ROLLBACK_CALLER.value)), None)
    runner = next(iter(cycle.holders(Role.ROLLBACK_RUNNER.value)), None)
    verifiers = tuple(cycle.holders(Role.VERIFIER.value))
    missing_people = [label for label, who in (("caller", caller), ("runner", runner)) if not who]
    if not verifiers:
        missing_people.append("verifiers")
    people_item = ReadinessItem(
        "people", "One caller, one runner, named verifiers", not missing_people,
        f"Missing: {', '.join(missing_people)}." if missing_people else
        f"{caller} calls, {runner} runs, {', '.join(verifiers)} verify{'s' if len(verifiers) == 1 else ''}.")
    rehearsal, speed, minutes, last_day = _drills(cycle, target_minutes)
    items = (trigger_item, kit_item, database_item, runbook_item, step_owners_item, people_item, rehearsal, speed)
    return Readiness(items, minutes, last_day, target_minutes, caller, runner, verifiers, sentences)
