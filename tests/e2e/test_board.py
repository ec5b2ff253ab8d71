"""The real app under Xvfb: drag a card from In release to Cut with the mouse, type the reason; on a
1024×768 projector in presentation mode, the same drag, then the card's editor and back by keyboard."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rig import App, need_tools, read_plan, read_while_open, wait_for, xvfb_display

CARD = "Receipt email after payment"
PLAN_WINDOW = "Team plan billing"
WIDTH, HEIGHT = 1024, 768


def test_drag_a_card_to_cut_and_give_the_reason(cockpit, example_plan: Path):
    app = cockpit("open", example_plan)
    app.wait_window(PLAN_WINDOW)
    app.key("ctrl+2")
    start = app.centre(f"In release/{CARD}")
    x, y, w, h = app.where()["Cut"]
    app.drag(start, (x + w // 2, y + h - 40))
    app.wait_window("Cut from the release")  # the reason dialog
    app.key("ctrl+a")
    app.type("Receipts can wait a cycle")
    app.key("Return")
    app.wait_window(PLAN_WINDOW)
    app.screenshot("board-after-drag")
    assert app.quit() == 0
    rows = read_plan(example_plan, "SELECT lane, cut_reason FROM scope_item WHERE title = ?", (CARD,))
    assert rows == [("cut", "Receipts can wait a cycle")]
    log = read_plan(example_plan, "SELECT summary FROM change_log ORDER BY id DESC LIMIT 1")
    assert log == [("Cut “Receipt email after payment”: Receipts can wait a cycle",)]


# -- a 1024×768 projector ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small_screen() -> Iterator[str]:
    """A private X server of the smallest projector, 1024×768."""
    need_tools()
    with xvfb_display(f"{WIDTH}x{HEIGHT}") as display:
        yield display


def _inside(rect: list[int], area: list[int]) -> bool:
    x, y, w, h = rect
    ax, ay, aw, ah = area
    return w > 0 and h > 0 and x >= ax and y >= ay and x + w <= ax + aw and y + h <= ay + ah


def _on_screen(app: App, name: str) -> list[int]:
    """``name``'s rectangle, checked to lie wholly inside the 1024×768 screen and the window."""
    places = app.where()
    assert name in places, f"{name!r} is not shown; shown: {sorted(places)[:60]}"
    window = next(rect for key, rect in places.items() if key.startswith("window:") and PLAN_WINDOW in key)
    for area in ([0, 0, WIDTH, HEIGHT], window):
        assert _inside(places[name], area), f"{name!r} at {places[name]} is not wholly inside {area}"
    return places[name]


def _centre(rect: list[int]) -> tuple[int, int]:
    return rect[0] + rect[2] // 2, rect[1] + rect[3] // 2


def test_on_a_1024x768_projector_drag_to_cut_edit_the_card_and_park_it_by_keyboard(small_screen: str, tmp_path: Path,
                                                                                   example_plan: Path):
    home = tmp_path / "home"
    home.mkdir()
    app = App(["open", str(example_plan)], small_screen, home, tmp_path)
    try:
        app.wait_window(PLAN_WINDOW)
        app.key("F5")  # presentation mode: 22 px type
        assert wait_for(lambda: "presentation=true" in (home / "config/window.ini").read_text(errors="replace")
                        if (home / "config/window.ini").exists() else False)
        time.sleep(0.5)
        app.key("ctrl+2")
        time.sleep(0.5)
        lane = _on_screen(app, "In release")
        for _ in range(12):  # the lane scrolls up and down (the wheel), never sideways
            place = app.where().get(f"In release/{CARD}")
            if place and _inside(place, lane):
                break
            app.xdo("mousemove", "--sync", *map(str, _centre(lane)))
            app.xdo("click", "5")
            time.sleep(0.15)
        card = _on_screen(app, f"In release/{CARD}")
        assert _inside(card, lane), "the card is not wholly in sight in its lane"
        cut = _on_screen(app, "Cut")
        app.screenshot("projector-1024-board")
        app.drag(_centre(card), _centre(cut))
        app.wait_window("Cut from the release")
        app.key("ctrl+a")
        app.type("Receipts can wait a cycle")
        app.key("Return")
        app.wait_window(PLAN_WINDOW)
        assert wait_for(lambda: read_while_open(example_plan, f"SELECT lane FROM scope_item WHERE title = '{CARD}'",
                                                tmp_path) == [("cut",)])
        _on_screen(app, f"Cut/{CARD}")  # the cut card is selected and in sight in the Cut lane

        app.key("F2")  # to the card's editor below the lanes: scrolled into sight, the whole title shown
        time.sleep(0.3)
        _on_screen(app, "Card title")
        _on_screen(app, "Card owner")
        app.screenshot("projector-1024-editor")
        app.key("Escape")  # back to the card
        time.sleep(0.3)
        app.key("p")  # Park for next cycle: it asks why the card waits (optional)
        app.wait_window("Park for the next cycle")  # no window manager on Xvfb: focus the prompt as one would
        prompt = app.where()["window:Park for the next cycle"]
        assert _inside(prompt, [0, 0, WIDTH, HEIGHT]), f"the prompt at {prompt} leaves the 1024×768 screen"
        app.type("After the provider review")
        app.key("Return")
        app.wait_window("Team plan billing")
        query = f"SELECT lane, cut_reason FROM scope_item WHERE title = '{CARD}'"
        assert wait_for(lambda: read_while_open(example_plan, query, tmp_path)
                        == [("parked", "After the provider review")]), "P did not park the card after Escape"
        _on_screen(app, f"Parked (next cycle)/{CARD}")
        for name in ("In release", "Cut", "Parked (next cycle)"):  # the page back at the lanes, whole
            _on_screen(app, name)
        app.screenshot("projector-1024-parked")
        assert app.quit() == 0
    finally:
        app.kill()
