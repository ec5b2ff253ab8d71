"""The real app on a projector: Xvfb at 1280×720, presentation mode (F5) on, driven by keyboard and mouse.

Go/No-go (Ctrl+6): wheel the question column to question 4, click into its field, type what was tested,
click Confirm tested; click Draft from the plan and Mark as sent (question 5); scroll back up and click
Save this review. The plan file holds the recorded verdict (NO-GO: the example plan still fails questions
1–3, which other views fix) and the history on screen shows it. Scope (Ctrl+2): drag a card from In release
to the Cut lane with a real mouse drag and type the reason: the file holds the cut, the lane shows it.

"Every step on screen": before each click (a click into a field comes before typing there), the target's
rectangle from the app's own probe (``ui/e2e_probe.py``) must lie wholly inside the 1280×720 screen, the
window and, for a control in the Go/No-go question column, the part of the column's scroll area in sight
(the probe's rectangles are not clipped by scroll areas). The column may be scrolled up and down with the
mouse wheel, as a person would (vertical scrolling is allowed, sideways is not); a control that cannot be
brought wholly into sight fails the test, naming it and where it lies.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rig import App, need_tools, read_while_open, wait_for, xvfb_display

WIDTH, HEIGHT = 1280, 720
SCREEN = (0, 0, WIDTH, HEIGHT)
PLAN_WINDOW = "Team plan billing"

#: Go/No-go's controls as the probe names them (buttons by their text without the mnemonic's "&")
PATH_FIELD = "What was tested on the production-like setup"
PATH_NOTE = "Staging copy of production: build, deploy, migration, alerts"
CONFIRM = "Confirm tested"
DRAFT = "Draft from the plan"
SENT_ON = "Date the note was sent"
MARK_SENT = "Mark as sent"
SAVE = "Save this review"
HISTORY = "History of go/no-go reviews"

CARD = "Receipt email after payment"
CUT_REASON = "Receipts can wait a cycle"

Rect = tuple[int, int, int, int]


# -- a projector-sized display ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def xvfb() -> Iterator[str]:
    """A private X server of a projector's 1280×720 (overrides conftest's 1366×768 one for this module,
    so conftest's ``cockpit`` launcher starts the app here)."""
    need_tools()
    with xvfb_display(f"{WIDTH}x{HEIGHT}") as display:
        size = subprocess.run(["xdotool", "getdisplaygeometry"], env={**os.environ, "DISPLAY": display},
                              capture_output=True, text=True, timeout=20).stdout.split()
        assert size == [str(WIDTH), str(HEIGHT)], f"the display is {size}, not {WIDTH}×{HEIGHT}"
        yield display


def _start_presenting(cockpit, plan: Path) -> App:
    """Open the plan, then F5 (View ▸ Presentation Mode), as the lead does in front of the room."""
    app = cockpit("open", plan)
    app.wait_window(PLAN_WINDOW)
    window = _main_window(app.where())
    assert _inside(window, SCREEN), f"the window {window} does not fit the {WIDTH}×{HEIGHT} screen"
    app.key("F5")
    settings = app.env["COCKPIT_HOME"] + "/config/window.ini"
    assert wait_for(lambda: Path(settings).exists() and "presentation=true" in Path(settings).read_text()), \
        "F5 did not turn presentation mode on"
    time.sleep(0.5)  # the new font and palette lay every view out again
    window = _main_window(app.where())
    assert _inside(window, SCREEN), f"in presentation mode the window {window} does not fit the screen"
    return app


# -- where things are ------------------------------------------------------------------------------
def _rect(value: list[int]) -> Rect:
    x, y, w, h = value
    return x, y, w, h


def _main_window(places: dict[str, list[int]]) -> Rect:
    found = [_rect(rect) for key, rect in places.items() if key.startswith("window:") and PLAN_WINDOW in key]
    assert found, f"the main window is not in the probe: {sorted(places)[:20]}"
    return found[0]


def _inside(rect: Rect, area: Rect) -> bool:
    x, y, w, h = rect
    ax, ay, aw, ah = area
    return w > 0 and h > 0 and x >= ax and y >= ay and x + w <= ax + aw and y + h <= ay + ah


def _leaves(rect: Rect, area: Rect) -> str:
    """How ``rect`` leaves ``area``, in words and pixels."""
    x, y, w, h = rect
    ax, ay, aw, ah = area
    sides = [f"{n} px {side}" for n, side in ((ax - x, "past the left edge"), (ay - y, "above the top"),
                                               (x + w - ax - aw, "past the right edge"),
                                               (y + h - ay - ah, "below the bottom")) if n > 0]
    return ", ".join(sides) or "empty"


def _find(places: dict[str, list[int]], name: str) -> Rect:
    if name not in places:
        raise AssertionError(f"{name!r} is not in the probe's map: hidden, out of its list's sight, or without an "
                             f"accessible name (the probe lists only named widgets); listed: {sorted(places)[:80]}")
    return _rect(places[name])


def on_screen(app: App, name: str, clip: Rect | None = None, what: str = "") -> Rect:
    """``name``'s rectangle, after checking it lies wholly inside the screen, the window and ``clip``."""
    places = app.where()
    rect = _find(places, name)
    window = _main_window(places)
    for area, called in ((SCREEN, f"the {WIDTH}×{HEIGHT} screen"), (window, f"the window {window}"),
                         (clip, f"the scroll area in sight {clip}")):
        if area is not None and not _inside(rect, area):
            app.screenshot(f"off-screen-{name[:30].replace('/', '-')}")
            raise AssertionError(f"{what or name!r} is not wholly on screen at {WIDTH}×{HEIGHT} in presentation "
                                 f"mode: its rectangle {rect} lies {_leaves(rect, area)} of {called}")
    return rect


def centre(rect: Rect) -> tuple[int, int]:
    x, y, w, h = rect
    return x + w // 2, y + h // 2


def click(app: App, name: str, clip: Rect | None = None) -> None:
    """A real click in the middle of ``name``, once it is checked to be wholly on screen."""
    app.click(*centre(on_screen(app, name, clip)))


# -- the Go/No-go question column ------------------------------------------------------------------
def question_column(app: App) -> Rect | None:
    """The part of the question column's scroll area in sight: the viewport that holds the verdict.

    The probe names each widget once, by its first occurrence: on Go/No-go the first scroll viewport is
    the column's (it holds the verdict); if a relayout changes that, None (only screen and window count).
    """
    places = app.where()
    verdict = _find(places, "Verdict")
    viewport = places.get("qt_scrollarea_viewport")
    if viewport is not None and _inside((verdict[0], verdict[1], 1, 1), _rect(viewport)):
        return _rect(viewport)
    return None


def in_column(app: App, anchor: str, column: Rect | None) -> Rect | None:
    """``column`` when ``anchor`` (a question tile, the verdict) starts inside it, across; else None."""
    if column is None:
        return None
    x = _find(app.where(), anchor)[0]
    return column if column[0] <= x < column[0] + column[2] else None


def scroll_to(app: App, name: str, clip: Rect | None, notches: int = 40) -> None:
    """Turn the mouse wheel over ``clip``'s left margin (no field or combo there to take the wheel)
    until ``name`` is wholly in sight vertically, or it stops moving."""
    if clip is None:
        return
    pointer = (clip[0] + 8, clip[1] + clip[3] // 2)
    top, bottom = clip[1], clip[1] + clip[3]
    last: Rect | None = None
    for _ in range(notches):
        rect = _find(app.where(), name)
        if (rect[1] >= top and rect[1] + rect[3] <= bottom) or rect == last:
            return
        last = rect
        app.xdo("mousemove", str(pointer[0]), str(pointer[1]))  # no --sync: it waits 15 s when already there
        app.xdo("click", "5" if rect[1] + rect[3] > bottom else "4")  # wheel down / up
        time.sleep(0.15)


def card_in_sight(places: dict[str, list[int]], lane: str, title: str) -> bool:
    """The card is wholly in sight in its lane. The probe clips an item to what its list shows, and every
    card of a lane is one height: a card shorter than the lane's tallest is partly out of sight."""
    key = f"{lane}/{title}"
    if key not in places:
        return False
    full = max(rect[3] for name, rect in places.items() if name.startswith(f"{lane}/"))
    rect = _find(places, key)
    return rect[3] >= full and _inside(rect, _find(places, lane))


def bring_card_into_sight(app: App, lane: str, title: str) -> None:
    """If the card is not wholly in sight in its lane, click the lane's top card and press Down until it is
    (the lane scrolls to the current card; one wheel notch scrolls three cards, past the one wanted)."""
    places = app.where()
    if card_in_sight(places, lane, title):
        return
    shown = sorted((rect[1], name) for name, rect in places.items()
                   if name.startswith(f"{lane}/") and card_in_sight(places, lane, name.split("/", 1)[1]))
    assert shown, f"no card of {lane} is wholly in sight in the lane {places.get(lane)}"
    click(app, shown[0][1], _find(places, lane))
    for _ in range(20):
        app.key("Down")
        if card_in_sight(app.where(), lane, title):
            return


# -- the tests -------------------------------------------------------------------------------------
def test_go_no_go_to_a_recorded_verdict_with_every_step_on_screen(cockpit, example_plan: Path, tmp_path: Path):
    def plan(sql: str) -> list[tuple]:
        return read_while_open(example_plan, sql, tmp_path)

    assert plan("SELECT count(*) FROM go_no_go_review") == [(0,)]
    app = _start_presenting(cockpit, example_plan)
    app.key("ctrl+6")
    time.sleep(0.5)
    on_screen(app, "Verdict")
    app.screenshot("gonogo-1-open")
    column = question_column(app)

    # Question 4: wheel the column to the field, click into it, type what was tested, click Confirm tested.
    q4 = in_column(app, "Question 4", column)
    scroll_to(app, PATH_FIELD, q4)
    click(app, PATH_FIELD, q4)
    app.key("ctrl+a")
    app.type(PATH_NOTE)
    app.screenshot("gonogo-2-path-typed")
    scroll_to(app, CONFIRM, q4)
    click(app, CONFIRM, q4)
    today = dt.date.today().isoformat()
    assert wait_for(lambda: plan("SELECT path_tested_at, path_tested_note FROM release")
                    == [(today, PATH_NOTE)]), "the release path was not confirmed"
    app.screenshot("gonogo-3-path-confirmed")

    # Question 5: draft the note from the plan (click), see the day it was sent, Mark as sent (click).
    note = in_column(app, "Stakeholder note", column)
    scroll_to(app, DRAFT, note)
    click(app, DRAFT, note)
    assert wait_for(lambda: plan("SELECT length(body) > 0 FROM stakeholder_note") == [(1,)]), \
        "Draft from the plan wrote no note"
    scroll_to(app, SENT_ON, note)
    on_screen(app, SENT_ON, note)  # the day it goes out with: today
    scroll_to(app, MARK_SENT, note)
    click(app, MARK_SENT, note)
    assert wait_for(lambda: plan("SELECT sent_on FROM stakeholder_note") == [(today,)]), "the note was not marked sent"
    app.screenshot("gonogo-4-note-sent")

    # The verdict: scroll back up to it and save the review with a click.
    head = in_column(app, "Verdict", column)
    scroll_to(app, SAVE, head)
    click(app, SAVE, head)
    saved = wait_for(lambda: plan("SELECT verdict, stop_authority, answers FROM go_no_go_review"))
    assert saved, "no review was saved"
    (verdict, stop_authority, answers), = saved
    passed = {answer["key"]: answer["passed"] for answer in json.loads(answers)}
    assert (verdict, stop_authority) == ("no-go", "Maya Chen")
    assert passed == {"problem": False, "owners": False, "rollback": False, "path": True, "stakeholders": True}
    scroll_to(app, "Verdict", head)  # up to read it
    on_screen(app, "Verdict", head)
    app.screenshot("gonogo-5-saved")

    # The saved verdict is in the history, on screen (its list shows only the entries in sight).
    history = in_column(app, HISTORY, column)
    scroll_to(app, HISTORY, history)
    entries = [key for key in app.where() if key.startswith(f"{HISTORY}/")]
    assert len(entries) == 1 and "NO-GO (2 of 5 pass)" in entries[0] and "Maya Chen" in entries[0], entries
    scroll_to(app, entries[0], history)
    on_screen(app, entries[0], history, what="the saved review in the history")
    app.screenshot("gonogo-6-history")
    assert app.quit() == 0


def test_cut_a_card_by_dragging_it_with_every_step_on_screen(cockpit, example_plan: Path, tmp_path: Path):
    app = _start_presenting(cockpit, example_plan)
    app.key("ctrl+2")
    time.sleep(0.5)
    app.screenshot("scope-1-open")
    lane = on_screen(app, "In release")
    bring_card_into_sight(app, "In release", CARD)
    card = on_screen(app, f"In release/{CARD}", lane, what="the card to cut")
    assert card_in_sight(app.where(), "In release", CARD), f"the card to cut {card} is partly out of its lane's sight"
    cut = on_screen(app, "Cut", what="the Cut lane")
    app.drag(centre(card), centre(cut))
    app.wait_window("Cut from the release")  # the reason prompt
    on_screen(app, "window:Cut from the release", what="the reason prompt")
    app.key("ctrl+a")
    app.type(CUT_REASON)
    app.screenshot("scope-2-reason")
    app.key("Return")
    assert wait_for(lambda: "window:Cut from the release" not in app.where()), "the reason prompt stayed open"
    app.wait_window(PLAN_WINDOW)
    rows = wait_for(lambda: read_while_open(example_plan, "SELECT lane, cut_reason FROM scope_item WHERE title = "
                                            f"'{CARD}'", tmp_path) == [("cut", CUT_REASON)])
    assert rows, "the card was not cut with the reason typed"
    # The card is seen landing: in sight in the Cut lane (the lane lists only the cards in sight).
    cut = on_screen(app, "Cut", what="the Cut lane")
    places = app.where()
    assert f"Cut/{CARD}" in places, f"the cut card is not in sight in the Cut lane {cut}: {sorted(places)}"
    app.screenshot("scope-3-cut")
    assert app.quit() == 0

