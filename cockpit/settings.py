"""The plan's rule thresholds read through the ORM (defaults: ``cockpit.rules.thresholds``)."""

from __future__ import annotations

from sqlmodel import Session

from cockpit.model import Setting
from cockpit.rules.thresholds import DEFAULTS, DESCRIPTIONS, TEAM_LABELS_DEFAULT, number

__all__ = ["DEFAULTS", "DESCRIPTIONS", "TEAM_LABELS_DEFAULT", "get", "get_float", "team_labels"]


def get(session: Session, key: str) -> str:
    """The plan's stored value of the rule ``key`` (its default when unset), for a service's checks."""
    row = session.get(Setting, key)
    return row.value if row is not None else DEFAULTS[key]


def get_float(session: Session, key: str) -> float:
    """The rule ``key`` as a number (the default when unset or unreadable)."""
    return number(get(session, key), key)


def team_labels(session: Session) -> tuple[str, ...]:
    """The names that are teams or functions, not people (the ``team_labels`` rule, split)."""
    return tuple(label.strip() for label in get(session, "team_labels").split(",") if label.strip())
