"""A board column: a header with count and open days, and a list that drags and drops cards."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListView, QVBoxLayout

from ui.board.delegate import CardDelegate
from ui.models.board import LANE_TITLES, LaneModel, decode_ids
from ui.widgets import plain_label, run_own_shortcut


class LaneView(QListView):
    """The card list of one lane. Tells the board what is being dragged over it (for the live fit)."""

    #: (lane, ids being dragged over this lane) while a drag hovers; (lane, None) when it leaves
    drag_over = Signal(str, object)

    def __init__(self, model: LaneModel) -> None:
        super().__init__()
        self.setModel(model)
        self.setItemDelegate(CardDelegate(self))
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.setAccessibleName(LANE_TITLES[model.lane])

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


class LaneColumn(QFrame):
    """Header plus list for one lane."""

    def __init__(self, model: LaneModel) -> None:
        super().__init__()
        self.model = model
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = plain_label(LANE_TITLES[model.lane], "heading")
        self.summary = plain_label("", "tileLabel")
        self.view = LaneView(model)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)

    def update_summary(self, shown: int, total: int, open_days: float) -> None:
        count = f"{total} card{'s' if total != 1 else ''}" if shown == total else f"{shown} of {total} cards"
        self.summary.setText(f"{count} · {open_days:g} open days")
