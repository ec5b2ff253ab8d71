"""The retro view: outcome, worksheets, the two sentences, the next cycle and read-only earlier cycles."""

from __future__ import annotations

from sqlmodel import select

from cockpit import orm
from cockpit.model import Release, RetroEntry


def releases(window) -> list[Release]:
    with orm.read(window.hub.plan) as session:
        return list(session.exec(select(Release).order_by(Release.cycle)))


def entries(window) -> list[RetroEntry]:
    with orm.read(window.hub.plan) as session:
        return list(session.exec(select(RetroEntry)))


def test_retro_shows_the_recurring_blocker(window):
    import datetime as dt

    from cockpit.services.timeline import add_blocker

    window.go_to(window.sections.row_of("retro"))
    view = window.views["retro"]
    assert view.recurring.text() == ""
    window.hub.run(lambda plan: add_blocker(plan, window.hub.release_id, "Staging payment keys expired again",
                                            remover_id=5, raised_on=dt.date(2026, 11, 18)))
    assert "Seen 2 times" in view.recurring.text()
    process = view.blocker_lists["process gap"]
    assert [process.item(r).text().startswith("↻") for r in range(process.count())] == [True, True]
    assert "Staging payment keys expired" in view.remediation.text  # the draft follows the plan


def test_worksheet_and_sentences_are_saved_and_undoable(window, qtbot):
    window.go_to(window.sections.row_of("retro"))
    view = window.views["retro"]
    sheets = view.worksheets
    sheets.new_sheet()
    sheets.problem.setText("Staging keys keep expiring")
    sheets.whys[0].setText("Nobody owns the staging keys")
    sheets.action.setText("Ana owns key rotation, calendar reminder")
    sheets.owner.setCurrentIndex(sheets.owner.findText("Ana Ruiz"))
    sheets.save.click()
    (saved,) = entries(window)
    assert (saved.problem, saved.action, saved.whys) == ("Staging keys keep expiring",
                                                         "Ana owns key rotation, calendar reminder",
                                                         '["Nobody owns the staging keys"]')
    view.what_changed.setFocus()
    qtbot.keyClicks(view.what_changed, "One owner per release-path task")
    qtbot.keyClick(view.what_changed, "\r")
    assert {e.kind for e in entries(window)} == {"five whys", "what changed"}
    window.undo()
    window.undo()
    assert entries(window) == []


def test_record_outcome_then_next_cycle_then_earlier_cycle_is_read_only(window):
    window.go_to(window.sections.row_of("retro"))
    view = window.views["retro"]
    view.outcome.setCurrentIndex(view.outcome.findData("shipped"))
    view.record.click()
    assert releases(window)[0].outcome == "shipped"
    view.next_cycle.click()
    first, second = releases(window)
    assert window.hub.release_id == second.id and second.cycle == 2
    assert window.cycle_box.isVisible() and window.cycle_box.count() == 2
    assert "(cycle 2)" in window.windowTitle()
    window.hub.show_release(first.id)
    assert "read-only" in view.read_only.text()
    assert not view.next_cycle.isEnabled()
    overview = window.views["overview"]
    overview.name.setText("Renamed in a finished cycle")
    overview.name.editingFinished.emit()
    assert "kept for the record" in window.message_bar.text()
    assert releases(window)[0].name == "Team plan billing"


def test_undoing_the_next_cycle_returns_to_the_live_cycle(window):
    window.go_to(window.sections.row_of("retro"))
    view = window.views["retro"]
    view.record.click()
    view.next_cycle.click()
    assert len(releases(window)) == 2
    window.undo()
    assert len(releases(window)) == 1
    assert window.hub.release_id == releases(window)[0].id
    assert "cycle 1" in view.title.text()


def test_remediation_note_is_drafted_then_kept_as_the_team_wrote_it(window, qtbot, example_path):
    window.go_to(window.sections.row_of("retro"))
    panel = window.views["retro"].remediation
    assert panel.text.startswith("Subject: Team plan billing") and not panel.redraft.isEnabled()
    assert window.hub.plan.raw.execute("SELECT count(*) FROM remediation_note").fetchone() == (0,)
    panel.body.setFocus()
    panel.body.moveCursor(panel.body.textCursor().MoveOperation.End)
    qtbot.keyClicks(panel.body, "PS: Ana owns the key rotation.")
    panel.body.clearFocus()  # leaving the field saves it
    saved = window.hub.plan.raw.execute("SELECT body FROM remediation_note").fetchone()[0]
    assert saved.endswith("PS: Ana owns the key rotation.") and panel.saved == saved
    assert panel.redraft.isEnabled() and panel.state.text().startswith("Saved in the plan")
    window.hub.detach()  # closing and opening again: the team's text is still there
    assert window.open_path(example_path)
    window.go_to(window.sections.row_of("retro"))
    panel = window.views["retro"].remediation
    assert panel.text.endswith("PS: Ana owns the key rotation.")
    panel.redraft.click()  # back to the draft, one undoable step
    assert not panel.text.endswith("PS: Ana owns the key rotation.")
    assert window.hub.plan.raw.execute("SELECT count(*) FROM remediation_note").fetchone() == (0,)
    window.undo()
    assert panel.text.endswith("PS: Ana owns the key rotation.")


def _typed_note(window, qtbot, words: str):
    window.go_to(window.sections.row_of("retro"))
    panel = window.views["retro"].remediation
    panel.body.setFocus()
    panel.body.moveCursor(panel.body.textCursor().MoveOperation.End)
    qtbot.keyClicks(panel.body, words)
    return panel


def _saved_note(window) -> str | None:
    row = window.hub.plan.raw.execute("SELECT body FROM remediation_note").fetchone()
    return None if row is None else row[0]


def test_saving_keeps_the_cursor_where_it_was(window, qtbot):
    panel = _typed_note(window, qtbot, " Typed at the end.")
    at = panel.body.textCursor().position()
    panel.commit_pending()  # what a right-click menu's focus-out or Ctrl+Return does
    assert _saved_note(window).endswith("Typed at the end.")
    assert panel.body.textCursor().position() == at


def test_switching_cycles_saves_the_text_being_typed(window, qtbot):
    from cockpit.services.cycles import start_next_cycle
    from cockpit.services.release import set_outcome, set_phase

    rid = window.hub.release_id
    window.hub.run(lambda plan: set_phase(plan, rid, "shipping", confirmed=True))
    window.hub.run(lambda plan: set_outcome(plan, rid, "shipped", window.hub.plan.raw.execute(
        "SELECT target_date FROM release").fetchone()[0]))
    window.hub.run(lambda plan: start_next_cycle(plan, rid))
    window._fill_cycles()
    first = window.cycle_box.findData(rid)
    window._show_cycle(first)
    assert window.hub.release_id == rid
    panel = _typed_note(window, qtbot, "")  # earlier cycles are read-only: go back to the live one
    assert panel.body.isReadOnly()
    window._show_cycle(window.cycle_box.findData(window.hub.plan.live_release_id()))
    panel = _typed_note(window, qtbot, " Written in cycle 2.")
    window._show_cycle(first)  # no focus-out in between: the switch itself saves it
    row = window.hub.plan.raw.execute("SELECT body, release_id FROM remediation_note").fetchone()
    assert row is not None and row[0].endswith("Written in cycle 2.") and row[1] != rid


def test_a_refused_save_keeps_the_text(window, qtbot):
    panel = _typed_note(window, qtbot, "x")
    panel.body.setPlainText("Too long. " * 6000)  # over the 50,000-character limit
    panel.body.document().setModified(True)
    panel.commit_pending()
    assert _saved_note(window) is None
    assert "remediation note" in window.message_bar.text() and panel.body.document().isModified()
    window.views["retro"].reload()
    assert panel.text.startswith("Too long.")


def test_redraft_from_the_keyboard_keeps_unsaved_edits_in_undo(window, qtbot):
    panel = _typed_note(window, qtbot, " Unsaved words.")
    panel.redraft.animateClick()  # Alt+L, while the text field still has focus
    qtbot.waitUntil(lambda: not panel.text.endswith("Unsaved words."))
    assert _saved_note(window) is None
    window.undo()
    assert panel.text.endswith("Unsaved words.") and _saved_note(window).endswith("Unsaved words.")


def _no_sessions(plan, m) -> None:
    """Make any ORM read of the plan fail the test (views read the hub's snapshot)."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("a view opened an ORM session to read")

    m.setattr(orm, "session", refuse)


def test_the_retro_reads_the_snapshot_not_the_orm(window, monkeypatch):
    window.go_to(window.sections.row_of("retro"))
    view = window.views["retro"]
    with monkeypatch.context() as m:
        _no_sessions(window.hub.plan, m)
        view.reload()
    owners = [view.worksheets.owner.itemText(i) for i in range(view.worksheets.owner.count())]
    assert owners[0] == "— nobody yet —" and "Ana Ruiz" in owners
    triggers = [view.trigger.itemText(i) for i in range(view.trigger.count())]
    assert triggers == ["—", *(t.condition for t in window.hub.cycle().triggers)]
    assert view.remediation.text.startswith("Subject: Team plan billing")


def test_the_retro_flags_a_blocker_that_came_back_from_the_last_cycle(window):
    import datetime as dt

    from cockpit.services.cycles import start_next_cycle
    from cockpit.services.release import set_outcome, set_phase
    from cockpit.services.timeline import add_blocker

    hub = window.hub
    first = hub.release_id
    hub.run(lambda plan: add_blocker(plan, first, "Deploy keys expired on staging", remover_id=5,
                                     raised_on=dt.date(2026, 11, 17)))
    hub.run(lambda plan: set_phase(plan, first, "shipping", confirmed=True))
    hub.run(lambda plan: set_outcome(plan, first, "shipped", dt.date(2026, 12, 10)))
    second = hub.run(lambda plan: start_next_cycle(plan, first)).result
    hub.show_release(second)
    window.go_to(window.sections.row_of("retro"))
    view = window.views["retro"]
    assert view.recurring.text() == ""
    hub.run(lambda plan: add_blocker(plan, second, "staging deploy key expired", remover_id=5,
                                     raised_on=dt.date(2026, 12, 15)))
    assert "Seen 2 times: “Deploy keys expired on staging”" in view.recurring.text()
    process = view.blocker_lists["process gap"]
    assert [process.item(r).text()[:2] for r in range(process.count())] == ["↻ "]
    assert "Cycle 1" in view.cycles.text() and "Cycle 2" in view.cycles.text()


def test_a_refresh_keeps_the_worksheet_being_typed_and_the_blocker_selected(window, qtbot):
    """A change saved elsewhere on the page reloads the view: the worksheet not yet saved keeps its
    words, the blocker selected stays selected; Save then keeps the worksheet."""
    window.go_to(window.sections.row_of("retro"))
    view = window.views["retro"]
    sheets = view.worksheets
    sheets.new_sheet()
    qtbot.keyClicks(sheets.problem, "Staging keys keep expiring")
    process = view.blocker_lists["process gap"]
    process.setCurrentRow(0)
    view.what_changed.setFocus()
    qtbot.keyClicks(view.what_changed, "One owner per release-path task")
    qtbot.keyClick(view.what_changed, "\r")
    assert {e.kind for e in entries(window)} == {"what changed"}  # saved: the view reloaded
    assert sheets.problem.text() == "Staging keys keep expiring"
    assert process.currentRow() == 0 and process.currentItem().isSelected()
    sheets.save.click()
    assert [e.problem for e in entries(window) if e.kind == "five whys"] == ["Staging keys keep expiring"]
    assert sheets.problem.text() == ""  # saved: the form is free for the next one


def test_the_page_never_scrolls_sideways_on_a_projector(window, app, qtbot):
    from PySide6.QtWidgets import QAbstractButton, QGroupBox

    window.set_presentation(True)
    try:
        window.resize(1024, 768)
        window.go_to(window.sections.row_of("retro"))
        view = window.views["retro"]
        qtbot.waitUntil(lambda: view.page.viewport().width() > 0)
        app.processEvents()
        assert view.page.horizontalScrollBar().maximum() == 0
        body, width = view.page.widget(), view.page.viewport().width()
        for widget in body.findChildren(QAbstractButton) + body.findChildren(QGroupBox):
            if widget.isVisibleTo(body):
                assert widget.mapTo(body, widget.rect().topRight()).x() < width, widget.objectName()
        for group in body.findChildren(QGroupBox):  # a title does not wrap: it must fit
            assert group.fontMetrics().horizontalAdvance(group.title()) + 16 <= group.width(), group.title()
    finally:
        window.set_presentation(False)


def test_a_long_sentence_wraps_in_its_field_and_return_saves_it(window, qtbot, app):
    from PySide6.QtCore import QMimeData

    window.go_to(window.sections.row_of("retro"))
    view = window.views["retro"]
    field = view.what_changed
    sentence = ("Every task on the release path has one named owner from the first day, and the owner "
                "says in the daily check-in what blocks it and who clears that block before the day ends")
    field.setFocus()
    qtbot.keyClicks(field, sentence)
    app.processEvents()
    lines = field.document().lineCount()
    assert lines >= 2 and field.height() >= lines * field.fontMetrics().lineSpacing()  # wrapped, the box grew
    assert field.verticalScrollBar().maximum() == 0  # every line in sight
    qtbot.keyClick(field, "\r")  # Return finishes the sentence, as in a one-line field: no line break
    assert [(e.kind, e.problem) for e in entries(window)] == [("what changed", sentence)]
    pasted = QMimeData()
    pasted.setText("It worked because\nthe block had a name.")
    view.why_worked.setFocus()
    view.why_worked.insertFromMimeData(pasted)
    assert view.why_worked.text() == "It worked because the block had a name."
    view.what_changed.setFocus()  # leaving the field saves it
    saved = [(e.kind, e.problem) for e in entries(window)]
    assert ("why it worked", "It worked because the block had a name.") in saved
