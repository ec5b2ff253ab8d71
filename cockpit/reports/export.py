"""The whole plan as JSON, with stable keys (documented in README "Export format").

Keys are the column names of the plan file's tables, grouped per cycle;
references to people also carry the person's name (``owner``, ``runner``,
``remover``, ``action_owner``) so the export reads well on its own. Dates are
ISO 8601 (``YYYY-MM-DD``), moments ISO 8601 in UTC. Lists stored as text in the
file (risk areas, drill laps, review answers, whys) are real lists here.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlmodel import Session, SQLModel, select

import cockpit
from cockpit import clock, settings
from cockpit.model import (
    Blocker,
    ChangeLogEntry,
    CheckIn,
    GoNoGoReview,
    Milestone,
    Person,
    Release,
    ReleaseTask,
    RemediationNote,
    RetroEntry,
    RoleAssignment,
    RollbackDrill,
    RollbackTrigger,
    RunbookStep,
    ScopeItem,
    StableKit,
    StakeholderNote,
)
from cockpit.rules.ownership import SINGLE_ROLES
from cockpit.rules.scope import failed_checks
from cockpit.store import SCHEMA_VERSION, Plan

EXPORT_VERSION = 1
_JSON_TEXT = {"laps", "answers", "whys"}
_PERSON_REFS = {"owner_id": "owner", "runner_id": "runner", "remover_id": "remover",
                "action_owner_id": "action_owner"}
#: (key in a cycle, table, order)
_PER_CYCLE: tuple[tuple[str, type[SQLModel], Any], ...] = (
    ("scope_items", ScopeItem, (ScopeItem.lane, ScopeItem.position, ScopeItem.id)),
    ("release_tasks", ReleaseTask, (ReleaseTask.position, ReleaseTask.id)),
    ("milestones", Milestone, (Milestone.date, Milestone.id)),
    ("check_ins", CheckIn, (CheckIn.day,)),
    ("blockers", Blocker, (Blocker.raised_on, Blocker.id)),
    ("rollback_triggers", RollbackTrigger, (RollbackTrigger.position, RollbackTrigger.id)),
    ("runbook_steps", RunbookStep, (RunbookStep.position, RunbookStep.id)),
    ("rollback_drills", RollbackDrill, (RollbackDrill.started_at,)),
    ("go_no_go_reviews", GoNoGoReview, (GoNoGoReview.reviewed_at,)),
    ("retro_entries", RetroEntry, (RetroEntry.id,)),
)


def _value(name: str, value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if name in _JSON_TEXT and isinstance(value, str):
        return json.loads(value or "[]")
    return value


def row(obj: SQLModel, names: dict[int, str]) -> dict[str, Any]:
    """One row as plain JSON values, people's names beside their ids."""
    out: dict[str, Any] = {}
    for col in obj.__table__.columns:  # type: ignore[attr-defined]
        value = getattr(obj, col.name)
        out[col.name] = _value(col.name, value)
        if col.name in _PERSON_REFS:
            out[_PERSON_REFS[col.name]] = names.get(value) if value is not None else None
    if isinstance(obj, ScopeItem):
        out["risk_areas"] = [a for a in obj.risk_areas.split(",") if a]
        out["failed_checks"] = failed_checks(obj)
    return out


def _cycle(session: Session, release: Release, names: dict[int, str]) -> dict[str, Any]:
    roles: dict[str, Any] = {role: None for role in SINGLE_ROLES}
    roles["verifier"] = []
    for assignment in session.exec(select(RoleAssignment).where(RoleAssignment.release_id == release.id)
                                   .order_by(RoleAssignment.id)):
        if assignment.role == "verifier":
            roles["verifier"].append(names[assignment.person_id])
        else:
            roles[assignment.role] = names[assignment.person_id]
    cycle: dict[str, Any] = {"release": row(release, names), "roles": roles}
    for key, model, order in _PER_CYCLE:
        query = select(model).where(model.release_id == release.id).order_by(*order)  # type: ignore[attr-defined]
        cycle[key] = [row(obj, names) for obj in session.exec(query)]
    kit = session.exec(select(StableKit).where(StableKit.release_id == release.id)).first()
    note = session.exec(select(StakeholderNote).where(StakeholderNote.release_id == release.id)).first()
    remedy = session.exec(select(RemediationNote).where(RemediationNote.release_id == release.id)).first()
    cycle["stable_kit"] = row(kit, names) if kit else None
    cycle["stakeholder_note"] = row(note, names) if note else None
    cycle["remediation_note"] = row(remedy, names) if remedy else None
    return cycle


def export_plan(plan: Plan) -> dict[str, Any]:
    """Everything in the plan, every cycle, as one JSON-ready dict."""
    with plan.read() as session:
        people = list(session.exec(select(Person).order_by(Person.id)))
        names = {p.id: p.name for p in people if p.id is not None}
        releases = list(session.exec(select(Release).order_by(Release.cycle)))
        return {
            "format": "release-cockpit-export",
            "export_version": EXPORT_VERSION,
            "file_format": SCHEMA_VERSION,
            "app_version": cockpit.__version__,
            "exported_at": _value("exported_at", clock.now()),
            "settings": {key: settings.get(session, key) for key in settings.DEFAULTS},
            "people": [row(p, names) for p in people],
            "cycles": [_cycle(session, release, names) for release in releases],
            "change_log": [row(entry, names) for entry in
                           session.exec(select(ChangeLogEntry).order_by(ChangeLogEntry.id))],
        }


def export_json(plan: Plan) -> str:
    return json.dumps(export_plan(plan), indent=2, ensure_ascii=False) + "\n"
