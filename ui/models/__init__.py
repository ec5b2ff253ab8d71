"""Thin item-model adapters over core data."""

from __future__ import annotations

from PySide6.QtCore import Qt

from cockpit.text import SHOWN, SHOWN_LONG, shown

_SHOWN_ROLES: dict[int, int] = {int(Qt.ItemDataRole.DisplayRole): SHOWN,
                                int(Qt.ItemDataRole.AccessibleTextRole): SHOWN,
                                int(Qt.ItemDataRole.ToolTipRole): SHOWN_LONG}


def clipped(role: int, value: object) -> object:
    """``value`` as a cell shows it: text clipped (``cockpit.text.shown``) for display, tooltip and screen
    readers; the edit role keeps the whole text, so the editor shows and saves it all."""
    limit = _SHOWN_ROLES.get(int(role))
    if limit is None or not isinstance(value, str):
        return value
    return shown(value, limit)
