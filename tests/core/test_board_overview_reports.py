"""The board and the Overview show what the services enforce (issue 16, findings 1, 3 and 4).

Plans are built through the services, read with ``read_live`` and shown with the pure reports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from _support import FIXED_TODAY, refused

from cockpit.errors import ScopeFrozen
from cockpit.reader import read_live
from cockpit.reports.board import board, card_from_values
from cockpit.reports.overview import overview
from cockpit.rules.dates import four_week_dates, monday_on_or_after
from cockpit.rules.work import blockage
from cockpit.services import people, release, scope, timeline
from cockpit.store import create_plan

START = monday_on_or_after(FIXED_TODAY)


@pytest.fixture
def fresh(tmp_path: Path):
    """A new plan with one release (planning), one person and one owned card in the release."""
    plan = create_plan(tmp_path / "fresh.cockpit")
    target, backup = four_week_dates(START)
    release_id = release.create_release(plan, "Card payments", START, target, backup,
                                        "Customers cannot pay an invoice by card.").result
    maya = people.add_person(plan, "Maya Okafor", 5).result
    scope.add_item(plan, release_id, "Pay by card", owner_id=maya, estimate_days=2)
    scope.add_item(plan, release_id, "Dark mode", lane="parked", owner_id=maya)
    try:
        yield plan, release_id, maya
    finally:
        plan.close()


def _adding_is_refused(plan, release_id: int) -> bool:
    """Does the scope service ask for a freeze override to put a card into the release?"""
    try:
        scope.add_item(plan, release_id, "Late idea", lane="in release")
    except ScopeFrozen:
        return True
    return False


# -- finding 1: frozen means the same thing on the board, the Overview and in the service ----------------
def test_after_shipped_the_board_says_frozen_and_the_service_asks_for_an_override(fresh) -> None:
    plan, release_id, _ = fresh
    release.set_outcome(plan, release_id, "shipped", START + dt.timedelta(days=25))
    cycle = read_live(plan)
    assert cycle.release.phase == "shipped"
    assert board(cycle).frozen
    assert overview(cycle, FIXED_TODAY).frozen
    # The phase decides, whatever the freeze moment says (the old board read ``frozen_at``).
    unstamped = replace(cycle, release=replace(cycle.release, frozen_at=None))
    assert board(unstamped).frozen and overview(unstamped, FIXED_TODAY).frozen
    refused(plan, ScopeFrozen, "frozen", lambda: scope.add_item(plan, release_id, "Late idea", lane="in release"))
    parked = [c.id for c in board(cycle).lanes["parked"]]
    refused(plan, ScopeFrozen, "frozen", lambda: scope.move_items(plan, parked, "in release"))


@pytest.mark.parametrize("step", ["planning", "building", "testing", "shipping", "shipped", "rolled back",
                                  "outcome shipped", "outcome slipped", "outcome rolled back"])
def test_board_frozen_iff_the_service_asks_for_an_override(fresh, step: str) -> None:
    plan, release_id, _ = fresh
    path = {"testing": ["testing"], "shipping": ["testing", "shipping"], "shipped": ["testing", "shipped"],
            "rolled back": ["testing", "shipping", "rolled back"], "building": ["building"]}
    for phase in path.get(step, []):
        release.set_phase(plan, release_id, phase, confirmed=True)
    if step.startswith("outcome "):
        release.set_outcome(plan, release_id, step.removeprefix("outcome "), START + dt.timedelta(days=25))
    cycle = read_live(plan)
    refuses = _adding_is_refused(plan, release_id)
    assert board(cycle).frozen == overview(cycle, FIXED_TODAY).frozen == refuses
    stamped = replace(cycle.release, frozen_at=None if cycle.release.frozen_at else cycle.release.created_at)
    assert board(replace(cycle, release=stamped)).frozen == refuses  # the freeze moment never decides


# -- finding 3: unowned work includes the release path ------------------------------------------------
def test_overview_counts_an_unowned_release_path_task(fresh) -> None:
    plan, release_id, maya = fresh
    timeline.add_task(plan, release_id, "Payment provider go-live approval", area="approval")
    timeline.add_task(plan, release_id, "Deploy script", area="deploy steps", owner_id=maya)
    facts = overview(read_live(plan), FIXED_TODAY)
    assert facts.unowned_items == 1
    assert facts.unowned == 1
    assert [(p.kind, p.title) for p in facts.unowned_work] == [("task", "Payment provider go-live approval")]
    assert any("Payment provider go-live approval" in w for w in facts.warnings)
    scope.add_item(plan, release_id, "Expired card message")  # an unowned item joins it
    assert overview(read_live(plan), FIXED_TODAY).unowned_items == 2


# -- finding 4: one blocked number ------------------------------------------------------------------------
def test_overview_blocked_count_is_the_blockage_count(fresh) -> None:
    plan, release_id, maya = fresh
    blocked = scope.add_item(plan, release_id, "Refund flow", owner_id=maya).result
    scope.update_item(plan, blocked, status="blocked")
    cycle = read_live(plan)
    assert overview(cycle, FIXED_TODAY).blocked == blockage(cycle).count == 1  # the old Overview said 0
    check_in = timeline.record_check_in(plan, release_id, FIXED_TODAY, blocks="Waiting on the provider").result
    timeline.add_blocker(plan, release_id, "Provider sandbox down", remover_id=maya, raised_on=FIXED_TODAY,
                         check_in_id=check_in)
    cycle = read_live(plan)
    facts = overview(cycle, FIXED_TODAY)
    assert (facts.open_blockers, facts.blocked_work) == (1, 1)
    assert facts.blocked == blockage(cycle).count == 2


# -- cards: one way to make one ----------------------------------------------------------------------------
def test_a_card_from_a_change_row_equals_the_card_from_the_snapshot(fresh) -> None:
    plan, release_id, _ = fresh
    changes = scope.add_item(plan, release_id, "Receipts", kind="polish", risk_areas=["billing/payments"])
    row = next(r for r in changes.rows if r.table == "scope_item")
    cycle = read_live(plan)
    from_snapshot = next(c for c in board(cycle).lanes["in release"] if c.id == row.key)
    assert card_from_values(dict(row.after or ()), cycle.names) == from_snapshot
    assert from_snapshot.risky and from_snapshot.warning
