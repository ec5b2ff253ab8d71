"""The import preview (one table row per backlog row, with what importing will do and its problems) and the
status choices (what each status value the tracker's known values did not cover means)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from cockpit.importers.preview import (
    BY_TITLE,
    CREATE,
    DONE_AT_SOURCE,
    PULL_REQUEST,
    SKIP,
    UNCHANGED,
    UPDATE,
    ImportPlan,
    PlannedRow,
)
from cockpit.importers.statuses import SAID
from ui import style

Index = QModelIndex | QPersistentModelIndex
ACTION_TEXT = {CREATE: "New", UPDATE: "Update", UNCHANGED: "Up to date", SKIP: "Skipped",
               DONE_AT_SOURCE: "Done at source", PULL_REQUEST: "Pull request"}
COLUMNS = ("Where", "Will be", "Key", "Title", "Kind", "Status", "Owner", "Days", "Risk", "Problems")
PROBLEMS_COLUMN = COLUMNS.index("Problems")
TITLE_COLUMN = COLUMNS.index("Title")
# Short names keep the preview readable on a projector; the board shows the full ones.
RISK_SHORT = {"billing/payments": "billing", "data migration": "migration", "several services": "services"}
#: what a status value can be said to mean; the first, no choice, leaves it as the import read it
MEANINGS = (("", "not recognised: to do"), *((status, SAID[status]) for status in SAID))


class PreviewModel(QAbstractTableModel):
    """A thin adapter over the core's ``ImportPlan``; can show only the rows with problems."""

    RowRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._all: tuple[PlannedRow, ...] = ()
        self._rows: list[PlannedRow] = []
        self._empty: set[int] | None = None
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
        self._empty = None
        self._rows = [row for row in self._all if row.problems] if self.problems_only else list(self._all)

    def planned_row(self, row: int) -> PlannedRow:
        return self._rows[row]

    def empty_columns(self) -> set[int]:
        """The columns with no text in any row shown (a file without owners, estimates or risks)."""
        if self._empty is None:  # once a reset: the table asks on every resize
            optional = {COLUMNS.index(name) for name in ("Key", "Kind", "Owner", "Days", "Risk", "Problems")}
            self._empty = {column for column in optional if not any(self._text(row, column) for row in self._rows)}
        return set(self._empty)

    def describe(self, row: int) -> str:
        """Every column of ``row`` in full, one thing a line (the table's cells are one line and may be
        cut; this is the text shown below the table for the selected row)."""
        planned = self._rows[row]
        head = " · ".join(part for part in (planned.where.capitalize(), self._text(planned, 1),
                                           planned.external_key or "") if part)
        facts = [planned.kind, planned.status]
        if planned.owner:
            facts.append(f"owner {self._text(planned, 6)}")
        if planned.estimate_days is not None:
            facts.append(f"{planned.estimate_days:g} days")
        if planned.risk_areas:
            facts.append(f"risk: {self._text(planned, 8)}")
        problems = " ".join(planned.problems) or "No problems."
        return "\n".join((f"{head}: {planned.title}" if planned.title else head, ", ".join(f for f in facts if f),
                          problems))

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
        if role == Qt.ItemDataRole.ForegroundRole and row.action in (DONE_AT_SOURCE, PULL_REQUEST):
            return QBrush(style.tone("muted"))
        if role == Qt.ItemDataRole.ForegroundRole and column in (1, PROBLEMS_COLUMN) and row.problems:
            return QBrush(style.tone("bad" if row.action == SKIP else "warn"))
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
                text = ACTION_TEXT.get(row.action, row.action)
                return f"{text} (by title)" if row.matched_by == BY_TITLE else text
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


class StatusChoiceModel(QAbstractTableModel):
    """Status values with how many rows have each and what the person says they mean (``--status`` in the app).

    The values are the ones the import did not recognise, plus any the person has already chosen a
    meaning for (they stay listed, so a choice can be taken back). ``choices()`` is what the import
    service takes as ``statuses``.
    """

    VALUE, ROWS, MEANS = range(3)
    HEADERS = ("Status in the file", "Rows", "Means")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._values: list[tuple[str, int]] = []
        self._chosen: dict[str, str] = {}

    def set_values(self, values: list[tuple[str, int]]) -> None:
        """Show these (value, row count) pairs, keeping the meanings already chosen for them."""
        self.beginResetModel()
        self._values = list(values)
        self._chosen = {value: meaning for value, meaning in self._chosen.items()
                        if any(value == shown for shown, _ in self._values)}
        self.endResetModel()

    def choices(self) -> dict[str, str]:
        """What the person said each value means ({value: todo|doing|done|blocked})."""
        return dict(self._chosen)

    def value(self, row: int) -> str:
        """The status value shown on ``row``."""
        return self._values[row][0]

    # -- Qt --------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._values)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == self.MEANS else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._values)) or \
                not (0 <= index.column() < len(self.HEADERS)):
            return None
        value, count = self._values[index.row()]
        meaning = self._chosen.get(value, "")
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == self.VALUE:
                return value
            if index.column() == self.ROWS:
                return f"{count:,}"
            return dict(MEANINGS)[meaning]
        if role == Qt.ItemDataRole.EditRole and index.column() == self.MEANS:
            return meaning
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.ROWS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != self.MEANS or role != Qt.ItemDataRole.EditRole \
                or value not in dict(MEANINGS):
            return False
        status_value = self._values[index.row()][0]
        if value:
            self._chosen[status_value] = value
        else:
            self._chosen.pop(status_value, None)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True
