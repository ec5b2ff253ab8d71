"""Editable, reorderable tables for the triggers and the runbook: drag, Alt+arrows, Delete, F2, menus."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QStyledItemDelegate, QTableView, QWidget

from ui.models.rollback import NOBODY, RowsModel, StepModel
from ui.widgets import run_own_shortcut

Index = QModelIndex | QPersistentModelIndex


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
        self.setWordWrap(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
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
