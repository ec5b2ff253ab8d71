"""The Overview edits the release through undoable commands and shows the core's checks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QDate, Qt

from cockpit import orm
from cockpit.model import Release
from cockpit.store import open_plan


def _release(window) -> Release:
    with orm.read(window.hub.plan) as session:
        return session.get(Release, window.hub.release_id)


def _type_and_commit(qtbot, line_edit, text: str) -> None:
    line_edit.setFocus()
    line_edit.selectAll()
    qtbot.keyClicks(line_edit, text)
    qtbot.keyClick(line_edit, Qt.Key.Key_Return)


def test_rename_then_undo_and_redo(window, qtbot):
    view = window.views["overview"]
    _type_and_commit(qtbot, view.name, "Card payments only")
    assert _release(window).name == "Card payments only"
    assert "Card payments only" in window.windowTitle()
    assert window.undo_action.isEnabled()
    window.undo()
    assert _release(window).name == "Team plan billing"
    assert view.name.text() == "Team plan billing"
    window.redo_action.trigger()
    assert _release(window).name == "Card payments only"


def test_empty_name_is_refused_with_a_message(window, qtbot):
    view = window.views["overview"]
    _type_and_commit(qtbot, view.name, "   ")
    assert "cannot be empty" in window.message_bar.text()
    assert _release(window).name == "Team plan billing"
    assert view.name.text() == "Team plan billing"
    assert not window.hub.undo_stack.canUndo()


def test_problem_statement_check_is_live_and_commit_is_undoable(window, qtbot):
    view = window.views["overview"]
    assert "Reads like a list" in view.statement.text()
    view.problem.setFocus()
    view.problem.selectAll()
    qtbot.keyClicks(view.problem, "A Team plan customer cannot pay an invoice by card without our help.")
    assert view.statement.text().startswith("✓")
    view.commit_problem()
    assert _release(window).problem.startswith("A Team plan customer")
    window.undo()
    assert "plus sign in with SSO" in _release(window).problem


def test_moving_the_target_asks_why_and_counts(window, qtbot, monkeypatch):
    view = window.views["overview"]
    monkeypatch.setattr(window.hub, "ask_reason", lambda parent, question: "Payment provider review")
    old = _release(window).target_date
    view.target.setDate(QDate(old.year, old.month, old.day).addDays(1))
    view.target.editingFinished.emit()
    release = _release(window)
    assert release.target_date != old
    assert view.tiles["moves"].value.text() == "1"
    window.undo()
    assert _release(window).target_date == old
    assert view.tiles["moves"].value.text() == "0"


def test_cancelling_the_reason_keeps_the_target(window, qtbot, monkeypatch):
    view = window.views["overview"]
    monkeypatch.setattr(window.hub, "ask_reason", lambda parent, question: None)  # cancelled
    old = _release(window).target_date
    view.target.setDate(QDate(old.year, old.month, old.day).addDays(2))
    view.target.editingFinished.emit()
    assert _release(window).target_date == old
    assert view.target.date() == QDate(old.year, old.month, old.day)


def test_backup_before_target_is_refused(window):
    view = window.views["overview"]
    target = _release(window).target_date
    view.backup.setDate(QDate(target.year, target.month, target.day))
    view.backup.editingFinished.emit()
    assert "backup date" in window.message_bar.text()
    assert _release(window).backup_date > target


def test_entering_testing_freezes_scope(window, monkeypatch):
    view = window.views["overview"]
    monkeypatch.setattr(window.hub, "confirm", lambda parent, message: True)
    view.phase.setCurrentIndex(view.phase.findData("testing"))
    view.phase.activated.emit(view.phase.currentIndex())
    assert _release(window).frozen_at is not None
    assert "scope frozen" in view.cycle.text()
    window.undo()
    assert _release(window).frozen_at is None


def test_hostile_text_is_shown_literally(window, qtbot):
    view = window.views["overview"]
    _type_and_commit(qtbot, view.name, '<img src="/etc/passwd"><b>x')
    assert view.name.text() == '<img src="/etc/passwd"><b>x'
    labels = [view.statement, view.milestones, window.message_bar.label, window.path_label]
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
    # the "needs attention" lines are links: every text in them is escaped
    from cockpit.reports.overview import Attention
    from ui.overview.view import attention_html

    html = attention_html((Attention('<img src="/etc/passwd"> owns scope', "owners", 'role:x"><img src=y'),))
    assert "<img" not in html and "&lt;img src=&quot;/etc/passwd&quot;&gt; owns scope" in html


def test_each_attention_line_opens_the_view_and_selects_what_fixes_it(window, qtbot):
    """No rollback runner → the Owners view with the runner's picker focused; unowned work → its row."""
    view = window.views["overview"]
    lines = view.facts.attention
    runner = next(line for line in lines if line.text.startswith("No rollback runner"))
    assert (runner.section, runner.target) == ("owners", "role:rollback runner")
    window.activateWindow()
    view.warnings.linkActivated.emit(f"{runner.section}|{runner.target}")
    owners = window.views["owners"]
    assert window.stack.currentWidget() is owners
    assert owners.roles.combos["rollback runner"].hasFocus()
    unowned = next(line for line in lines if "no owner" in line.text)
    window.go_to(0)
    view.warnings.linkActivated.emit(f"{unowned.section}|{unowned.target}")
    kind, number = unowned.target.split(":")[1:]
    current = owners.table.currentIndex()
    assert owners.table.hasFocus() and owners.model.row_of((kind, int(number))) == current.row()
    assert f'href="{unowned.section}|{unowned.target}"' in view.warnings.text()


def test_presentation_mode_enlarges_type(window, app):
    from PySide6.QtGui import QFontInfo

    view = window.views["overview"]

    def pixels() -> tuple[int, int]:  # presentation sizes are pixels, normal ones points: compare what is drawn
        return QFontInfo(view.name.font()).pixelSize(), QFontInfo(view.warnings.font()).pixelSize()

    normal = pixels()
    window.presentation_action.trigger()
    assert window.presentation_action.isChecked()
    app.processEvents()
    big = pixels()
    assert big[0] > normal[0] * 1.4 and big[1] > normal[1] * 1.4
    assert big[1] >= 20  # body text of at least 20 px for the back of the room
    window.presentation_action.trigger()
    app.processEvents()
    assert pixels() == normal


def test_closing_leaves_one_self_contained_file(window, example_path: Path, tmp_path: Path):
    view = window.views["overview"]
    view.name.setText("Saved before close")
    window.close()  # commits the pending edit, closes the plan
    assert not Path(f"{example_path}-journal").exists()
    assert not Path(f"{example_path}-wal").exists()
    moved = tmp_path / "elsewhere" / "copy.cockpit"
    moved.parent.mkdir()
    example_path.rename(moved)
    with open_plan(moved) as plan, orm.read(plan) as session:
        assert session.get(Release, plan.live_release_id()).name == "Saved before close"
    conn = sqlite3.connect(moved)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_ctrl_z_in_a_committed_field_undoes_the_change(window, qtbot):
    view = window.views["overview"]
    _type_and_commit(qtbot, view.name, "Typed then committed")
    assert view.name.hasFocus()
    qtbot.keyClick(view.name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _release(window).name == "Team plan billing"
    view.name.setFocus()
    qtbot.keyClicks(view.name, " more")  # now the field has its own text to undo
    qtbot.keyClick(view.name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.name.text() == "Team plan billing"
    assert window.hub.undo_stack.canRedo()  # the app's stack was not touched by the field's own undo


def test_tiles_count_unowned_tasks_and_every_kind_of_blockage(window):
    from cockpit.reader import read_live
    from cockpit.rules.work import blockage, unowned_work

    view = window.views["overview"]
    cycle = read_live(window.hub.plan)
    assert view.tiles["unowned"].value.text() == str(len(unowned_work(cycle))) == "2"  # an item and a task
    assert view.tiles["blockers"].value.text() == str(blockage(cycle).count) == "2"
    assert view.tiles["blockers"].detail.text() == "1 open blocker · 1 blocked piece of work"
    assert "Payment provider go-live approval" in view.warnings.text()


def test_the_phase_combo_asks_before_freezing_scope_as_the_timeline_does(window, monkeypatch) -> None:
    """The overview's phase combo used to freeze scope without a word while the timeline asked: now the
    service asks (``NeedsConfirmation``) and both screens go through the hub."""
    view = window.views["overview"]
    hub = window.hub
    asked: list[str] = []
    monkeypatch.setattr(hub, "confirm", lambda parent, message: asked.append(message) or False)
    view.phase.setCurrentIndex(view.phase.findData("testing"))
    view.phase.activated.emit(view.phase.currentIndex())
    assert len(asked) == 1 and "freezes scope" in asked[0]
    assert hub.cycle().release.phase == "building"
    monkeypatch.setattr(hub, "confirm", lambda parent, message: True)
    view.phase.setCurrentIndex(view.phase.findData("testing"))
    view.phase.activated.emit(view.phase.currentIndex())
    assert hub.cycle().release.phase == "testing" and hub.cycle().release.frozen_at is not None


def test_a_long_problem_statement_is_shown_whole(window, app):
    view = window.views["overview"]
    short = view.problem.height()
    view.problem.setPlainText("A Team plan customer cannot pay an invoice by card without our help, " * 5)
    app.processEvents()
    assert view.problem.height() > short
    assert view.problem.verticalScrollBar().maximum() == 0  # every line in sight, none behind a scroll bar


def test_a_long_release_name_and_the_phase_fit_a_projector(window, app, qtbot):
    view = window.views["overview"]
    _type_and_commit(qtbot, view.name, "Team plan billing (cycle 2)")
    window.set_presentation(True)
    try:
        window.resize(1024, 768)
        app.processEvents()
        assert view.page.horizontalScrollBar().maximum() == 0
        room = view.name.contentsRect().width() - 8
        assert view.name.fontMetrics().horizontalAdvance(view.name.text()) <= room
        width = view.page.viewport().width()
        for widget in (view.phase, view.backup, view.tiles["moves"]):
            assert widget.mapTo(view.page.widget(), widget.rect().topRight()).x() < width
    finally:
        window.set_presentation(False)


def test_a_name_longer_than_its_field_is_also_shown_whole(window, app, qtbot):
    view = window.views["overview"]
    assert not view.name_whole.isVisible()
    long_name = "Team plan billing: card payments, invoice PDFs and the SSO pilot for Acme"
    _type_and_commit(qtbot, view.name, long_name)
    window.set_presentation(True)
    try:
        window.resize(1024, 768)
        app.processEvents()
        assert view.name.fontMetrics().horizontalAdvance(long_name) > view.name.width()  # the field cannot show it
        assert view.name_whole.isVisible() and view.name_whole.text() == long_name  # the line below does, wrapped
        assert view.name_whole.heightForWidth(view.name_whole.width()) <= view.name_whole.height()
        assert view.page.horizontalScrollBar().maximum() == 0
    finally:
        window.set_presentation(False)
    _type_and_commit(qtbot, view.name, "Card payments")
    app.processEvents()
    assert not view.name_whole.isVisible()
