"""Parts that follow the room and the type they get: ``Columns`` puts parts side by side when the page is
wide enough and one above the other when it is not (a projector at 1024 px in presentation mode's large
type: the page then scrolls down, never sideways); ``LinesEdit`` is a text box as high as a number of
lines of its current font (presentation mode's larger type included).

Both would sit well in ``ui/fit.py`` (the lead's); the rollback view uses them from here meanwhile."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QPlainTextEdit, QSizePolicy, QWidget


class Columns(QWidget):
    """Lays ``parts`` (widget, stretch) out in a row when it is at least ``characters`` average
    characters wide (measured in its own font, so presentation mode's type moves the threshold),
    else in a column. Choose ``characters`` so the row's least width fits it."""

    def __init__(self, parts: list[tuple[QWidget, int]], characters: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.characters = characters
        self.box = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        for widget, stretch in parts:
            self.box.addWidget(widget, stretch)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def arrange(self, width: int) -> None:
        """A row if ``width`` holds it, else a column."""
        wide = width >= self.fontMetrics().averageCharWidth() * self.characters
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.box.direction() != direction:
            self.box.setDirection(direction)
            self.box.setSpacing(self.fontMetrics().averageCharWidth() * (2 if wide else 1))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.arrange(event.size().width())
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:  # presentation mode: the threshold is in characters
            self.arrange(self.width())
        super().changeEvent(event)


class LinesEdit(QPlainTextEdit):
    """A plain text box ``lines`` lines of its font high (it scrolls beyond that); Tab leaves it."""

    def __init__(self, lines: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = lines
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def _height(self) -> int:
        frame = self.frameWidth() if self.frameShape() != QFrame.Shape.NoFrame else 0
        margin = int(self.document().documentMargin())
        return self.fontMetrics().lineSpacing() * self.lines + 2 * (frame + margin) + 2

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 30, self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 10, self._height())
