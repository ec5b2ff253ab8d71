"""What the scope board shows: cards per lane, fit, freeze, warnings. A pure function of the snapshot, no Qt.

``board(cycle)`` builds every card from the cycle's ``ScopeItem`` records; ``card_from_values``
builds one from a changed row (a ``Changes`` row's ``after``) so the board can patch a card
after a move without reading the plan again. Both go through ``card``: one way to make a card.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from cockpit.kinds import Lane, Status
from cockpit.rules.scope import CHECKS, Fit, fit, rescue_warning, scope_frozen
from cockpit.rules.statement import StatementCheck, check_statement
from cockpit.snapshot import Cycle, ScopeItem

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
        hay = " ".join((self.title, self.description, self.owner or "no owner", self.kind, " ".join(self.risks),
                        self.asked_by, self.status)).casefold()
        return all(word in hay for word in needle.casefold().split())


def card(item: ScopeItem, names: Mapping[int, str]) -> Card:
    """The card of one scope item; ``names`` maps person ids to names (for the owner)."""
    risks = tuple(a for a in (item.risk_areas or "").split(",") if a)
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


def card_from_values(values: Mapping[str, Any], names: Mapping[int, str]) -> Card:
    """The card of a ``scope_item`` row given as column values (a change's row snapshot)."""
    row: dict[str, Any] = {name: values.get(name) for name in _ITEM_FIELDS}
    return card(ScopeItem(**row), names)


def card_order(card: Card) -> tuple[int, int]:
    """Board order within a lane: by position, then id."""
    return (card.position, card.id)


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
