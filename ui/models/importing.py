"""The import preview: one table row per backlog row, with what importing will do and its problems."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from cockpit.services.importing import CREATE, SKIP, UNCHANGED, UPDATE, ImportPlan, PlannedRow

Index = QModelIndex | QPersistentModelIndex
ACTION_TEXT = {CREATE: "New", UPDATE: "Update", UNCHANGED: "Up to date", SKIP: "Skipped"}
COLUMNS = ("Line", "Will be", "Key", "Title", "Kind", "Status", "Owner", "Days", "Risk", "Problems")
PROBLEMS_COLUMN = COLUMNS.index("Problems")
TITLE_COLUMN = COLUMNS.index("Title")
# Short names keep the preview readable on a projector; the board shows the full ones.
RISK_SHORT = {"billing/payments": "billing", "data migration": "migration", "several services": "services"}
SKIPPED = QColor("#b3261e")
NOTED = QColor("#8a5a00")


class PreviewModel(QAbstractTableModel):
    """A thin adapter over the core's ``ImportPlan``; can show only the rows with problems."""

    RowRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._all: tuple[PlannedRow, ...] = ()
        self._rows: list[PlannedRow] = []
        self.problems_only = False

    def set_plan(self, plan: ImportPlan | None) -> None:
        self.beginResetModel()
        self._all = plan.rows if plan is not None else ()
        self._refilter()
        self.endResetModel()

    def set_problems_only(self, on: bool) -> None:
        self.beginResetModel()
        self.problems_only = on
        self._refilter()
        self.endResetModel()

    def _refilter(self) -> None:
        self._rows = [row for row in self._all if row.problems] if self.problems_only else list(self._all)

    def planned_row(self, row: int) -> PlannedRow:
        return self._rows[row]

    # -- Qt --------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) or \
                not (0 <= index.column() < len(COLUMNS)):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(row.problems) if row.problems else None
        if role == Qt.ItemDataRole.ForegroundRole and column in (1, PROBLEMS_COLUMN) and row.problems:
            return QBrush(SKIPPED if row.action == SKIP else NOTED)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 7):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.RowRole:
            return row
        return None

    @staticmethod
    def _text(row: PlannedRow, column: int) -> str:
        match column:
            case 0:
                return row.where.removeprefix("line ")
            case 1:
                return ACTION_TEXT.get(row.action, row.action)
            case 2:
                return row.external_key or ""
            case 3:
                return row.title
            case 4:
                return row.kind
            case 5:
                return row.status
            case 6:
                return row.owner + (" (new)" if row.new_owner else "")
            case 7:
                return "" if row.estimate_days is None else f"{row.estimate_days:g}"
            case 8:
                return ", ".join(RISK_SHORT.get(area, area) for area in row.risk_areas.split(",") if area)
            case _:
                return " ".join(row.problems)
