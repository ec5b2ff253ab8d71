"""Editable, reorderable tables for the triggers and the runbook: drag, Alt+arrows, Delete, F2, menus; and
``FittedColumns``, which keeps every rollback table as wide as its view (no sideways scrolling) by
wrapping cells instead of squeezing the main column to nothing."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.models.rollback import NOBODY, RowsModel, StepModel
from ui.widgets import run_own_shortcut

Index = QModelIndex | QPersistentModelIndex
#: the pieces a cell's text can wrap between: words, and the parts of a hyphenated word
WORD_PIECES = re.compile(r"[^\s-]+-?|-")


def page_layout(panel: QWidget) -> QVBoxLayout:
    """The layout of a tab's page that scrolls up and down (``ui.fit.vertical_page``): however short the
    room, each label keeps the height its wrapped text needs and the page scrolls instead."""
    from ui.fit import vertical_page

    outer = QVBoxLayout(panel)
    outer.setContentsMargins(0, 0, 0, 0)
    body = QWidget()
    outer.addWidget(vertical_page(body))
    return QVBoxLayout(body)


class FittedColumns(QObject):
    """Sizes a table's columns to its viewport whenever the width, the font or the rows change: each
    column but ``stretch`` gets what its cells ask for, up to ``share`` of the width (never less than
    its header or its longest word); ``stretch`` gets the rest; cells wrap and rows grow to fit."""

    def __init__(self, table: QTableView, stretch: int, share: float = 0.3) -> None:
        super().__init__(table)
        self.table, self.stretch, self.share = table, stretch, share
        table.setWordWrap(True)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = table.horizontalHeader()
        # every width is set here, the main column's too: a Stretch section is sized later, after the
        # rows were measured for its old width
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.fit)
        table.viewport().installEventFilter(self)
        table.installEventFilter(self)
        model = table.model()
        for signal in (model.modelReset, model.dataChanged, model.rowsInserted, model.rowsRemoved,
                       model.layoutChanged):
            signal.connect(self._pending.start)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.Show):
            self.fit()
        return False

    def _words(self, column: int) -> int:
        """The widest piece of a word in the column's cells (a cell wraps between words and after a
        hyphen, as in "Oberhollenzer-" / "Wittgenstein", not elsewhere inside a word)."""
        model, metrics = self.table.model(), self.table.fontMetrics()
        widest = 0
        for row in range(model.rowCount()):
            text = model.index(row, column).data(Qt.ItemDataRole.DisplayRole)
            if isinstance(text, str):
                widest = max([widest, *(metrics.horizontalAdvance(piece) for piece in WORD_PIECES.findall(text))])
        return widest + metrics.averageCharWidth() * 2

    def fit(self) -> None:
        """Size the columns to the viewport's width now."""
        table, header = self.table, self.table.horizontalHeader()
        model = table.model()
        if model is None or header.count() == 0:
            return
        width = table.viewport().width()
        columns = [c for c in range(header.count()) if c != self.stretch and not header.isSectionHidden(c)]
        floor = {c: max(header.sectionSizeFromContents(c).width(), self._words(c)) for c in columns}
        size = {c: max(floor[c], min(table.sizeHintForColumn(c), int(width * self.share))) for c in columns}
        least = max(header.sectionSizeFromContents(self.stretch).width(), self._words(self.stretch),
                    table.fontMetrics().averageCharWidth() * 12)
        over = sum(size.values()) + least - width
        while over > 0:  # give the main column its least width: the others down to their floors
            room = {c: size[c] - floor[c] for c in columns if size[c] > floor[c]}
            if not room:
                break
            total = sum(room.values())
            for c, spare in room.items():
                size[c] -= min(spare, -(-over * spare // total))
            over = sum(size.values()) + least - width
        size[self.stretch] = max(least, width - sum(size.values()))
        for c, pixels in size.items():
            if header.sectionSize(c) != pixels:
                header.resizeSection(c, pixels)
        table.resizeRowsToContents()


class OrderedTable(QTableView):
    """A table whose rows are dragged (or moved with Alt+Up/Down) into order; every action has a key."""

    def __init__(self, model: RowsModel, name: str, delete: Callable[[int], None]) -> None:
        super().__init__()
        self.rows_model = model
        self.setModel(model)
        self.setAccessibleName(name)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(False)
        self.setDropIndicatorShown(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.columns = FittedColumns(self, 0)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._delete = delete
        for text, keys, slot in (("Move up", "Alt+Up", lambda: self.nudge(-1)),
                                 ("Move down", "Alt+Down", lambda: self.nudge(1)),
                                 ("Edit", "F2", self.edit_current),
                                 ("Delete", QKeySequence.StandardKey.Delete, self.delete_current)):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    def minimumSizeHint(self) -> QSize:
        """The header and three rows of the current font: a page that is short scrolls instead."""
        line = self.fontMetrics().lineSpacing() + 8
        return QSize(super().minimumSizeHint().width(), self.horizontalHeader().sizeHint().height() + line * 3)

    def current_id(self) -> int | None:
        index = self.currentIndex()
        return self.rows_model.data(index, RowsModel.IdRole) if index.isValid() else None

    def select_id(self, row_id: int | None) -> None:
        row = -1 if row_id is None else self.rows_model.row_of(row_id)
        if row >= 0:
            self.setCurrentIndex(self.rows_model.index(row, max(0, self.currentIndex().column())))

    def nudge(self, step: int) -> None:
        row_id = self.current_id()
        if row_id is None:
            return
        row = self.rows_model.row_of(row_id)
        if not 0 <= row + step < self.rows_model.rowCount():
            return
        if self.rows_model.move_to(row_id, row + step + (1 if step > 0 else 0)):
            self.select_id(row_id)

    def edit_current(self) -> None:
        if self.currentIndex().isValid():
            self.edit(self.currentIndex())

    def delete_current(self) -> None:
        row_id = self.current_id()
        if row_id is not None:
            row = self.currentIndex().row()
            self._delete(row_id)
            count = self.rows_model.rowCount()
            if count:
                self.setCurrentIndex(self.rows_model.index(min(row, count - 1), 0))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Alt+arrows and Delete act on the row, except while a cell is being edited.
        if self.state() == QAbstractItemView.State.EditingState or not run_own_shortcut(self, event):
            super().keyPressEvent(event)


class RunnerDelegate(QStyledItemDelegate):
    """Picks who runs a step from the plan's people (or nobody yet): never free text, never a team."""

    def __init__(self, model: StepModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.steps = model

    def createEditor(self, parent: QWidget, option, index: Index) -> QWidget:
        if index.column() != 1:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.setAccessibleName("Who runs it")
        combo.addItem(NOBODY, None)
        for person_id, name in self.steps.people:
            combo.addItem(name, person_id)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)
