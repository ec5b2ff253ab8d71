"""The shell: opening, refusing, closing plans; navigation; status bar; save a copy."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from cockpit import orm
from cockpit.store import open_plan
from ui.main_window import MainWindow


def test_window_shows_the_plan(window, example_path: Path):
    assert window.windowTitle() == f"Team plan billing — {example_path.name} — Release Cockpit"
    # the path wraps at its separators (a zero-width space after each) instead of widening the window
    assert window.path_label.text().replace("\u200b", "") == str(example_path)
    assert window.path_label.accessibleName() == str(example_path)
    assert window.stack.currentWidget() is window.views["overview"]
    enabled = [action.text() for action in window.section_actions if action.isEnabled()]
    assert enabled == ["Overview", "Scope", "Owners", "Timeline", "Rollback", "Go/No-go", "Retro"]


def test_status_bar_says_when_the_last_change_was_saved(window, qtbot):
    view = window.views["overview"]
    view.name.setText("Saved now")
    view.name.editingFinished.emit()
    assert window.saved_label.text().startswith("All changes saved · ")


def test_damaged_file_is_refused_in_the_window(app, qtbot, tmp_path: Path):
    bad = tmp_path / "bad.cockpit"
    bad.write_bytes(b"this is not a database" * 50)
    before = bad.read_bytes()
    win = MainWindow()
    qtbot.addWidget(win)
    assert not win.open_path(bad)
    assert "not a Release Cockpit plan" in win.message_bar.text()
    assert bad.read_bytes() == before
    assert win.empty.buttons[0].isVisibleTo(win.empty)


def test_second_window_is_told_the_file_is_open(window, app, qtbot, example_path: Path):
    other = MainWindow()
    qtbot.addWidget(other)
    assert not other.open_path(example_path)
    assert "already open" in other.message_bar.text()


def test_close_plan_clears_undo_and_disables_views(window):
    view = window.views["overview"]
    view.name.setText("Before closing")
    view.name.editingFinished.emit()
    assert window.hub.undo_stack.canUndo()
    window.close_action.trigger()
    assert window.hub.plan is None
    assert not window.hub.undo_stack.canUndo()
    assert not window.copy_action.isEnabled()
    assert window.stack.currentWidget() is window.empty


def test_open_recent_lists_the_plan(window, example_path: Path):
    window._fill_recent()
    texts = [action.text() for action in window.recent_menu.actions()]
    assert any(example_path.name in text for text in texts)


def test_save_a_copy_writes_a_plan_that_opens(window, monkeypatch, tmp_path: Path):
    dest = tmp_path / "copy for the founders.cockpit"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(dest), "")))
    window.copy_action.trigger()
    assert dest.exists()
    with open_plan(dest) as plan:
        assert plan.live_release_id() == window.hub.release_id


def test_new_plan_from_the_start_page(window, monkeypatch, tmp_path: Path, isolated_home: Path):
    """File ▸ New opens the start page: the release name, where it goes; then the Overview with the
    problem sentence focused."""
    start = window.show_start()
    assert start.isVisible() and not start.start_button.isEnabled()
    start.name.setText("Invoices by card")
    assert start.where.text().replace("\u200b", "").endswith("invoices-by-card.cockpit")
    dest = tmp_path / "fresh"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(dest), "")))
    start.choose_where()
    window.activateWindow()
    start.name.returnPressed.emit()
    assert window.hub.plan is not None and window.hub.plan.path == dest.with_suffix(".cockpit")
    assert not start.isVisible()
    overview = window.views["overview"]
    assert overview.name.text() == "Invoices by card" and window.stack.currentWidget() is overview
    assert overview.problem.hasFocus()
    assert not window.example_banner.isVisible()


def test_the_start_page_lists_recent_plans_and_the_example_says_so(window, example_path: Path, tmp_path: Path):
    start = window.show_start()
    names = [start.recent.item(n).text() for n in range(start.recent.count())]
    assert any(name.startswith(example_path.name) for name in names)
    start.close()
    assert not window.example_banner.isVisible()  # a copy of the example, opened as a plan: not flagged
    window.open_path(tmp_path / "try.cockpit", create=True, example=True)
    assert window.example_banner.isVisible() and "example plan" in window.example_banner.label.text()
    window.example_banner.button.click()
    assert window.start_dialog.isVisible()
    window.start_dialog.close()


def test_a_name_is_needed_to_start(window):
    start = window.show_start()
    start.start()
    assert "Give the release a name" in start.problem.text() and start.isVisible()
    start.close()


def test_geometry_is_remembered(app, qtbot, example_path: Path):
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    first.setGeometry(20, 30, 1011, 611)
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    # The offscreen screen is small, so Qt may clamp the width; the saved state and height survive.
    assert second.settings.value("geometry") == first.saveGeometry()
    second.show()
    assert second.height() == 611


def test_an_unexpected_error_is_logged_and_explained(window, monkeypatch, isolated_home: Path):
    import sys

    from ui.app import install_excepthook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook(window)
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        sys.excepthook(RuntimeError, exc, exc.__traceback__)
    assert "Something went wrong" in window.message_bar.text()
    assert "Traceback" not in window.message_bar.text()
    log = isolated_home / "data" / "errors.log"
    assert "RuntimeError: boom" in log.read_text()


def test_the_e2e_probe_maps_every_view(window):
    from ui import e2e_probe

    for row in range(window.sections.rowCount()):
        window.go_to(row)
        places = e2e_probe.snapshot()
        assert places["Views"][2] > 0
    window.go_to(1)
    places = e2e_probe.snapshot()
    assert "In release/Invoice PDF shows the right VAT" in places
    assert all(len(rect) == 4 for rect in places.values())


def test_start_up_shows_the_plan_before_the_core_has_loaded(app, qtbot, example_path: Path):
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    win.open_after_peek(example_path)
    # Before the event loop runs the full open: the headline comes from a plain sqlite3 read.
    assert win.hub.plan is None
    assert win.empty.title.text() == "Team plan billing"
    assert "In release: 10 (39 open days) · cut: 3 · parked: 3 · people: 5" in win.empty.preview.text()
    qtbot.waitUntil(lambda: win.hub.plan is not None)
    assert win.stack.currentWidget() is win.views["overview"]
    win.close()


def test_peek_of_a_broken_file_is_simply_no_preview(tmp_path: Path):
    from cockpit.peek import peek

    bad = tmp_path / "bad.cockpit"
    bad.write_bytes(b"not sqlite at all" * 100)
    assert peek(bad) is None
    assert peek(tmp_path / "missing.cockpit") is None


def test_opening_an_older_format_says_it_was_upgraded(app, qtbot, tmp_path: Path):
    import shutil

    old = tmp_path / "from-a-colleague.cockpit"
    shutil.copyfile(Path(__file__).resolve().parents[1] / "data" / "plan-format-1.cockpit", old)
    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_path(old)
    assert win.message_bar.text().startswith("from-a-colleague.cockpit was upgraded from file format 1 to 4.")
    assert "Older versions of Release Cockpit cannot open it" in win.message_bar.text()
    win.hub.detach()


def test_the_shell_reads_the_snapshot_not_the_orm(window, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("the window opened an ORM session to read")

    with monkeypatch.context() as m:
        m.setattr(orm, "session", refuse)
        window._fill_cycles()
        window._update_status()
    assert window.cycle_box.count() == 1 and window.cycle_box.itemData(0) == window.hub.release_id
    assert window.windowTitle().startswith("Team plan billing — ")


def test_the_file_actions_are_the_windows_helper_not_a_base_class(window):
    from ui.file_actions import FileActions

    assert isinstance(window.files, FileActions) and not isinstance(window, FileActions)
    assert window.files.window is window and window.files.hub is window.hub
    assert [b.text() for b in window.empty.buttons] == ["&New plan…", "&Open plan…", "Open the &example plan"]


def test_a_failing_backup_is_said_once_and_the_change_stays_on_the_undo_stack(window, tmp_path) -> None:
    from cockpit.services.people import add_person

    plan = window.hub.plan
    plan.backup_dir = tmp_path / "not-a-folder"
    plan.backup_dir.write_text("a file where the backups should go")
    plan.backup_every_seconds = 0.0
    steps = window.hub.undo_stack.count()
    assert window.hub.run(lambda p: add_person(p, "Noor Haddad")) is not None
    assert window.hub.undo_stack.count() == steps + 1
    assert "change is saved" in window.message_bar.text()
    assert any(p.name == "Noor Haddad" for p in window.hub.cycle().people)


def test_a_geometry_remembered_on_a_larger_monitor_is_fitted_to_this_screen(app, qtbot):
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    first.setGeometry(1800, 1100, 2400, 1350)  # a 2560×1440 monitor, bottom right
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    available = second.screen().availableGeometry()
    frame = second.geometry()
    # Inside the screen, as far as the window's minimum size lets it be.
    assert frame.width() <= max(available.width(), second.minimumWidth())
    assert frame.height() <= max(available.height(), second.minimumHeight())
    assert available.contains(frame.topLeft())


def test_fit_to_screen_shrinks_and_moves_a_window_inside() -> None:
    from PySide6.QtCore import QRect

    from ui.main_window import fit_to_screen

    projector = QRect(0, 0, 1024, 768)
    assert fit_to_screen(QRect(1800, 1100, 2400, 1350), projector) == QRect(0, 0, 1024, 768)
    assert fit_to_screen(QRect(900, 600, 800, 500), projector) == QRect(224, 268, 800, 500)
    assert fit_to_screen(QRect(10, 20, 800, 500), projector) == QRect(10, 20, 800, 500)
    assert fit_to_screen(QRect(-300, -50, 800, 500), QRect(1280, 0, 1280, 720)) == QRect(1280, 0, 800, 500)


def test_no_splitter_pane_can_be_dragged_to_nothing(window):
    from PySide6.QtWidgets import QSplitter

    for row in range(window.sections.rowCount()):
        window.go_to(row)
    splitters = window.findChildren(QSplitter)
    assert len(splitters) >= 2  # the window's, and the views' that keep one (Go/No-go, Rollback…)
    assert all(not splitter.childrenCollapsible() for splitter in splitters)


def test_the_status_bar_says_where_a_written_file_went(window, tmp_path):
    """After the brief, a calendar or a copy is written: its name and folder, with Open file / Show folder."""
    from ui.brief import actions

    note = window.written_note
    assert not note.isVisible()
    opened = []
    note.opener = opened.append  # the desktop's app would open here
    pdf = actions.export_pdf(window, window.hub, tmp_path / "brief.pdf")
    assert pdf is not None and note.isVisible()
    assert note.label.text().replace("\u200b", "") == f"Wrote the brief (PDF): brief.pdf in {tmp_path}"
    note.open_button.click()
    note.folder_button.click()
    assert opened == [tmp_path / "brief.pdf", tmp_path]
    actions.export_markdown(window, window.hub, tmp_path / "brief.md")
    assert note.label.text().replace("\u200b", "") == f"Wrote the brief (Markdown): brief.md in {tmp_path}"


def test_the_print_preview_opens_fitted_to_the_page(window):
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    from ui.brief import actions

    dialog = actions.preview_dialog(window, window.hub)
    try:
        widget = dialog.findChild(QPrintPreviewWidget)
        assert widget.zoomMode() == QPrintPreviewWidget.ZoomMode.FitInView
        screen = window.screen().availableGeometry()
        assert dialog.width() >= screen.width() * 8 // 10 and dialog.height() <= screen.height()
    finally:
        dialog.deleteLater()


def test_undo_and_redo_name_the_change_and_the_card(window):
    from cockpit.services import scope

    card = next(i for i in window.hub.cycle().items if i.title == "SSO with Okta")
    window.hub.run(lambda plan, **asked: scope.move_items(plan, [card.id], "parked", **asked))
    assert window.undo_action.text().replace("&", "") == "Undo Park “SSO with Okta”"
    window.undo()
    assert window.redo_action.text().replace("&", "") == "Redo Park “SSO with Okta”"


def test_the_start_page_says_why_a_plan_could_not_be_started(window, monkeypatch, tmp_path: Path):
    """A file that already exists (chosen with Change where…) is refused, and the start page says so."""
    taken = tmp_path / "taken.cockpit"
    taken.write_bytes(b"precious")
    start = window.show_start()
    start.name.setText("Invoices by card")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(taken), "")))
    start.choose_where()
    start.start()
    assert start.isVisible() and "already exists" in start.problem.text()
    assert taken.read_bytes() == b"precious"
    start.close()
