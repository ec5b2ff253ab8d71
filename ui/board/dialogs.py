"""The one question the board asks itself: why cards are cut (the reason goes into the stakeholder note).

Reasons the core needs (the freeze override) are asked by the hub when the service raises ``NeedsReason``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QInputDialog, QWidget

from cockpit.reports.board import Card

CUT_REASONS = (
    "Not needed for the release to be usable",
    "Next cycle: not part of the one job this release fixes",
    "Too risky to test and roll back before the target",
    "No one can own and finish it before the target",
)


def ask_cut_reason(parent: QWidget, cards: Sequence[Card]) -> str | None:
    """Ask why cards are cut; the first failed check (if any) is offered first. None: cancelled."""
    offered = [card.failed[0].capitalize() for card in cards if card.failed][:1] + list(CUT_REASONS)
    offered = list(dict.fromkeys(offered))
    names = cards[0].title if len(cards) == 1 else f"{len(cards)} cards"
    reason, ok = QInputDialog.getItem(parent, "Cut from the release",
                                      f"Why is “{names}” cut? The reason goes into the stakeholder note.",
                                      offered, 0, True)
    return reason.strip() if ok and reason.strip() else None
