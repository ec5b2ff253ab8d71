"""One list model per board lane: the only place the board keeps its cards.

The board view feeds each lane from the core's ``board(cycle)`` report, or patches it from a
change's row snapshots (``patch``); every widget asks the models for cards, never a copy of its own.

Drag and drop carries card ids in a custom MIME type, never rows; a drop asks the
board to run one move command, and the lanes refresh from the hub like every other
change. There is deliberately no ``removeRows``: after a cross-view MoveAction Qt
calls it on the source model, and the base class's refusal is what we want.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractListModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from cockpit.kinds import Lane
from cockpit.reports.board import Card, card_order

Index = QModelIndex | QPersistentModelIndex
MIME_TYPE = "application/x-release-cockpit-scope-items"
DIVIDER_TEXT = "Risky work — after the boring work"
LANE_TITLES = {Lane.IN_RELEASE.value: "In release", Lane.CUT.value: "Cut",
               Lane.PARKED.value: "Parked (next cycle)"}

#: (card ids, target lane, id of the card to land before or None for the end) -> moved?
DropHandler = Callable[[list[int], str, "int | None"], bool]


def encode_ids(ids: Sequence[int], lane: str) -> QMimeData:
    data = QMimeData()
    data.setData(MIME_TYPE, json.dumps({"ids": list(ids), "from": lane}).encode())
    return data


def decode_ids(data: QMimeData) -> tuple[list[int], str] | None:
    """The ids and source lane in a drag, or None when it is not ours or is malformed."""
    if not data.hasFormat(MIME_TYPE):
        return None
    try:
        payload = json.loads(bytes(data.data(MIME_TYPE).data()).decode())
        ids = [int(i) for i in payload["ids"]]
        source = str(payload["from"])
    except (ValueError, KeyError, TypeError):
        return None
    return (ids, source) if ids else None


class LaneModel(QAbstractListModel):
    """The visible cards of one lane, in board order (the In-release lane puts risky cards last)."""

    CardRole = Qt.ItemDataRole.UserRole + 1
    IdRole = Qt.ItemDataRole.UserRole + 2
    CandidateHighlightRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, lane: str, parent=None) -> None:
        super().__init__(parent)
        self.lane = lane
        self._all: list[Card] = []
        self._rows: list[Card | None] = []
        self._needle = ""
        self.highlight_candidates = False
        self.drop_handler: DropHandler | None = None

    # -- contents -------------------------------------------------------------------------------
    def set_cards(self, cards: Sequence[Card]) -> None:
        """Replace the lane's cards (any order: the lane puts them in board order)."""
        ordered = sorted(cards, key=card_order)
        if self.lane == Lane.IN_RELEASE.value:
            # Boring work first: risky cards are set apart below it (stable: keeps position order).
            ordered.sort(key=lambda card: card.risky)
        self._all = ordered
        self._refilter()

    def patch(self, gone: set[int], arriving: Sequence[Card]) -> None:
        """Drop the cards with ids in ``gone``, then add ``arriving`` (cards whose lane is this one)."""
        self.set_cards([c for c in self._all if c.id not in gone] + list(arriving))

    def find(self, card_id: int) -> Card | None:
        """The card with ``card_id`` in this lane (shown or filtered out), or None."""
        return next((c for c in self._all if c.id == card_id), None)

    def set_filter(self, needle: str) -> None:
        self._needle = needle.strip()
        self._refilter()

    def set_highlight(self, on: bool) -> None:
        self.highlight_candidates = on
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1), [self.CandidateHighlightRole])

    def _refilter(self) -> None:
        visible = [c for c in self._all if c.matches(self._needle)] if self._needle else list(self._all)
        rows: list[Card | None] = list(visible)
        if self.lane == Lane.IN_RELEASE.value:
            first_risky = next((n for n, card in enumerate(visible) if card.risky), None)
            if first_risky is not None:
                rows.insert(first_risky, None)  # the divider: risky work is set apart, after the boring
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def cards(self) -> list[Card]:
        """The visible cards, in order (the divider excluded)."""
        return [card for card in self._rows if card is not None]

    def all_cards(self) -> list[Card]:
        """Every card of the lane, filtered out or not, in board order."""
        return list(self._all)

    def card(self, row: int) -> Card | None:
        """The card at ``row``; None for the risky divider."""
        return self._rows[row]

    def row_of(self, card_id: int) -> int:
        for row, card in enumerate(self._rows):
            if card is not None and card.id == card_id:
                return row
        return -1

    def divider_row(self) -> int:
        return next((row for row, card in enumerate(self._rows) if card is None), -1)

    # -- Qt model interface ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        card = self._rows[index.row()]
        if card is None:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return DIVIDER_TEXT
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return card.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(card)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return _tooltip(card).replace("\n", ". ")
        if role == self.CardRole:
            return card
        if role == self.IdRole:
            return card.id
        if role == self.CandidateHighlightRole:
            return self.highlight_candidates and card.candidate and self.lane == Lane.IN_RELEASE.value
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        if self._rows[index.row()] is None:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
                | Qt.ItemFlag.ItemNeverHasChildren)

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return encode_ids([card.id for r in rows if (card := self._rows[r]) is not None], self.lane)

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        return action == Qt.DropAction.MoveAction and decode_ids(data) is not None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        decoded = decode_ids(data)
        if decoded is None or action != Qt.DropAction.MoveAction or self.drop_handler is None:
            return False
        ids, _source = decoded
        if row < 0 and parent.isValid():
            row = parent.row()
        return self.drop_handler(ids, self.lane, self.before_id(row, ids))

    def before_id(self, row: int, moving: Sequence[int]) -> int | None:
        """The card a drop at visible ``row`` lands before (skipping the moving cards), or None: the end."""
        if row < 0:
            return None
        moving_set = set(moving)
        for card in self._rows[row:]:
            if card is not None and card.id not in moving_set:
                return card.id
        return None


def _tooltip(card: Card) -> str:
    lines = [card.title, f"{card.kind} · {card.owner or 'no owner'} · {card.estimate:g} days · {card.status}"]
    if card.asked_by:
        lines.append(f"Asked by {card.asked_by}")
    if card.risks:
        lines.append("Risk: " + ", ".join(card.risks))
    if card.failed:
        lines.append("Fails: " + "; ".join(card.failed))
    if card.warning:
        lines.append(card.warning)
    if card.cut_reason:
        lines.append(f"Cut: {card.cut_reason}")
    if card.late:
        lines.append(f"Late addition: {card.late_reason}")
    return "\n".join(lines)
