"""Rollback readiness (DOMAIN.md "Rollback"): what is in place and what is missing.

Used by the rollback view's checklist, the go/no-go review (question 3) and the brief.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cockpit.kinds import Role
from cockpit.reports.rows import ReleaseRows
from cockpit.rules.rollback import trigger_complete, trigger_sentence


@dataclass(frozen=True)
class ReadinessItem:
    """One line of the checklist: ``ok`` and the evidence (or what is missing)."""

    key: str
    label: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class Readiness:
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
        return all(item.ok for item in self.items)

    @property
    def missing(self) -> list[ReadinessItem]:
        return [item for item in self.items if not item.ok]

    def item(self, key: str) -> ReadinessItem:
        return next(item for item in self.items if item.key == key)


def rollback_readiness(rows: ReleaseRows) -> Readiness:
    """Evaluate the checklist for one release from its rows (``cockpit.reports.rows.load``)."""
    release = rows.release
    roles = {role.value: rows.holders(role.value) for role in Role}
    triggers = list(rows.triggers)
    kit = rows.kit
    steps = rows.steps
    drills = [d for d in rows.drills if d.duration_seconds is not None]
    max_steps = int(rows.number("runbook_max_steps"))
    window = int(rows.number("rehearsal_window_days"))
    target_minutes = rows.number("drill_target_minutes")

    items: list[ReadinessItem] = []
    complete = [t for t in triggers if trigger_complete(t.condition, t.threshold, t.window_minutes)]
    incomplete = [t for t in triggers if t not in complete]
    if not complete:
        trigger_detail = "No trigger with a condition, a threshold and a window yet."
    elif incomplete:
        trigger_detail = (f"{len(incomplete)} trigger{'s' if len(incomplete) != 1 else ''} without a threshold or a "
                          f"window (“{incomplete[0].condition}”): an unfinished trigger invites a debate.")
    else:
        trigger_detail = f"{len(complete)} trigger{'s' if len(complete) != 1 else ''} with a threshold and a window"
    items.append(ReadinessItem("triggers", "Rollback triggers written before launch",
                               bool(complete) and not incomplete, trigger_detail))
    has_kit = kit is not None and bool(kit.build_id.strip())
    unwritten = [label for label, value in (("config version", kit.config_version if kit else ""),
                                            ("migration notes", kit.migration_notes if kit else ""),
                                            ("feature-flag state", kit.flag_state if kit else ""))
                 if not value.strip()]
    if has_kit and kit is not None:
        kit_detail = f"Build {kit.build_id}" + (f", {kit.config_version}" if kit.config_version else "")
        if unwritten:
            kit_detail += f". Not written down yet: {', '.join(unwritten)}."
    else:
        kit_detail = "No build or image id for the last stable version."
    items.append(ReadinessItem("kit", "Last stable version ready to restore", has_kit, kit_detail))
    blocking = kit is not None and kit.db_change_blocks_rollback
    items.append(ReadinessItem(
        "database", "No database change blocks rollback", not blocking,
        "A database change blocks rollback: the release is not ready." if blocking
        else "No blocking database change recorded."))
    short = 0 < len(steps) <= max_steps
    items.append(ReadinessItem(
        "runbook", "One short runbook", short,
        "No runbook steps yet." if not steps else
        f"{len(steps)} steps" + ("" if short else f": more than {max_steps}, no longer short.")))
    unowned_steps = [s for s in steps if s.runner_id is None]
    items.append(ReadinessItem(
        "step_owners", "Every runbook step has who runs it", bool(steps) and not unowned_steps,
        f"{len(unowned_steps)} step{'s' if len(unowned_steps) != 1 else ''} without a name." if unowned_steps
        else ("Every step has a name." if steps else "No steps yet.")))
    caller = (roles.get(Role.ROLLBACK_CALLER.value) or [None])[0]
    runner = (roles.get(Role.ROLLBACK_RUNNER.value) or [None])[0]
    verifiers = tuple(roles.get(Role.VERIFIER.value, []))
    missing_people = [label for label, who in (("caller", caller), ("runner", runner)) if not who]
    if not verifiers:
        missing_people.append("verifiers")
    items.append(ReadinessItem(
        "people", "One caller, one runner, named verifiers", not missing_people,
        f"Missing: {', '.join(missing_people)}." if missing_people else
        f"{caller} calls, {runner} runs, {', '.join(verifiers)} verify{'s' if len(verifiers) == 1 else ''}."))
    last = drills[-1] if drills else None
    cutoff = release.target_date - dt.timedelta(days=window)
    rehearsed = last is not None and last.started_at.astimezone().date() >= cutoff
    items.append(ReadinessItem(
        "rehearsed", f"Rehearsed within {window} days before launch", rehearsed,
        "Never drilled." if last is None else
        f"Last drill {last.started_at.astimezone():%a %d %b}" + ("" if rehearsed else
                                                                  f": before {cutoff:%d %b}, so unrehearsed.")))
    minutes = last.duration_seconds / 60 if last is not None and last.duration_seconds is not None else None
    quick = minutes is not None and minutes <= target_minutes
    items.append(ReadinessItem(
        "quick", f"Restores within {target_minutes:g} minutes", quick,
        "No timed drill yet." if minutes is None else
        f"Last drill took {minutes:.0f} min" + ("." if quick else f", over the {target_minutes:g}-minute target.")))
    sentences = tuple(trigger_sentence(t.condition, t.threshold, t.unit, t.window_minutes) for t in complete)
    return Readiness(tuple(items), minutes, last.started_at.astimezone().date() if last else None, target_minutes,
                     caller, runner, verifiers, sentences)
