"""The real app under Xvfb: drag a card from In release to Cut with the mouse, type the reason."""

from __future__ import annotations

from pathlib import Path

from rig import read_plan

CARD = "Receipt email after payment"


def test_drag_a_card_to_cut_and_give_the_reason(cockpit, example_plan: Path):
    app = cockpit("open", example_plan)
    app.wait_window("Team plan billing")
    app.key("ctrl+2")
    start = app.centre(f"In release/{CARD}")
    x, y, w, h = app.where()["Cut"]
    app.drag(start, (x + w // 2, y + h - 40))
    app.wait_window("Cut from the release")  # the reason dialog
    app.key("ctrl+a")
    app.type("Receipts can wait a cycle")
    app.key("Return")
    app.wait_window("Team plan billing")
    app.screenshot("board-after-drag")
    assert app.quit() == 0
    rows = read_plan(example_plan, "SELECT lane, cut_reason FROM scope_item WHERE title = ?", (CARD,))
    assert rows == [("cut", "Receipts can wait a cycle")]
    log = read_plan(example_plan, "SELECT summary FROM change_log ORDER BY id DESC LIMIT 1")
    assert log == [("Cut 1 item: Receipts can wait a cycle",)]
