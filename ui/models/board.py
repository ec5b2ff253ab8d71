"""One list model per board lane: the only place the board keeps its cards.

The board view feeds each lane with the records of the hub's snapshot (``set_items``, in the
core's board order), or patches it from a change's row snapshots (``patch``); every widget asks the
models for cards, never a copy of its own. A card is made only when it is shown or asked for.

Drag and drop carries card ids in a custom MIME type, never rows; a drop asks the
board to run one move command, and the lanes refresh from the hub like every other
change. There is deliberately no ``removeRows``: after a cross-view MoveAction Qt
calls it on the source model, and the base class's refusal is what we want.
"""

from __future__ import annotations

import itertools
import json
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Mapping, Sequence

from PySide6.QtCore import QAbstractListModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from cockpit.kinds import Lane
from cockpit.reports.board import (
    BoardLane,
    Card,
    LaneFacts,
    card,
    haystack,
    is_candidate,
    is_risky,
    lane_facts,
    lane_facts_after,
)
from cockpit.snapshot import ScopeItem
from cockpit.text import SHOWN, SHOWN_LONG, shown

Index = QModelIndex | QPersistentModelIndex
MIME_TYPE = "application/x-release-cockpit-scope-items"
DIVIDER_TEXT = "Risky work — after the boring work"
LANE_TITLES = {Lane.IN_RELEASE.value: "In release", Lane.CUT.value: "Cut",
               Lane.PARKED.value: "Parked (next cycle)"}
#: a lane's heading above its cards (short, so it never wraps on a projector) and what it means
LANE_HEADINGS = {Lane.IN_RELEASE.value: "In release", Lane.CUT.value: "Cut", Lane.PARKED.value: "Parked"}
LANE_MEANINGS = {Lane.IN_RELEASE.value: "In this release", Lane.CUT.value: "Cut from this release, each with a reason",
                 Lane.PARKED.value: "Parked for the next cycle: its backlog"}

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
    """The cards of one lane, in board order (the In-release lane puts risky cards last).

    It holds the lane's records (``ScopeItem``, immutable), not cards: a card is made when a row is
    shown or asked for (``card``) and kept while it is on screen, so a lane of 100,000 items costs a
    pass and a few list copies, and only the cards in sight cost anything more. Counts over the
    whole lane come from ``facts`` (``cockpit.reports.board.LaneFacts``), counted with the lane.
    """

    CardRole = Qt.ItemDataRole.UserRole + 1
    IdRole = Qt.ItemDataRole.UserRole + 2
    CandidateHighlightRole = Qt.ItemDataRole.UserRole + 3
    #: the most cards kept made (a screen shows a few dozen; scrolling through makes new ones)
    CARD_CACHE = 2000

    def __init__(self, lane: str, parent=None) -> None:
        super().__init__(parent)
        self.lane = lane
        #: every record of the lane in board order; risky work (In release) starts at ``_split``
        self._items: list[ScopeItem] = []
        self._split = 0
        #: the rows shown: records, and None for the divider before the risky work
        self._rows: list[ScopeItem | None] = []
        self._divider = -1
        self._names: Mapping[int, str] = {}
        self._needle = ""
        self._cards: dict[int, tuple[ScopeItem, Card]] = {}
        #: Find's text of each record, made at the first search and kept until the record changes (id → text)
        self._hay: dict[int, str] = {}
        #: the same, in the order of ``_items`` (None: to be gathered again after a change)
        self._hays: list[str] | None = None
        #: the words searched for and the indexes into ``_items`` they matched (typing on narrows it)
        self._matched: tuple[list[str], list[int]] | None = None
        self._by_id: dict[int, ScopeItem] | None = None
        #: indexes into ``_items`` of the cards shown, while Find narrows the lane (None: every card)
        self._shown: list[int] | None = None
        self._facts: LaneFacts | None = None
        self.highlight_candidates = False
        self.drop_handler: DropHandler | None = None

    # -- contents -------------------------------------------------------------------------------
    def set_lane(self, lane: BoardLane, names: Mapping[int, str]) -> None:
        """Replace the lane's cards with ``lane`` (``cockpit.reports.board.board_lanes``); ``names`` maps
        owners' ids to names."""
        self._names = names
        self._cards.clear()
        self._hay.clear()
        self._items, self._split = list(lane.items), lane.risky_from
        self._by_id = None
        self._contents_changed(lane.facts)

    def patch(self, gone: set[int], arriving: Sequence[ScopeItem]) -> None:
        """Drop the cards with ids in ``gone``, then add ``arriving`` (records whose lane is this one).

        The other cards keep their place and their made cards; each moved card is found and placed by
        bisection in the ordered lane and the counts change by what it counts: no sort, no card made,
        and one pass over the lane only for its open days.
        """
        leaving = gone | {item.id for item in arriving}
        removed = [item for card_id in leaving if (item := self.item(card_id)) is not None]
        facts = self._facts
        items = self._items
        for item in removed:
            at = self._index_of(item)
            if at >= 0:
                del items[at]
            else:  # not where its key says (never expected): look for it
                items[:] = [kept for kept in items if kept is not item]
        for item in arriving:
            insort(items, item, key=self._order_key)
        self._split = bisect_left(items, True, key=self._set_apart)
        by_id = self._by_id
        assert by_id is not None  # built by ``item`` above
        for card_id in leaving:
            by_id.pop(card_id, None)
            self._cards.pop(card_id, None)
            self._hay.pop(card_id, None)
        by_id.update((item.id, item) for item in arriving)
        self._contents_changed(None if facts is None else lane_facts_after(facts, items, self._split, removed,
                                                                            arriving))

    def _index_of(self, item: ScopeItem) -> int:
        """Where ``item`` is in ``_items`` (found by bisection on the board order), or -1."""
        items = self._items
        at = bisect_left(items, self._order_key(item), key=self._order_key)
        return at if at < len(items) and items[at] is item else -1

    def _set_apart(self, item: ScopeItem) -> bool:
        """Is ``item`` in the risky work set apart at the end of the lane (In release only)?"""
        return self.lane == Lane.IN_RELEASE.value and is_risky(item)

    def _order_key(self, item: ScopeItem) -> tuple[bool, int, int]:
        """Board order as one key: risky work last in the release, then by position, then id."""
        return (self._set_apart(item), item.position, item.id)

    def _contents_changed(self, facts: LaneFacts | None = None) -> None:
        self._facts = facts
        self._hays = None
        self._matched = None
        self._refilter()

    def set_filter(self, needle: str) -> None:
        """Show only the cards whose text, owner, kind or risk areas hold every word of ``needle``."""
        self._needle = needle.strip()
        self._refilter()

    def set_highlight(self, on: bool) -> None:
        self.highlight_candidates = on
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1), [self.CandidateHighlightRole])

    def _refilter(self) -> None:
        if self._needle:
            matched = self._matching(self._needle.casefold().split())
            at = bisect_left(matched, self._split)
            items = self._items
            rows: list[ScopeItem | None] = [items[i] for i in matched[:at]]
            risky = [items[i] for i in matched[at:]]
            self._shown = matched
        else:
            rows = list(itertools.islice(self._items, self._split))
            risky = self._items[self._split:]
            self._shown = None
        divider = len(rows) if risky else -1
        if risky:
            rows.append(None)  # the divider: risky work is set apart, after the boring
            rows += risky
        self.beginResetModel()
        self._rows = rows
        self._divider = divider
        self.endResetModel()

    def _matching(self, words: list[str]) -> list[int]:
        """Indexes into ``_items`` of the records whose Find text holds every word.

        Typing on only narrows a search (each earlier word is part of a word now), so only the
        cards still shown are looked at again.
        """
        hays = self._haystacks()
        previous = self._matched
        if previous is not None and all(any(old in new for new in words) for old in previous[0]):
            candidates: Iterable[int] = previous[1]
        else:
            candidates = range(len(hays))
        matched = list(candidates)
        for word in words:
            matched = [i for i in matched if word in hays[i]]
        self._matched = (words, matched)
        return matched

    def _haystacks(self) -> list[str]:
        if self._hays is None:
            known, names = self._hay, self._names
            hays = []
            for item in self._items:
                hay = known.get(item.id)
                if hay is None:  # strings only: a cache of tuples would wake the garbage collector
                    hay = known[item.id] = haystack(item, names)
                hays.append(hay)
            self._hays = hays
        return self._hays

    # -- reading --------------------------------------------------------------------------------
    @property
    def facts(self) -> LaneFacts:
        """Counts over every card of the lane, shown or filtered out (open days, candidates, late…)."""
        if self._facts is None:
            self._facts = lane_facts(self._items, self._split)
        return self._facts

    def items(self) -> Sequence[ScopeItem]:
        """Every record of the lane, filtered out or not, in board order (do not change it)."""
        return self._items

    def total(self) -> int:
        """How many cards the lane holds, shown or not."""
        return len(self._items)

    def shown_count(self) -> int:
        """How many cards are shown (the divider excluded)."""
        return len(self._rows) - (1 if self._divider >= 0 else 0)

    def visible_ids(self) -> list[int]:
        """The ids of the cards shown, in order (the divider excluded)."""
        return [item.id for item in self._rows if item is not None]

    def cards(self) -> list[Card]:
        """The visible cards, in order (the divider excluded). Makes every one: for tests and small lanes."""
        return [self._card(item) for item in self._rows if item is not None]

    def all_cards(self) -> list[Card]:
        """Every card of the lane, filtered out or not, in board order. Makes every one: for tests and small lanes."""
        return [self._card(item) for item in self._items]

    def _card(self, item: ScopeItem) -> Card:
        known = self._cards.get(item.id)
        if known is not None and known[0] is item:
            return known[1]
        made = card(item, self._names)
        if len(self._cards) >= self.CARD_CACHE:
            self._cards.clear()
        self._cards[item.id] = (item, made)
        return made

    def card(self, row: int) -> Card | None:
        """The card at ``row``; None for the risky divider."""
        item = self._rows[row]
        return None if item is None else self._card(item)

    def item(self, card_id: int) -> ScopeItem | None:
        """The record of the card ``card_id`` in this lane (shown or filtered out), or None."""
        if self._by_id is None:
            self._by_id = {item.id: item for item in self._items}
        return self._by_id.get(card_id)

    def find(self, card_id: int) -> Card | None:
        """The card with ``card_id`` in this lane (shown or filtered out), or None."""
        item = self.item(card_id)
        return None if item is None else self._card(item)

    def row_of(self, card_id: int) -> int:
        """The row showing card ``card_id``, or -1 (not in this lane, or filtered out). Found by bisection."""
        item = self.item(card_id)
        if item is None:
            return -1
        at = self._index_of(item)
        if at < 0:
            return self._rows.index(item) if item in self._rows else -1
        if self._shown is not None:
            found = bisect_left(self._shown, at)
            if found == len(self._shown) or self._shown[found] != at:
                return -1
            at = found
        return at + 1 if 0 <= self._divider <= at else at

    def divider_row(self) -> int:
        """The row of the divider before the risky work, or -1 (none shown)."""
        return self._divider

    # -- Qt model interface ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if item is None:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return DIVIDER_TEXT
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return shown(item.title)
        if role == self.CardRole:
            return self._card(item)
        if role == self.IdRole:
            return item.id
        if role == self.CandidateHighlightRole:
            return self.highlight_candidates and self.lane == Lane.IN_RELEASE.value and is_candidate(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(self._card(item))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return tooltip(self._card(item)).replace("\n", ". ")
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
        return encode_ids([item.id for r in rows if (item := self._rows[r]) is not None], self.lane)

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
        for item in itertools.islice(self._rows, row, None):
            if item is not None and item.id not in moving_set:
                return item.id
        return None


def tooltip(card: Card) -> str:
    """The card's tooltip, at most about ``SHOWN_LONG`` characters however long its fields are.

    Each field is clipped (``cockpit.text.shown``); the title gets what the other lines leave of
    ``SHOWN_LONG``, and never less than ``SHOWN``: the editor holds the whole text.
    """
    lines = [f"{shown(card.kind)} · {shown(card.owner or 'no owner')} · {card.estimate:g} days · {shown(card.status)}"]
    if card.asked_by:
        lines.append(f"Asked by {shown(card.asked_by)}")
    if card.risks:
        lines.append(shown("Risk: " + ", ".join(card.risks)))
    if card.failed:
        lines.append("Fails: " + "; ".join(card.failed))
    if card.warning:
        lines.append(shown(card.warning))
    if card.cut_reason:
        lines.append(f"Cut: {shown(card.cut_reason)}")
    if card.late:
        lines.append(f"Late addition: {shown(card.late_reason)}")
    rest = sum(len(line) + 1 for line in lines)
    return "\n".join([shown(card.title, max(SHOWN, SHOWN_LONG - rest)), *lines])
