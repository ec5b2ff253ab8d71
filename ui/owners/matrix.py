"""The matrix table: work titles stay in the row header while people scroll by; sizes come from the font."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QFontMetrics, QKeyEvent, QPainter, QPaintEvent, QPalette, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ui.models.owners import FIXED_COLUMNS, OWNED, OWNED_OVER, UNOWNED, OwnerMatrixModel
from ui.widgets import run_own_shortcut


class CellDelegate(QStyledItemDelegate):
    """Paints person cells directly: a tint and the owner's dot. Much cheaper than the styled path,
    which matters when a click repaints a thousand-row matrix; the owner and days columns stay styled."""

    def __init__(self, model: OwnerMatrixModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.matrix = model

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        found = self.matrix.cell(index.row(), index.column())
        if found is None:
            super().paint(painter, option, index)
            return
        work, person = found
        rect = option.rect
        owns = work.owner_id == person.id
        if owns:
            painter.fillRect(rect, OWNED_OVER if person.overloaded else OWNED)
            radius = max(3, min(rect.width(), rect.height()) // 5)
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(option.palette.color(QPalette.ColorRole.Text))
            painter.drawEllipse(rect.center(), radius, radius)
            painter.restore()
        elif work.owner_id is None:
            painter.fillRect(rect, UNOWNED)


class FixedHeader(QHeaderView):
    """A header whose thickness is set from the font, not measured from every section's text.

    QHeaderView re-measures its size hint from the header data after each headerDataChanged
    (each owner change updates two people's loads): with fifty people that costs more than the
    whole commit. The table asks for the size hint only to know the header's thickness.
    """

    def __init__(self, orientation: Qt.Orientation, parent: QWidget) -> None:
        super().__init__(orientation, parent)
        self.thickness = 24

    def sizeHint(self) -> QSize:
        if self.orientation() == Qt.Orientation.Horizontal:
            return QSize(self.length(), self.thickness)
        return QSize(self.thickness, self.length())


class MatrixTable(QTableView):
    """One cell per (work, person). Keys of the table's actions work on the focused cell."""

    def __init__(self, model: OwnerMatrixModel) -> None:
        super().__init__()
        self.setHorizontalHeader(FixedHeader(Qt.Orientation.Horizontal, self))
        self.setVerticalHeader(FixedHeader(Qt.Orientation.Vertical, self))
        self.setModel(model)
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
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for header in (self.horizontalHeader(), self.verticalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            header.setHighlightSections(True)
        # Person headers have two lines (name, load): eliding would treat them as one long line.
        self.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideNone)
        self.verticalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        model.modelReset.connect(self.fit_sizes)
        self.fit_sizes()

    @property
    def matrix(self) -> OwnerMatrixModel:
        model = self.model()
        assert isinstance(model, OwnerMatrixModel)
        return model

    def fit_sizes(self) -> None:
        """Row height, header height and column widths from the current font (presentation mode scales)."""
        fm = self.fontMetrics()
        line = fm.lineSpacing()
        self.verticalHeader().setDefaultSectionSize(line + max(8, line // 2))
        self._fit_row_header()
        self._header(self.horizontalHeader()).thickness = line * 2 + max(10, line // 2)
        self.horizontalHeader().setFixedHeight(self._header(self.horizontalHeader()).thickness)
        header = self.horizontalHeader()
        bold = header.font()
        bold.setBold(True)
        hfm = QFontMetrics(bold)
        char = hfm.horizontalAdvance("0")
        header.resizeSection(0, char * 16)
        header.resizeSection(1, char * 6)
        for column in range(FIXED_COLUMNS, self.matrix.columnCount()):
            person = self.matrix.person(column)
            name = person.name if person else ""
            wanted = max(hfm.horizontalAdvance("⚠ " + name), hfm.horizontalAdvance("88.8 / 88.8 d")) + char * 2
            header.resizeSection(column, min(wanted, char * 16))

    def _fit_row_header(self) -> None:
        """Titles stay readable but never take more than 40 % of the table."""
        wanted = self.fontMetrics().horizontalAdvance("x") * 40
        width = max(80, min(wanted, int(self.width() * 0.4)))
        self._header(self.verticalHeader()).thickness = width
        self.verticalHeader().setFixedWidth(width)

    @staticmethod
    def _header(header: QHeaderView) -> FixedHeader:
        assert isinstance(header, FixedHeader)
        return header

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit_row_header()
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        index = self.currentIndex()
        if not index.isValid():
            return
        rect = self.visualRect(index)
        if not rect.intersects(event.rect()):
            return
        width = max(2, self.fontMetrics().lineSpacing() // 6)
        half = width // 2 + 1
        painter = QPainter(self.viewport())
        painter.setPen(QPen(QApplication.palette().color(QPalette.ColorRole.Highlight), width))
        painter.drawRect(rect.adjusted(half, half, -half, -half))
        painter.end()

    def currentChanged(self, current: QModelIndex | QPersistentModelIndex,
                       previous: QModelIndex | QPersistentModelIndex) -> None:
        super().currentChanged(current, previous)
        margin = self.fontMetrics().lineSpacing() // 4
        for index in (previous, current):  # the frame is drawn outside the delegate: repaint both cells
            if index.isValid():
                self.viewport().update(self.visualRect(index).adjusted(-margin, -margin, margin, margin))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_sizes()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Space, Enter and Delete make or clear the owner, not move the cursor.
        if not run_own_shortcut(self, event):
            super().keyPressEvent(event)
