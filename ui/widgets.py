"""Small widgets and helpers every view uses."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget


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


class FocusOut(QObject):
    """Calls back when a watched widget loses focus (commits a text edit)."""

    def __init__(self, callback: Callable[[], None]) -> None:
        super().__init__()
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self._callback()
        return False
