"""Two helpers for a page that scrolls up and down (``ui.fit.vertical_page``, which calls the first).

``follow_focus``: Qt scrolls a scroll area to a control only when Tab moves the focus there. An
underlined letter (Alt+T to "What was tested") or a program setting the focus can land on a control
below the fold, and the person would type into a field they cannot see: the page scrolls just enough.

``grow_with_text``: a text box on such a page is as tall as its text (between two limits), so a note
or a statement is read by scrolling the page once, not a small box inside it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSizeF, Qt, QTimer
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QScrollArea, QWidget
from shiboken6 import isValid


class _FocusFollower(QObject):
    """Lives as long as its scroll area (a child of it), so the connection dies with the page."""

    def __init__(self, area: QScrollArea) -> None:
        super().__init__(area)
        self.area = area
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self.focus_moved)

    def focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        if not isValid(self.area):  # the focus moves while the page is being destroyed
            return
        area, body = self.area, self.area.widget()
        if new is None or body is None or not area.isVisible() or not body.isAncestorOf(new):
            return
        place = QRect(new.mapTo(body, QPoint(0, 0)), new.size())
        in_sight = QRect(QPoint(-body.x(), -body.y()), area.viewport().size())
        if not in_sight.contains(place):  # wholly in sight already: a click must not make the page jump
            margin = new.fontMetrics().height()
            area.ensureWidgetVisible(new, margin, margin)


def follow_focus(area: QScrollArea) -> QScrollArea:
    """Make ``area`` scroll to a control inside it that gets the focus out of sight; returns ``area``."""
    _FocusFollower(area)
    return area


class _GrowWithText(QObject):
    """Sets its text box's height from the number of lines its text takes (a child of the box)."""

    def __init__(self, edit: QPlainTextEdit, least: int, most: int) -> None:
        super().__init__(edit)
        self.edit, self.least, self.most = edit, least, most
        # No scroll bar while the box grows: one coming and going would change the width the lines are
        # counted at, and the count would be a line short at some widths
        edit.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        edit.installEventFilter(self)
        edit.document().documentLayout().documentSizeChanged.connect(self.fit)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit()  # presentation mode changes the type: the box follows it,
            QTimer.singleShot(0, self, self.fit)  # and again once the text is laid out in the new type
        elif event.type() == QEvent.Type.Resize and self.edit.document().isEmpty():
            self.fit()  # a narrower box wraps its hint over more lines
        return False

    def fit(self, _size: QSizeF | None = None) -> None:
        edit = self.edit
        document = edit.document()
        lines = document.lineCount()
        if document.isEmpty() and edit.placeholderText():  # the hint is shown wrapped, as the text would be
            width = max(1, edit.viewport().width() - int(document.documentMargin() * 2))
            hint = edit.fontMetrics().boundingRect(0, 0, width, 0, Qt.TextFlag.TextWordWrap, edit.placeholderText())
            lines = max(lines, round(hint.height() / edit.fontMetrics().lineSpacing()))
        scroll = Qt.ScrollBarPolicy.ScrollBarAsNeeded if lines > self.most else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        if edit.verticalScrollBarPolicy() != scroll:  # beyond ``most`` lines it scrolls inside
            edit.setVerticalScrollBarPolicy(scroll)
        lines = min(max(lines, self.least), self.most)
        first = document.firstBlock().layout()
        # A laid-out line is a pixel taller than the font's line spacing says; the box needs one more
        # pixel than its lines and margins, or Qt counts the last line as not quite in sight.
        line = first.lineAt(0).height() if first is not None and first.lineCount() else 0
        line = max(float(edit.fontMetrics().lineSpacing()), line)
        inside = int(line * lines + 0.999) + int(document.documentMargin() * 2) + 1
        height = inside + edit.frameWidth() * 2 + 4  # 4: a focus ring is thicker than the border
        if edit.minimumHeight() != height or edit.maximumHeight() != height:
            edit.setFixedHeight(height)


def grow_with_text(edit: QPlainTextEdit, least: int, most: int) -> QPlainTextEdit:
    """Make ``edit`` as tall as its text: ``least`` lines at least, ``most`` at most (then it scrolls
    inside, so the line being typed stays in sight on a projector's 720 px); returns ``edit``."""
    _GrowWithText(edit, least, most)
    return edit
