"""The matrix table: work titles wrapped in the row header, people's full names in the column header, narrow
mark columns between. Every size comes from the font (presentation mode scales) and from the width the
table has: ``ui.owners.fitting`` decides how the names show so the table never scrolls sideways."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QKeyEvent, QPainter, QPaintEvent, QPalette, QPen, QRegion, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from cockpit.text import shown
from ui.models.owners import FIXED_COLUMNS, OWNED, OWNED_OVER, UNOWNED, OwnerMatrixModel
from ui.owners.fitting import Plan, Room, plan_matrix
from ui.owners.headers import PeopleHeader, TitlesHeader
from ui.widgets import run_own_shortcut


def dot_radius(metrics: QFontMetrics) -> int:
    """The owner's dot: the same in every cell, from the font (presentation mode scales it)."""
    return max(3, metrics.height() // 4)


class CellDelegate(QStyledItemDelegate):
    """Says what a person's cell needs: room for the owner's dot, never for its text (the table paints
    the people's cells itself, in one pass; the Owner and Days columns stay styled)."""

    def __init__(self, model: OwnerMatrixModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.matrix = model

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        if self.matrix.cell(index.row(), index.column()) is None:
            return super().sizeHint(option, index)
        side = 2 * dot_radius(option.fontMetrics) + 4
        return QSize(side, side)


class MatrixTable(QTableView):
    """One cell per (work, person). Keys of the table's actions work on the focused cell.

    ``header_goal`` (pixels) is how high the view would like the names' header to stay at most (a third of
    the screen); ``fitted`` is emitted when the header's height or the columns change.
    """

    fitted = Signal()

    def __init__(self, model: OwnerMatrixModel) -> None:
        super().__init__()
        self.people_header = PeopleHeader(self)
        self.titles_header = TitlesHeader(self)
        self.setHorizontalHeader(self.people_header)
        self.setVerticalHeader(self.titles_header)
        self.setModel(model)
        self.people_header.is_person = lambda column: model.person(column) is not None
        self.setItemDelegate(CellDelegate(model, self))
        # The focused cell gets a thick frame (see paintEvent) instead of a fill that hides its dot and tint.
        palette = self.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Highlight, Qt.GlobalColor.transparent)
        self.setPalette(palette)
        self.setObjectName("ownerMatrix")
        self.setAccessibleName("Ownership matrix: open work by person")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Always there, so the room for the columns does not change when a filter leaves few rows.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for header in (self.people_header, self.titles_header):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            header.setHighlightSections(True)
            header.setMinimumSectionSize(1)
        self.people_header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.header_goal = 0
        self.plan: Plan | None = None
        self._room = -1
        self._scrolled = (0, 0)
        model.modelAboutToBeReset.connect(self._before_reset)
        model.modelReset.connect(self._after_reset)
        model.headerDataChanged.connect(self._header_changed)
        self.fit_sizes()

    @property
    def matrix(self) -> OwnerMatrixModel:
        model = self.model()
        assert isinstance(model, OwnerMatrixModel)
        return model

    # -- a refresh keeps the place ----------------------------------------------------------------
    def _before_reset(self) -> None:
        self._scrolled = (self.horizontalScrollBar().value(), self.verticalScrollBar().value())

    def _after_reset(self) -> None:
        """The same rows scrolled as far as before (a reset would scroll back to the top): a refresh after a
        change elsewhere leaves the matrix where the room was looking."""
        self.fit_sizes()
        self.updateGeometries()  # the scroll bars' ranges for the new rows, now (Qt would do it later)
        across, down = self._scrolled
        self.horizontalScrollBar().setValue(across)
        self.verticalScrollBar().setValue(down)

    # -- sizes --------------------------------------------------------------------------------------
    def room(self) -> int:
        """The width for the row header and every column: the table's, less its frame and scroll bar.
        A little is kept back because presentation mode thickens the frame of the focused table."""
        line = self.fontMetrics().lineSpacing()
        frame = max(self.frameWidth(), 1)
        return self.width() - 2 * frame - self.verticalScrollBar().sizeHint().width() - max(6, line // 4)

    def _cell_margin(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1

    def fit_sizes(self) -> None:
        """Plan how the names show (``ui.owners.fitting``), then size the headers, columns and rows."""
        model, people, titles = self.matrix, self.people_header, self.titles_header
        wrapper = people.wrapper
        line = wrapper.line
        pad = max(3, line // 6)
        people.pad = titles.pad = pad
        people.pad_across = max(1, line // 12)
        cells = self.fontMetrics()
        margin = 2 * self._cell_margin() + 2
        char = people.fontMetrics().averageCharWidth()
        columns = range(FIXED_COLUMNS, model.columnCount())
        owners = ["⚠ no owner", *(("⚠ " if p.team_label else "") + shown(p.name) for p in model.people())]
        owner = max(max(cells.horizontalAdvance(text) for text in owners) + margin,
                    wrapper.one_line("Owner") + 2 * pad)
        days = max(cells.horizontalAdvance("888.8") + margin, wrapper.one_line("Days") + 2 * pad)
        longest_title = max((cells.horizontalAdvance(shown(work.title)) for work in model.rows()),
                            default=0) + titles.gutter()
        room = Room(width=self.room(), days=days, owner=owner, title_least=char * 18, title_floor=char * 10,
                    title_wanted=min(longest_title + 2 * pad, char * 30), header_goal=self.header_goal or line * 12,
                    pad=pad, pad_across=people.pad_across, cell_wanted=char * 10)
        names = [str(model.headerData(c, Qt.Orientation.Horizontal, OwnerMatrixModel.NameRole)) for c in columns]
        loaded = [str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)) for c in columns]
        plan = plan_matrix(room, names, loaded, wrapper)
        self._room = room.width
        changed = plan != self.plan
        self.plan = plan
        people.upright, people.line_length = plan.upright, plan.length
        people.text_role = int(Qt.ItemDataRole.DisplayRole) if plan.loads_shown else OwnerMatrixModel.NameRole
        self.setColumnHidden(0, not plan.owner_shown)
        people.resizeSection(0, owner)
        people.resizeSection(1, days)
        for column, width in zip(columns, plan.widths, strict=True):
            people.resizeSection(column, width)
        people.thickness = plan.header
        people.setFixedHeight(plan.header)
        titles.thickness = plan.title
        titles.setFixedWidth(plan.title)
        self.fit_rows()
        people.viewport().update()
        if changed:
            self.fitted.emit()

    def least_row_height(self) -> int:
        line = self.fontMetrics().lineSpacing()
        return line + max(8, line // 2)

    def fit_rows(self, rows: Iterable[int] | None = None) -> None:
        """Each row as high as its title wrapped in the row header (beside the gutter for the mark of no
        owner, so assigning never makes a row jump)."""
        model, titles = self.matrix, self.titles_header
        least = self.least_row_height()
        if rows is None and titles.defaultSectionSize() != least:
            titles.setDefaultSectionSize(least)  # rows inserted before the next fit
        for row in range(model.rowCount()) if rows is None else rows:
            work = model.work(row)
            if work is not None:
                titles.resizeSection(row, max(least, titles.height_for(shown(work.title))))

    def _header_changed(self, orientation: Qt.Orientation, first: int, last: int) -> None:
        if orientation == Qt.Orientation.Vertical:  # a title changed in place (the mark has its room)
            self.fit_rows(range(first, last + 1))
            return
        people = self.people_header
        for column in range(first, last + 1):  # a load changed: plan again only if the text no longer fits
            need = people.sectionSizeFromContents(column)
            if need.width() > people.sectionSize(column) or need.height() > people.thickness:
                self.fit_sizes()
                return

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.room() != self._room:
            self.fit_sizes()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_sizes()

    # -- painting -----------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        """The Owner and Days columns are painted by Qt; the people's cells in one pass here: a row's tint and
        its owner's dot. Every person is on screen (nothing scrolls sideways), so painting them cell by cell
        through the delegate would cost a call per cell on every repaint."""
        model = self.matrix
        people = QRect()
        if model.columnCount() > FIXED_COLUMNS and model.rowCount():
            left = self.columnViewportPosition(FIXED_COLUMNS)
            last = model.columnCount() - 1
            right = self.columnViewportPosition(last) + self.columnWidth(last)
            people = QRect(left, 0, right - left, self.viewport().height())
        fixed = QRegion(event.region()).subtracted(QRegion(people))
        if not fixed.isEmpty():
            super().paintEvent(QPaintEvent(fixed))
        painter = QPainter(self.viewport())
        shown = event.rect().intersected(people)
        if not shown.isEmpty():
            self._paint_people(painter, shown)
        index = self.currentIndex()
        if index.isValid():
            rect = self.visualRect(index)
            if rect.intersects(event.rect()):
                width = max(2, self.fontMetrics().lineSpacing() // 6)
                half = width // 2 + 1
                painter.setPen(QPen(QApplication.palette().color(QPalette.ColorRole.Highlight), width))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(rect.adjusted(half, half, -half, -half))
        painter.end()

    def _paint_people(self, painter: QPainter, area: QRect) -> None:
        model = self.matrix
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        hint = self.style().styleHint(QStyle.StyleHint.SH_Table_GridLineColor, option, self)
        grid = QColor.fromRgba(hint & 0xFFFFFFFF)
        painter.fillRect(area, self.palette().color(QPalette.ColorRole.Base))
        first_row = max(0, self.rowAt(area.top()))
        last_row = self.rowAt(area.bottom())
        last_row = model.rowCount() - 1 if last_row < 0 else last_row
        first_column = max(FIXED_COLUMNS, self.columnAt(area.left()))
        last_column = self.columnAt(area.right())
        last_column = model.columnCount() - 1 if last_column < 0 else last_column
        left = self.columnViewportPosition(first_column)
        right = self.columnViewportPosition(last_column) + self.columnWidth(last_column)
        radius = dot_radius(self.fontMetrics())
        dot = self.palette().color(QPalette.ColorRole.Text)
        painter.save()
        painter.setClipRect(area)
        for row in range(first_row, last_row + 1):
            work = model.work(row)
            if work is None:
                continue
            top, height = self.rowViewportPosition(row), self.rowHeight(row)
            if work.owner_id is None:
                painter.fillRect(QRect(left, top, right - left, height), UNOWNED)
                continue
            column = model.column_of(work.owner_id)
            if first_column <= column <= last_column:
                cell = QRect(self.columnViewportPosition(column), top, self.columnWidth(column), height)
                person = model.person(column)
                painter.fillRect(cell, OWNED_OVER if person is not None and person.overloaded else OWNED)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(dot)
                size = min(radius, max(2, min(cell.width(), cell.height()) // 2 - 2))
                painter.drawEllipse(cell.center(), size, size)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        if self.showGrid():  # as Qt draws it: a line at the right and at the bottom of every cell
            painter.setPen(QPen(grid, 0))
            bottom = self.rowViewportPosition(last_row) + self.rowHeight(last_row) - 1
            for column in range(first_column, last_column + 1):
                x = self.columnViewportPosition(column) + self.columnWidth(column) - 1
                painter.drawLine(x, area.top(), x, min(area.bottom(), bottom))
            for row in range(first_row, last_row + 1):
                y = self.rowViewportPosition(row) + self.rowHeight(row) - 1
                painter.drawLine(left, y, right - 1, y)
        painter.restore()

    def currentChanged(self, current: QModelIndex | QPersistentModelIndex,
                       previous: QModelIndex | QPersistentModelIndex) -> None:
        super().currentChanged(current, previous)
        margin = self.fontMetrics().lineSpacing() // 4
        for index in (previous, current):  # the frame is drawn outside the delegate: repaint both cells
            if index.isValid():
                self.viewport().update(self.visualRect(index).adjusted(-margin, -margin, margin, margin))
        # The headers mark the focused cell's person and row.
        for header, old, new in ((self.people_header, previous.column(), current.column()),
                                 (self.titles_header, previous.row(), current.row())):
            if old != new:
                for section in (old, new):
                    if section >= 0:
                        header.updateSection(section)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Space, Enter and Delete make or clear the owner, not move the cursor.
        if not run_own_shortcut(self, event):
            super().keyPressEvent(event)
