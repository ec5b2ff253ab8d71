"""The blockers table of the daily check-in: a thin adapter over the timeline report's blockers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from cockpit.reports.timeline import BlockerFacts
from ui.models import clipped

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Blocker", "Who clears it today", "Category", "Raised", "Status")


class BlockerModel(QAbstractTableModel):
    """Blockers still open, and those raised on the check-in's day; read-only (changes go through the hub)."""

    IdRole = Qt.ItemDataRole.UserRole + 1
    OpenRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[BlockerFacts] = []

    def set_blockers(self, blockers: Iterable[BlockerFacts], day: dt.date) -> None:
        """Show every blocker open on ``day`` or raised that day (open ones first, oldest first).

        A blocker the timeline report marks ``recurring`` (the retrospective's rule) reads "(again)".
        """
        rows = [b for b in blockers if b.raised_on <= day and (b.open or b.open_on(day) or b.raised_on == day)]
        rows.sort(key=lambda b: (not b.open, b.raised_on, b.id))
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def blocker(self, row: int) -> BlockerFacts:
        """The blocker shown in ``row``."""
        return self._rows[row]

    def row_of(self, blocker_id: int) -> int:
        """The row showing ``blocker_id`` (-1: not shown)."""
        return next((n for n, b in enumerate(self._rows) if b.id == blocker_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return clipped(role, self._data(index, role))

    def _data(self, index: Index, role: int) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < len(COLUMNS):
            return None
        blocker = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            again = " (again)" if blocker.recurring else ""
            return (blocker.text + again, blocker.remover or "nobody named", blocker.category,
                    f"{blocker.raised_on:%a %d %b}",
                    "open" if blocker.open else f"cleared {blocker.cleared_on:%a %d %b}")[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            note = "\nIt came back: a recurrence is a property of the system." if blocker.recurring else ""
            return f"{blocker.text}\n{blocker.remover or 'Nobody'} clears it before the day ends.{note}"
        if role == self.IdRole:
            return blocker.id
        if role == self.OpenRole:
            return blocker.open
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
