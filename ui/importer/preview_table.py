"""The import preview's table: one line a row, every column inside the dialog's width.

A backlog can have 10,000 rows and a projector 1024 px: the rows stay one line high (a fixed
height, so a long preview scrolls and paints fast), the columns share the width the table has
(short columns keep their text, the long ones — title, problems, a JSON record's name — give up
width evenly, never below their header), and the dialog shows the selected row's every column in
full right below the table (``PreviewModel.describe``). A cut cell is therefore one arrow key away
from its whole text on the same screen; the tooltip says it too.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ui.models.importing import COLUMNS, PROBLEMS_COLUMN, TITLE_COLUMN, PreviewModel

Index = QModelIndex | QPersistentModelIndex
#: the columns with long text: they take the width left over, and keep this many times another
#: column's share when the width runs short
LONG_TEXT = {TITLE_COLUMN: 3, PROBLEMS_COLUMN: 3}
#: columns whose words are a state from a short fixed list (what the row will be, its status)
#: or are a number: they keep their whole text, the others give up width
WHOLE = frozenset(COLUMNS.index(name) for name in ("Will be", "Status", "Days"))
#: rows measured for a column's natural width (a 10,000-row preview is not measured row by row)
MEASURED_ROWS = 200


def fit_widths(natural: list[int], floors: list[int], room: int, whole: frozenset[int] = frozenset(),
               long_text: dict[int, int] | None = None) -> list[int]:
    """Column widths that add up to ``room`` (when the floors allow it).

    Each column wants its ``natural`` width and never gets less than its ``floor`` (its header);
    the ``whole`` columns always get what they want. When everything fits, the surplus goes to the
    ``long_text`` columns ({column: weight}, by default ``LONG_TEXT``); when it does not, the widest
    of the other columns give up width first, down to one common cap (weight times that for the
    long-text columns).
    """
    wanted = [max(n, f) for n, f in zip(natural, floors, strict=True)]
    weights = {c: w for c, w in (LONG_TEXT if long_text is None else long_text).items() if c < len(wanted)} \
        or {len(wanted) - 1: 1}
    if sum(wanted) <= room:
        extra = room - sum(wanted)
        total = sum(weights.values())
        widths = [width + extra * weights.get(c, 0) // total for c, width in enumerate(wanted)]
        widths[max(weights)] += room - sum(widths)  # what integer division left over
        return widths
    lowest = [wanted[c] if c in whole else f for c, f in enumerate(floors)]
    if sum(lowest) >= room:
        return lowest  # too narrow even for the headers: the layout audit says so, nothing here hides it

    def capped(cap: int) -> list[int]:
        return [w if c in whole else max(f, min(w, cap * weights.get(c, 1)))
                for c, (w, f) in enumerate(zip(wanted, floors, strict=True))]

    low, high = 0, max(wanted)
    while low < high:  # the largest cap at which everything still fits
        cap = (low + high + 1) // 2
        if sum(capped(cap)) <= room:
            low = cap
        else:
            high = cap - 1
    widths = capped(low)
    cut = [c for c, w in enumerate(widths) if w < wanted[c]]
    for n in range(room - sum(widths)):  # the last few pixels, one at a time to the cut columns
        widths[cut[n % len(cut)]] += 1
    return widths


class PreviewDelegate(QStyledItemDelegate):
    """Paints a cell on one line, cut at the right edge with "…" when it is too long."""

    def elided(self, option: QStyleOptionViewItem, index: Index) -> bool:
        """Whether the cell's text is cut with no other place on screen showing it (the layout
        audit asks). Never here: the whole row is written out below the table when it is selected
        (every column, ``PreviewModel.describe``), and the arrow keys select it."""
        return False


class PreviewTable(QTableView):
    """The preview's table: one-line rows as high as the font needs, columns fitted to the width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setItemDelegate(PreviewDelegate(self))
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the columns fit instead
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        header.setResizeContentsPrecision(MEASURED_ROWS)
        self._fitting = QTimer(self)  # once after a burst of resets and resizes
        self._fitting.setSingleShot(True)
        self._fitting.setInterval(0)
        self._fitting.timeout.connect(self.fit_columns)
        self._place: tuple[str | None, int] = (None, 0)
        self._natural: list[int] | None = None  # each column's width for its text, measured after a reset

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if isinstance(model, PreviewModel):
            model.modelAboutToBeReset.connect(self._remember_place)
            model.modelReset.connect(self._restore_place)
            model.modelReset.connect(self._measure_again)

    def _measure_again(self) -> None:
        self._natural = None
        self._fitting.start()

    def _remember_place(self) -> None:
        model = self.model()
        row = self.currentIndex().row()
        self._place = (model.planned_row(row).where if isinstance(model, PreviewModel) and row >= 0 else None,
                       self.verticalScrollBar().value())

    def _restore_place(self) -> None:
        """A refreshed preview (another points value, a status choice, problems only) keeps the row
        that was selected and where the table was scrolled to; with none, the first row is selected
        (the text below the table is never empty while there are rows)."""
        model = self.model()
        if not isinstance(model, PreviewModel) or model.rowCount() == 0:
            return
        where, scrolled = self._place
        row = next((r for r in range(model.rowCount()) if model.planned_row(r).where == where), None)
        self.verticalScrollBar().setValue(scrolled)
        self.setCurrentIndex(model.index(0 if row is None else row, 0))
        if row is not None:
            self.scrollTo(self.currentIndex(), QAbstractItemView.ScrollHint.EnsureVisible)

    def fit_columns(self) -> None:
        """Share the viewport's width among the columns (``fit_widths``); rows as high as a line."""
        model = self.model()
        if model is None:
            return
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        empty = model.empty_columns() if isinstance(model, PreviewModel) and model.rowCount() else set()
        shown = [c for c in range(model.columnCount()) if c not in empty]
        for column in range(model.columnCount()):  # an empty column says nothing: its room goes to the text
            header.setSectionHidden(column, column in empty)
        floors = [header.sectionSizeFromContents(c).width() for c in shown]
        if self._natural is None:  # measured once a reset (200 rows), not on every resize
            self._natural = [self.sizeHintForColumn(c) if model.rowCount() else 0 for c in range(model.columnCount())]
        natural = [self._natural[c] for c in shown]
        whole = frozenset(n for n, c in enumerate(shown) if c in WHOLE)
        long_text = {n: LONG_TEXT[c] for n, c in enumerate(shown) if c in LONG_TEXT}
        for column, width in zip(shown, fit_widths(natural, floors, self.viewport().width(), whole, long_text),
                                 strict=True):
            header.resizeSection(column, width)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:  # the dialog or a vertical scroll bar changed the width
            self._fitting.start()
        return super().viewportEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_columns()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._measure_again()
