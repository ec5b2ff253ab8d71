"""What the scope board shows: cards per lane, fit, freeze, warnings. A pure function of the snapshot, no Qt.

``board(cycle)`` builds every card from the cycle's ``ScopeItem`` records; ``card_from_values``
builds one from a changed row (a ``Changes`` row's ``after``) so the board can patch a card
after a move without reading the plan again. Both go through ``card``: one way to make a card.

A plan may hold 100,000 items, and making a card costs several microseconds, so the board view
keeps the records themselves in board order (``board_lanes``, one pass that also counts them),
makes a card only for a card it shows, and counts over the records (``LaneFacts``): the same rules
as the cards'.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from cockpit.kinds import Lane, Status
from cockpit.rules.scope import CHECKS, Fit, fit, rescue_warning, scope_frozen
from cockpit.rules.statement import StatementCheck, check_statement
from cockpit.snapshot import Cycle, ScopeItem
from cockpit.text import shown

SHORT_CHECKS = {"check_usable": "not needed to be usable", "check_owner_can_finish": "no owner can finish in time",
                "check_testable": "cannot test or roll back"}
LANES = (Lane.IN_RELEASE.value, Lane.CUT.value, Lane.PARKED.value)


@dataclass(frozen=True, slots=True)
class Card:
    """One scope item as the board shows it."""

    id: int
    release_id: int
    title: str
    description: str
    kind: str
    asked_by: str
    estimate: float
    owner_id: int | None
    owner: str | None
    status: str
    lane: str
    position: int
    risks: tuple[str, ...]
    failed: tuple[str, ...]
    cut_reason: str
    late: bool
    late_reason: str
    warning: str | None
    checks: tuple[bool, bool, bool]
    external_key: str | None = None

    @property
    def risky(self) -> bool:
        """Touches a risk area (set apart below the boring work in the release)."""
        return bool(self.risks)

    @property
    def candidate(self) -> bool:
        """Fails one of the three checks (only meaningful in the release)."""
        return bool(self.failed)

    @property
    def open(self) -> bool:
        """Not done yet."""
        return self.status != Status.DONE.value

    def matches(self, needle: str) -> bool:
        """Find: text, owner, kind or risk area contains every word typed."""
        hay = _haystack(self.title, self.description, self.owner, self.kind, " ".join(self.risks), self.asked_by,
                        self.status)
        return matches(hay, needle)


def _haystack(title: str, description: str, owner: str | None, kind: str, risks: str, asked_by: str,
              status: str) -> str:
    return f"{title} {description} {owner or 'no owner'} {kind} {risks} {asked_by} {status}".casefold()


def haystack(item: ScopeItem, names: Mapping[int, str]) -> str:
    """What Find looks in for ``item``, folded for case: its card's text, owner, kind, risk areas, asker, status.

    Words never hold a space, so the risk areas need no splitting: commas become spaces.
    """
    owner = names.get(item.owner_id) if item.owner_id is not None else None
    return _haystack(item.title, item.description or "", owner, item.kind, (item.risk_areas or "").replace(",", " "),
                     item.asked_by or "", item.status)


def matches(hay: str, needle: str) -> bool:
    """Does a ``haystack`` hold every word of ``needle`` (any case)?"""
    return all(word in hay for word in needle.casefold().split())


def _risks(item: ScopeItem) -> tuple[str, ...]:
    return tuple(a for a in (item.risk_areas or "").split(",") if a)


def is_risky(item: ScopeItem) -> bool:
    """Does ``item`` touch a risk area (its card is ``risky``)? Without splitting the list."""
    return bool(item.risk_areas) and bool(item.risk_areas.strip(","))


def is_candidate(item: ScopeItem) -> bool:
    """Does ``item`` fail one of the three checks (its card is a ``candidate``)?"""
    return not (item.check_usable and item.check_owner_can_finish and item.check_testable)


def card(item: ScopeItem, names: Mapping[int, str]) -> Card:
    """The card of one scope item; ``names`` maps person ids to names (for the owner)."""
    risks = _risks(item)
    checks = (bool(item.check_usable), bool(item.check_owner_can_finish), bool(item.check_testable))
    failed = tuple(SHORT_CHECKS[attr] for (attr, _), ok in zip(CHECKS, checks, strict=True) if not ok)
    owner_id = item.owner_id
    return Card(
        id=item.id, release_id=item.release_id, title=item.title, description=item.description or "",
        kind=item.kind, asked_by=item.asked_by or "", estimate=float(item.estimate_days or 0), owner_id=owner_id,
        owner=names.get(owner_id) if owner_id is not None else None, status=item.status, lane=item.lane,
        position=item.position, risks=risks, failed=failed, cut_reason=item.cut_reason or "",
        late=bool(item.late_addition), late_reason=item.late_reason or "", warning=rescue_warning(item.kind),
        checks=checks, external_key=item.external_key,
    )


_ITEM_FIELDS = tuple(f.name for f in fields(ScopeItem))


def item_from_values(values: Mapping[str, Any]) -> ScopeItem:
    """The record of a ``scope_item`` row given as column values (a change's row snapshot)."""
    row: dict[str, Any] = {name: values.get(name) for name in _ITEM_FIELDS}
    return ScopeItem(**row)


def card_from_values(values: Mapping[str, Any], names: Mapping[int, str]) -> Card:
    """The card of a ``scope_item`` row given as column values (a change's row snapshot)."""
    return card(item_from_values(values), names)


def card_order(card: Card) -> tuple[int, int]:
    """Board order within a lane: by position, then id."""
    return (card.position, card.id)


#: board order within a lane for records, as ``card_order`` for cards (a C function: 100,000 keys in milliseconds)
item_order = attrgetter("position", "id")

@dataclass(frozen=True)
class LaneFacts:
    """What the board counts over every card of a lane: the same rules as the cards' properties
    (``Card.open``, ``candidate``, ``late``, ``warning``), on the records (``lane_facts``)."""

    #: days of unfinished work: the work before the risky part, then the risky part, each summed in
    #: board order and then added (so one pass over the items in any order gives the same number)
    open_days: float = 0.0
    #: cards failing one of the three checks
    candidates: int = 0
    #: late additions
    late: int = 0
    #: kinds that are no place for a rescue release (``rescue_warning``) → how many cards of each
    unsafe: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class BoardLane:
    """One lane's records in board order, where the risky work set apart starts, and its counts."""

    items: list[ScopeItem]
    #: how many items come before the risky work (In release); the length of ``items`` in other lanes
    risky_from: int
    facts: LaneFacts


# The functions below run over every item of a plan on each board reload and change: up to 100,000 of
# them. Each makes one plain pass that touches every record once: on this machine a pass costs about
# 0.2 µs an item, mostly fetching the record from memory, so one pass doing everything beats several.
@dataclass(slots=True)
class _Part:
    """The boring or the risky part of a lane while it is gathered, with its counts."""

    items: list[ScopeItem] = field(default_factory=list)
    open_days: float = 0.0
    candidates: int = 0
    late: int = 0
    unsafe: dict[str, int] = field(default_factory=dict)


def _gather(part: _Part, item: ScopeItem, warned: dict[str, bool]) -> None:
    part.items.append(item)
    if item.status != Status.DONE.value:
        part.open_days += item.estimate_days or 0.0
    if is_candidate(item):
        part.candidates += 1
    if item.late_addition:
        part.late += 1
    kind = item.kind
    flagged = warned.get(kind)
    if flagged is None:
        flagged = warned[kind] = rescue_warning(kind) is not None
    if flagged:
        part.unsafe[kind] = part.unsafe.get(kind, 0) + 1


def _facts(boring: _Part, risky: _Part) -> LaneFacts:
    unsafe = dict(boring.unsafe)
    for kind, n in risky.unsafe.items():
        unsafe[kind] = unsafe.get(kind, 0) + n
    return LaneFacts(boring.open_days + risky.open_days, boring.candidates + risky.candidates,
                     boring.late + risky.late, unsafe)


def lane_facts(items: Sequence[ScopeItem], risky_from: int | None = None) -> LaneFacts:
    """The ``LaneFacts`` of one lane's records in board order, the risky work from ``risky_from`` (default: none)."""
    at = len(items) if risky_from is None else risky_from
    warned: dict[str, bool] = {}
    boring, risky = _Part(), _Part()
    for item in itertools.islice(items, at):
        _gather(boring, item, warned)
    for item in itertools.islice(items, at, None):
        _gather(risky, item, warned)
    return _facts(boring, risky)


def board_lanes(items: Iterable[ScopeItem]) -> dict[str, BoardLane]:
    """Every lane of ``LANES`` (empty or not): its items in board order, and its counts, in one pass.

    Board order is by position, then id; the In-release lane puts the risky items (``is_risky``) after
    the boring ones, each part keeping that order. A lane already in order (as the reader gives the
    items: positions rising) is not sorted again. Items of a lane this version does not know (a file
    from another tool) are left out, as the board has no column for them.
    """
    release = Lane.IN_RELEASE.value
    warned: dict[str, bool] = {}
    parts = {lane: (_Part(), _Part()) for lane in LANES}
    last: dict[str, int] = {}
    unordered: set[str] = set()
    for item in items:
        lane = item.lane
        pair = parts.get(lane)
        if pair is None:
            continue
        position = item.position
        if position <= last.get(lane, position - 1):
            unordered.add(lane)
        last[lane] = position
        _gather(pair[1] if lane == release and is_risky(item) else pair[0], item, warned)
    out = {}
    for lane, (boring, risky) in parts.items():
        ordered = boring.items + risky.items
        if lane in unordered:  # sorted now, and counted again in board order
            boring.items.sort(key=item_order)
            risky.items.sort(key=item_order)
            ordered = boring.items + risky.items
            out[lane] = BoardLane(ordered, len(boring.items), lane_facts(ordered, len(boring.items)))
        else:
            out[lane] = BoardLane(ordered, len(boring.items), _facts(boring, risky))
    return out


def unsafe_warning(facts: LaneFacts) -> str | None:
    """The In-release lane's warning about kinds that are no place for a rescue (``rescue_warning``)."""
    unsafe = sum(facts.unsafe.values())
    if not unsafe:
        return None
    kinds = sorted(shown(kind) for kind in facts.unsafe)
    return (f"{unsafe} item{'s' if unsafe != 1 else ''} in the release {'are' if unsafe != 1 else 'is'} "
            f"{', '.join(kinds)}: a rescue release is not the place for it.")


def candidates_warning(facts: LaneFacts) -> str | None:
    """How many items in the release fail one of the three checks (the cut candidates), or None."""
    n = facts.candidates
    if not n:
        return None
    return (f"{n} item{'s' if n != 1 else ''} in the release fail{'s' if n == 1 else ''} one of the three checks: "
            "cut {} (Cut all candidates).".format("it" if n == 1 else "them"))


def lane_facts_after(facts: LaneFacts, items: Sequence[ScopeItem], risky_from: int, removed: Iterable[ScopeItem],
                     added: Iterable[ScopeItem]) -> LaneFacts:
    """``facts`` of a lane once ``removed`` left it and ``added`` joined it (it now holds ``items``).

    The counts change by what the few moved records count; the open days are summed again over
    ``items`` (a float total corrected by subtraction could drift from the sum of the cards shown).
    """
    gone, new = lane_facts(list(removed)), lane_facts(list(added))
    unsafe = dict(facts.unsafe)
    for kind, n in new.unsafe.items():
        unsafe[kind] = unsafe.get(kind, 0) + n
    for kind, n in gone.unsafe.items():
        unsafe[kind] -= n
    return LaneFacts(open_days(items, risky_from), facts.candidates + new.candidates - gone.candidates,
                     facts.late + new.late - gone.late, {kind: n for kind, n in unsafe.items() if n})


def open_days(items: Sequence[ScopeItem], risky_from: int | None = None) -> float:
    """``LaneFacts.open_days`` of a lane's records in board order (the risky work from ``risky_from``)."""
    at = len(items) if risky_from is None else risky_from
    done = Status.DONE.value
    boring = risky = 0.0
    for item in itertools.islice(items, at):
        if item.status != done:
            boring += item.estimate_days or 0.0
    for item in itertools.islice(items, at, None):
        if item.status != done:
            risky += item.estimate_days or 0.0
    return boring + risky


@dataclass(frozen=True)
class BoardFrame:
    """Everything the board shows besides the cards: freeze, people, the statement check, what fit needs."""

    release_id: int
    phase: str
    #: DOMAIN.md "Freeze": ``rules.scope.scope_frozen(phase)``, the rule the scope service enforces
    frozen: bool
    people: Mapping[int, str]
    #: days per week of each person in the plan
    capacity: tuple[float, ...]
    statement: StatementCheck
    start: dt.date
    target: dt.date
    focus: float
    freeze_hint: str

    def fit(self, in_release: Iterable[Card], today: dt.date) -> Fit:
        """Fit of the open cards among ``in_release`` against the team's capacity to the target."""
        return self.fit_days([c.estimate for c in in_release if c.open], today)

    def fit_days(self, open_estimates: Iterable[float], today: dt.date) -> Fit:
        """Fit of open estimates (days) against the team's capacity to the target."""
        return fit(list(open_estimates), list(self.capacity), today, self.start, self.target, self.focus)


@dataclass(frozen=True)
class Board:
    """The board of one cycle: its frame and the cards of each lane in board order."""

    frame: BoardFrame
    lanes: Mapping[str, tuple[Card, ...]]

    @property
    def frozen(self) -> bool:
        """Is scope frozen (adding to the release needs an override reason)?"""
        return self.frame.frozen

    def fit(self, today: dt.date) -> Fit:
        """Fit of the open cards in the release."""
        return self.frame.fit(self.lanes[Lane.IN_RELEASE.value], today)


def board_frame(cycle: Cycle) -> BoardFrame:
    """The board's frame for ``cycle``: freeze by phase, people and capacity, the plan's thresholds."""
    release = cycle.release
    return BoardFrame(
        release_id=release.id, phase=release.phase, frozen=scope_frozen(release.phase), people=cycle.names,
        capacity=tuple(p.days_per_week for p in cycle.people),
        statement=check_statement(release.problem, int(cycle.number("statement_max_words"))),
        start=release.start_date, target=release.target_date, focus=cycle.number("focus_factor"),
        freeze_hint=cycle.setting("freeze_override_hint"),
    )


def board(cycle: Cycle) -> Board:
    """The scope board of ``cycle``: every lane's cards (by position, then id) and the frame."""
    names = cycle.names
    lanes: dict[str, list[Card]] = {lane: [] for lane in LANES}
    for item in cycle.items:
        made = card(item, names)
        lanes.setdefault(made.lane, []).append(made)
    return Board(board_frame(cycle), {lane: tuple(sorted(cards, key=card_order)) for lane, cards in lanes.items()})
