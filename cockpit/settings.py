"""The plan's rule thresholds as the services read them inside a change (defaults: ``cockpit.rules.thresholds``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cockpit.rules.thresholds import DEFAULTS, DESCRIPTIONS, TEAM_LABELS_DEFAULT, number

if TYPE_CHECKING:
    from cockpit.services.core import Tx

__all__ = ["DEFAULTS", "DESCRIPTIONS", "TEAM_LABELS_DEFAULT", "get", "get_float", "team_labels"]


def get(tx: Tx, key: str) -> str:
    """The plan's value for ``key`` as stored, or its default."""
    found = tx.setting(key)
    return found if found is not None else DEFAULTS[key]


def get_float(tx: Tx, key: str) -> float:
    """The plan's value for ``key`` as a number (the default when unset or unreadable)."""
    return number(get(tx, key), key)


def team_labels(tx: Tx) -> tuple[str, ...]:
    """The names that are teams or functions, not people, under this plan's rules."""
    return tuple(label.strip() for label in get(tx, "team_labels").split(",") if label.strip())
