"""Small widgets and helpers every view uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QLabel, QMenu, QWidget

if TYPE_CHECKING:
    from cockpit.services.core import Changes


def plain_label(text: str = "", css_class: str = "") -> QLabel:
    """A label that never interprets user text as rich text."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if css_class:
        label.setProperty("class", css_class)
    return label


def set_tone(widget: QWidget, css_class: str) -> None:
    """Change a widget's style class (good / warn / bad …) and re-apply the stylesheet."""
    widget.setProperty("class", css_class)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class StayOpenMenu(QMenu):
    """A menu of ticks that stays open while you tick (a click or Space/Enter on a checkable entry);
    Esc or a click outside closes it."""

    def _tick(self) -> bool:
        action = self.activeAction()
        if action is None or not action.isCheckable() or not action.isEnabled():
            return False
        action.trigger()
        return True

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if not self._tick():
            super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._tick():
            return
        super().keyPressEvent(event)


class FocusOut(QObject):
    """Calls back when a watched widget loses focus (commits a text edit)."""

    def __init__(self, callback: Callable[[], None]) -> None:
        super().__init__()
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self._callback()
        return False


def run_own_shortcut(widget: QWidget, event: QEvent) -> bool:
    """Item views take some keys (Alt+arrows, Space, Enter, Delete) as plain keys before shortcuts
    see them: trigger the widget's own enabled action with that key instead. True if one ran."""
    from PySide6.QtGui import QKeySequence

    sequence = QKeySequence(event.keyCombination())  # type: ignore[attr-defined]  # a QKeyEvent here
    for action in widget.actions():
        if action.isEnabled() and any(sequence == keys for keys in action.shortcuts()):
            action.trigger()
            event.accept()
            return True
    return False


class UndoPassThrough(QObject):
    """Lets Ctrl+Z / Ctrl+Shift+Z reach the app's undo stack from a text field with nothing of its own to undo.

    Text fields claim the undo keys even when their own history is empty (for example just after
    a committed edit, whose text was set from the file). Installed on the application, this filter
    hands the keys to Edit ▸ Undo/Redo in that case, and leaves them to the field otherwise.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride:
            return False
        from PySide6.QtGui import QKeySequence
        from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit

        key = event.keyCombination()  # type: ignore[attr-defined]  # ShortcutOverride is a QKeyEvent
        sequence = QKeySequence(key)
        from ui.keys import REDO, UNDO

        undo = sequence.matches(QKeySequence(UNDO)) == QKeySequence.SequenceMatch.ExactMatch
        redo = any(sequence.matches(QKeySequence(s)) == QKeySequence.SequenceMatch.ExactMatch for s in REDO)
        if not (undo or redo):
            return False
        if isinstance(watched, QAbstractSpinBox):
            watched = watched.findChild(QLineEdit) or watched
        elif isinstance(watched, QComboBox):
            # an editable combo box (the focus widget) hands the key to its line edit itself, past this
            # filter: decide by the line edit's own history here, or the typed name would be undone
            watched = watched.lineEdit() or watched
        if isinstance(watched, QLineEdit):
            local = watched.isUndoAvailable() if undo else watched.isRedoAvailable()
        elif isinstance(watched, (QPlainTextEdit, QTextEdit)):
            document = watched.document()
            local = document.isUndoAvailable() if undo else document.isRedoAvailable()
        else:
            return False
        return not local  # True: the field does not claim the key, so the app's shortcut runs


class ReloadWhenShown:
    """Mixin for views (put it first among the bases): read the plan when shown; while hidden, a
    change only marks the view out of date. The view defines ``reload()``, which clears ``_stale``,
    and connects ``hub.opened`` to ``_plan_opened`` and ``hub.changed`` to ``_changed``."""

    _stale = True

    def _plan_opened(self) -> None:
        self._changed()

    def _changed(self, _changes: Changes | None = None) -> None:
        if self.isVisible():  # type: ignore[attr-defined]  # a mixin: the view is the QWidget
            self._reload_now()
        else:
            self._stale = True

    def _reload_now(self) -> None:
        """``reload()``; a team plan whose server is lost keeps what is on screen, to be read when it is back."""
        from cockpit.errors import CannotSave

        try:
            self.reload()  # type: ignore[attr-defined]  # a mixin: the view defines reload()
        except CannotSave as exc:  # the connection was lost under the read (the window's banner says so)
            self._stale = True
            hub = getattr(self, "hub", None)
            if hub is not None:
                hub.problem.emit(f"{exc.problem}: the plan is shown as it was until the connection is back.")

    def showEvent(self, event: QEvent) -> None:
        super().showEvent(event)  # type: ignore[misc]  # a mixin: the next base is the QWidget
        if self._stale:
            self._reload_now()
