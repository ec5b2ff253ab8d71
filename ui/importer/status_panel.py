"""The import dialog's status choice: what each status value the import did not recognise means.

The same choice as ``cockpit import --status VALUE=STATUS``: one row per value, with how many rows
have it, and a drop-down (to do, doing, done, blocked) that re-plans the preview when changed.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.models.importing import MEANINGS, StatusChoiceModel
from ui.widgets import plain_label

Index = QModelIndex | QPersistentModelIndex


class MeaningDelegate(QStyledItemDelegate):
    """A drop-down of the statuses a value can mean; the choice is written to the model at once."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        box = QComboBox(parent)
        for value, label in MEANINGS:
            box.addItem(label, value)
        box.currentIndexChanged.connect(lambda _: self.commitData.emit(box))
        return box

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        found = editor.findData(index.data(Qt.ItemDataRole.EditRole) or "")
        editor.blockSignals(True)
        editor.setCurrentIndex(max(0, found))
        editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class StatusChoicePanel(QGroupBox):
    """Lists the status values not recognised and lets the person say what each means; ``changed`` on a choice."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Statuses not recognised: say what they mean", parent)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("The tracker's own known values decide each status; these were not among "
                                     "them and become to do unless you choose."))
        self.model = StatusChoiceModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(StatusChoiceModel.MEANS, MeaningDelegate(self.view))
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(StatusChoiceModel.VALUE, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view)
        self.model.dataChanged.connect(lambda *_: self.changed.emit())
        self._shown: list[tuple[str, int]] = []
        self.setVisible(False)

    def show_values(self, values: list[tuple[str, int]]) -> None:
        """Show these (value, row count) pairs with a drop-down each; hide the panel when there are none."""
        if values != self._shown:  # a reset would close the open drop-downs: only when the list changed
            self._shown = list(values)
            self.model.set_values(values)
            for row in range(self.model.rowCount()):
                self.view.openPersistentEditor(self.model.index(row, StatusChoiceModel.MEANS))
        # A row as high as its drop-down (presentation mode's padded one too), or the drop-down is cut.
        editor = self.view.indexWidget(self.model.index(0, StatusChoiceModel.MEANS)) if values else None
        if editor is not None:
            editor.ensurePolished()
            height = max(editor.sizeHint().height(), self.view.fontMetrics().height() + 8)
            self.view.verticalHeader().setDefaultSectionSize(height)
        rows = min(len(values), 6)
        self.view.setFixedHeight(self.view.horizontalHeader().sizeHint().height() + rows * self.view
                                 .verticalHeader().defaultSectionSize() + 2 * self.view.frameWidth())
        self.setVisible(bool(values))

    def choices(self) -> dict[str, str]:
        """What the person said each value means ({value: todo|doing|done|blocked}), for the import service."""
        return self.model.choices()

    def choose(self, value: str, status: str) -> bool:
        """Say what ``value`` means (as a person would with its drop-down); False if the value is not listed."""
        for row in range(self.model.rowCount()):
            if self.model.value(row) == value:
                index = self.model.index(row, StatusChoiceModel.MEANS)
                editor = self.view.indexWidget(index)
                if isinstance(editor, QComboBox):
                    editor.setCurrentIndex(max(0, editor.findData(status)))
                    return True
                return self.model.setData(index, status)
        return False
