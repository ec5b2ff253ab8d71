"""Editing switched off across the views, while the plan may only be read (a read-only database role, or
a lost connection to a team plan's server).

Text fields stay readable and selectable (read-only, not greyed), lists keep their selection and scroll,
and every control that changes the plan is disabled. Controls that only read, copy, export or move
around carry the ``readSafe`` property (``reads_only``) and stay as they are. What the lock changed it
marks, so lifting the lock gives back exactly that. The hub refuses every change as well
(``Hub.read_only_reason``): a key that slips past the lock is told why, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

W = TypeVar("W", bound=QWidget)

_READ_ONLY = "cockpitLockReadOnly"
_DISABLED = "cockpitLockDisabled"
_TRIGGERS = "cockpitLockTriggers"


def reads_only(widget: W) -> W:
    """Mark ``widget`` as one that never changes the plan (a search field, an export or copy button): the
    read-only lock leaves it working. Returns ``widget``."""
    widget.setProperty("readSafe", True)
    return widget


def _safe(widget: QWidget) -> bool:
    """Whether the lock leaves ``widget`` alone: marked (or inside something marked) as reading only, or
    the line edit inside a combo box or spin box (the box itself is locked)."""
    if isinstance(widget, QLineEdit) and isinstance(widget.parentWidget(), (QComboBox, QAbstractSpinBox)):
        return True
    found: QWidget | None = widget
    while found is not None:
        if found.property("readSafe"):
            return True
        found = found.parentWidget()
    return False


def lock(roots: Iterable[QWidget]) -> int:
    """Switch editing off in every widget under ``roots``; returns how many widgets it changed now."""
    changed = 0
    for root in roots:
        for widget in [root, *root.findChildren(QWidget)]:
            if _safe(widget):
                continue
            if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)):
                if not widget.isReadOnly():
                    widget.setReadOnly(True)
                    widget.setProperty(_READ_ONLY, True)
                    changed += 1
            elif isinstance(widget, (QAbstractButton, QComboBox)):
                if widget.isEnabled():
                    widget.setEnabled(False)
                    widget.setProperty(_DISABLED, True)
                    changed += 1
            elif isinstance(widget, QAbstractItemView) and widget.property(_TRIGGERS) is None:
                widget.setProperty(_TRIGGERS, [int(widget.editTriggers().value), widget.dragEnabled(),
                                               widget.acceptDrops()])
                widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
                widget.setDragEnabled(False)
                widget.setAcceptDrops(False)
                changed += 1
    return changed


def unlock(roots: Iterable[QWidget]) -> None:
    """Give back what ``lock`` switched off under ``roots``."""
    for root in roots:
        for widget in [root, *root.findChildren(QWidget)]:
            if widget.property(_READ_ONLY):
                widget.setProperty(_READ_ONLY, None)
                widget.setReadOnly(False)  # type: ignore[attr-defined]  # only text fields and spin boxes are marked
            if widget.property(_DISABLED):
                widget.setProperty(_DISABLED, None)
                widget.setEnabled(True)
            saved = widget.property(_TRIGGERS)
            if saved is not None and isinstance(widget, QAbstractItemView):
                widget.setProperty(_TRIGGERS, None)
                triggers, drag, drops = saved
                widget.setEditTriggers(QAbstractItemView.EditTrigger(int(triggers)))
                widget.setDragEnabled(bool(drag))
                widget.setAcceptDrops(bool(drops))


def is_locked(widget: QWidget) -> bool:
    """Whether the lock switched ``widget`` off (for tests and the layout audit)."""
    return bool(widget.property(_READ_ONLY) or widget.property(_DISABLED) or widget.property(_TRIGGERS) is not None)
