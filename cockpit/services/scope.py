"""Scope items: add, edit, move between lanes (cut, park, restore), reorder, cut all candidates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cockpit import clock, settings
from cockpit.errors import NeedsReason, ScopeFrozen, ValidationError
from cockpit.kinds import ItemKind, Lane, RiskArea, Status
from cockpit.rules.scope import REESTIMATE, default_lane, failed_checks, needs_override, offered_cut_reasons
from cockpit.services import ownership, validate
from cockpit.services.core import Changes, Tx, change, read
from cockpit.snapshot import Release, ScopeItem
from cockpit.store import Plan
from cockpit.text import shown

GAP = 1024
DEFAULT_CUT_REASON = "Not needed for the release to be usable"
#: fields ``update_item`` edits; the owner (``owner_id``) is also accepted but written by ``ownership``
EDITABLE = ("title", "description", "kind", "asked_by", "estimate_days", "status", "risk_areas",
            "check_usable", "check_owner_can_finish", "check_testable", "external_key")
OWNER = "owner_id"


def risk_text(areas: Any) -> str:
    """Risk areas as stored: comma-separated, in RiskArea order, each validated."""
    if areas is None:
        return ""
    if isinstance(areas, str):
        areas = [a for a in areas.split(",") if a.strip()]
    chosen = {validate.choice(a.strip() if isinstance(a, str) else a, RiskArea, "risk area") for a in areas}
    return ",".join(area.value for area in RiskArea if area.value in chosen)


def _clean(tx: Tx, field: str, value: Any) -> Any:
    match field:
        case "title":
            return validate.title(value)
        case "description":
            return validate.text(value, "description")
        case "kind":
            return validate.choice(value, ItemKind, "kind")
        case "asked_by":
            return validate.text(value, "“asked by”", limit=80)
        case "estimate_days":
            return validate.estimate(value)
        case "owner_id":
            return ownership.check_owner(tx, value)
        case "status":
            return validate.choice(value, Status, "status")
        case "risk_areas":
            return risk_text(value)
        case "check_usable" | "check_owner_can_finish" | "check_testable":
            if not isinstance(value, bool):
                raise ValidationError("A check is either passed or failed.")
            return value
        case "external_key":
            return None if value in (None, "") else validate.text(value, "external key", limit=200)
    raise ValidationError(f"“{field}” is not something a scope item has.")


def _lane_items(tx: Tx, release_id: int, lane: str) -> tuple[ScopeItem, ...]:
    return tx.find(ScopeItem, "release_id = ? AND lane = ?", (release_id, lane), "position, id")


def _end_of_lane(tx: Tx, release_id: int, lane: str) -> int:
    """The position after a lane's last card (0 for an empty lane)."""
    last = tx.conn.execute("SELECT max(position) FROM scope_item WHERE release_id = ? AND lane = ?",
                           (release_id, lane)).fetchone()[0]
    return int(last) + GAP if last is not None else 0


def _release_of(plan: Plan, item_id: int) -> int | None:
    """The release a card belongs to (None when the card is gone)."""
    item = read(plan, lambda tx: tx.first(ScopeItem, "id = ?", (item_id,)))
    return item.release_id if item is not None else None


def freeze_override(tx: Tx, release: Release, lane: str, reason: str) -> str:
    """The override reason putting items into ``lane`` needs ('' when the freeze rule does not apply).

    Decided by ``rules.scope.needs_override`` (the release's phase). Call it after every other
    check of the change: a missing reason raises ``ScopeFrozen`` (a ``NeedsReason``) with the plan's
    ``freeze_override_hint`` so the person is asked and the call retried with ``override_reason``.
    """
    if not needs_override(release.phase, lane):
        return ""
    text = validate.text(reason, "override reason", limit=500)
    if not text:
        raise ScopeFrozen(f"Scope is frozen (the release is {release.phase}): adding to it needs an override "
                          "reason, and the item is marked a late addition.",
                          hint=settings.get(tx, "freeze_override_hint"))
    return text


def add_item(plan: Plan, release_id: int, title: str, *, lane: Any = None, override_reason: str = "",
             **fields: Any) -> Changes:
    """Add a card. Default lane: In release while planning, Parked once scope is frozen.

    Into In release after the freeze, ``override_reason`` is needed (asked for last, see
    ``freeze_override``) and the card is marked a late addition.
    """

    def work(tx: Tx) -> int:
        release = tx.get(Release, release_id, "release")
        lane_value = validate.choice(lane, Lane, "lane") if lane is not None else default_lane(release.phase)
        values = {name: _clean(tx, name, value) for name, value in fields.items()}
        values["title"] = validate.title(title)
        late = freeze_override(tx, release, lane_value, override_reason)
        if lane_value == Lane.CUT.value:
            values["cut_reason"] = DEFAULT_CUT_REASON
        position = _end_of_lane(tx, release_id, lane_value)
        item = tx.add(ScopeItem(release_id=release_id, lane=lane_value, position=position,
                                added_at=clock.now(), late_addition=bool(late), late_reason=late, **values))
        return item.id

    return change(plan, "scope", "add item", work, release_id=release_id, summary=f"Add “{str(title).strip()}”")


def update_item(plan: Plan, item_id: int, **fields: Any) -> Changes:
    """Edit a card's fields (see ``EDITABLE``); each value is checked before anything is written.

    The owner is one fact with one writer: ``owner_id`` alone is ``ownership.set_owner`` (same
    checks, same change-log row); with other fields it is written by ``ownership.assign`` in the
    same step.
    """
    unknown = set(fields) - {*EDITABLE, OWNER}
    if unknown:
        raise ValidationError(f"“{sorted(unknown)[0]}” is not something a scope item has.")
    if set(fields) == {OWNER}:
        return ownership.set_owner(plan, "item", item_id, fields[OWNER])
    release_id = _release_of(plan, item_id)

    def work(tx: Tx) -> tuple[str, bool]:
        item = tx.get(ScopeItem, item_id, "scope item")
        values = {name: _clean(tx, name, value) for name, value in fields.items() if name != OWNER}
        if OWNER in fields:
            ownership.assign(tx, item, fields[OWNER])
        # a first estimate (from none) is planning, not a re-estimate
        new = values.get("estimate_days", item.estimate_days)
        reestimated = item.estimate_days > 0 and new != item.estimate_days
        return tx.update(item, **values).title, reestimated

    what = ", ".join(name.replace("_id", "").replace("_", " ") for name in fields)
    # A new estimate is logged as its own action: the track record counts re-estimates (churn)
    return change(plan, "scope", lambda done: REESTIMATE if done[1] else "edit item", work, release_id=release_id,
                  summary=lambda done: f"Edit “{done[0]}”: {what}")


def move_items(plan: Plan, item_ids: Sequence[int], lane: Any, index: int | None = None, *,
               before_id: int | None = None, reason: str | None = None, override_reason: str = "") -> Changes:
    """Move cards to a lane, keeping their order. One undo step.

    Where: before the card ``before_id``, else at ``index`` among the cards staying in
    that lane, else at the end. Into Cut: ``reason`` is required and kept. Into Parked: the
    reason why it waits is asked (``NeedsReason``, optional: ``""`` leaves it out) and kept. Into
    In release after the freeze:
    ``override_reason`` is required and the card is marked a late addition.
    """
    lane_value = validate.choice(lane, Lane, "lane")
    ids = list(dict.fromkeys(item_ids))
    if not ids:
        raise ValidationError("Pick at least one card to move.")
    cut_reason = validate.text(reason or "", "cut reason", limit=500)
    release_id = _release_of(plan, ids[0])
    #: the card's title when one card moves: the undo entry and the log name it ("Undo Cut “SSO”")
    named: list[str] = []

    def work(tx: Tx) -> int:
        moving = [tx.get(ScopeItem, item_id, "scope item") for item_id in ids]
        named[:] = [shown(moving[0].title, 60)] if len(moving) == 1 else []
        if release_id is None or any(item.release_id != release_id for item in moving):
            raise ValidationError("Those cards belong to different cycles.")
        release = tx.get(Release, release_id, "release")
        arriving = [item for item in moving if item.lane != lane_value]
        # Every other check is done: only now ask for what a rule needs (a reason, then an override).
        if lane_value == Lane.CUT.value and arriving and not cut_reason:
            names = f"“{shown(arriving[0].title)}”" if len(arriving) == 1 else f"{len(arriving)} cards"
            raise NeedsReason(f"Why is {names} cut? The reason goes into the stakeholder note.", field="reason",
                              hint="What makes the release usable without it?",
                              choices=offered_cut_reasons(list(arriving)), title="Cut from the release")
        if lane_value == Lane.PARKED.value and arriving and reason is None:
            names = f"“{shown(arriving[0].title)}”" if len(arriving) == 1 else f"{len(arriving)} cards"
            raise NeedsReason(f"Why does {names} wait?", field="reason", optional=True,
                              title="Park for the next cycle", hint="Optional: Enter without a reason skips it.")
        late = freeze_override(tx, release, lane_value, override_reason) if arriving else ""
        moving_ids = set(ids)
        staying = [(item_id, pos) for item_id, pos in _lane_positions(tx, release_id, lane_value)
                   if item_id not in moving_ids]
        if before_id is not None and before_id not in moving_ids:
            at = next((i for i, (item_id, _) in enumerate(staying) if item_id == before_id), len(staying))
        else:
            at = len(staying) if index is None else max(0, min(index, len(staying)))
        positions = _positions(tx, staying, at, len(moving))
        for item, position in zip(moving, positions, strict=True):
            values: dict[str, Any] = {"lane": lane_value, "position": position}
            if item.lane != lane_value:  # why it left the release: required for a cut, optional when parked
                values["cut_reason"] = cut_reason if lane_value in (Lane.CUT.value, Lane.PARKED.value) else ""
                if lane_value == Lane.IN_RELEASE.value and late:
                    values.update(late_addition=True, late_reason=late)
            elif lane_value == Lane.CUT.value and cut_reason:
                values["cut_reason"] = cut_reason
            tx.update(item, **values)
        return len(moving)

    verb = {Lane.CUT.value: "Cut", Lane.PARKED.value: "Park", Lane.IN_RELEASE.value: "Move into the release"}
    def summary(n: int) -> str:
        what = f"“{named[0]}”" if named else f"{n} item{'s' if n != 1 else ''}"
        return f"{verb[lane_value]} {what}" + (f": {cut_reason}" if cut_reason and lane_value != Lane.IN_RELEASE.value
                                               else "")

    return change(plan, "scope", f"move to {lane_value}", work, release_id=release_id, summary=summary)


def _lane_positions(tx: Tx, release_id: int, lane: str) -> list[tuple[int, int]]:
    """(id, position) of a lane's cards in order: cheap even for a thousand cards."""
    rows = tx.conn.execute("SELECT id, position FROM scope_item WHERE release_id = ? AND lane = ? "
                           "ORDER BY position, id", (release_id, lane))
    return [(int(item_id), int(position)) for item_id, position in rows]


def _positions(tx: Tx, staying: list[tuple[int, int]], at: int, count: int) -> list[int]:
    """Sparse positions for ``count`` cards inserted before ``staying[at]``; renumbers only when out of room."""
    low = staying[at - 1][1] if at > 0 else None
    high = staying[at][1] if at < len(staying) else None
    if low is None and high is None:
        return [i * GAP for i in range(count)]
    if high is None:
        assert low is not None  # both None was handled just above
        return [low + (i + 1) * GAP for i in range(count)]
    if low is None:
        low = high - (count + 1) * GAP
    step = (high - low) // (count + 1)
    if step >= 1:
        return [low + (i + 1) * step for i in range(count)]
    # No room between the neighbours: respace the whole lane, leaving a gap for the newcomers.
    for i, (item_id, _) in enumerate(staying):
        shift = count if i >= at else 0
        tx.update(tx.get(ScopeItem, item_id), position=(i + shift) * GAP)
    return [(at + i) * GAP for i in range(count)]


def cut_candidates(plan: Plan, release_id: int) -> Changes:
    """Cut every in-release item that fails one of the three checks, each with its failed check as reason."""

    def work(tx: Tx) -> int:
        items = _lane_items(tx, release_id, Lane.IN_RELEASE.value)
        position = _end_of_lane(tx, release_id, Lane.CUT.value)
        count = 0
        for item in items:
            failed = failed_checks(item)
            if failed:
                tx.update(item, lane=Lane.CUT.value, position=position, cut_reason="; ".join(failed))
                position += GAP
                count += 1
        if not count:
            raise ValidationError("No cut candidates: every item in the release passes the three checks.")
        return count

    return change(plan, "scope", "cut candidates", work, release_id=release_id,
                  summary=lambda n: f"Cut {n} item{'s' if n != 1 else ''} that failed the three checks")


def delete_items(plan: Plan, item_ids: Sequence[int]) -> Changes:
    """Delete several cards in one undo step."""
    ids = list(dict.fromkeys(item_ids))
    if not ids:
        raise ValidationError("Pick at least one card to delete.")
    release_id = _release_of(plan, ids[0])

    def work(tx: Tx) -> int:
        for item_id in ids:
            tx.delete(tx.get(ScopeItem, item_id, "scope item"))
        return len(ids)

    return change(plan, "scope", "delete items", work, release_id=release_id,
                  summary=lambda n: f"Delete {n} card{'s' if n != 1 else ''}")


def delete_item(plan: Plan, item_id: int) -> Changes:
    """Delete one card."""
    release_id = _release_of(plan, item_id)

    def work(tx: Tx) -> str:
        item = tx.get(ScopeItem, item_id, "scope item")
        tx.delete(item)
        return item.title

    return change(plan, "scope", "delete item", work, release_id=release_id,
                  summary=lambda title: f"Delete “{title}”")
