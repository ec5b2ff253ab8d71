"""The guided reset session in the window (issue 20): the panel, its clock, still open, the parking lot."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from cockpit import reader
from cockpit.kinds import Lane
from cockpit.reports import session as report
from cockpit.reports.owners import ownership
from cockpit.rules import session as rules
from cockpit.services import session as service
from cockpit.store import open_plan

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


class FakeClock:
    """Wall and monotonic time that move only when the test says."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def wall(self) -> dt.datetime:
        return T0 + dt.timedelta(seconds=self.seconds)

    def monotonic(self) -> float:
        return 1000.0 + self.seconds

    def advance(self, seconds: float, panel) -> None:
        """Move on in steps of at most ten seconds, ticking as the panel's timer would."""
        while seconds > 0:
            step = min(10.0, seconds)
            self.seconds += step
            seconds -= step
            panel.tick()


@pytest.fixture
def clock_now(window) -> FakeClock:
    fake = FakeClock()
    panel = window.session_panel()
    panel._wall, panel._monotonic = fake.wall, fake.monotonic
    return fake


def _cycle(window):
    window.hub._cycle = None
    return window.hub.cycle()


def _press(window, keys: str) -> None:
    """A real key press where the focus is (as a person types it), through Qt's shortcut map."""
    from PySide6.QtTest import QTest

    window.activateWindow()
    sequence = QKeySequence(keys)[0]
    target = QApplication.focusWidget() or window
    QTest.keyClick(target, sequence.key(), sequence.keyboardModifiers())
    QApplication.processEvents()


def test_run_a_session_shows_the_agenda_in_the_navigations_place(window, clock_now) -> None:
    assert window.run_session()
    panel = window.session_panel()
    assert panel.isVisible() and not window.nav.isVisible()
    assert window.stack.currentWidget() is window.views["overview"]
    assert panel.title.text() == "The problem" and panel.where.text() == "Step 1 of 6 · reset session"
    assert panel.countdown.text() == "25:00"
    clock_now.advance(45, panel)
    window.views["overview"].problem.setFocus()  # a text field has the focus
    _press(window, "Ctrl+PgDown")  # works there too (Ctrl+Right moves by word in a text field)
    assert window.stack.currentWidget() is window.views["scope"]
    assert QApplication.focusWidget() is window.views["scope"].quick_add  # the room types the next card
    assert panel.title.text() == "Cut scope" and panel.countdown.text() == "60:00"
    saved = _cycle(window).sessions[-1]
    assert saved.step == "scope" and rules.parse_seconds(saved.step_seconds) == {"problem": 45.0}
    _press(window, "Ctrl+PgUp")
    assert window.stack.currentWidget() is window.views["overview"]
    panel.next.setFocus()  # outside a text field, Ctrl+Right and Ctrl+Left do it too
    _press(window, "Ctrl+Right")
    assert panel.title.text() == "Cut scope"
    panel.next.setFocus()
    _press(window, "Ctrl+Left")
    assert panel.title.text() == "The problem"
    panel.agenda.itemClicked.emit(panel.agenda.item(4))  # a jump from the agenda rail
    assert window.stack.currentWidget() is window.views["timeline"] and panel.title.text() == "Four weeks"
    assert window.hub.undo_stack.count() == 0  # moving between steps is nothing to undo


def test_the_countdown_turns_amber_then_red_and_never_blocks(window, clock_now) -> None:
    window.run_session()
    panel = window.session_panel()
    panel.go("names")  # 15 minutes, as the domain says
    assert panel.countdown.text() == "15:00" and panel.countdown.tone == ""
    clock_now.advance(13 * 60, panel)
    assert panel.countdown.text() == "2:00" and panel.countdown.tone == "amber"
    assert "#ffb000" in panel.countdown.styleSheet() and panel.state.text().startswith("Two minutes or less")
    clock_now.advance(2 * 60 + 30, panel)
    assert panel.countdown.text() == "+0:30" and panel.countdown.tone == "red"
    assert panel.state.text().startswith("Over the 15 min timebox by 0:30")
    # the clock was saved along the way (every 30 s), so a crash now would lose less than that
    seconds = rules.parse_seconds(_cycle(window).sessions[-1].step_seconds)
    assert 15 * 60 <= seconds["names"] <= 15 * 60 + 30
    panel.step_by(1)  # never blocks
    assert panel.title.text() == "Rollback"


def test_pause_stops_the_clock_and_a_break_is_not_counted(window, clock_now) -> None:
    window.run_session()
    panel = window.session_panel()
    clock_now.advance(60, panel)
    panel.toggle_pause()
    assert panel.pause.text() == "Resume" and panel.state.text().startswith("Paused")
    clock_now.advance(600, panel)
    assert panel.countdown.text() == "24:00"
    panel.toggle_pause()
    clock_now.advance(30, panel)
    assert panel.countdown.text() == "23:30"


def test_still_open_is_what_the_steps_view_shows(window, clock_now) -> None:
    window.run_session()
    panel = window.session_panel()
    panel.go("names")
    owners = window.views["owners"]
    shown = [line.removeprefix("⚠  ") for line in owners.warnings.text().splitlines()]
    cycle = _cycle(window)
    assert shown == ownership(cycle, dt.date.today()).warnings()
    for line in shown:
        assert line.replace("“", "&ldquo;")[:20] in panel.open_lines.text() or line[:20] in panel.open_lines.text()
    panel.go("scope")
    board = window.views["scope"]
    unsafe = next(line for line in board.warnings.text().splitlines() if "rescue release" in line)
    assert unsafe.removeprefix("⚠ ") in [a.text for a in report.still_open(cycle, "scope", dt.date.today())]
    assert f"{board.models[Lane.IN_RELEASE.value].facts.candidates} items in the release fail" in \
        panel.open_lines.text()
    panel._follow("scope|candidates")  # a line followed: the candidates highlighted, Cut all in reach
    assert board.candidates.isChecked() and QApplication.focusWidget() is board.cut_all


def test_the_parking_lot_becomes_parked_items_on_the_close_step(window, clock_now) -> None:
    window.hub.ask_text = lambda parent, title, label: "Audit log for admins"  # type: ignore[method-assign]
    window.run_session()
    panel = window.session_panel()
    _press(window, "Ctrl+L")
    assert not panel.parking.isVisible() and panel.parking_heading.text().startswith("Parking lot: 1 topic")
    panel.go("close")
    assert panel.parking.isVisible() and panel.parking.count() == 1 and panel.end.isVisible()
    assert "1 topic in the parking lot" in panel.open_lines.text()
    panel.to_items.click()
    parked = [i for i in _cycle(window).items if i.lane == Lane.PARKED.value]
    assert parked[-1].title == "Audit log for admins" and parked[-1].cut_reason == service.FROM_PARKING
    assert panel.parking.count() == 0 and not panel.to_items.isVisible()
    window.undo()
    assert [p.text for p in report.open_topics(_cycle(window))] == ["Audit log for admins"]
    assert panel.parking.count() == 1


def test_ticks_in_the_parking_lot_survive_the_regular_save(window, clock_now) -> None:
    answers = iter(["Audit log", "Pricing page"])
    window.hub.ask_text = lambda parent, title, label: next(answers)  # type: ignore[method-assign]
    window.run_session()
    panel = window.session_panel()
    panel.park_topic()
    panel.park_topic()
    panel.go("close")
    panel.parking.item(1).setCheckState(Qt.CheckState.Checked)
    clock_now.advance(35, panel)  # a save of the clock refreshes the panel
    assert panel.parking.item(1).checkState() == Qt.CheckState.Checked
    panel.to_items.click()  # only the ticked one
    assert [p.text for p in report.open_topics(_cycle(window))] == ["Audit log"]


def test_hiding_the_panel_stops_its_clock(window, clock_now) -> None:
    window.run_session()
    panel = window.session_panel()
    assert panel.ticker.isActive()
    panel.leave.click()
    assert not panel.ticker.isActive()


def test_ending_records_the_session_for_the_retro_and_the_brief(window, clock_now) -> None:
    window.run_session()
    panel = window.session_panel()
    clock_now.advance(120, panel)
    panel.go("close")
    clock_now.advance(60, panel)
    panel.end_session()
    assert not panel.isVisible() and window.nav.isVisible()
    assert "The reset session is recorded (3 min on the steps)" in window.message_bar.text()
    window.go_to(window.sections.row_of("retro"))
    text = window.views["retro"].sessions.text()
    assert "3 min on the steps." in text and "Skipped: Cut scope, One name each, Rollback, Four weeks." in text
    window.go_to(0)
    overview = window.views["overview"]
    assert overview.session_note.text() == "Reset session 1 December, 3 min"
    assert overview.session_button.text() == "&Run a reset session"


def test_a_session_interrupted_by_a_crash_opens_paused_at_what_was_saved(window, example_path: Path,
                                                                          clock_now) -> None:
    window.hub.detach()
    with open_plan(example_path) as plan:  # what a killed app leaves: a running clock saved at 09:00:30
        release_id = plan.live_release_id()
        session_id = service.start_session(plan, release_id, now=T0).result
        service.set_clock(plan, session_id, running=True, step="rollback", now=T0 + dt.timedelta(seconds=30))
    before = example_path.read_bytes()
    clock_now.seconds = 3600.0  # opened an hour later
    assert window.open_path(example_path)
    panel = window.session_panel()
    assert panel.isVisible() and panel.title.text() == "Rollback" and not panel.running
    assert panel.state.text().startswith("Interrupted at")
    assert panel.countdown.text() == "40:00"
    assert example_path.read_bytes() == before  # showing it writes nothing
    window.go_to(0)
    assert window.views["overview"].session_button.text() == "&Resume the reset session"
    panel.toggle_pause()  # Resume: the hour away is not counted (nor would ten seconds be: it showed Paused)
    clock_now.advance(30, panel)
    assert panel.running and panel.countdown.text() == "39:30"
    saved = reader.read_live(window.hub.plan).sessions[-1]
    assert rules.parse_seconds(saved.step_seconds) == {"problem": 30.0, "rollback": 30.0}


def test_closing_the_window_pauses_the_clock(window, example_path: Path, clock_now) -> None:
    window.run_session()
    clock_now.advance(20, window.session_panel())
    window.close()
    with open_plan(example_path) as plan:
        saved = reader.read_live(plan).sessions[-1]
    assert saved.clock_saved_at is None and rules.parse_seconds(saved.step_seconds) == {"problem": 20.0}


def test_the_start_page_starts_a_plan_and_its_session(window, tmp_path: Path) -> None:
    dialog = window.show_start()
    dialog.name.setText("Team plan billing")
    dialog._chosen = tmp_path / "billing.cockpit"
    dialog.guided_button.click()
    assert window.hub.plan is not None and window.hub.plan.path == tmp_path / "billing.cockpit"
    panel = window.session_panel()
    assert panel.isVisible() and panel.title.text() == "The problem"
    assert QApplication.focusWidget() is window.views["overview"].problem
    assert panel.open_lines.text().count("<a ") == 1  # only the one sentence is missing


def test_leaving_keeps_the_session_open(window, clock_now) -> None:
    window.run_session()
    panel = window.session_panel()
    panel.go("scope")
    panel.leave.click()
    assert not panel.isVisible() and window.nav.isVisible()
    saved = _cycle(window).sessions[-1]
    assert saved.ended_at is None and saved.clock_saved_at is None
    assert not window.session_actions[0].isEnabled()
    window.run_session()
    assert panel.isVisible() and panel.title.text() == "Cut scope" and panel.running
    assert window.stack.currentWidget() is window.views["scope"]


@pytest.mark.parametrize("size", [(1280, 720), (1024, 768)])
def test_every_step_fits_a_projector_in_presentation_mode(window, size: tuple[int, int]) -> None:
    window.set_presentation(True)
    try:
        window.resize(*size)
        window.run_session()
        panel = window.session_panel()
        for key in rules.KEYS:
            panel.go(key)
            QApplication.processEvents()
            page = panel.layout().itemAt(0).widget()
            assert page.widget().width() <= page.viewport().width(), key  # never cut at the right
            assert window.stack.currentWidget().width() > 500, key
            assert panel.countdown.isVisible() and panel.title.isVisible()
    finally:
        window.set_presentation(False)


def test_a_session_row_another_tool_damaged_opens_at_the_first_step(window, example_path: Path) -> None:
    import sqlite3

    window.hub.detach()
    with open_plan(example_path) as plan:
        service.start_session(plan, plan.live_release_id(), now=T0)
    conn = sqlite3.connect(example_path)
    with conn:
        conn.execute("UPDATE reset_session SET step = 'lunch', step_seconds = '{not json'")
    conn.close()
    assert window.open_path(example_path)
    panel = window.session_panel()
    assert panel.isVisible() and panel.title.text() == "The problem" and panel.countdown.text() == "25:00"
    panel.step_by(1)
    assert panel.title.text() == "Cut scope"


def test_a_quick_restart_shows_paused_and_counts_no_time_while_paused(window, example_path: Path,
                                                                       clock_now) -> None:
    window.hub.detach()
    with open_plan(example_path) as plan:  # killed right after the save at 09:00:30
        session_id = service.start_session(plan, plan.live_release_id(), now=T0).result
        service.set_clock(plan, session_id, running=True, now=T0 + dt.timedelta(seconds=30))
    clock_now.seconds = 40.0  # reopened ten seconds later
    assert window.open_path(example_path)
    panel = window.session_panel()
    assert not panel.running and panel.countdown.text() == "24:30"
    clock_now.seconds = 110.0  # Resume pressed seventy seconds after that
    panel.toggle_pause()
    saved = reader.read_live(window.hub.plan).sessions[-1]
    assert rules.parse_seconds(saved.step_seconds) == {"problem": 30.0}  # as it stood on screen


def test_a_hidden_panel_works_out_nothing_until_it_shows(window, clock_now, monkeypatch) -> None:
    from cockpit.services import release

    window.run_session()
    panel = window.session_panel()
    panel.leave.click()
    calls = []
    real = report.still_open
    monkeypatch.setattr(report, "still_open", lambda *args: calls.append(args[1]) or real(*args))
    release_id = window.hub.release_id
    window.hub.run(lambda plan: release.update_release(plan, release_id, problem="Customers can pay by card."))
    assert calls == []  # a change while the session is left costs nothing here
    window.run_session()
    assert calls and panel.open_lines.text() == "Nothing: this step is settled."  # fresh when it shows
