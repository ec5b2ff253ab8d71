"""The reset session, guided, on a projector: from an empty profile to the exported brief with real input.

The seed's startup case (DOMAIN.md's example): a five-person team (Maya, Tom, Priya, Lars, Ana) tries to
ship billing, reports and SSO. Under Xvfb at 1280×720 in presentation mode the test starts the app on an
empty profile, starts a plan and its session from the start page, and goes through the six steps as a
lead would: the one sentence; three cards typed in and SSO cut by a real drag with a reason; five names,
the six roles and the verifiers, an owner per card; a trigger from a preset and a two-step runbook with
its runners; the four weeks as proposed; then the brief exported as PDF and the session ended.

Every click, drag and key chord counts as an input action (typed text does not); the count is printed
and must stay within the issue's 50. The brief is then read with ``pdftotext``.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rig import App, need_tools, read_plan, read_while_open, wait_for, xvfb_display

WIDTH, HEIGHT = 1280, 720
LIMIT = 50
RELEASE = "Team plan billing"
STATEMENT = "Customers on the Team plan can pay their invoices by card without emailing support."
CARDS = ("Pay an invoice by card", "Monthly revenue report export", "SSO with Okta")
CUT_REASON = "Second job: paying works without it"
PEOPLE = ("Maya Chen", "Tom Okafor", "Priya Natarajan", "Lars Berg", "Ana Ruiz")
#: role picker's mnemonic letter → the name typed into it (a combo box selects by its first letters)
ROLES = (("s", "Maya"), ("d", "Tom"), ("n", "Ana"), ("a", "Maya"), ("c", "Tom"), ("u", "Lars"))
REASON_PROMPT = "Cut from the release"
RUNBOOK = (("Turn off the card_payments flag", "Tom"), ("Deploy the last stable image", "Lars"))


@pytest.fixture(scope="module")
def xvfb() -> Iterator[str]:
    """A projector's 1280×720 display for this module (overrides conftest's laptop-sized one)."""
    need_tools()
    with xvfb_display(f"{WIDTH}x{HEIGHT}") as display:
        yield display


class Counted:
    """The app, with every click, drag and key chord counted (typing is not)."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.actions: list[str] = []

    def click(self, name: str) -> None:
        self.actions.append(f"click {name}")
        self.app.click(*self.app.centre(name))

    def key(self, chord: str) -> None:
        self.actions.append(f"key {chord}")
        self.app.key(chord)

    def drag(self, start: str, end: tuple[int, int]) -> None:
        self.actions.append(f"drag {start}")
        self.app.drag(self.app.centre(start), end)

    def wheel(self, over: str, notches: int = 1) -> None:
        """The mouse wheel turned down over ``over``: one action per notch."""
        self.app.move_to(*self.app.centre(over))
        for _ in range(notches):
            self.actions.append(f"wheel over {over}")
            self.app.xdo("click", "5")
            time.sleep(0.2)

    def type(self, text: str) -> None:
        self.app.type(text)


def _visible(app: App, title: str) -> bool:
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", title], env=app.env,
                           capture_output=True, text=True)
    return found.returncode == 0 and bool(found.stdout.strip())


def _step_is(app: App, title: str) -> None:
    if not wait_for(lambda: f"Step: {title}" in app.where()):
        app.screenshot(f"session-not-at-{title.replace(' ', '-')}")
        raise AssertionError(f"the session did not reach {title!r}: "
                             f"{sorted(k for k in app.where() if k.startswith(('Step', 'window:')))}")


def test_a_guided_reset_session_to_the_printed_brief(cockpit, tmp_path: Path, capsys) -> None:
    app = cockpit()  # an empty profile: the first run shows the start page over the example
    app.wait_window("Start — Release Cockpit")
    run = Counted(app)
    run.type(RELEASE)
    run.click("Start and run the reset session")
    plan = app.home / "data" / "team-plan-billing.cockpit"
    assert wait_for(lambda: plan.exists() and not _visible(app, "Start — Release Cockpit"))
    app.wait_window(f"{RELEASE} —")
    run.key("F5")  # presentation mode, for the room
    time.sleep(0.8)
    _step_is(app, "The problem")

    # 1. The problem: the sentence field has the focus; the proposed dates stand (four weeks from Monday).
    run.type(STATEMENT)
    run.click("Next step")
    _step_is(app, "Cut scope")
    app.screenshot("session-2-cut-scope")

    # 2. Cut scope: the new-card field has the focus; SSO goes to Cut by a real drag, with a reason.
    for title in CARDS:
        run.type(title)
        run.key("Return")
    assert wait_for(lambda: len(read_while_open(plan, "SELECT id FROM scope_item", tmp_path)) == 3)
    x, y, w, h = app.where()["Cut"]
    run.drag(f"In release/{CARDS[2]}", (x + w // 2, y + min(h // 2, 60)))
    app.wait_window(REASON_PROMPT)
    run.key("ctrl+a")  # the offered reason is replaced by the room's
    run.type(CUT_REASON)
    run.key("Return")
    app.wait_window(f"{RELEASE} —")
    assert wait_for(lambda: read_while_open(plan, "SELECT lane, cut_reason FROM scope_item WHERE title = ?",
                                            tmp_path, (CARDS[2],)) == [("cut", CUT_REASON)])
    run.click("Next step")
    _step_is(app, "One name each")

    # 3. One name each: the name field has the focus; then each role by its letter and a typed name.
    for name in PEOPLE:
        run.type(name)
        run.key("Return")
    assert wait_for(lambda: len(read_while_open(plan, "SELECT id FROM person", tmp_path)) == 5)
    for letter, name in ROLES:
        run.key(f"alt+{letter}")
        run.type(name)
    run.key("alt+i")  # the verifiers: open the menu, tick two, close it
    run.key("space")
    run.click("Verifiers menu/Ana Ruiz")
    run.click("Verifiers menu/Priya Natarajan")
    run.key("Escape")
    app.screenshot("session-3-one-name-each")
    # the matrix: a row per open card (plan order), the owner and days columns, then the people by name
    by_name = sorted(PEOPLE)
    run.key("alt+w")  # Open work: the matrix has the focus and is scrolled into sight
    for row, owner in enumerate(("Tom Okafor", "Priya Natarajan")):
        cell = f"Ownership matrix: open work by person/{row},{2 + by_name.index(owner)}"
        if cell not in app.where():  # below the fold: the page scrolls up and down, as a person would
            run.wheel("Owners page")
        run.click(cell)
    run.click("Next step")
    _step_is(app, "Rollback")

    # 4. Rollback: a trigger from the presets; two runbook steps, each with its runner.
    run.key("alt+a")  # Add a trigger: its presets
    preset = wait_for(lambda: next((k for k in app.where() if k.startswith("Trigger presets/")), None))
    assert preset, "the trigger presets did not open"
    run.click(preset)  # the first: checkout fails
    assert wait_for(lambda: read_while_open(plan, "SELECT count(*) FROM rollback_trigger", tmp_path) == [(1,)])
    run.key("alt+n")  # the Runbook tab
    run.click("Add a runbook step")
    for text, _runner in RUNBOOK:
        run.type(text)
        run.key("Return")
    for row, (_text, runner) in enumerate(RUNBOOK):
        run.click(f"Runbook steps/{row},1")
        run.type(runner[:3])
        run.key("Return")
    app.screenshot("session-4-rollback")
    run.click("Next step")
    _step_is(app, "Four weeks")

    # 5. Four weeks: the freeze, rehearsal and go/no-go dates the plan proposed stand.
    run.click("Next step")
    _step_is(app, "Close")
    app.screenshot("session-6-close")

    # 6. Close: the brief as PDF, where it is offered; then the session ends.
    run.click("Brief as PDF")
    app.wait_window("Export the brief as PDF")
    run.key("Return")
    brief = app.home / "data" / "Team-plan-billing-brief.pdf"
    assert wait_for(lambda: brief.exists() and brief.stat().st_size > 0, timeout=20), app.output()
    exported_after = len(run.actions)
    app.wait_window(f"{RELEASE} —")
    run.click("End session")
    with capsys.disabled():  # the count is part of the test command's output, pass or fail
        print(f"\nreset session, startup case: {exported_after} input actions to the exported brief "
              f"({len(run.actions)} with ending the session); typed text not counted; limit {LIMIT}")
    assert exported_after <= LIMIT, "\n".join(f"{n:2d}. {a}" for n, a in enumerate(run.actions, 1))

    text = subprocess.run(["pdftotext", "-layout", str(brief), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    target, backup = read_while_open(plan, "SELECT target_date, backup_date FROM release", tmp_path)[0]
    import datetime as dt

    for day in (target, backup):
        assert f"{dt.date.fromisoformat(day):%a %d %b}" in flat, day
    for expected in (RELEASE, STATEMENT, CARDS[0], CARDS[1], CARDS[2], CUT_REASON, "Maya Chen", "Tom Okafor",
                     "Ana Ruiz", "Lars Berg", "Reset session"):
        assert expected in flat, f"{expected!r} is not on the brief:\n{text}"
    assert "Rollback caller Tom Okafor" in flat, text
    ended = read_while_open(plan, "SELECT ended_at, step FROM reset_session", tmp_path)
    assert ended and ended[-1][0] is not None and ended[-1][1] == "close"
    assert os.path.getsize(plan) > 0
    assert app.quit() == 0


def test_the_apps_own_saves_survive_a_kill_and_the_session_comes_back_paused(cockpit, example_plan: Path,
                                                                             tmp_path: Path) -> None:
    """The real app runs the session, moves a step (its save), is killed with SIGKILL, and is started again."""
    app = cockpit("open", example_plan)
    app.wait_window("Team plan billing")
    app.key("ctrl+shift+r")  # Session ▸ Run a Reset Session
    _step_is(app, "The problem")
    time.sleep(2.5)  # some time on the first step
    app.click(*app.centre("Next step"))
    _step_is(app, "Cut scope")
    saved = read_while_open(example_plan, "SELECT step, step_seconds, clock_saved_at IS NOT NULL, ended_at "
                                          "FROM reset_session", tmp_path)
    assert saved and saved[0][0] == "scope" and saved[0][2] == 1 and saved[0][3] is None, saved
    spent = json.loads(saved[0][1])["problem"]
    assert spent >= 2.0, saved
    app.kill()  # SIGKILL: no chance to pause or save
    assert read_plan(example_plan, "SELECT step, step_seconds FROM reset_session") == [(saved[0][0], saved[0][1])]

    again = cockpit("open", example_plan)
    again.wait_window("Team plan billing")
    _step_is(again, "Cut scope")  # the session is back where it was, paused: nothing counted while away
    again.screenshot("session-after-kill")
    assert again.quit() == 0
    assert json.loads(read_plan(example_plan, "SELECT step_seconds FROM reset_session")[0][0])["problem"] == spent
