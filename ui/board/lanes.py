"""A board column: a header with count and open days, and a list that drags and drops cards.

The list is a one-column ``QTableView`` with hidden headers and rows of one fixed height, not a
``QListView``: a list view lays out every row after each reset, insert or removal, asking the
(Python) model for its row count twice per row (a quarter of a second for 50,000 cards), while
a table view's rows are positions in its header, and painting asks the model only about the rows
in sight. Nothing else differs for the person: one column, no grid, whole rows selected.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSizePolicy, QTableView

from ui.board.delegate import CardDelegate
from ui.models.board import LANE_HEADINGS, LANE_MEANINGS, LANE_TITLES, LaneModel, decode_ids
from ui.widgets import plain_label, run_own_shortcut


class LaneView(QTableView):
    """The card list of one lane. Tells the board what is being dragged over it (for the live fit).

    Every card has the same height (``CardDelegate.card_height`` for the view's font and width), so Qt
    places rows by arithmetic and only the cards in sight are asked for and painted.
    """

    #: (lane, ids being dragged over this lane) while a drag hovers; (lane, None) when it leaves
    drag_over = Signal(str, object)
    #: the cards' height changed (another font or width): the board gives the lanes room for two
    rows_fitted = Signal()

    def __init__(self, model: LaneModel) -> None:
        super().__init__()
        self.setModel(model)
        self.delegate = CardDelegate(self)
        self.setItemDelegate(self.delegate)
        for header in (self.horizontalHeader(), self.verticalHeader()):
            header.hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setMinimumSectionSize(1)
        self._fit_rows()
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setTabKeyNavigation(False)  # Tab leaves the lane, as it did from a list
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropOverwriteMode(False)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.setAccessibleName(LANE_TITLES[model.lane])

    #: cards a lane shows at least (the board scrolls up and down to give it that room)
    LEAST_CARDS = 2

    def _card_room(self) -> int:
        """The width of a card: the view's, less its frame and a scroll bar (shown or not, so it never flips)."""
        return self.width() - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width()

    def card_height(self) -> int:
        return self.delegate.card_height(self.font(), self._card_room())

    def _fit_rows(self) -> None:
        """Every row one card high for the view's font (presentation mode changes the font) and width
        (a card too narrow for two-line titles has a line more)."""
        height = self.card_height()
        if self.verticalHeader().defaultSectionSize() != height:
            self.verticalHeader().setDefaultSectionSize(height)
            self.updateGeometry()
            self.rows_fitted.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_rows()

    def minimumSizeHint(self) -> QSize:
        frame = 2 * self.frameWidth()
        return QSize(self.verticalScrollBar().sizeHint().width() + frame,
                     self.LEAST_CARDS * self.card_height() + frame)

    def card_width(self) -> int:
        """How wide the lane must be for a card to show a title of the designed length on two lines."""
        scroll_bar = self.verticalScrollBar().sizeHint().width()
        return self.delegate.card_width(self.font()) + 2 * self.frameWidth() + scroll_bar

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_rows()

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        # Home and End go to the first and last card, as in a list (a table would go to the row's first cell).
        if action in (QAbstractItemView.CursorAction.MoveHome, QAbstractItemView.CursorAction.MoveEnd):
            modifiers |= Qt.KeyboardModifier.ControlModifier
        return super().moveCursor(action, modifiers)

    @property
    def lane_model(self) -> LaneModel:
        model = self.model()
        assert isinstance(model, LaneModel)
        return model

    def _announce(self, event: QDragEnterEvent | QDragMoveEvent) -> None:
        decoded = decode_ids(event.mimeData())
        self.drag_over.emit(self.lane_model.lane, decoded[0] if decoded else None)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        super().dragEnterEvent(event)
        self._announce(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        super().dragMoveEvent(event)
        self._announce(event)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        super().dragLeaveEvent(event)
        self.drag_over.emit(self.lane_model.lane, None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Alt+arrows move the card (up/down, to the next column), not the cursor.
        if not run_own_shortcut(self, event):
            super().keyPressEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.drag_over.emit(self.lane_model.lane, None)
        super().dropEvent(event)


class LaneColumn:
    """The header (the lane's name, then its counts) and the card list of one lane. The board lays the
    three lanes out in one grid, so their headers line up whatever wraps, and the lanes share the width."""

    def __init__(self, model: LaneModel) -> None:
        self.model = model
        self.title = plain_label(LANE_HEADINGS[model.lane], "heading")
        self.title.setToolTip(LANE_MEANINGS[model.lane])
        self.summary = plain_label("", "tileLabel")
        self.view = LaneView(model)
        for widget in (self.title, self.summary, self.view):
            # The lanes share the width equally, whatever their texts ask for (the labels wrap).
            policy = widget.sizePolicy()
            policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
            widget.setSizePolicy(policy)

    def update_summary(self, shown: int, total: int, open_days: float) -> None:
        count = f"{total} card{'s' if total != 1 else ''}" if shown == total else f"{shown} of {total} cards"
        self.summary.setText(f"{count} · {open_days:g} open days")
