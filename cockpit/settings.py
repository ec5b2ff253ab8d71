"""The numbers behind the rules (DOMAIN.md), stored in each plan with these defaults."""

from __future__ import annotations

from sqlmodel import Session

from cockpit.model import Setting

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


def get(session: Session, key: str) -> str:
    row = session.get(Setting, key)
    return row.value if row is not None else DEFAULTS[key]


def get_float(session: Session, key: str) -> float:
    try:
        return float(get(session, key))
    except ValueError:
        return float(DEFAULTS[key])


def team_labels(session: Session) -> tuple[str, ...]:
    return tuple(label.strip() for label in get(session, "team_labels").split(",") if label.strip())
