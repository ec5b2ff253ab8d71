"""The numbers behind the rules (DOMAIN.md) and their defaults; each plan stores its own values.

Standard library only: ``cockpit.settings`` reads them through the ORM, ``cockpit.reading``
with plain SQL.
"""

from __future__ import annotations

from collections.abc import Mapping

TEAM_LABELS_DEFAULT = (
    "backend team, backend, frontend team, frontend, mobile team, mobile, QA, QA team, devops, ops, "
    "engineering, eng, everyone, all, the team, team, TBD, TBA, ?, ??, unassigned, nobody, someone, "
    "dev team, devs, developers, design, product, support, sales, founders, management"
)

DEFAULTS: dict[str, str] = {
    "statement_max_words": "30",
    "focus_factor": "0.6",
    "drill_target_minutes": "15",
    "rehearsal_window_days": "14",
    "runbook_max_steps": "12",
    "team_labels": TEAM_LABELS_DEFAULT,
    "freeze_override_hint": "Only real production fixes qualify after the freeze.",
}

DESCRIPTIONS: dict[str, str] = {
    "statement_max_words": "Longest problem statement, in words, before it is flagged",
    "focus_factor": "Share of a person's days that goes to release work",
    "drill_target_minutes": "Target time for a rollback drill, in minutes",
    "rehearsal_window_days": "A runbook not drilled within this many days before launch is unrehearsed",
    "runbook_max_steps": "A runbook longer than this is no longer short",
    "team_labels": "Names that are teams or functions, not people (comma-separated)",
    "freeze_override_hint": "What the freeze override dialog reminds people of",
}


def value(stored: Mapping[str, str], key: str) -> str:
    """The plan's value for ``key`` (``stored``: the setting rows), else the default."""
    return stored.get(key, DEFAULTS[key])


def number(text: str | None, key: str) -> float:
    """A stored setting as a number; the default when it is missing or not a number."""
    try:
        return float(text if text is not None else DEFAULTS[key])
    except ValueError:
        return float(DEFAULTS[key])
