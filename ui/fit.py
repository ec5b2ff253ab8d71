"""Layouts that fit a projector's 1024×768 in presentation mode's large type: rows that wrap, forms
whose labels go above their fields when the room is narrow, pages that scroll up and down but never
sideways, parts side by side only when there is room (``Columns``), text boxes sized in lines of their
font (``LinesEdit``), combo boxes that give up width without hiding a name, and dialogs never larger
than their screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLayout,
    QLayoutItem,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QWidget,
)


class FlowLayout(QLayout):
    """Lays its items out left to right and wraps to the next line when the row is full
    (a row of buttons that would otherwise push the window wider than the screen)."""

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """One line, as wide as all items (the layout wraps when given less)."""
        margins = self.contentsMargins()
        shown = [i for i in self._items if not i.isEmpty()]
        width = sum(i.sizeHint().width() for i in shown) + self._spacing * max(0, len(shown) - 1)
        height = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:
        """As narrow as the widest item: everything else goes onto more lines."""
        size = QSize()
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        margins: QMargins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            width = min(hint.width(), area.width())
            if x > area.x() and x + width > area.x() + area.width():
                x, y, line = area.x(), y + line + self._spacing, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += width + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y() + margins.bottom()


def wrapping_row(*widgets: QWidget) -> FlowLayout:
    """Buttons in a row that wraps to the next line when the page is narrow."""
    row = FlowLayout()
    for widget in widgets:
        row.addWidget(widget)
    return row


def at_left(widget: QWidget) -> QHBoxLayout:
    """A field that keeps its own width (a date, a number, a paper size) at the left of its form row."""
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(widget)
    row.addStretch(1)
    return row


def form(parent: QWidget | None = None) -> QFormLayout:
    """A form whose labels go above their fields when a row would not fit side by side."""
    layout = QFormLayout(parent)
    layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return layout


def vertical_page(body: QWidget, *, follow: bool = True) -> QScrollArea:
    """``body`` in a frameless area that scrolls up and down, never sideways: the body is always
    exactly as wide as the area, so its text wraps instead of running off the edge. With ``follow``, a
    control that gets the focus out of sight (an underlined letter, not only Tab) is scrolled to."""
    from ui.page import follow_focus

    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(body)  # a body wider than the area would be cut: the layout audit reports that
    return follow_focus(area) if follow else area


def elastic(combo: QComboBox, characters: int = 12) -> QComboBox:
    """A combo box that asks for room for its longest entry but can shrink to ``characters``
    (put it where it gets the room: a row of its own when names are long)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return combo


class ScreenFittedDialog(QDialog):
    """A dialog never larger than the free part of its parent's screen (a projector's 1024×768, the
    window manager's frame included), whose scrolling part follows the keyboard focus.

    Subclasses size themselves within ``room()``; their scrolling part is a ``vertical_page``, which
    follows the focus.
    """

    def room(self) -> QRect:
        """The parent's screen, less a title bar; measured in the dialog's own (polished) type."""
        self.ensurePolished()  # presentation mode's type, before anything is measured
        host = self.parentWidget() or self
        room = host.screen().availableGeometry()
        room.setHeight(room.height() - self.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight))
        return room

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self._keep_on_screen)  # the window manager's frame is known once shown

    def _keep_on_screen(self) -> None:
        room = self.screen().availableGeometry()
        frame = self.frameGeometry()
        if room.contains(frame):
            return
        extra = frame.size() - self.size()
        self.resize(self.size().boundedTo(room.size() - extra))
        from ui.shell import fit_to_screen

        self.move(fit_to_screen(self.frameGeometry(), room).topLeft())


class ArrangedByWidth:
    """Mixin for a widget (put it first among the bases) that lays itself out by its width in
    characters: ``arrange(width)`` runs on every resize and when the type changes (presentation mode)."""

    def arrange(self, width: int) -> None:
        raise NotImplementedError

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.arrange(event.size().width())
        super().resizeEvent(event)  # type: ignore[misc]  # a mixin: the next base is the QWidget

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:  # the threshold is in characters of the current type
            self.arrange(self.width())  # type: ignore[attr-defined]  # a mixin: the widget has width()
        super().changeEvent(event)  # type: ignore[misc]  # a mixin: the next base is the QWidget


class Columns(ArrangedByWidth, QWidget):
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
        self.box.setSpacing(self.fontMetrics().averageCharWidth() * (2 if wide else 1))  # in the type in use


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
