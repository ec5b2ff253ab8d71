"""The numbers behind the rules (DOMAIN.md) and their defaults; each plan stores its own values.

Standard library only: ``cockpit.settings`` reads them through the ORM, ``cockpit.reading``
with plain SQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

TEAM_LABELS_DEFAULT = (
    "backend team, backend, frontend team, frontend, mobile team, mobile, QA, QA team, devops, ops, "
    "engineering, eng, everyone, all, the team, team, TBD, TBA, ?, ??, unassigned, nobody, someone, "
    "dev team, devs, developers, design, product, support, sales, founders, management"
)

@dataclass(frozen=True)
class Threshold:
    """One of the plan's rules: its key, its default (as stored), what it means, and what it accepts."""

    key: str
    #: what it is called in a message ("The drill target must be a number")
    name: str
    default: str
    description: str
    #: "whole" (a whole number), "number", or "text"
    kind: str = "number"
    low: float = 0.0
    high: float = 1e6
    unit: str = ""


THRESHOLDS: tuple[Threshold, ...] = (
    Threshold("statement_max_words", "word limit of the problem statement", "30",
              "Longest problem statement, in words, before it is flagged", "whole", 5, 200, "words"),
    Threshold("focus_factor", "focus factor", "0.6",
              "Share of a person's days that goes to release work", "number", 0.1, 1),
    Threshold("drill_target_minutes", "drill target", "15",
              "Target time for a rollback drill, in minutes", "number", 1, 600, "min"),
    Threshold("rehearsal_window_days", "rehearsal window", "14",
              "A runbook not drilled within this many days before launch is unrehearsed", "whole", 1, 90, "days"),
    Threshold("runbook_max_steps", "runbook step limit", "12",
              "A runbook longer than this is no longer short", "whole", 3, 100, "steps"),
    Threshold("checkin_minutes", "check-in length", "15",
              "Length of the ownership check-in, in minutes (also the reset session's One name each step)",
              "whole", 5, 60, "min"),
    Threshold("behind_tolerance_days", "behind tolerance", "0.5",
              "Days that done may trail planned before the release counts as behind", "number", 0, 10, "days"),
    Threshold("churn_warning_per_week", "weekly change limit", "10",
              "Changes to scope, dates and owners in one week (from week 2) that mean the plan is being "
              "rewritten", "whole", 1, 1000, "changes"),
    # The reset session's timeboxes (``rules.session.STEPS``); with the check-in's 15 minutes they add
    # up to 3 h 30 min: a half-day with a break.
    Threshold("session_problem_minutes", "timebox of the problem step", "25",
              "Reset session: minutes for the problem, its one sentence and the dates", "whole", 1, 240, "min"),
    Threshold("session_scope_minutes", "timebox of the cut-scope step", "60",
              "Reset session: minutes for cutting scope", "whole", 1, 240, "min"),
    Threshold("session_rollback_minutes", "timebox of the rollback step", "40",
              "Reset session: minutes for triggers, the stable kit and the runbook", "whole", 1, 240, "min"),
    Threshold("session_weeks_minutes", "timebox of the four-weeks step", "40",
              "Reset session: minutes for the milestones and the four weeks", "whole", 1, 240, "min"),
    Threshold("session_close_minutes", "timebox of the closing step", "30",
              "Reset session: minutes for readiness, the stakeholder note and the brief", "whole", 1, 240, "min"),
    Threshold("team_labels", "list of team names", TEAM_LABELS_DEFAULT,
              "Names that are teams or functions, not people (comma-separated)", "text"),
    Threshold("freeze_override_hint", "freeze reminder", "Only real production fixes qualify after the freeze.",
              "What the freeze override dialog reminds people of", "text"),
)
BY_KEY: dict[str, Threshold] = {t.key: t for t in THRESHOLDS}
DEFAULTS: dict[str, str] = {t.key: t.default for t in THRESHOLDS}
DESCRIPTIONS: dict[str, str] = {t.key: t.description for t in THRESHOLDS}


def value(stored: Mapping[str, str], key: str) -> str:
    """The plan's value for ``key`` (``stored``: the setting rows), else the default."""
    return stored.get(key, DEFAULTS[key])


def number(text: str | None, key: str) -> float:
    """A stored setting as a number; the default when it is missing or not a number."""
    try:
        return float(text if text is not None else DEFAULTS[key])
    except ValueError:
        return float(DEFAULTS[key])
