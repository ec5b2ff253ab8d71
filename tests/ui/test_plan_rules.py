"""Edit ▸ Plan Rules: the plan's thresholds, edited in one dialog, saved as one undoable step."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from ui.plan_rules import PlanRulesDialog


def _setting(window, key: str) -> str | None:
    row = window.hub.plan.raw.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return None if row is None else row[0]


def test_menu_entry_follows_the_open_plan(window):
    assert window.rules_action.isEnabled() and window.rules_action.shortcut().toString() == "Ctrl+,"
    window.close_action.trigger()
    assert not window.rules_action.isEnabled()


def test_rules_are_saved_in_one_step_and_undone(window, qtbot):
    dialog = PlanRulesDialog(window.hub, window)
    qtbot.addWidget(dialog)
    assert dialog.text("drill_target_minutes") == "15"
    dialog.set_text("drill_target_minutes", "2,5")
    dialog.set_text("checkin_minutes", "10")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (_setting(window, "drill_target_minutes"), _setting(window, "checkin_minutes")) == ("2.5", "10")
    owners = window.view("owners")
    window.go_to(2)
    assert owners.check_in.countdown.text() == "10:00"
    assert owners.check_in.status.text().startswith("10 minutes")
    window.undo_action.trigger()
    assert _setting(window, "drill_target_minutes") != "2.5" and _setting(window, "checkin_minutes") != "10"
    assert owners.check_in.countdown.text() == "15:00"


def test_a_refused_value_keeps_the_dialog_open_and_writes_nothing(window, qtbot):
    logged = window.hub.plan.raw.execute("SELECT count(*) FROM change_log").fetchone()[0]
    dialog = PlanRulesDialog(window.hub, window)
    qtbot.addWidget(dialog)
    dialog.set_text("checkin_minutes", "12")
    dialog.set_text("runbook_max_steps", "a dozen")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.problem.isVisibleTo(dialog)
    assert "must be a number, not “a dozen”" in dialog.problem.text()
    assert window.hub.plan.raw.execute("SELECT count(*) FROM change_log").fetchone()[0] == logged
    assert not window.hub.undo_stack.canUndo()


def test_defaults_come_back_with_one_button(window, qtbot):
    dialog = PlanRulesDialog(window.hub, window)
    qtbot.addWidget(dialog)
    dialog.set_text("focus_factor", "0.9")
    dialog.restore("focus_factor")
    assert dialog.text("focus_factor") == "0.6"
    dialog.set_text("statement_max_words", "40")
    dialog.set_text("team_labels", "QA")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.RestoreDefaults).click()
    assert dialog.text("statement_max_words") == "30" and dialog.text("team_labels").startswith("backend team")
    assert dialog.changes() == {}  # the example plan keeps every default
