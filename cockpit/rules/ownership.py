"""Ownership warnings: empty roles, the three owner roles on one person, overload."""

from __future__ import annotations

from collections import Counter

SINGLE_ROLES = (
    "scope owner",
    "delivery owner",
    "readiness owner",
    "stop authority",
    "rollback caller",
    "rollback runner",
)
OWNER_ROLES = ("scope owner", "delivery owner", "readiness owner")


def role_warnings(holders: dict[str, list[str]]) -> list[str]:
    """``holders`` maps a role to the names holding it (verifiers may be several)."""
    warnings = [f"No {role}: put one name on it." for role in SINGLE_ROLES if not holders.get(role)]
    if not holders.get("verifier"):
        warnings.append("No verifier: name at least one person who checks health and data after launch.")
    owners = [holders[r][0] for r in OWNER_ROLES if holders.get(r)]
    if len(owners) == 3 and len(set(owners)) == 1:
        warnings.append(
            f"{owners[0]} owns scope, delivery and readiness: one person holding all three hides risk."
        )
    return warnings


def unowned(titles_and_owners: list[tuple[str, str | None]]) -> list[str]:
    return [title for title, owner in titles_and_owners if not owner]


def overloaded(assigned: dict[str, float], capacity: dict[str, float]) -> dict[str, float]:
    """People whose assigned open days exceed their capacity to the target: name -> days over."""
    over = Counter({name: assigned.get(name, 0.0) - capacity.get(name, 0.0) for name in assigned})
    return {name: round(days, 1) for name, days in over.items() if days > 0}
