"""The Overview edits the release through undoable commands and shows the core's checks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QInputDialog

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
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Payment provider review", True)))
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
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("", False)))
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
    labels = [view.statement, view.warnings, view.milestones, window.message_bar.label, window.path_label]
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)


def test_presentation_mode_enlarges_type(window, app):
    view = window.views["overview"]
    normal = view.name.font().pointSizeF()
    window.presentation_action.trigger()
    assert window.presentation_action.isChecked()
    app.processEvents()
    assert view.name.font().pointSizeF() > normal * 1.4
    window.presentation_action.trigger()
    app.processEvents()
    assert view.name.font().pointSizeF() == normal


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
