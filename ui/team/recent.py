"""Team plans opened recently, newest first, kept with the window's settings by address without password.

``cockpit.recent`` keeps plan files (paths that must still exist); a team plan is an address, so the
window keeps those itself, in its own settings file, as ``Address.shown`` (never a password).
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

LIMIT = 10
KEY = "teamPlans/recent"


def _settings() -> QSettings:
    from cockpit import paths

    return QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)


def team_recent() -> list[str]:
    """The addresses of the team plans opened recently (without passwords), newest first."""
    found = _settings().value(KEY, [])
    if isinstance(found, str):  # QSettings gives a list of one as the string itself
        found = [found]
    return [str(text) for text in found if isinstance(text, str) and text][:LIMIT] if isinstance(found, list) else []


def remember_team(shown: str) -> None:
    """Put the address ``shown`` (``Address.shown``: it holds no password) first."""
    settings = _settings()
    settings.setValue(KEY, [shown, *[text for text in team_recent() if text != shown][:LIMIT - 1]])
    settings.sync()
