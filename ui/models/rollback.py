"""Table models for the rollback view: triggers, runbook steps, drill history, and a running drill's steps.

Thin adapters over the core's frozen rows. An edit calls the view's ``edit_handler`` (which runs one
core service through the hub); the view then hands back fresh rows. When the rows keep their ids and
order the model only emits ``dataChanged`` (an edit in progress is never torn down by a reset).
Drag and drop carries one row id in a custom MIME type; a drop asks ``move_handler`` for one move command.
There is no ``removeRows``: Qt would call it after an internal MoveAction, and its refusal is what we want.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from cockpit.reports.rollback import DrillRow, StepRow, TriggerRow
from cockpit.rules.rollback import Lap, clock_text
from ui.models import clipped

Index = QModelIndex | QPersistentModelIndex
MIME_TYPE = "application/x-release-cockpit-rollback-row"
NOBODY = "— nobody yet"

#: (row id, field, value) -> saved?
EditHandler = Callable[[int, str, Any], bool]
#: (row id, new index) -> moved?
MoveHandler = Callable[[int, int], bool]


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


class RowsModel(QAbstractTableModel):
    """A list of frozen rows shown as a table; subclasses say what each column shows."""

    HEADERS: tuple[str, ...] = ()
    #: column -> field name sent to ``edit_handler``
    EDITABLE: ClassVar[dict[int, str]] = {}
    IdRole = Qt.ItemDataRole.UserRole + 1
    kind = "row"
    reorderable = False

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self.edit_handler: EditHandler | None = None
        self.move_handler: MoveHandler | None = None

    # -- contents -------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Any]) -> None:
        rows = list(rows)
        if [self._id(r) for r in rows] == [self._id(r) for r in self._rows] and rows:
            self._rows = rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(self.HEADERS) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, row_id: int) -> int:
        return next((n for n, r in enumerate(self._rows) if self._id(r) == row_id), -1)

    @staticmethod
    def _id(row: Any) -> int:
        return row.id

    def display(self, row: Any, column: int) -> str:
        raise NotImplementedError

    def edit_value(self, row: Any, column: int) -> Any:
        return self.display(row, column)

    def tooltip(self, row: Any, column: int) -> str | None:
        return None

    # -- Qt model interface ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return str(section + 1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return clipped(role, self._data(index, role))

    def _data(self, index: Index, role: int) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.display(row, index.column())
        if role == Qt.ItemDataRole.EditRole:
            return self.edit_value(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, index.column())
        if role == self.IdRole:
            return self._id(row)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        field = self.EDITABLE.get(index.column())
        if (role != Qt.ItemDataRole.EditRole or not index.isValid() or field is None
                or self.edit_handler is None or value == self.edit_value(self._rows[index.row()], index.column())):
            return False
        return self.edit_handler(self._id(self._rows[index.row()]), field, value)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if self.reorderable else Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if index.column() in self.EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        if self.reorderable:
            flags |= Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        return flags

    # -- drag to reorder ------------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if rows:
            data.setData(MIME_TYPE, json.dumps({"kind": self.kind, "id": self._id(self._rows[rows[0]])}).encode())
        return data

    def _decode(self, data: QMimeData) -> int | None:
        if not data.hasFormat(MIME_TYPE):
            return None
        try:
            payload = json.loads(bytes(data.data(MIME_TYPE).data()).decode())
            row_id = int(payload["id"])
        except (ValueError, KeyError, TypeError):
            return None
        return row_id if payload.get("kind") == self.kind and self.row_of(row_id) >= 0 else None

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        return self.reorderable and action == Qt.DropAction.MoveAction and self._decode(data) is not None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        row_id = self._decode(data)
        if row_id is None or action != Qt.DropAction.MoveAction or self.move_handler is None:
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._rows)
        return self.move_to(row_id, row)

    def move_to(self, row_id: int, before_row: int) -> bool:
        """Move a row so it lands before the row now at ``before_row`` (``len`` = the end)."""
        current = self.row_of(row_id)
        target = before_row if before_row <= current else before_row - 1
        target = max(0, min(target, len(self._rows) - 1))
        if current < 0 or target == current or self.move_handler is None:
            return False
        return self.move_handler(row_id, target)


class TriggerModel(RowsModel):
    """Rollback triggers in list order: what, how much, for how long."""

    HEADERS = ("When", "Threshold", "Unit", "For (minutes)")
    EDITABLE: ClassVar[dict[int, str]] = {0: "condition", 1: "threshold", 2: "unit", 3: "window_minutes"}
    kind = "trigger"
    reorderable = True

    def display(self, row: TriggerRow, column: int) -> str:
        return (row.condition, _num(row.threshold), row.unit,
                "" if row.window_minutes is None else str(row.window_minutes))[column]

    def tooltip(self, row: TriggerRow, column: int) -> str | None:
        return None if row.complete else "Needs a threshold and a window, or the call gets debated."


class StepModel(RowsModel):
    """The runbook, in order: the step in plain words, who runs it, expected minutes."""

    HEADERS = ("Step", "Who runs it", "Minutes")
    EDITABLE: ClassVar[dict[int, str]] = {0: "text", 1: "runner_id", 2: "expected_minutes"}
    kind = "step"
    reorderable = True

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.people: tuple[tuple[int, str], ...] = ()

    def display(self, row: StepRow, column: int) -> str:
        return (row.text, row.runner or NOBODY, _num(row.expected_minutes))[column]

    def edit_value(self, row: StepRow, column: int) -> Any:
        return row.runner_id if column == 1 else self.display(row, column)


class DrillModel(RowsModel):
    """Finished drills, newest first: date, environment, duration against the target, notes."""

    HEADERS = ("Date", "Where", "Duration", "Against target", "Notes")
    EDITABLE: ClassVar[dict[int, str]] = {4: "notes"}
    kind = "drill"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.target_minutes = 15.0

    def display(self, row: DrillRow, column: int) -> str:
        if row.minutes is None:  # stopped, and its result taken back (the stop was undone)
            return (f"{row.day:%a %d %b %Y}", row.environment.capitalize(), "—", "not recorded", row.notes)[column]
        minutes = row.minutes
        gap = minutes - self.target_minutes
        verdict = f"{-gap:.0f} min under" if gap <= 0 else f"{gap:.0f} min over"
        return (f"{row.day:%a %d %b %Y}", row.environment.capitalize(), clock_text(minutes * 60), verdict,
                row.notes)[column]

    def tooltip(self, row: DrillRow, column: int) -> str | None:
        if not row.laps:
            return None
        return "\n".join(f"{clock_text(lap.split)}  {lap.step} (+{clock_text(lap.lap)})" for lap in row.laps)


class DrillStepsModel(RowsModel):
    """A running drill: each runbook step with who runs it, and its lap once ticked off."""

    HEADERS = ("Step", "Who runs it", "Expected", "Done at", "Took")
    kind = "drill step"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.laps: dict[int, Lap] = {}

    def set_drill(self, steps: Sequence[StepRow], laps: Sequence[Lap]) -> None:
        self.laps = {lap.step_id: lap for lap in laps if lap.step_id is not None}
        self.set_rows(steps)

    def next_step(self) -> StepRow | None:
        """The first step in runbook order not ticked off yet."""
        return next((step for step in self._rows if step.id not in self.laps), None)

    def display(self, row: StepRow, column: int) -> str:
        lap = self.laps.get(row.id)
        expected = "" if row.expected_minutes is None else f"{row.expected_minutes:g} min"
        return (("✓ " if lap else "") + row.text, row.runner or NOBODY, expected,
                clock_text(lap.split) if lap else "", clock_text(lap.lap) if lap else "")[column]
