"""The timeline view: milestones dragged with the mouse or moved from the keyboard (undoable, logged),
the finish line, phase and freeze, the daily check-in and blockers, progress, the calendar export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from cockpit.store import open_plan
from ui.hub import Hub
from ui.timeline import view as view_module
from ui.timeline.canvas import BLOCKED, CHECKED_IN, TODAY
from ui.timeline.view import TimelineView

FIXED_DAY = dt.date(2026, 11, 18)  # Wed of week 1; the example was made "today" = this day


@pytest.fixture
def hub(app, example_path: Path):
    hub = Hub()

    def unexpected(parent: object, message: str) -> bool:  # a real dialog would hang the run
        raise AssertionError(f"an unexpected confirmation was asked: {message}")

    hub.confirm = unexpected  # type: ignore[method-assign]  # a test answers it itself when it expects one
    hub.attach(open_plan(example_path))
    yield hub
    hub.detach()


@pytest.fixture
def view(hub, qtbot):
    widget = TimelineView(hub)
    widget.today = lambda: FIXED_DAY
    qtbot.addWidget(widget)
    widget.setMinimumSize(960, 600)  # as in the main window: no size-hint warnings from the offscreen plugin
    widget.resize(1366, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _rows(hub, sql: str) -> list[tuple]:
    """Rows as stored in the plan file (read through the app's own connection: the file is held exclusively)."""
    return hub.plan.raw.execute(sql).fetchall()


def _milestone(hub, kind: str) -> str:
    return _rows(hub, f"SELECT date FROM milestone WHERE kind = '{kind}'")[0][0]


def _centre(canvas, key: str) -> QPoint:
    return canvas.marker_rect(key).center().toPoint()


def _day_x(canvas, day: dt.date) -> int:
    return int(canvas.x_of(day) + canvas._day_width() / 2)


def test_blocker_model_passes_qtmodeltester(view, qtmodeltester) -> None:
    assert view.check_in.model.rowCount() == 1  # the staging keys, raised yesterday, still open
    qtmodeltester.check(view.check_in.model)


def test_shows_four_weeks_goals_milestones_and_warnings(view) -> None:
    facts = view.canvas.facts
    assert [w.number for w in facts.weeks] == [1, 2, 3, 4]
    assert [m.key for m in facts.milestones] == ["scope freeze", "rollback rehearsal", "go/no-go review", "launch",
                                                 "backup date"]
    assert "Behind plan in week 1" in view.warnings.text()
    assert view.advance.text() == "&Advance to testing (freezes scope)"
    assert view.progress_text.text().startswith("Behind by")
    assert "Week 1:" in view.stability_text.text()


def test_drag_a_milestone_with_the_mouse_then_undo(view, hub, qtbot) -> None:
    canvas = view.canvas
    start = _centre(canvas, "rollback rehearsal")
    target = QPoint(_day_x(canvas, dt.date(2026, 12, 3)), start.y())
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for x in range(start.x(), target.x() + 1, 5):
        QTest.mouseMove(canvas, QPoint(x, start.y()))
    QTest.mouseMove(canvas, target)
    assert canvas.preview == dt.date(2026, 12, 3)
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, target)
    assert _milestone(hub, "rollback rehearsal") == "2026-12-03"
    assert _rows(hub, "SELECT area, summary FROM change_log ORDER BY id DESC LIMIT 1") == [
        ("dates", "Rollback rehearsal on Thu 03 Dec")]
    assert canvas.facts.milestone("rollback rehearsal").day == dt.date(2026, 12, 3)
    hub.undo_stack.undo()
    assert _milestone(hub, "rollback rehearsal") == "2026-12-02"
    assert canvas.marker_rect("rollback rehearsal").center().x() == pytest.approx(start.x(), abs=1)


def test_keyboard_moves_a_milestone_and_escape_cancels(view, hub, qtbot) -> None:
    canvas = view.canvas
    canvas.setFocus(Qt.FocusReason.TabFocusReason)
    assert canvas.selected == "scope freeze"
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    QTest.keyClick(canvas, Qt.Key.Key_Escape)
    assert canvas.preview is None and _milestone(hub, "scope freeze") == "2026-11-27"
    for _ in range(3):
        QTest.keyClick(canvas, Qt.Key.Key_Right)
    assert "Enter saves" in view.note.text()
    QTest.keyClick(canvas, Qt.Key.Key_Return)
    assert _milestone(hub, "scope freeze") == "2026-11-30"
    QTest.keyClick(canvas, Qt.Key.Key_Down)
    assert canvas.selected == "rollback rehearsal"
    QTest.keyClick(canvas, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(canvas, Qt.Key.Key_Enter)
    assert _milestone(hub, "rollback rehearsal") == "2026-11-25"
    assert hub.undo_stack.count() == 2


def test_a_refused_move_says_why_and_changes_nothing(view, hub, qtbot) -> None:
    messages: list[str] = []
    hub.problem.connect(messages.append)
    canvas = view.canvas
    canvas.select("scope freeze")
    canvas.nudge(14)  # Fri 11 Dec: after the go/no-go review
    canvas.commit()
    assert messages and "must come before the go/no-go review" in messages[0]
    assert canvas.preview is None and _milestone(hub, "scope freeze") == "2026-11-27"
    assert hub.undo_stack.count() == 0


def test_moving_the_launch_asks_why_and_counts_a_finish_line_move(view, hub, monkeypatch) -> None:
    """The service says a reason is needed (NeedsReason); the hub asks, the view decides nothing itself."""
    canvas = view.canvas
    asked: list[str] = []
    monkeypatch.setattr(hub, "ask_reason", lambda parent, question: asked.append(str(question)) or None)
    canvas.select("launch")
    canvas.nudge(1)
    canvas.commit()
    assert asked and "moves the finish line" in asked[0]
    assert _rows(hub, "SELECT target_date FROM release") == [("2026-12-10",)] and canvas.preview is None
    monkeypatch.setattr(hub, "ask_reason", lambda parent, question: "Card provider review is late")
    canvas.nudge(1)
    canvas.commit()
    assert _rows(hub, "SELECT target_date FROM release") == [("2026-12-11",)]
    assert _milestone(hub, "go/no-go review") == "2026-12-10"
    assert _rows(hub, "SELECT count(*) FROM change_log WHERE finish_line_move = 1") == [(1,)]
    assert "Finish line moved 1 time." in view.stability_text.text()


def test_other_milestones_never_ask_for_a_reason(view, hub, monkeypatch) -> None:
    monkeypatch.setattr(hub, "ask_reason", lambda *a: pytest.fail("asked for a reason"))
    view.canvas.select("rollback rehearsal")
    view.canvas.nudge(1)
    view.canvas.commit()
    assert _milestone(hub, "rollback rehearsal") == "2026-12-03"


def test_recurring_blockers_are_marked_as_the_retro_marks_them(view, hub) -> None:
    """Finding 2: the check-in marks a blocker "(again)" exactly when the retro rule groups it."""
    from cockpit.reports.retro import retro
    from cockpit.services import timeline as tl

    for text in ("Waiting on QA sign-off", "waiting for QA sign off again"):
        hub.run(lambda plan, text=text, **extra: tl.add_blocker(plan, hub.release_id, text, remover_id=1,
                                                                raised_on=FIXED_DAY, **extra))
    flagged = {view.check_in.model.blocker(r).id for r in range(view.check_in.model.rowCount())
               if view.check_in.model.index(r, 0).data().endswith("(again)")}
    cycle = hub.cycle()
    assert len(flagged) == 2 and flagged == set(retro(cycle).recurring_ids) & {b.id for b in cycle.blockers}


def test_advance_to_testing_freezes_scope(view, hub, monkeypatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(hub, "confirm", lambda parent, message: asked.append(message) or False)
    view.advance.click()
    assert len(asked) == 1 and "freezes scope" in asked[0]  # the service asked; the view did not decide
    assert _rows(hub, "SELECT phase, frozen_at IS NULL FROM release") == [("building", 1)]
    monkeypatch.setattr(hub, "confirm", lambda parent, message: True)
    view.advance.click()
    assert _rows(hub, "SELECT phase, frozen_at IS NULL FROM release") == [("testing", 0)]
    assert view.advance.text() == "&Advance to shipping"
    hub.undo_stack.undo()
    assert _rows(hub, "SELECT phase, frozen_at IS NULL FROM release") == [("building", 1)]


def test_check_in_and_blockers_are_saved(view, hub, qtbot) -> None:
    panel = view.check_in
    assert panel.current_day() == FIXED_DAY
    panel.shipped.setFocus()
    qtbot.keyClicks(panel.shipped, "Card form behind a flag.")
    qtbot.keyClicks(panel.done, "2")
    panel.save.click()
    assert _rows(hub, "SELECT shipped, done_days FROM check_in WHERE day = '2026-11-18'") == [
        ("Card form behind a flag.", 2.0)]
    panel.new_text.setText("Receipt email design not handed over")
    panel.remover.setCurrentIndex(panel.remover.findText("Maya Chen"))
    panel.category.setCurrentIndex(panel.category.findData("handoff"))
    panel.add_button.click()
    assert _rows(hub, "SELECT text, category, raised_on, cleared_on, check_in_id IS NOT NULL FROM blocker "
                      "ORDER BY id DESC LIMIT 1") == [("Receipt email design not handed over", "handoff",
                                                       "2026-11-18", None, 1)]
    assert panel.model.rowCount() == 2 and panel.new_text.text() == ""
    panel.table.select_row(panel.model.row_of(_rows(hub, "SELECT max(id) FROM blocker")[0][0]))
    panel.clear_button.click()
    assert _rows(hub, "SELECT cleared_on FROM blocker ORDER BY id DESC LIMIT 1") == [("2026-11-18",)]


def test_a_blocker_without_a_person_is_refused(view, hub) -> None:
    messages: list[str] = []
    hub.problem.connect(messages.append)
    before = _rows(hub, "SELECT count(*) FROM blocker")
    view.check_in.new_text.setText("QA waits on a build")
    view.check_in.add_button.click()
    assert messages == ["Name the one person who removes this blocker before the day ends."]
    assert _rows(hub, "SELECT count(*) FROM blocker") == before


def test_commit_pending_saves_text_still_being_typed(view, hub, qtbot) -> None:
    view.check_in.blocks.setFocus()
    qtbot.keyClicks(view.check_in.blocks, "Reports query times out.")
    view.commit_pending()
    assert _rows(hub, "SELECT blocks FROM check_in WHERE day = '2026-11-18'") == [("Reports query times out.",)]


def test_clicking_a_day_opens_its_check_in(view) -> None:
    canvas = view.canvas
    day_row_y = canvas._rows()[0] + 4
    QTest.mouseClick(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(_day_x(canvas, dt.date(2026, 11, 17)), day_row_y))
    assert view.check_in.current_day() == dt.date(2026, 11, 17)
    assert view.check_in.shipped.toPlainText() == "Invoice VAT fix merged."


def test_today_line_is_painted(view) -> None:
    canvas = view.canvas
    image = canvas.grab().toImage()
    x = round((canvas.x_of(FIXED_DAY) + canvas._day_width() / 2) * image.devicePixelRatio())
    lanes_top = canvas._rows()[2]
    colours = {QColor(image.pixel(x + dx, int((lanes_top + 5) * image.devicePixelRatio()))).name()
               for dx in (-1, 0, 1)}
    assert TODAY.name() in colours


def test_export_calendar_writes_an_ics_file(view, hub, tmp_path, monkeypatch) -> None:
    import icalendar

    out = tmp_path / "dates"
    monkeypatch.setattr(view_module.QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    assert view_module.export_calendar(view, hub) == str(out) + ".ics"
    calendar = icalendar.Calendar.from_ical(Path(str(out) + ".ics").read_bytes())
    dates = {str(e["SUMMARY"]).split(": ")[1]: e.decoded("DTSTART") for e in calendar.walk("VEVENT")}
    assert dates == {"Scope freeze": dt.date(2026, 11, 27), "Rollback rehearsal": dt.date(2026, 12, 2),
                     "Go/no-go review": dt.date(2026, 12, 9), "Launch": dt.date(2026, 12, 10),
                     "Backup date": dt.date(2026, 12, 17)}


def test_keyboard_can_move_the_backup_date_past_the_last_day_shown(view, hub) -> None:
    canvas = view.canvas
    canvas.setFocus(Qt.FocusReason.TabFocusReason)
    for _ in range(4):
        QTest.keyClick(canvas, Qt.Key.Key_Down)
    assert canvas.selected == "backup date"
    for _ in range(3):
        QTest.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.shown_days()[1] == dt.date(2026, 12, 20)
    assert canvas.marker_rect("backup date").right() <= canvas.width()
    QTest.keyClick(canvas, Qt.Key.Key_Return)
    assert _rows(hub, "SELECT backup_date FROM release") == [("2026-12-20",)]
    assert canvas.facts.last_day == dt.date(2026, 12, 20)


def test_text_typed_for_one_day_is_saved_for_that_day_when_another_is_picked(view, hub, qtbot) -> None:
    view.check_in.shipped.setFocus()
    qtbot.keyClicks(view.check_in.shipped, "Webhook handler in staging.")
    view.check_in.day.setDate(view.check_in.day.date().addDays(1))
    assert _rows(hub, "SELECT day, shipped FROM check_in WHERE shipped LIKE 'Webhook%'") == [
        ("2026-11-18", "Webhook handler in staging.")]
    assert view.check_in.shipped.toPlainText() == ""


# -- projector-grade: fits its width, keeps its place, says state in words or shapes --------------------
PRESENTATION_TYPE = "QWidget { font-size: 22px; }"  # presentation mode's body type (ui/style.py)


@pytest.fixture
def room(hub, qtbot):
    """``room(width, height, sheet)``: a timeline view of that size inside a larger host window. The
    view is a child, so its changing minimum size never reaches the offscreen window (which cannot take
    size hints and would warn)."""
    host = QWidget()
    host.setMinimumSize(1500, 1000)
    qtbot.addWidget(host)
    view = TimelineView(hub)
    view.today = lambda: FIXED_DAY
    view.setParent(host)
    host.show()
    qtbot.waitExposed(host)

    def make(width: int, height: int, sheet: str = "") -> TimelineView:
        view.setStyleSheet(sheet)
        view.setGeometry(0, 0, width, height)
        view.show()
        for _ in range(4):  # the page lays out in passes (the canvas' height follows its width)
            qtbot.wait(10)
        return view

    yield make
    host.close()  # (and the host lives until here)


@pytest.mark.parametrize("width", [620, 860, 1240])
def test_the_page_never_scrolls_sideways_and_the_canvas_fits_its_width(room, width) -> None:
    view = room(width, 600, PRESENTATION_TYPE)
    canvas, viewport = view.canvas, view.area.viewport()
    assert view.area.horizontalScrollBar().maximum() == 0
    assert canvas.geometry().right() <= viewport.width()
    for mark in canvas.facts.milestones:  # every marker and the last day on the canvas
        assert canvas.rect().contains(canvas.marker_rect(mark.key).toRect())
    assert canvas.x_of(canvas.facts.last_day) + canvas._day_width() <= canvas.width() + 1


def test_narrow_canvas_wraps_lane_labels_and_cuts_goals_honestly(room) -> None:
    """Narrow: labels go onto two lines, goals end in "…" and the view lists them in full below."""
    view = room(1450, 900)
    canvas = view.canvas
    wide_label = canvas._label_width()
    assert all(len(canvas._label_lines(m.label)) == 1 for m in canvas.facts.milestones)
    room(700, 600, PRESENTATION_TYPE)
    assert canvas._label_width() < canvas.fontMetrics().horizontalAdvance("Launch (target date)")
    assert any(len(canvas._label_lines(m.label)) == 2 for m in canvas.facts.milestones)
    assert wide_label > 0
    lines, cut = canvas.goal_lines(canvas.facts.weeks[0].goal)
    assert cut and lines[-1].endswith("…") and len(lines) <= 3
    assert canvas.goals_cut and view.goals.isVisibleTo(view)
    assert canvas.facts.weeks[0].goal in view.goals.text().replace("\n", " ")


def test_the_milestones_come_right_after_the_title(room) -> None:
    """The issue: at 1280×720 in presentation mode the milestones were pushed below the fold. The
    canvas now follows the header; the warnings come after it (a button in the header says how many)."""
    view = room(1072, 600, PRESENTATION_TYPE)  # the view's room at 1280×720 in presentation mode
    canvas, body = view.canvas, view.area.widget()
    assert canvas.y() < view.warnings.y()
    top_of_lanes = canvas.mapTo(body, QPoint(0, canvas._rows()[2])).y()
    assert top_of_lanes < view.area.viewport().height()
    count = len(view.facts.warnings)
    assert view.to_warnings.isVisibleTo(view) and f"{count} &warning" in view.to_warnings.text()
    view.to_warnings.click()
    bar = view.area.verticalScrollBar()
    assert bar.value() > 0
    warnings_top = view.warnings.mapTo(body, QPoint(0, 0)).y() - bar.value()
    assert 0 <= warnings_top < view.area.viewport().height()


def test_a_refresh_keeps_the_scroll_position_and_the_selection(room, hub, qtbot) -> None:
    from cockpit.services import timeline as tl

    hub.run(lambda plan, **extra: tl.add_blocker(plan, hub.release_id, "Waiting on the bank", remover_id=1,
                                                 raised_on=FIXED_DAY, **extra))
    view = room(900, 500, PRESENTATION_TYPE)
    panel, canvas = view.check_in, view.canvas
    chosen = panel.model.blocker(1).id
    panel.table.select_row(1)
    canvas.select("go/no-go review")
    bar = view.area.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum() // 2)
    for _ in range(4):
        qtbot.wait(10)
    before = (bar.value(), panel.table.geometry(), canvas.geometry())
    assert before[0] > 0
    hub.run(lambda plan, **extra: tl.record_check_in(plan, hub.release_id, FIXED_DAY - dt.timedelta(days=2),
                                                     shipped="Refunds API", blocks="", done_days="1", **extra))
    for _ in range(4):
        qtbot.wait(10)
    assert view.canvas.facts.check_ins.get(FIXED_DAY - dt.timedelta(days=2)) is not None  # it did reload
    assert (bar.value(), panel.table.geometry(), canvas.geometry()) == before
    assert panel.selected_blocker() == chosen and canvas.selected == "go/no-go review"


def test_a_check_in_that_raised_a_blocker_is_a_triangle_not_only_red(view, qtbot) -> None:
    """Tue 17 Nov raised a blocker (a triangle); Mon 16 Nov did not (a dot): the shapes differ."""
    canvas = view.canvas
    image = canvas.grab().toImage()
    ratio = image.devicePixelRatio()
    _, checks_top, _, _ = canvas._rows()
    line = canvas.fontMetrics().lineSpacing()
    r = min(canvas._day_width() * 0.45, line * 0.3)
    cy = checks_top + line / 2

    def colour(day: dt.date, dx: float, dy: float) -> str:
        x = canvas.x_of(day) + canvas._day_width() / 2 + dx
        return QColor(image.pixel(round(x * ratio), round((cy + dy) * ratio))).name()

    blocked, clear = dt.date(2026, 11, 17), dt.date(2026, 11, 16)
    assert colour(blocked, 0, 0) == BLOCKED.name() and colour(clear, 0, 0) == CHECKED_IN.name()
    # below the middle, far to the side: inside the triangle's base, outside the dot
    assert colour(blocked, -r * 0.85, r * 0.8) == BLOCKED.name()
    assert colour(clear, -r * 0.85, r * 0.8) != CHECKED_IN.name()
    assert "▲" in view.legend.text() and "blocker" in view.legend.text()


def test_blocker_cards_say_who_and_whether_it_is_open_in_words(view, hub) -> None:
    from cockpit.services import timeline as tl
    from ui.timeline.blockers import card_lines

    panel = view.check_in
    first, second = card_lines(panel.model.index(0, 0))
    assert first == "Staging payment keys expired"
    assert "Who clears it: Ana Ruiz" in second and second.endswith("⚠ open")
    hub.run(lambda plan, **extra: tl.update_blocker(plan, panel.model.blocker(0).id, cleared_on=FIXED_DAY, **extra))
    assert card_lines(panel.model.index(panel.model.rowCount() - 1, 0))[1].endswith("✓ cleared Wed 18 Nov")
    assert panel.table.horizontalScrollBar().maximum() == 0


def test_the_blocker_cards_wrap_to_the_width_they_get(room, hub) -> None:
    from cockpit.services import timeline as tl

    long_text = "The payment provider has not answered about the sandbox keys for " * 3
    hub.run(lambda plan, **extra: tl.add_blocker(plan, hub.release_id, long_text, remover_id=1,
                                                 raised_on=FIXED_DAY, **extra))
    view = room(640, 600, PRESENTATION_TYPE)
    table = view.check_in.table
    row = view.check_in.model.rowCount() - 1
    rect = table.visualRect(table.model().index(row, 0))
    assert rect.width() <= table.viewport().width()
    assert rect.height() >= table.fontMetrics().lineSpacing() * 4  # three lines of text and the second line


def test_the_person_combo_is_never_narrower_than_its_longest_name(view, hub) -> None:
    from cockpit.services import people

    name = "Maximiliane Oberhollenzer-Wittgenstein"
    hub.run(lambda plan, **extra: people.add_person(plan, name, 4.5, **extra))
    combo = view.check_in.remover
    assert combo.findText(name) >= 0
    assert combo.minimumSizeHint().width() >= combo.fontMetrics().horizontalAdvance(name)


def test_the_burn_up_says_behind_in_words(view) -> None:
    assert "behind" in view.burn_up.accessibleDescription()


def test_the_check_in_sits_beside_the_charts_only_when_there_is_room(room) -> None:
    from PySide6.QtWidgets import QBoxLayout

    view = room(1450, 900)
    assert view.below.box.direction() == QBoxLayout.Direction.LeftToRight
    assert view.check_in.geometry().right() < view.charts.geometry().left()
    view = room(816, 646, PRESENTATION_TYPE)  # 1024×768 in presentation mode
    assert view.below.box.direction() == QBoxLayout.Direction.TopToBottom
    assert view.check_in.geometry().bottom() < view.charts.geometry().top()
    assert view.area.horizontalScrollBar().maximum() == 0
