"""The Go/No-go view, its history model, the brief's File-menu actions and ``cockpit check``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication

from cockpit.reader import read_live
from cockpit.reports.gonogo import go_no_go
from cockpit.services import people, release, review, rollback, scope, timeline
from cockpit.store import open_plan
from ui.hub import Hub
from ui.models.gonogo import ReviewHistoryModel


def make_go(plan) -> None:
    """Fix everything the example still fails, through the services."""
    release_id = plan.live_release_id()
    cycle = read_live(plan, release_id)
    lars = next(p.id for p in cycle.people if p.name == "Lars Berg")
    target = cycle.release.target_date
    items = [i.id for i in cycle.items if i.owner_id is None]
    tasks = [t.id for t in cycle.tasks if t.owner_id is None]
    steps = [t.id for t in cycle.steps if t.runner_id is None]
    release.update_release(plan, release_id, problem="Customers on the Team plan cannot pay an invoice by card.")
    for item_id in items:
        scope.update_item(plan, item_id, owner_id=lars)
    for task_id in tasks:
        timeline.update_task(plan, task_id, owner_id=lars)
    for step_id in steps:
        rollback.update_step(plan, step_id, runner_id=lars)
    people.assign_role(plan, release_id, "rollback runner", lars)
    rollback.record_drill(plan, release_id, dt.datetime.combine(target - dt.timedelta(days=3), dt.time(10),
                                                                tzinfo=dt.UTC), 12)
    release.confirm_path_tested(plan, release_id, "Staging: build, deploy, migration, alerts.", on=target)
    review.set_note(plan, release_id, "We cut SSO to protect the date.")
    review.mark_note_sent(plan, release_id, target)


@pytest.fixture
def view(app, qtbot, example_path):
    from ui.gonogo.view import GoNoGoView

    hub = Hub()
    widget = GoNoGoView(hub)
    qtbot.addWidget(widget)
    hub.attach(open_plan(example_path))
    # An explicit minimum size keeps the layout from pushing one to the offscreen window,
    # which warns that it cannot (and any Qt warning fails a test).
    widget.setMinimumSize(320, 240)
    widget.resize(1366, 768)
    widget.show()
    yield widget
    hub.detach()


def test_view_shows_five_answers_and_no_go(view):
    assert view.verdict.text() == "NO-GO"
    assert view.stop_authority.text() == "Stop authority: Maya Chen"
    assert [row.mark.text() for row in view.rows.values()] == ["✗ FAIL"] * 5
    assert "Expired card: clear message and retry" in view.rows["owners"].details.text()
    assert "0 of 5 questions pass" in view.summary.text()


def test_fix_button_asks_for_the_view_that_fixes_it(view, qtbot):
    with qtbot.waitSignal(view.navigate) as signal:
        view.rows["rollback"].fix.click()
    assert signal.args == ["rollback"]
    assert not hasattr(view.rows["path"], "fix")  # fixed right here


def test_confirm_path_tested_with_note_and_date_is_undoable(view):
    view.path_note.setText("Staging copy of production: build, deploy, migration, alerts")
    view.path_day.setDate(view.path_day.date().addDays(-1))
    view.confirm.click()
    assert view.rows["path"].mark.text() == "✓ pass"
    plan = view.hub.plan
    result = go_no_go(read_live(plan, view.hub.release_id))
    assert result.path_tested_on == dt.date.today() - dt.timedelta(days=1)
    assert result.path_tested_note.startswith("Staging copy")
    view.hub.undo_stack.undo()
    assert view.rows["path"].mark.text() == "✗ FAIL"
    assert go_no_go(read_live(plan, view.hub.release_id)).path_tested_on is None


def test_empty_confirmation_is_refused_with_a_message(view, qtbot):
    with qtbot.waitSignal(view.hub.problem) as signal:
        view.confirm.click()
    assert "note" in signal.args[0].lower()
    assert go_no_go(read_live(view.hub.plan, view.hub.release_id)).path_tested_on is None


def test_note_draft_edit_copy_and_mark_sent(view):
    note = view.note
    note.draft.click()
    body = go_no_go(read_live(view.hub.plan, view.hub.release_id)).note_body
    assert "SSO with Okta" in body and note.body.toPlainText() == body
    note.body.setPlainText(body + "\nP.S. Thank you for your patience.")
    note.body.document().setModified(True)
    note.copy.click()
    assert QGuiApplication.clipboard().text().endswith("Thank you for your patience.")
    note.sent_on.setDate(note.sent_on.date().addDays(-2))
    note.mark_sent.click()  # saves the text being typed first
    result = go_no_go(read_live(view.hub.plan, view.hub.release_id))
    assert result.note_body.endswith("Thank you for your patience.")
    assert result.note_sent_on == dt.date.today() - dt.timedelta(days=2)
    assert view.rows["stakeholders"].mark.text() == "✓ pass"
    assert "Sent" in note.status.text()
    note.not_sent.click()
    assert go_no_go(read_live(view.hub.plan, view.hub.release_id)).note_sent_on is None


def test_saving_reviews_keeps_the_history(view, qtmodeltester):
    view.save.click()
    make_go(view.hub.plan)
    from cockpit.services.core import Changes

    view.hub.changed.emit(Changes("changed outside the view", "plan", view.hub.release_id))
    assert view.verdict.text() == "GO"
    view.save.click()
    model = view.history_model
    assert model.rowCount() == 2
    assert model.index(0).data().endswith("—  GO (5 of 5 pass) · stop authority Maya Chen")
    assert model.index(1).data(ReviewHistoryModel.VerdictRole) == "no-go"
    qtmodeltester.check(model)
    view.hub.undo_stack.undo()
    assert model.rowCount() == 1


def test_history_model_passes_the_model_tester(app, qtmodeltester):
    from cockpit.reports.gonogo import PastReview

    model = ReviewHistoryModel()
    now = dt.datetime(2026, 12, 9, 15, 0, tzinfo=dt.UTC)
    model.set_reviews([PastReview(2, now, "go", "Maya Chen", 5, 5), PastReview(1, now, "no-go", "", 3, 5)])
    qtmodeltester.check(model)
    assert model.index(1).data().endswith("NO-GO (3 of 5 pass)")
    assert model.index(0).data(ReviewHistoryModel.IdRole) == 2


def test_brief_actions_export_and_preview(view, tmp_path, monkeypatch):
    from ui.brief import actions

    pdf = actions.export_pdf(view, view.hub, tmp_path / "brief.pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Pages:" in info and info.split("Pages:")[1].split()[0] == "1"
    md = actions.export_markdown(view, view.hub, tmp_path / "brief.md")
    assert md.read_text(encoding="utf-8").startswith("# Team plan billing")
    monkeypatch.setattr(actions.QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "asked"), ""))
    assert actions.export_markdown(view, view.hub) == tmp_path / "asked.md"
    dialog = actions.preview_dialog(view, view.hub)
    painted = []
    dialog.paintRequested.connect(lambda printer: painted.append(printer.pageLayout().pageSize().id()))
    dialog.setMinimumSize(400, 300)  # as for the view: no size hints pushed to the offscreen window
    dialog.open()
    dialog.close()
    assert painted, "the preview painted the brief"


# -- on a projector ---------------------------------------------------------------------------------
@pytest.fixture
def projected(window, app, qtbot):
    """The Go/No-go view in the main window at a projector's 1024×768, in presentation mode, with a
    stop authority whose name is long (one word of it as wide as a short question)."""
    hub = window.hub
    person = hub.run(lambda plan: people.add_person(plan, "Maximiliane Oberhollenzer-Wittgenstein", 4))
    assert person is not None
    hub.run(lambda plan: people.assign_role(plan, hub.release_id, "stop authority", person.result))
    window.set_presentation(True)
    window.resize(1024, 768)
    window.go_to(window.sections.row_of("gonogo"))
    window.activateWindow()
    qtbot.waitExposed(window)
    view = window.views["gonogo"]
    qtbot.waitUntil(lambda: view.page.viewport().width() > 0)
    app.processEvents()
    yield view
    window.set_presentation(False)


def _in_sight(view, widget) -> bool:
    """Wholly inside the part of the page in sight; for a text box, the line with the cursor (Qt
    scrolls a page to the place where typing goes, not to the whole of a tall box)."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QPlainTextEdit

    viewport = view.page.viewport()
    if isinstance(widget, QPlainTextEdit):
        cursor = widget.cursorRect()
        place = QRect(widget.viewport().mapTo(viewport, cursor.topLeft()), cursor.size())
    else:
        place = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
    return viewport.rect().contains(place)


def test_the_page_never_scrolls_sideways_on_a_projector(projected):
    view = projected
    assert "Oberhollenzer-Wittgenstein" in view.stop_authority.text()
    assert view.page.horizontalScrollBar().maximum() == 0
    width = view.page.viewport().width()
    body = view.page.widget()
    from PySide6.QtWidgets import QAbstractButton, QLabel

    for widget in body.findChildren(QAbstractButton) + body.findChildren(QLabel):
        if widget.isVisibleTo(body):
            right = widget.mapTo(body, widget.rect().topRight()).x()
            assert right < width, f"{widget.text()!r} ends at {right}, the page is {width} wide"
    for row in view.rows.values():  # the question text wraps: all of it fits its label
        assert row.question.heightForWidth(row.question.width()) <= row.question.height()
        assert row.mark.text() in ("✓ pass", "✗ FAIL")  # a word and a symbol, not colour alone


def test_every_control_for_a_verdict_is_reached_by_tab_and_scrolled_into_sight(projected, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    view = projected
    note = view.note
    wanted = [view.save, view.rows["problem"].fix, view.rows["owners"].fix, view.rows["rollback"].fix,
              view.path_note, view.path_day, view.confirm, note.body, note.draft, note.copy, note.sent_on,
              note.mark_sent]
    view.save.setFocus()
    qtbot.waitUntil(lambda: view.save.hasFocus())
    reached = [view.save]
    for _ in range(len(wanted) * 3):
        if reached[-1] is wanted[-1]:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        while focused is not None and focused not in wanted and focused.parentWidget() in wanted:
            focused = focused.parentWidget()  # a date field's own line edit
        if focused is not reached[-1]:
            reached.append(focused)
            assert _in_sight(view, focused), f"Tab went to {focused.accessibleName()!r} out of sight"
    assert [w for w in reached if w in wanted] == wanted, [w.accessibleName() for w in reached]


def test_an_underlined_letter_brings_its_field_into_sight(projected, qtbot):
    view = projected
    view.page.verticalScrollBar().setValue(0)
    assert not _in_sight(view, view.path_note)
    view.path_note.setFocus()  # what Alt+T does (the label "What was &tested")
    qtbot.waitUntil(lambda: view.path_note.hasFocus())
    assert _in_sight(view, view.path_note)


def test_a_refresh_keeps_the_page_scrolled_and_the_review_selected(projected, qtbot):
    from PySide6.QtCore import QPoint

    from cockpit.services.core import Changes

    view = projected
    view.save.click()
    view.save.click()
    assert view.history_model.rowCount() == 2
    first, metrics = view.history_model.index(0), view.history.fontMetrics()
    row = view.history.visualRect(first)
    assert metrics.horizontalAdvance(first.data()) > row.width()  # the long stop authority's name:
    assert row.height() >= 2 * metrics.lineSpacing()  # the line wraps instead of being cut
    view.history.setCurrentIndex(view.history_model.index(1))
    chosen = view.history.currentIndex().data(ReviewHistoryModel.IdRole)
    bar = view.page.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum() // 2)
    qtbot.wait(20)  # laid out as a person sees it
    places = {w: w.mapTo(view, QPoint(0, 0)) for w in (view.confirm, view.note.body, view.history)}
    before = bar.value()
    view.hub.changed.emit(Changes("changed elsewhere", "plan", view.hub.release_id))  # a change in another view
    qtbot.wait(20)
    assert bar.value() == before
    assert {w: w.mapTo(view, QPoint(0, 0)) for w in places} == places  # nothing moved
    assert view.history.currentIndex().data(ReviewHistoryModel.IdRole) == chosen
    view.save.click()  # a third review: the list changes, the one selected stays selected
    assert view.history_model.rowCount() == 3
    assert view.history.currentIndex().data(ReviewHistoryModel.IdRole) == chosen


# -- cockpit check ----------------------------------------------------------------------------------
def _check(path: Path, *extra: str) -> int:
    from ui.cli import check

    parser = argparse.ArgumentParser()
    check.register(parser.add_subparsers())
    args = parser.parse_args(["check", str(path), *extra])
    return args.run(args)


def test_check_exit_codes(app, example_path, tmp_path, capsys):
    assert _check(example_path) == 1
    out = capsys.readouterr().out
    assert out.count("[FAIL]") == 5 and "Verdict: NO-GO" in out and "Maya Chen" in out
    with open_plan(example_path) as plan:
        make_go(plan)
    assert _check(example_path) == 0
    assert "Verdict: GO (5 of 5 pass)" in capsys.readouterr().out
    assert _check(example_path, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "go" and data["go"] is True and len(data["answers"]) == 5
    assert data["stop_authority"] == "Maya Chen"
    damaged = tmp_path / "damaged.cockpit"
    damaged.write_bytes(example_path.read_bytes()[:3000])
    assert _check(damaged) == 2
    err = capsys.readouterr().err
    assert err.startswith("cockpit: ") and len(err.strip().splitlines()) == 1
    not_a_plan = tmp_path / "x.cockpit"
    not_a_plan.write_text("hello")
    assert _check(not_a_plan) == 2
    assert _check(tmp_path / "missing.cockpit") == 2


def test_check_reads_without_writing(app, example_path):
    before = example_path.read_bytes()
    assert _check(example_path) == 1
    assert example_path.read_bytes() == before


def test_check_reads_a_file_that_needs_a_write_from_a_copy(app, example_path, capsys):
    """A WAL-mode plan cannot be read as it is: the command opens a private copy in full instead."""
    import sqlite3

    conn = sqlite3.connect(example_path)
    assert conn.execute("PRAGMA journal_mode=WAL").fetchone() == ("wal",)
    conn.close()
    before = example_path.read_bytes()
    assert _check(example_path) == 1
    assert "Verdict: NO-GO" in capsys.readouterr().out
    assert example_path.read_bytes() == before
    assert sorted(p.name for p in example_path.parent.iterdir() if p.name.startswith("example")) == [
        "example.cockpit"]


def test_check_of_an_unreadable_value_exits_2(app, example_path, capsys):
    import sqlite3

    conn = sqlite3.connect(example_path)
    conn.execute("UPDATE release SET target_date = 'soon'")
    conn.commit()
    conn.close()
    assert _check(example_path) == 2
    err = capsys.readouterr().err
    assert "release.target_date is 'soon'" in err and len(err.strip().splitlines()) == 1


def test_check_of_an_older_format_reads_a_migrated_copy(app, tmp_path, capsys):
    """A plan from the previous version is upgraded only in a private copy: the file keeps format 1."""
    import shutil

    fixture = Path(__file__).resolve().parents[1] / "data" / "plan-format-1.cockpit"
    old = tmp_path / "from-a-colleague.cockpit"
    shutil.copyfile(fixture, old)
    before = old.read_bytes()
    assert _check(old) == 1
    assert "Verdict: NO-GO" in capsys.readouterr().out
    assert old.read_bytes() == before and int.from_bytes(before[60:64], "big") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["from-a-colleague.cockpit"]
