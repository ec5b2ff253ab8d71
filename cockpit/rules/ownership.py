"""Ownership warnings: empty roles, the three owner roles on one person, overload."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from cockpit.rules.scope import working_days

SINGLE_ROLES = (
    "scope owner",
    "delivery owner",
    "readiness owner",
    "stop authority",
    "rollback caller",
    "rollback runner",
)
OWNER_ROLES = ("scope owner", "delivery owner", "readiness owner")


def role_gaps(holders: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(the role to fix, the warning) for each gap; ``holders`` maps a role to the names holding it
    (verifiers may be several). Three owner roles on one person name the scope owner's role."""
    gaps = [(role, f"No {role}: put one name on it.") for role in SINGLE_ROLES if not holders.get(role)]
    if not holders.get("verifier"):
        gaps.append(("verifier", "No verifier: name at least one person who checks health and data after launch."))
    owners = [holders[r][0] for r in OWNER_ROLES if holders.get(r)]
    if len(owners) == 3 and len(set(owners)) == 1:
        gaps.append((OWNER_ROLES[0],
                     f"{owners[0]} owns scope, delivery and readiness: one person holding all three hides risk."))
    return gaps


def role_warnings(holders: dict[str, list[str]]) -> list[str]:
    """The warnings of ``role_gaps``, in its order."""
    return [warning for _role, warning in role_gaps(holders)]


def overloaded(assigned: dict[str, float], capacity: dict[str, float]) -> dict[str, float]:
    """People whose assigned open days exceed their capacity to the target: name -> days over."""
    over = Counter({name: assigned.get(name, 0.0) - capacity.get(name, 0.0) for name in assigned})
    return {name: round(days, 1) for name, days in over.items() if days > 0}


def capacity_to_target(days_per_week: float, first: dt.date, target: dt.date, focus: float) -> float:
    """A person's days for release work from ``first`` up to the target (DOMAIN.md "Fit", per person)."""
    return round(days_per_week / 5.0 * working_days(first, target) * focus, 1)


def spread_problem(holders: dict[str, list[str]]) -> str | None:
    """Scope, delivery and readiness all on one person hides risk; two people covering three is fine."""
    owners = [holders[r][0] for r in OWNER_ROLES if holders.get(r)]
    if len(owners) == 3 and len(set(owners)) == 1:
        return f"{owners[0]} holds all three: give at least one of them to someone else."
    return None


@dataclass(frozen=True)
class Question:
    """One question of the ownership check-in with its live answer from the plan."""

    key: str
    text: str
    answer: str
    ok: bool


def listed(entries: list[str], limit: int = 3) -> str:
    """The first few entries and how many more: long lists stay readable from across the room."""
    shown = entries[:limit]
    more = len(entries) - limit
    return ", ".join(shown) + (f" (+{more} more)" if more > 0 else "")


def _holder(holders: dict[str, list[str]], role: str) -> tuple[str, bool]:
    names = holders.get(role) or []
    return (names[0], True) if names else ("Nobody yet: put one name on it.", False)


def check_in_questions(holders: dict[str, list[str]], unowned_titles: list[str],
                       team_owned: list[tuple[str, str]], over: dict[str, float]) -> list[Question]:
    """The short ownership meeting (DOMAIN.md "People and ownership"), answered from the data.

    ``team_owned``: (title, owner name) for work whose owner's name is a team label.
    ``over``: people beyond capacity, name -> days over.
    """
    questions = []
    for key, text in (("scope owner", "Who owns scope?"), ("delivery owner", "Who owns delivery?"),
                      ("readiness owner", "Who owns readiness?")):
        answer, ok = _holder(holders, key)
        questions.append(Question(key, text, answer, ok))
    problem = spread_problem(holders)
    questions.append(Question("spread", "Are those three on more than one person?",
                              problem or "Yes.", problem is None))
    answer, ok = _holder(holders, "stop authority")
    questions.append(Question("stop authority", "Who can stop the release?", answer, ok))
    parts = []
    if unowned_titles:
        parts.append(f"{len(unowned_titles)} with no name: " + listed([f"“{t}”" for t in unowned_titles]))
    if team_owned:
        parts.append(f"{len(team_owned)} on a team label: "
                     + listed([f"“{title}” ({who})" for title, who in team_owned]))
    questions.append(Question("unowned", "Which tasks carry a team label or no name?",
                              "; ".join(parts) if parts else "None: every open task has one name.", not parts))
    if over:
        text = ", ".join(f"{name} (+{days:g} days)" for name, days in sorted(over.items(), key=lambda kv: -kv[1]))
        questions.append(Question("overload", "Is anyone over capacity?", text, False))
    else:
        questions.append(Question("overload", "Is anyone over capacity?", "No one.", True))
    return questions
