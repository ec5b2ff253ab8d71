"""The first ten minutes, as a new user has them: the first start on an empty profile shows the start
page over the example; a new plan from its name; a card by quick add; Ctrl+Z takes the card back (not
the typing), Ctrl+Shift+Z brings it again; F1 shows every key; Esc closes it."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from rig import read_while_open, wait_for

CARDS = "SELECT title FROM scope_item ORDER BY id"


def visible(app, title: str) -> bool:
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", title], env=app.env,
                           capture_output=True, text=True)
    return found.returncode == 0 and bool(found.stdout.strip())


def test_first_start_to_a_card_undone_redone_and_the_key_map(cockpit, tmp_path: Path):
    app = cockpit()  # no plan named, an empty profile: the first run
    app.wait_window("Start — Release Cockpit")
    assert visible(app, "Team plan billing"), "the example is open behind the start page"
    app.screenshot("first-run-start-page")
    app.type("Invoices by card")
    app.key("Return")
    plan = app.home / "data" / "invoices-by-card.cockpit"
    assert wait_for(lambda: plan.exists() and not visible(app, "Start — Release Cockpit"))
    app.wait_window("Invoices by card")
    app.screenshot("first-run-new-plan")

    app.key("ctrl+2")
    app.click(*app.centre("Add a card"))
    app.type("Retry failed webhooks")
    app.key("Return")
    assert wait_for(lambda: read_while_open(plan, CARDS, tmp_path) == [("Retry failed webhooks",)])
    app.key("ctrl+z")  # the card goes, not only the letters typed
    assert wait_for(lambda: read_while_open(plan, CARDS, tmp_path) == [])
    app.key("ctrl+shift+z")
    assert wait_for(lambda: read_while_open(plan, CARDS, tmp_path) == [("Retry failed webhooks",)])

    app.key("F1")
    app.wait_window("Keyboard shortcuts")  # no window manager on Xvfb: focus the new window as one would
    app.screenshot("first-run-key-map")
    app.type("undo")  # the search field has the focus
    app.key("Escape")
    assert wait_for(lambda: not visible(app, "Keyboard shortcuts"))
    time.sleep(0.2)
    app.wait_window("Invoices by card")
    assert app.quit() == 0
