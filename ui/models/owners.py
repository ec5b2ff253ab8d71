"""The ownership matrix as a table model: rows are open work, columns are people.

Column 0 names the owner, column 1 the estimate, then one column per person. A cell
with a dot is that person's row; a row has one owner because the core stores one.
The model only adapts the core's ``Ownership`` report; filtering and ordering are
views of the same rows (no second copy of the plan's state).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from cockpit.reports.owners import Ownership, PersonColumn, WorkRow, row_order
from cockpit.text import shown
from ui import style
from ui.models import clipped

Index = QModelIndex | QPersistentModelIndex
FIXED_COLUMNS = 2  # owner, days
OWNER_MARK = "●"

FILTERS = {"all": "All open work", "unowned": "Without an owner", "overloaded": "Owned by someone overloaded",
           "person": "Owned by one person"}
SORTS = {"plan": "Plan order", "unowned": "Unowned first", "owner": "By owner", "days": "Biggest first"}
COLUMN_ORDERS = {"name": "People by name", "load": "Most loaded first"}

# Translucent tints read on light and dark palettes alike.
OWNED = _OWNED = QBrush(QColor(46, 125, 50, 110))
OWNED_OVER = _OWNED_OVER = QBrush(QColor(198, 40, 40, 120))
UNOWNED = _UNOWNED = QBrush(QColor(255, 179, 0, 55))
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_TIPS = frozenset({int(Qt.ItemDataRole.ToolTipRole), int(Qt.ItemDataRole.AccessibleTextRole)})
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
_USER = int(Qt.ItemDataRole.UserRole)
_CELL_ROLES = frozenset({_DISPLAY, _BACKGROUND, _FOREGROUND, _ALIGN, *_TIPS, _USER + 1, _USER + 2, _USER + 3})

_HEADER_ROLES = frozenset({_DISPLAY, _FOREGROUND, _ALIGN, *_TIPS, _USER + 1, _USER + 2, _USER + 4})


def person_heading(person: PersonColumn) -> str:
    """A person's column heading without the load: the name, and in words what is wrong (never colour alone)."""
    notes = (["over"] if person.overloaded else []) + (["not a person"] if person.team_label else [])
    name = shown(person.name)
    return f"⚠ {name} · {' · '.join(notes)}" if notes else name


def person_heading_with_load(person: PersonColumn) -> str:
    """The heading and the open days owned against capacity to the target (kept on one line when wrapped)."""
    return f"{person_heading(person)} · {person.assigned:g}/{person.capacity:g}\u00a0d"


class OwnerMatrixModel(QAbstractTableModel):
    """Open work × people. ``set_report`` replaces everything; ``patch`` applies row changes in place."""

    RowRole = int(Qt.ItemDataRole.UserRole) + 1
    PersonRole = int(Qt.ItemDataRole.UserRole) + 2
    OwnerRole = int(Qt.ItemDataRole.UserRole) + 3
    #: a person column's heading without the load (the table shows it when loads do not fit)
    NameRole = int(Qt.ItemDataRole.UserRole) + 4

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.report: Ownership | None = None
        self._rows: list[WorkRow] = []
        self._people: list[PersonColumn] = []
        self._names: dict[int, PersonColumn] = {}
        self._columns: dict[int, int] = {}  # person id -> column
        self._row_index: dict[tuple[str, int], int] = {}
        self.filter_mode = "all"
        self.filter_person: int | None = None
        self.sort_mode = "plan"
        self.column_mode = "name"

    # -- contents -------------------------------------------------------------------------------
    def set_report(self, report: Ownership | None) -> None:
        self.beginResetModel()
        self.report = report
        self._arrange()
        self.endResetModel()

    def set_view(self, *, filter_mode: str | None = None, person_id: int | None = None, sort_mode: str | None = None,
                 column_mode: str | None = None) -> None:
        """Change the filter, the row order or the column order (a reset: selection is the view's job)."""
        if filter_mode is not None:
            self.filter_mode = filter_mode
            self.filter_person = person_id
        if sort_mode is not None:
            self.sort_mode = sort_mode
        if column_mode is not None:
            self.column_mode = column_mode
        self.set_report(self.report)

    def patch(self, report: Ownership, changed: set[tuple[str, int]] | None = None) -> None:
        """The same people with changed rows (``changed``: their keys, None: any): repaint in place.

        When the filter and order cannot move a row whose owner changed, only the changed rows are
        replaced; otherwise the visible rows are worked out again (a reset when they differ).
        """
        self.report = report
        stable = (changed is not None and self.filter_mode == "all" and self.sort_mode in ("plan", "days")
                  and self.column_mode == "name" and len(report.rows) == len(self._rows)
                  and all(key in self._row_index for key in changed))
        if stable and changed is not None:  # stable implies changed; spelled out so mypy narrows it
            fresh = {row.key: row for row in report.rows if row.key in changed}
            rows = list(self._rows)
            for key, row in fresh.items():
                rows[self._row_index[key]] = row
            if self.sort_mode == "days" and any(row.estimate != self._rows[self._row_index[key]].estimate
                                                for key, row in fresh.items()):
                stable = False
            else:
                people = list(report.people)
        if not stable:
            rows, people = self._visible(report)
        same_rows = stable or [row.key for row in rows] == [row.key for row in self._rows]
        if not same_rows or [p.id for p in people] != [p.id for p in self._people]:
            self.beginResetModel()
            self._set(rows, people)
            self.endResetModel()
            return
        changed_rows = [n for n, (old, new) in enumerate(zip(self._rows, rows, strict=True)) if old is not new
                        and old != new]
        loads_changed = [c for c, (old, new) in enumerate(zip(self._people, people, strict=True)) if old != new]
        headers = [n for n in changed_rows if (self._rows[n].owner_id is None) != (rows[n].owner_id is None)
                   or self._rows[n].title != rows[n].title]
        over_before = {p.id: p.overloaded for p in self._people}
        self._rows, self._people = rows, people  # same keys in the same places: the indexes still hold
        self._names = {p.id: p for p in people}
        self._columns = {p.id: n + FIXED_COLUMNS for n, p in enumerate(people)}
        last = self.columnCount() - 1
        for n in changed_rows:
            self.dataChanged.emit(self.index(n, 0), self.index(n, last))
        for n in headers:  # the ⚠ mark of an unowned row lives in the row header
            self.headerDataChanged.emit(Qt.Orientation.Vertical, n, n)
        for c in loads_changed:
            column = c + FIXED_COLUMNS
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, column, column)
            if self._rows and people[c].overloaded != over_before.get(people[c].id):
                # the owned cells of a column change tint when its person goes over (or back under)
                self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column),
                                      [Qt.ItemDataRole.BackgroundRole])

    def _visible(self, report: Ownership | None) -> tuple[list[WorkRow], list[PersonColumn]]:
        if report is None:
            return [], []
        people = list(report.people)
        if self.column_mode == "load":
            people.sort(key=lambda p: (-p.over, p.name.casefold()))
        over = {p.id for p in people if p.overloaded}
        match self.filter_mode:
            case "unowned":
                rows = [r for r in report.rows if r.owner_id is None]
            case "overloaded":
                rows = [r for r in report.rows if r.owner_id in over]
            case "person":
                rows = [r for r in report.rows if r.owner_id == self.filter_person]
            case _:
                rows = list(report.rows)
        names: dict[int | None, str] = {p.id: p.name.casefold() for p in people}
        match self.sort_mode:
            case "unowned":
                rows.sort(key=lambda r: (r.owner_id is not None, row_order(r)))
            case "owner":
                rows.sort(key=lambda r: (r.owner_id is not None, names.get(r.owner_id, ""), row_order(r)))
            case "days":
                rows.sort(key=lambda r: (-r.estimate, row_order(r)))
        return rows, people

    def _arrange(self) -> None:
        self._set(*self._visible(self.report))

    def _set(self, rows: list[WorkRow], people: list[PersonColumn]) -> None:
        self._rows = rows
        self._people = people
        self._names = {p.id: p for p in people}
        self._columns = {p.id: n + FIXED_COLUMNS for n, p in enumerate(people)}
        self._row_index = {row.key: n for n, row in enumerate(rows)}

    # -- lookups --------------------------------------------------------------------------------
    def work(self, row: int) -> WorkRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def person(self, column: int) -> PersonColumn | None:
        n = column - FIXED_COLUMNS
        return self._people[n] if 0 <= n < len(self._people) else None

    def cell(self, row: int, column: int) -> tuple[WorkRow, PersonColumn] | None:
        """The work and the person of a person cell (None for the owner and days columns)."""
        n = column - FIXED_COLUMNS
        if n < 0 or n >= len(self._people) or not 0 <= row < len(self._rows):
            return None
        return self._rows[row], self._people[n]

    def people(self) -> list[PersonColumn]:
        return list(self._people)

    def rows(self) -> list[WorkRow]:
        return list(self._rows)

    def row_of(self, key: tuple[str, int]) -> int:
        return self._row_index.get(key, -1)

    def column_of(self, person_id: int) -> int:
        return self._columns.get(person_id, -1)

    def owner_name(self, row: WorkRow) -> str | None:
        person = self._names.get(row.owner_id) if row.owner_id is not None else None
        return person.name if person else None

    # -- Qt model interface ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else FIXED_COLUMNS + len(self._people)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _FLAGS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return clipped(role, self._data(index, role))

    def _data(self, index: Index, role: int) -> object:
        # Called for every visible cell and role on each paint: plain ints, cheapest checks first.
        role = int(role)
        if role not in _CELL_ROLES:
            return None
        row, column = index.row(), index.column()
        if not 0 <= row < len(self._rows) or not index.isValid():
            return None
        work = self._rows[row]
        if column >= FIXED_COLUMNS:
            person = self._people[column - FIXED_COLUMNS] if column - FIXED_COLUMNS < len(self._people) else None
            if person is None:
                return None
            owns = work.owner_id == person.id
            if role == _DISPLAY:
                return OWNER_MARK if owns else ""
            if role == _BACKGROUND:
                if owns:
                    return _OWNED_OVER if person.overloaded else _OWNED
                return _UNOWNED if work.owner_id is None else None
            if role == _ALIGN:
                return _CENTER
            if role in _TIPS:
                if owns:
                    return f"{shown(person.name)} owns “{shown(work.title)}”"
                return f"Make {shown(person.name)} the owner of “{shown(work.title)}” (click, Space or Enter)"
            if role == self.PersonRole:
                return person
        elif column == 0:
            return self._owner_data(work, role)
        elif role == _DISPLAY:
            return f"{work.estimate:g}"
        elif role == _ALIGN:
            return _RIGHT
        elif role in _TIPS:
            return f"{work.estimate:g} person-days"
        if role == self.RowRole:
            return work
        if role == self.OwnerRole:
            return work.owner_id
        return None

    def _owner_data(self, work: WorkRow, role: int) -> object:
        person = self._names.get(work.owner_id) if work.owner_id is not None else None
        if role == Qt.ItemDataRole.DisplayRole:
            if person is None:
                return "⚠ no owner"
            return f"⚠ {shown(person.name)}" if person.team_label else shown(person.name)
        if role == Qt.ItemDataRole.ForegroundRole and (person is None or person.team_label):
            return QBrush(style.tone("bad"))
        if role == Qt.ItemDataRole.BackgroundRole and person is None:
            return _UNOWNED
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            if person is None:
                return f"“{shown(work.title)}” has no owner: pick one person"
            if person.team_label:
                return f"“{shown(person.name)}” is a team or a placeholder: pick one person"
            return f"Owner: {shown(person.name)}"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return clipped(role, self._header_data(section, orientation, int(role)))

    def _header_data(self, section: int, orientation: Qt.Orientation, role: int) -> object:
        if role not in _HEADER_ROLES:  # asked for every visible section and role on each paint
            return None
        if orientation == Qt.Orientation.Vertical:
            return self._row_header(section, role)
        if section in (0, 1):
            if role == _DISPLAY:
                return ("Owner", "Days")[section]
            if role in _TIPS:
                return ("The one owner of the row", "Estimate in person-days")[section]
            return None
        person = self.person(section)
        if person is None:
            return None
        if role == _DISPLAY:
            return person_heading_with_load(person)
        if role == self.NameRole:
            return person_heading(person)
        if role == _FOREGROUND and (person.overloaded or person.team_label):
            return QBrush(style.tone("bad"))
        if role in _TIPS:
            text = (f"{shown(person.name)}: {person.assigned:g} open days assigned, {person.capacity:g} days of "
                    f"capacity to the target ({person.days_per_week:g} days a week)")
            if person.overloaded:
                text += f". Overloaded by {person.over:g} days"
            if person.team_label:
                text += ". This name reads as a team or a placeholder, not a person"
            return text
        if role == self.PersonRole:
            return person
        return None

    def _row_header(self, section: int, role: int) -> object:
        if not 0 <= section < len(self._rows):
            return None
        work = self._rows[section]
        if role == _DISPLAY:
            return ("⚠ " if work.owner_id is None else "") + shown(work.title)
        if role == _FOREGROUND and work.owner_id is None:
            return QBrush(style.tone("bad"))
        if role in _TIPS:
            where = "Scope item" if work.kind == "item" else "Release path"
            owner = self.owner_name(work) or "no owner"
            return f"{shown(work.title)}\n{where} · {work.what} · {work.estimate:g} days · {work.status} · {owner}"
        if role == _ALIGN:
            return _LEFT
        if role == self.RowRole:
            return work
        return None
