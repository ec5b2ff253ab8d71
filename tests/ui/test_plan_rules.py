"""Edit ▸ Plan Rules: the plan's thresholds, edited in one dialog, saved as one undoable step."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from cockpit import orm
from ui.plan_rules import PlanRulesDialog


def _setting(window, key: str) -> str | None:
    row = window.hub.plan.raw.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return None if row is None else row[0]


def test_menu_entry_follows_the_open_plan(window):
    assert window.rules_action.isEnabled() and window.rules_action.shortcut().toString() == "Ctrl+,"
    window.close_action.trigger()
    assert not window.rules_action.isEnabled()


def test_rules_are_saved_in_one_step_and_undone(window, qtbot):
    dialog = PlanRulesDialog(window.hub)  # no parent: qtbot owns it (a child would die with the window first)
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
    dialog = PlanRulesDialog(window.hub)  # no parent: qtbot owns it (a child would die with the window first)
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
    dialog = PlanRulesDialog(window.hub)  # no parent: qtbot owns it (a child would die with the window first)
    qtbot.addWidget(dialog)
    dialog.set_text("focus_factor", "0.9")
    dialog.restore("focus_factor")
    assert dialog.text("focus_factor") == "0.6"
    dialog.set_text("statement_max_words", "40")
    dialog.set_text("team_labels", "QA")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.RestoreDefaults).click()
    assert dialog.text("statement_max_words") == "30" and dialog.text("team_labels").startswith("backend team")
    assert dialog.changes() == {}  # the example plan keeps every default


def test_enter_saves_and_the_undo_entry_names_the_rule(window, qtbot):
    """Enter in a field presses Save, never All Defaults (which Qt would have made the default)."""
    from PySide6.QtCore import Qt

    dialog = PlanRulesDialog(window.hub, window)
    dialog.show()  # the default button answers Enter only when it is visible
    field = dialog.fields["checkin_minutes"]
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "20")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.problem.text()
    assert _setting(window, "checkin_minutes") == "20"
    assert window.undo_action.text() == "&Undo Check-in length: 20 min"
    assert "Allowed: whole number, 5 to 60 min" in field.accessibleDescription()


def test_the_timeline_definition_follows_the_behind_tolerance(window):
    from cockpit.services.review import set_setting

    window.go_to(window.sections.row_of("timeline"))
    timeline = window.views["timeline"]
    assert "half a day or more" in timeline.definition.text()
    window.hub.run(lambda plan: set_setting(plan, "behind_tolerance_days", "2"))
    assert "2 days or more" in timeline.definition.text()


def test_a_longer_check_in_restarts_a_clock_that_ran_out(app, qtbot):
    from ui.owners.checkin import CheckInPanel

    now = [0.0]
    panel = CheckInPanel(clock=lambda: now[0], duration=300)
    qtbot.addWidget(panel)
    panel.start()
    now[0] = 301
    panel.tick()
    assert panel.countdown.text() == "0:00" and not panel.timer.isActive()
    panel.set_duration(600)
    assert panel.timer.isActive() and panel.countdown.text() == "4:59"


def test_the_dialog_reads_the_snapshot_not_the_orm(window, qtbot, monkeypatch):
    from cockpit.services.review import set_settings

    window.hub.run(lambda plan: set_settings(plan, {"drill_target_minutes": "20"}))

    def refuse(*_args, **_kwargs):
        raise AssertionError("the dialog opened an ORM session to read")

    with monkeypatch.context() as m:
        m.setattr(orm, "session", refuse)
        dialog = PlanRulesDialog(window.hub)
        qtbot.addWidget(dialog)
    assert dialog.text("drill_target_minutes") == "20" and dialog.text("checkin_minutes") == "15"


def _presentation(window):
    """Presentation mode (the projector's large type) until the test ends."""
    window.set_presentation(True)
    return window


def test_the_dialog_is_never_larger_than_the_screen_and_scrolls_inside(window, qtbot):
    """Presentation mode's type on an 800×800 screen: the rules scroll up and down, the dialog fits."""
    from PySide6.QtCore import QRect

    try:
        _presentation(window)
        dialog = PlanRulesDialog(window.hub, window)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.page.widget().height() > dialog.page.viewport().height())
        room = window.screen().availableGeometry()
        assert room.contains(QRect(dialog.pos(), dialog.size())), (dialog.geometry(), room)
        assert dialog.minimumSizeHint().height() <= room.height()
        page = dialog.page
        assert page.verticalScrollBar().maximum() > 0 and page.horizontalScrollBar().maximum() == 0
        last = dialog.fields["freeze_override_hint"]
        last.setFocus()
        assert dialog.changes() == {}
        dialog.set_text("checkin_minutes", "soon")
        dialog.page.verticalScrollBar().setValue(page.verticalScrollBar().maximum())
        dialog.accept()  # the refused field is scrolled back into view, the reason shown outside the page
        field = dialog.fields["checkin_minutes"]
        top = field.mapTo(page.viewport(), field.rect().topLeft()).y()
        assert 0 <= top <= page.viewport().height() - field.height()
        assert dialog.problem.isVisibleTo(dialog) and "soon" in dialog.problem.text()
        dialog.reject()
    finally:
        window.set_presentation(False)


def test_text_rules_wrap_and_show_their_whole_value(window, qtbot):
    dialog = PlanRulesDialog(window.hub, window)
    dialog.show()
    reminder = "Only real production fixes qualify after the freeze: a customer cannot pay, sign in or get their data."
    dialog.set_text("freeze_override_hint", reminder)
    field = dialog.fields["freeze_override_hint"]
    # the field grows to the wrapped value once the layout has run: no scrolling inside it
    qtbot.waitUntil(lambda: field.verticalScrollBar().maximum() == 0 and field.height() > 2 * field.fontMetrics()
                    .lineSpacing())
    assert field.horizontalScrollBar().maximum() == 0
    assert dialog.text("freeze_override_hint") == reminder
    labels = dialog.fields["team_labels"]
    assert labels.verticalScrollBar().maximum() == 0  # the default list, whole
    dialog.reject()


def test_enter_in_the_freeze_reminder_saves_and_a_pasted_line_break_is_a_space(window, qtbot):
    from PySide6.QtCore import QMimeData, Qt

    dialog = PlanRulesDialog(window.hub, window)
    dialog.show()
    field = dialog.fields["freeze_override_hint"]
    field.setFocus()
    field.selectAll()
    pasted = QMimeData()
    pasted.setText("Only production fixes\nafter the freeze.")
    field.insertFromMimeData(pasted)
    assert field.toPlainText() == "Only production fixes after the freeze."
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.problem.text()
    assert _setting(window, "freeze_override_hint") == "Only production fixes after the freeze."


def test_shift_tab_from_the_buttons_scrolls_the_rules_to_the_control(window, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    try:
        _presentation(window)
        dialog = PlanRulesDialog(window.hub, window)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.page.verticalScrollBar().maximum() > 0)
        dialog.page.verticalScrollBar().setValue(0)
        restore_all = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore_all.setFocus()
        qtbot.waitUntil(lambda: restore_all.hasFocus())
        qtbot.keyClick(restore_all, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        focused = QApplication.focusWidget()
        assert focused is not None and dialog.body.isAncestorOf(focused)
        assert dialog.page.verticalScrollBar().value() > 0
        top = focused.mapTo(dialog.page.viewport(), focused.rect().topLeft()).y()
        assert 0 <= top <= dialog.page.viewport().height() - focused.height()
        dialog.reject()
    finally:
        window.set_presentation(False)
