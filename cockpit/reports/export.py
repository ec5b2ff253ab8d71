"""The whole plan as JSON, with stable keys (documented in README "Export format").

Keys are the column names of the plan file's tables, grouped per cycle;
references to people also carry the person's name (``owner``, ``runner``,
``remover``, ``action_owner``) so the export reads well on its own. Dates are
ISO 8601 (``YYYY-MM-DD``), moments ISO 8601 in UTC. Lists stored as text in the
file (risk areas, drill laps, review answers, whys) are real lists here.

A pure function of the plan's snapshots (``cockpit.reader.read_plan``), its change log
(``reader.change_log``), its people and its stored rule values: no database, no clock.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import fields
from typing import Any

import cockpit
from cockpit.fileformat import SCHEMA_VERSION
from cockpit.rules import thresholds
from cockpit.rules.ownership import SINGLE_ROLES
from cockpit.rules.scope import failed_checks
from cockpit.snapshot import ChangeLogEntry, Cycle, Person, ScopeItem

EXPORT_VERSION = 1
_JSON_TEXT = {"laps", "answers", "whys"}
_PERSON_REFS = {"owner_id": "owner", "runner_id": "runner", "remover_id": "remover",
                "action_owner_id": "action_owner"}
#: (key in a cycle, the cycle's records, sort key): the order each list is exported in
_PER_CYCLE: tuple[tuple[str, Callable[[Cycle], Iterable[Any]], Callable[[Any], Any]], ...] = (
    ("scope_items", lambda c: c.items, lambda r: (r.lane, r.position, r.id)),
    ("release_tasks", lambda c: c.tasks, lambda r: (r.position, r.id)),
    ("milestones", lambda c: c.milestones, lambda r: (r.date, r.id)),
    ("check_ins", lambda c: c.check_ins, lambda r: (r.day, r.id)),
    ("blockers", lambda c: c.blockers, lambda r: (r.raised_on, r.id)),
    ("rollback_triggers", lambda c: c.triggers, lambda r: (r.position, r.id)),
    ("runbook_steps", lambda c: c.steps, lambda r: (r.position, r.id)),
    ("rollback_drills", lambda c: c.drills, lambda r: (r.started_at, r.id)),
    ("go_no_go_reviews", lambda c: c.reviews, lambda r: (r.reviewed_at, r.id)),
    ("retro_entries", lambda c: c.retro_entries, lambda r: r.id),
)


def _value(name: str, value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if name in _JSON_TEXT and isinstance(value, str):
        return json.loads(value or "[]")
    return value


def row(record: Any, names: Mapping[int, str]) -> dict[str, Any]:
    """One record as plain JSON values, in the table's column order, people's names beside their ids."""
    out: dict[str, Any] = {}
    for f in fields(record):
        value = getattr(record, f.name)
        out[f.name] = _value(f.name, value)
        if f.name in _PERSON_REFS:
            out[_PERSON_REFS[f.name]] = names.get(value) if value is not None else None
    if isinstance(record, ScopeItem):
        out["risk_areas"] = [a for a in record.risk_areas.split(",") if a]
        out["failed_checks"] = failed_checks(record)
    return out


def _cycle(cycle: Cycle, names: Mapping[int, str]) -> dict[str, Any]:
    roles: dict[str, Any] = {role: None for role in SINGLE_ROLES}
    roles["verifier"] = []
    for assignment in sorted(cycle.roles, key=lambda a: a.id):
        if assignment.role == "verifier":
            roles["verifier"].append(names[assignment.person_id])
        else:
            roles[assignment.role] = names[assignment.person_id]
    out: dict[str, Any] = {"release": row(cycle.release, names), "roles": roles}
    for key, records, order in _PER_CYCLE:
        out[key] = [row(r, names) for r in sorted(records(cycle), key=order)]
    out["stable_kit"] = row(cycle.kit, names) if cycle.kit else None
    out["stakeholder_note"] = row(cycle.note, names) if cycle.note else None
    out["remediation_note"] = row(cycle.remediation, names) if cycle.remediation else None
    return out


def export_plan(cycles: Sequence[Cycle], change_log: Sequence[ChangeLogEntry], *, people: Sequence[Person],
                settings: Mapping[str, str], exported_at: dt.datetime) -> dict[str, Any]:
    """Everything in the plan, every cycle, as one JSON-ready dict.

    Args:
        cycles: every cycle's snapshot, oldest first (``reader.read_plan``).
        change_log: the whole change log (``reader.change_log``).
        people: everyone in the plan (a plan with no cycle may still have people).
        settings: the stored rule values (``setting`` rows); unset rules export their defaults.
        exported_at: the moment of the export.
    """
    people = sorted(people, key=lambda p: p.id)
    names = {p.id: p.name for p in people}
    return {
        "format": "release-cockpit-export",
        "export_version": EXPORT_VERSION,
        "file_format": SCHEMA_VERSION,
        "app_version": cockpit.__version__,
        "exported_at": _value("exported_at", exported_at),
        "settings": {key: thresholds.value(settings, key) for key in thresholds.DEFAULTS},
        "people": [row(p, names) for p in people],
        "cycles": [_cycle(c, names) for c in sorted(cycles, key=lambda c: c.release.cycle)],
        "change_log": [row(entry, names) for entry in sorted(change_log, key=lambda e: e.id)],
    }


def export_json(cycles: Sequence[Cycle], change_log: Sequence[ChangeLogEntry], *, people: Sequence[Person],
                settings: Mapping[str, str], exported_at: dt.datetime) -> str:
    """``export_plan`` as indented UTF-8 JSON text, ending in a newline."""
    data = export_plan(cycles, change_log, people=people, settings=settings, exported_at=exported_at)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
