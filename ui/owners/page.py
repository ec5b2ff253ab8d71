"""The Owners view's page: one column that scrolls up and down, never sideways, with the matrix as high as
the screen. A mixin of ``OwnersView`` (like ``ui.owners.people``), and the small controls its rows use."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.owners.matrix import MatrixTable
from ui.widgets import set_tone


def combo_of(items: dict[str, str], name: str) -> QComboBox:
    """A combo box as wide as its longest entry (a few fixed words)."""
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    for key, text in items.items():
        combo.addItem(text, key)
    return combo


class WideLineEdit(QLineEdit):
    """A line edit that asks for room for ``characters`` (a row that flows gives it that, or the line)."""

    def __init__(self, characters: int) -> None:
        super().__init__()
        self.characters = characters

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(max(hint.width(), self.fontMetrics().averageCharWidth() * self.characters), hint.height())


def group(*widgets: QWidget) -> QWidget:
    """Widgets kept together on one line of a flow (a label stays with its field)."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget, 1 if isinstance(widget, QLineEdit) else 0)
    return box


def days_spin(value: float, high: float, suffix: str) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0.0, high)
    spin.setDecimals(1)
    spin.setSingleStep(0.5)
    spin.setValue(value)
    spin.setSuffix(suffix)
    return spin


class OwnersPage:
    """Needs ``page`` (the scroll area), ``body`` (its widget), ``_outer`` (the body's layout), ``table``,
    ``matrix_tools`` (the filters above the matrix), ``clock_label`` and ``_still`` on the view."""

    page: QScrollArea
    body: QWidget
    _outer: QVBoxLayout
    table: MatrixTable
    matrix_tools: QWidget
    clock_label: QLabel
    _still: bool

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and (watched is self.page.viewport() or watched is self.matrix_tools):
            self._fit_matrix_height()
        return False

    def _fit_matrix_height(self) -> None:
        """The matrix as high as the page shows (less its filters, so both fit on screen together), and at
        least its header and seven tenths of the screen of rows when the names' header is tall (then the
        page scrolls to the rows and the names' first words stay in sight; the rows scroll under them)."""
        screen = self.page.viewport().height()
        table = self.table
        header = table.horizontalHeader().height()
        frame = 2 * table.frameWidth() + (table.horizontalScrollBar().sizeHint().height()
                                          if table.horizontalScrollBar().isVisible() else 0)
        rows = max(screen * 7 // 10, 4 * table.least_row_height())
        height = max(screen - self.matrix_tools.height() - self._outer.spacing(), header + frame + rows)
        if table.height() != height or table.minimumHeight() != height:
            table.setFixedHeight(height)
        goal = screen * 3 // 10  # the names' header and the rows on screen together
        if goal != table.header_goal:
            table.header_goal = goal
            table.fit_sizes()  # emits fitted (back here) only if the plan changes

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        """A control reached by its shortcut (Alt+letter) is scrolled into view, as Tab does."""
        if new is None or not self.body.isAncestorOf(new):
            return
        if new is self.table:
            self._reveal_current()
        else:
            self.page.ensureWidgetVisible(new, 0, new.height() // 2)

    def _reveal_current(self) -> None:
        """While the matrix has the focus, its focused cell stays on screen (with the header if it fits)."""
        table = self.table
        if not table.hasFocus() or self._still:
            return
        if table.height() <= self.page.viewport().height():
            self.page.ensureWidgetVisible(table, 0, 0)
            return
        index = table.currentIndex()
        rect = table.visualRect(index) if index.isValid() else table.viewport().rect().adjusted(0, 0, 0, -1)
        centre = table.viewport().mapTo(self.body, rect.center())
        self.page.ensureVisible(centre.x(), centre.y(), 0, max(rect.height(), table.least_row_height()))

    def _keep_matrix_still(self, change: Callable[[], bool]) -> None:
        """Make ``change`` (texts above the matrix; it says whether any changed height) without moving the
        matrix on screen while the person works in it (the page scrolled down, the matrix's top in the upper
        half of the screen): the page scrolls by what the texts above grew or shrank."""
        bar = self.page.verticalScrollBar()
        before = self.table.y() - bar.value()
        if not change():
            return  # nothing above the matrix changed height: nothing moves
        for target in (self.body, self.page.viewport()):
            QCoreApplication.sendPostedEvents(target, int(QEvent.Type.LayoutRequest))
        after = self.table.y() - bar.value()
        if after != before and bar.value() > 0 and before < self.page.viewport().height() // 2:
            bar.setValue(bar.value() + after - before)

    def _clock_ticked(self, left: str, tone: str) -> None:
        self.clock_label.setText(f"Check-in: {left} left (Esc ends it)")
        set_tone(self.clock_label, tone or "tileLabel")
