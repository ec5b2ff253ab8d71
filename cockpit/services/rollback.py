"""Rollback: triggers, the last stable version kit, the runbook and timed drills."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from typing import Any

from cockpit import clock
from cockpit.errors import ValidationError
from cockpit.kinds import Environment
from cockpit.rules.rollback import parse_laps
from cockpit.services import validate
from cockpit.services.core import Changes, Tx, change
from cockpit.services.records import Cleaners, clean_all, delete_row, edit_row, release_of
from cockpit.snapshot import TABLE_OF, RollbackDrill, RollbackTrigger, RunbookStep, StableKit
from cockpit.store import Plan

TRIGGER_FIELDS: Cleaners = {
    "condition": lambda tx, v: validate.text(v, "trigger condition", required=True, limit=300),
    "threshold": lambda tx, v: validate.number(v, "threshold", low=-1e12, high=1e12, optional=True),
    "unit": lambda tx, v: validate.text(v, "unit", limit=40),
    "window_minutes": lambda tx, v: None if v in (None, "") else int(
        validate.number(v, "window (minutes)", low=0, high=100_000) or 0),
    "position": lambda tx, v: int(validate.number(v, "position", high=1e9) or 0),
}
KIT_FIELDS: Cleaners = {
    "build_id": lambda tx, v: validate.text(v, "build or image id", limit=300),
    "config_version": lambda tx, v: validate.text(v, "config version", limit=300),
    "migration_notes": lambda tx, v: validate.text(v, "migration notes", limit=4000),
    "flag_state": lambda tx, v: validate.text(v, "feature-flag state", limit=4000),
    "db_change_blocks_rollback": lambda tx, v: bool(v),
}
STEP_FIELDS: Cleaners = {
    "text": lambda tx, v: validate.text(v, "runbook step", required=True, limit=500),
    "runner_id": validate.owner,
    "expected_minutes": lambda tx, v: validate.number(v, "expected minutes", optional=True, high=10_000),
    "position": lambda tx, v: int(validate.number(v, "position", high=1e9) or 0),
}


def _next_position(tx: Tx, model: Any, release_id: int) -> int:
    last = tx.first(model, "release_id = ?", (release_id,), "position DESC")
    return (last.position + 1) if last else 0


def add_trigger(plan: Plan, release_id: int, condition: str, **fields: Any) -> Changes:
    """Add a rollback trigger (a condition with its threshold and window)."""
    return _add_ordered(plan, release_id, RollbackTrigger, TRIGGER_FIELDS, {"condition": condition, **fields},
                        "trigger", "add trigger", f"Add rollback trigger: {str(condition).strip()}")


def _add_ordered(plan: Plan, release_id: int, model: Any, cleaners: Cleaners, raw: dict[str, Any],
                 what: str, action: str, summary: str) -> Changes:
    """Add a row to an ordered list of a release: fields checked, placed last unless given a position."""
    def work(tx: Tx) -> int:
        values = clean_all(tx, cleaners, raw, what)
        values.setdefault("position", _next_position(tx, model, release_id))
        return tx.add(model(release_id=release_id, **values)).id

    return change(plan, "rollback", action, work, release_id=release_id, summary=summary)


def update_trigger(plan: Plan, trigger_id: int, **fields: Any) -> Changes:
    """Edit a rollback trigger's fields, each checked first."""
    return edit_row(plan, RollbackTrigger, trigger_id, "rollback", "rollback trigger", TRIGGER_FIELDS, fields)


def delete_trigger(plan: Plan, trigger_id: int) -> Changes:
    """Delete a rollback trigger."""
    return delete_row(plan, RollbackTrigger, trigger_id, "rollback", "rollback trigger")


def move_trigger(plan: Plan, trigger_id: int, index: Any) -> Changes:
    """Put one trigger at ``index`` in the list (0 = first), in one transaction."""
    return _move(plan, RollbackTrigger, trigger_id, index, "rollback trigger")


def _move(plan: Plan, model: Any, row_id: int, index: Any, what: str) -> Changes:
    """Move one row of an ordered list to ``index``; the list is renumbered 0..n-1, touching only moved rows.

    An index past the end means the end. Undo restores every position exactly (one ``Changes``).
    """
    wanted = int(validate.number(index, "new position", high=1e9) or 0)

    def work(tx: Tx) -> int:
        row = tx.get(model, row_id, what)
        rows = list(tx.find(model, "release_id = ?", (row.release_id,), "position, id"))
        rows.remove(row)
        at = min(wanted, len(rows))
        rows.insert(at, row)
        for position, each in enumerate(rows):
            tx.update(each, position=position)
        return at

    return change(plan, "rollback", f"move {what}", work, release_id=release_of(plan, model, row_id),
                  summary=lambda at: f"Move {what} to place {at + 1}")


def set_kit(plan: Plan, release_id: int, **fields: Any) -> Changes:
    """Fill in the last stable version kit (created on first use)."""

    def work(tx: Tx) -> None:
        values = clean_all(tx, KIT_FIELDS, fields, "stable version kit")
        kit = tx.first(StableKit, "release_id = ?", (release_id,))
        if kit is None:
            tx.add(StableKit(release_id=release_id, **values))
        else:
            tx.update(kit, **values)

    return change(plan, "rollback", "edit kit", work, release_id=release_id, summary="Edit the last stable version kit")


def add_step(plan: Plan, release_id: int, text: str, **fields: Any) -> Changes:
    """Add a runbook step."""
    return _add_ordered(plan, release_id, RunbookStep, STEP_FIELDS, {"text": text, **fields},
                        "runbook step", "add step", f"Add runbook step: {str(text).strip()}")


def update_step(plan: Plan, step_id: int, **fields: Any) -> Changes:
    """Edit a runbook step's fields, each checked first."""
    return edit_row(plan, RunbookStep, step_id, "rollback", "runbook step", STEP_FIELDS, fields)


def delete_step(plan: Plan, step_id: int) -> Changes:
    """Delete a runbook step."""
    return delete_row(plan, RunbookStep, step_id, "rollback", "runbook step")


def move_step(plan: Plan, step_id: int, index: Any) -> Changes:
    """Put one runbook step at ``index`` (0 = first), in one transaction."""
    return _move(plan, RunbookStep, step_id, index, "runbook step")


def start_drill(plan: Plan, release_id: int, environment: Any = Environment.STAGING.value,
                started_at: dt.datetime | None = None) -> Changes:
    """Start the clock: the start time is in the file at once, so a crash mid-drill loses nothing."""
    env = validate.choice(environment, Environment, "environment")

    def work(tx: Tx) -> int:
        running = tx.first(RollbackDrill, "release_id = ? AND stopped_at IS NULL", (release_id,))
        if running:
            raise ValidationError("A drill is already running: stop it first.")
        return tx.add(RollbackDrill(release_id=release_id, environment=env,
                                    started_at=started_at or clock.now())).id

    return change(plan, "rollback", "start drill", work, release_id=release_id, summary=f"Start a {env} drill")


def lap_drill(plan: Plan, drill_id: int, step: Any, seconds: Any, *, step_id: int | None = None) -> Changes:
    """Tick off a step of a running drill at ``seconds`` since it started.

    Laps are written to the file as they are ticked (not kept in memory until the stop), so a crash
    mid-drill loses neither the start nor the steps already done. Each tick is one undo step.
    """
    step_text = validate.text(step, "step", required=True, limit=500)
    split = validate.number(seconds, "lap time (seconds)", high=10_000_000)

    def work(tx: Tx) -> int:
        drill = tx.get(RollbackDrill, drill_id, "drill")
        if drill.stopped_at is not None:
            raise ValidationError("That drill has already stopped: its laps are final.")
        laps = _laps(drill.laps)
        done = parse_laps(laps)
        if done and split is not None and split < done[-1].split:
            raise ValidationError("A step cannot be ticked off before the previous one.")
        entry: dict[str, Any] = {"step": step_text, "seconds": round(split or 0.0, 1)}
        if step_id is not None:
            entry["step_id"] = int(step_id)
        tx.update(drill, laps=json.dumps([*laps, entry]))
        return len(laps) + 1

    return change(plan, "rollback", "tick drill step", work, release_id=release_of(plan, RollbackDrill, drill_id),
                  summary=f"Drill: {step_text} done at {int(split or 0) // 60}:{int(split or 0) % 60:02d}")


def _laps(raw: str | None) -> list[dict[str, Any]]:
    try:
        value = json.loads(raw or "[]")
    except ValueError:
        return []
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def update_drill(plan: Plan, drill_id: int, **fields: Any) -> Changes:
    """Correct a drill's environment or notes afterwards (its times stay as measured)."""
    cleaners: Cleaners = {
        "environment": lambda tx, v: validate.choice(v, Environment, "environment"),
        "notes": lambda tx, v: validate.text(v, "drill notes", limit=4000),
    }
    return edit_row(plan, RollbackDrill, drill_id, "rollback", "drill", cleaners, fields)


def stop_drill(plan: Plan, drill_id: int, *, stopped_at: dt.datetime | None = None, notes: str = "",
               laps: list[dict[str, Any]] | None = None) -> Changes:
    """Stop the clock when users are back on the stable version; the duration spans the whole drill.

    ``laps=None`` keeps the laps already ticked off (``lap_drill``); a list replaces them.
    """
    note_text = validate.text(notes, "drill notes", limit=4000)

    def work(tx: Tx) -> float:
        drill = tx.get(RollbackDrill, drill_id, "drill")
        if drill.stopped_at is not None:
            raise ValidationError("That drill has already stopped.")
        end = stopped_at or clock.now()
        seconds = (end - drill.started_at).total_seconds()
        if seconds < 0:
            raise ValidationError("A drill cannot stop before it started.")
        tx.update(drill, stopped_at=end, duration_seconds=round(seconds, 1), notes=note_text,
                  laps=drill.laps if laps is None else json.dumps(laps))
        return seconds

    done = change(plan, "rollback", "stop drill", work, release_id=release_of(plan, RollbackDrill, drill_id),
                  summary=lambda s: f"Drill took {s / 60:.1f} min")
    return _stopped_unrecorded_on_undo(done)


def _stopped_unrecorded_on_undo(done: Changes) -> Changes:
    """Undoing a stop must not start the clock again as if the time between had not passed: the undo
    leaves the drill stopped with no result recorded (its row as after the stop, without a duration);
    redo records the result again. Time someone can re-enter by hand (Record a past drill)."""
    rows = []
    for row in done.rows:
        if row.table == TABLE_OF[RollbackDrill] and row.after is not None:
            unrecorded = tuple((name, None if name == "duration_seconds" else value) for name, value in row.after)
            row = replace(row, before=unrecorded)
        rows.append(row)
    return replace(done, rows=tuple(rows))


def record_drill(plan: Plan, release_id: int, on: dt.datetime, minutes: Any, *,
                 environment: Any = Environment.STAGING.value, notes: str = "") -> Changes:
    """Enter a drill run earlier (timed by hand)."""
    env = validate.choice(environment, Environment, "environment")
    duration = validate.number(minutes, "drill duration (minutes)", high=10_000)
    assert duration is not None
    note_text = validate.text(notes, "drill notes", limit=4000)

    def work(tx: Tx) -> int:
        return tx.add(RollbackDrill(release_id=release_id, environment=env, started_at=on,
                                    stopped_at=on + dt.timedelta(minutes=duration),
                                    duration_seconds=round(duration * 60, 1), notes=note_text)).id

    return change(plan, "rollback", "record drill", work, release_id=release_id,
                  summary=f"Record a {duration:g}-minute {env} drill")


def delete_drill(plan: Plan, drill_id: int) -> Changes:
    """Delete a recorded rollback drill."""
    return delete_row(plan, RollbackDrill, drill_id, "rollback", "drill")
