"""Team plans opened recently, newest first: ``cockpit.recent`` keeps them with the plan files, by address
without password, so ``cockpit`` with no arguments reopens a team plan when that was the last one."""

from __future__ import annotations

from cockpit import recent

LIMIT = recent.LIMIT


def team_recent() -> list[str]:
    """The addresses of the team plans opened recently (without passwords), newest first."""
    return recent.team()


def remember_team(shown: str) -> None:
    """Put the address ``shown`` (``Address.shown``: it holds no password) first."""
    recent.remember_address(shown)
