"""What the scope board shows: cards per lane, fit, freeze, warnings. Plain values, no Qt."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import select

from cockpit import settings
from cockpit.model import Lane, Person, Release, ScopeItem, Status
from cockpit.rules.scope import CHECKS, Fit, fit, rescue_warning
from cockpit.rules.statement import StatementCheck, check_statement
from cockpit.store import Plan

SHORT_CHECKS = {"check_usable": "not needed to be usable", "check_owner_can_finish": "no owner can finish in time",
                "check_testable": "cannot test or roll back"}


@dataclass(frozen=True, slots=True)
class Card:
    """One scope item as the board shows it."""

    id: int
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
        return bool(self.risks)

    @property
    def candidate(self) -> bool:
        """Fails one of the three checks (only meaningful in the release)."""
        return bool(self.failed)

    @property
    def open(self) -> bool:
        return self.status != Status.DONE.value

    def matches(self, needle: str) -> bool:
        """Find: text, owner, kind or risk area contains every word typed."""
        hay = " ".join((self.title, self.description, self.owner or "no owner", self.kind, " ".join(self.risks),
                        self.asked_by, self.status)).casefold()
        return all(word in hay for word in needle.casefold().split())


def card_from_values(values: Mapping[str, Any], names: Mapping[int, str]) -> Card:
    """A card from a scope_item row (an ORM object's columns or a change snapshot)."""
    risks = tuple(a for a in str(values["risk_areas"] or "").split(",") if a)
    checks = (bool(values["check_usable"]), bool(values["check_owner_can_finish"]), bool(values["check_testable"]))
    failed = tuple(SHORT_CHECKS[attr] for (attr, _), ok in zip(CHECKS, checks, strict=True) if not ok)
    owner_id = values["owner_id"]
    return Card(
        id=values["id"], title=values["title"], description=values["description"] or "", kind=values["kind"],
        asked_by=values["asked_by"] or "", estimate=float(values["estimate_days"] or 0), owner_id=owner_id,
        owner=names.get(owner_id) if owner_id is not None else None, status=values["status"], lane=values["lane"],
        position=values["position"], risks=risks, failed=failed, cut_reason=values["cut_reason"] or "",
        late=bool(values["late_addition"]), late_reason=values["late_reason"] or "",
        warning=rescue_warning(values["kind"]), checks=checks, external_key=values.get("external_key"),
    )


@dataclass(frozen=True)
class Board:
    release_id: int
    frozen: bool
    lanes: dict[str, list[Card]]
    people: dict[int, str]
    capacity: dict[int, float]
    statement: StatementCheck
    start: dt.date
    target: dt.date
    focus: float
    freeze_hint: str
    warnings: list[str] = field(default_factory=list)

    def fit(self, today: dt.date | None = None, lanes: Mapping[str, list[Card]] | None = None) -> Fit:
        cards = (lanes or self.lanes)[Lane.IN_RELEASE.value]
        return fit([c.estimate for c in cards if c.open], list(self.capacity.values()), today or dt.date.today(),
                   self.start, self.target, self.focus)


def _sort_key(card: Card) -> tuple[int, int]:
    return (card.position, card.id)


def board(plan: Plan, release_id: int) -> Board:
    with plan.read() as s:
        release = s.get(Release, release_id)
        if release is None:
            raise LookupError("release gone")
        people = list(s.exec(select(Person).order_by(Person.name)))
        names = {p.id: p.name for p in people if p.id is not None}
        lanes: dict[str, list[Card]] = {lane.value: [] for lane in Lane}
        table = ScopeItem.__table__  # type: ignore[attr-defined]
        rows = s.connection().execute(table.select().where(table.c.release_id == release_id)).mappings()
        for row in rows:
            card = card_from_values(row, names)
            lanes.setdefault(card.lane, []).append(card)
        for cards in lanes.values():
            cards.sort(key=_sort_key)
        max_words = int(settings.get_float(s, "statement_max_words"))
        return Board(
            release_id=release_id, frozen=release.frozen_at is not None, lanes=lanes, people=names,
            capacity={p.id: p.days_per_week for p in people if p.id is not None},
            statement=check_statement(release.problem, max_words), start=release.start_date,
            target=release.target_date, focus=settings.get_float(s, "focus_factor"),
            freeze_hint=settings.get(s, "freeze_override_hint"),
        )
