"""File → Import…: the preview dialog, its model, progress, and the import as one undo step."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from cockpit.importers import read_backlog_file
from cockpit.services import release as release_service
from cockpit.services.importing import preview_backlog
from cockpit.store import open_plan
from ui.hub import Hub
from ui.importer import ImportDialog
from ui.models.importing import PreviewModel

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "import"


@pytest.fixture
def hub(app, example_path: Path):
    hub = Hub()
    hub.attach(open_plan(example_path))
    yield hub
    hub.detach()


@pytest.fixture
def dialog(hub, qtbot):
    dialog = ImportDialog(hub)
    qtbot.addWidget(dialog)
    return dialog


def rows_of(plan) -> list[tuple]:
    return plan.raw.execute("SELECT * FROM scope_item ORDER BY id").fetchall()


def all_rows(plan) -> dict[str, list[tuple]]:
    names = [r[0] for r in plan.raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {name: plan.raw.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall() for name in names}


def test_preview_model_passes_the_model_tester(hub, qtmodeltester):
    rows = read_backlog_file(SAMPLES / "jira.csv").rows
    planned = preview_backlog(hub.plan, hub.release_id, rows, points_per_day=2)
    model = PreviewModel()
    model.set_plan(planned)
    qtmodeltester.check(model)
    assert model.rowCount() == 8
    skipped = next(r for r in range(8) if model.planned_row(r).action == "skip")
    assert model.index(skipped, 1).data() == "Skipped"
    assert model.index(skipped, 0).data() == "10"
    assert "No title" in model.index(skipped, 9).data(Qt.ItemDataRole.ToolTipRole)
    model.set_problems_only(True)
    qtmodeltester.check(model)
    assert [model.planned_row(r).where for r in range(model.rowCount())] == ["line 8", "line 10", "line 11",
                                                                              "line 13"]
    model.set_plan(None)
    assert model.rowCount() == 0


def test_import_jira_preview_then_one_undo_step_restores_the_file(hub, dialog):
    before = all_rows(hub.plan)
    assert dialog.load(SAMPLES / "jira.csv")
    assert dialog.detected.text() == "Jira CSV · UTF-8 · comma-separated · 8 rows"
    assert not dialog.mapping_group.isVisible()
    assert dialog.summary.text().startswith("6 new, 0 updated, 1 skipped, 2 new people")  # PAY-107: done at source
    assert dialog.model.rowCount() == 8 and dialog.import_button.isEnabled()
    dialog.points.setValue(2.0)
    dialog.refresh_preview()
    dialog.table.selectRow(2)
    assert dialog.row_detail.text().split("\n") == [
        "Line 8 · New · PAY-103: Migrate invoices table to the new schema",
        "feature, todo, 4 days, risk: billing, migration",
        "No owner: “Backend Team” is a team or a placeholder, not a person: pick one name."]
    pay101 = next(row for row in (dialog.model.planned_row(r) for r in range(8)) if row.external_key == "PAY-101")
    assert pay101.estimate_days == 2.5 and pay101.owner == "Zoë Brandt" and pay101.new_owner

    seen = []
    hub.changed.connect(seen.append)
    dialog.import_button.click()
    assert dialog.result() == ImportDialog.DialogCode.Accepted
    assert hub.undo_stack.count() == 1 and len(seen) == 1
    assert hub.plan.raw.execute("SELECT count(*) FROM scope_item WHERE external_key LIKE 'PAY-%' "
                                "AND lane = 'parked'").fetchone()[0] == 6
    hub.undo_stack.undo()
    assert all_rows(hub.plan) == before
    hub.undo_stack.redo()
    assert hub.plan.raw.execute("SELECT estimate_days FROM scope_item WHERE external_key = 'PAY-101'"
                                ).fetchone() == (2.5,)


def test_generic_csv_asks_for_the_title_column(dialog, hub):
    assert dialog.load(SAMPLES / "generic-unmapped-semicolon.csv")
    assert "cp1252" in dialog.detected.text() and "semicolon" in dialog.detected.text()
    assert not dialog.mapping_group.isHidden()
    assert not dialog.import_button.isEnabled()
    assert "title" in dialog.message.text()
    dialog.mapping_boxes["assignee"].setCurrentText("Wer")
    dialog.mapping_boxes["title"].setCurrentText("Was")
    assert dialog.model.rowCount() == 2
    assert dialog.model.index(0, 3).data() == "Rechnung als PDF für Österreich"
    assert dialog.model.index(0, 6).data() == "Maya Chen"
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    assert hub.plan.raw.execute("SELECT owner_id FROM scope_item WHERE title = 'Mahnung per Mail'").fetchone() == (2,)


def test_reimport_shows_updates_not_duplicates(dialog, hub, qtbot):
    dialog.load(SAMPLES / "trello-board.json")
    dialog.import_button.click()
    again = ImportDialog(hub)
    qtbot.addWidget(again)
    again.load(SAMPLES / "trello-board.json")
    assert again.summary.text().startswith("0 new, 0 updated, 2 already up to date")  # the archived card: done
    assert not again.import_button.isEnabled()


def test_unreadable_file_is_explained(dialog, tmp_path: Path):
    junk = tmp_path / "photo.csv"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert not dialog.load(junk)
    assert "not a text export" in dialog.message.text()
    assert not dialog.import_button.isEnabled() and dialog.model.rowCount() == 0


def test_large_file_shows_progress(dialog, tmp_path: Path):
    big = tmp_path / "big.csv"
    big.write_text("Summary,Issue key,Issue Type\n" + "".join(f"Item {n},B-{n},Bug\n" for n in range(3000)))
    assert dialog.load(big)
    assert dialog.progress is not None
    assert dialog.progress.value() == dialog.progress.maximum() == 1000
    assert dialog.model.rowCount() == 3000


def test_frozen_release_needs_an_override_to_import_into_it(dialog, hub, monkeypatch):
    """The dialog never checks the freeze itself: the service asks (ScopeFrozen) and the hub asks the person."""
    release_service.set_phase(hub.plan, hub.release_id, "testing", confirmed=True)
    dialog.load(SAMPLES / "linear.csv")
    dialog.lane_box.setCurrentIndex(1)
    assert not hasattr(dialog, "override")
    asked: list[tuple[str, str]] = []
    answers = iter([None, "Customers cannot log in"])  # cancelled first, then answered

    def ask(parent, question):  # type: ignore[no-untyped-def]
        asked.append((str(question), question.hint))
        return next(answers)

    monkeypatch.setattr(hub, "ask_reason", ask)
    count = len(rows_of(hub.plan))
    dialog.import_button.click()
    assert "Scope is frozen" in asked[0][0] and "production fixes" in asked[0][1]
    assert dialog.result() != ImportDialog.DialogCode.Accepted and len(rows_of(hub.plan)) == count
    dialog.import_button.click()
    assert dialog.result() == ImportDialog.DialogCode.Accepted
    assert hub.plan.raw.execute("SELECT count(*) FROM scope_item WHERE late_addition AND lane = 'in release' "
                                "AND external_key LIKE 'ENG-%'").fetchone() == (3,)  # Done and Canceled: done at source


def test_screenshot(dialog, app):
    dialog.load(SAMPLES / "jira.csv")
    dialog.resize(1366, 768)
    image = dialog.grab().toImage()
    assert image.width() == 1366
    out = Path("/tmp/import-dialog.png")
    image.save(str(out))
    assert out.stat().st_size > 10_000


EXPORTS = Path(__file__).resolve().parents[1] / "data" / "exports"


def test_status_choice_model_passes_the_model_tester(qtmodeltester):
    from ui.models.importing import StatusChoiceModel

    model = StatusChoiceModel()
    model.set_values([("Hotel Stories", 2), ("Verified by QA", 5)])
    qtmodeltester.check(model)
    assert model.index(1, 1).data() == "5" and model.index(1, 2).data() == "not recognised: to do"
    assert model.setData(model.index(1, 2), "done") and model.choices() == {"Verified by QA": "done"}
    assert model.index(1, 2).data() == "done"
    assert not model.setData(model.index(1, 2), "later") and not model.setData(model.index(1, 0), "done")
    assert model.setData(model.index(1, 2), "") and model.choices() == {}
    qtmodeltester.check(model)


def test_dialog_lets_the_person_say_what_an_unrecognised_status_means(dialog, hub):
    assert dialog.load(EXPORTS / "trello-feature-lists.json")
    panel = dialog.status_panel
    assert not panel.isHidden() and panel.model.rowCount() == 1
    assert (panel.model.value(0), panel.model.index(0, 1).data()) == ("Hotel Stories", "2")
    assert "Status “Hotel Stories” (2 cards) → to do: not recognised; choose below." in dialog.findings.text()
    assert panel.choose("Hotel Stories", "doing")
    assert {dialog.model.planned_row(r).status for r in range(dialog.model.rowCount())} == {"doing"}
    assert panel.model.rowCount() == 1  # still listed, so the choice can be taken back
    assert "not recognised" not in dialog.findings.text()
    dialog.import_button.click()
    assert set(dict(hub.plan.raw.execute("SELECT external_key, status FROM scope_item WHERE external_key LIKE "
                                         "'trello:%'")).values()) == {"doing"}


def test_dialog_skips_pull_requests_unless_ticked(dialog):
    assert dialog.load(EXPORTS / "github-rest-several-repos.json")
    assert not dialog.pull_requests.isHidden() and not dialog.pull_requests.isChecked()
    assert dialog.summary.text().startswith("17 new, 0 updated")
    assert "7 pull requests skipped (not backlog items); tick the box below to import them." in dialog.findings.text()
    assert sum(dialog.model.planned_row(r).action == "pull request" for r in range(dialog.model.rowCount())) == 7
    dialog.pull_requests.setChecked(True)
    assert dialog.summary.text().startswith("24 new, 0 updated")


def test_dialog_shows_what_was_left_out_and_not_used(dialog):
    assert dialog.load(EXPORTS / "jira-cloud-plane-migration.csv")
    text = dialog.findings.text()
    assert "10 already done at source, not imported." in text
    assert "Not used: Priority (22), Sprint (18), Resolution (10), Comment (9), Attachment (3), Due date (2)." in text
    assert dialog.status_panel.isHidden() and dialog.pull_requests.isHidden()
    done = [dialog.model.planned_row(r) for r in range(dialog.model.rowCount())
            if dialog.model.planned_row(r).action == "done at source"]
    assert len(done) == 10 and dialog.model.index(0, 0).data() == "2"


def test_dialog_names_json_records_not_line_1(dialog):
    assert dialog.load(EXPORTS / "github-rest-one-line.json")
    assert [dialog.model.index(r, 0).data() for r in range(2)] == ["issue 1 (swilliams/issuetest#2)",
                                                                   "issue 2 (swilliams/issuetest#1)"]


def test_fit_widths_gives_the_room_to_the_long_text_and_keeps_states_whole():
    from ui.importer.preview_table import fit_widths
    from ui.models.importing import PROBLEMS_COLUMN, TITLE_COLUMN

    natural = [40, 120, 130, 600, 70, 60, 90, 50, 40, 500]
    floors = [60, 90, 50, 60, 60, 70, 80, 60, 50, 110]
    wide = fit_widths(natural, floors, 2000)
    assert sum(wide) == 2000 and all(w >= max(n, f) for w, n, f in zip(wide, natural, floors, strict=True))
    assert {c for c, (w, n, f) in enumerate(zip(wide, natural, floors, strict=True)) if w > max(n, f)} == {
        TITLE_COLUMN, PROBLEMS_COLUMN}  # the surplus goes to the long text only
    narrow = fit_widths(natural, floors, 1000, frozenset({1, 5, 7}))
    assert sum(narrow) == 1000
    assert all(w >= f for w, f in zip(narrow, floors, strict=True))  # no header is squeezed
    assert [narrow[c] for c in (1, 5, 7)] == [120, 70, 60]  # "Will be", status and days keep their words
    assert narrow[TITLE_COLUMN] > narrow[2] and narrow[PROBLEMS_COLUMN] > narrow[2]
    assert fit_widths(natural, floors, 300) == floors  # too narrow even for the headers: nothing is hidden


def test_the_columns_fill_the_table_without_sideways_scrolling_and_empty_ones_step_aside(dialog, qtbot):
    assert dialog.load(EXPORTS / "jira-cloud-several-projects.csv")
    dialog.resize(700, 600)
    dialog.show()
    table = dialog.table
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: sum(header.sectionSize(c) for c in range(header.count())
                                if not header.isSectionHidden(c)) == table.viewport().width())
    assert table.horizontalScrollBar().maximum() == 0
    hidden = {dialog.model.headerData(c, Qt.Orientation.Horizontal) for c in range(header.count())
              if header.isSectionHidden(c)}
    assert hidden == {"Owner", "Days", "Risk"}  # no row of this export has one
    for column in range(header.count()):  # every shown header has its whole text
        if not header.isSectionHidden(column):
            assert header.sectionSize(column) >= header.sectionSizeFromContents(column).width()


def test_the_selected_row_is_written_out_in_full_below_the_table(dialog, qtbot):
    """The cells are one line and cut long text; the selected row's every column is shown whole."""
    assert dialog.load(SAMPLES / "jira.csv")
    dialog.resize(700, 600)
    dialog.show()
    assert dialog.table.currentIndex().row() == 0  # a row is selected from the start: the text is never empty
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    text = dialog.row_detail.text()
    assert "Migrate invoices table to the new schema" in text and "risk: billing, migration" in text
    assert "No owner: “Backend Team” is a team or a placeholder, not a person: pick one name." in text
    skipped = dialog.model.describe(4).split("\n")
    assert skipped[0] == "Line 10 · Skipped · PAY-105" and skipped[2].startswith("No title")


def test_a_refreshed_preview_keeps_the_selected_row_and_the_scroll(dialog, qtbot, tmp_path: Path):
    many = tmp_path / "many.csv"
    many.write_text("Summary,Issue key,Issue Type,Custom field (Story Points)\n"
                    + "".join(f"Item {n},B-{n},Bug,{n % 5 + 1}\n" for n in range(200)))
    assert dialog.load(many)
    dialog.resize(700, 600)
    dialog.show()
    dialog.table.selectRow(120)
    dialog.table.scrollTo(dialog.model.index(120, 0))
    scrolled = dialog.table.verticalScrollBar().value()
    assert scrolled > 0
    dialog.points.setValue(2.0)  # another preview of the same rows (the debounce runs it)
    qtbot.waitUntil(lambda: dialog.model.planned_row(0).estimate_days == 0.5)
    assert dialog.table.currentIndex().row() == 120 and dialog.row_detail.text().startswith("Line 122 · New · B-120")
    assert dialog.table.verticalScrollBar().value() == scrolled


def test_the_dialog_fits_the_screen_it_opens_on(hub, qtbot):
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = ImportDialog(hub, parent)
    dialog.load(EXPORTS / "jira-cloud-several-projects.csv")
    dialog.show()
    room = parent.screen().availableGeometry()
    assert room.contains(QRect(dialog.pos(), dialog.size()))
    assert dialog.minimumSizeHint().width() <= room.width() and dialog.minimumSizeHint().height() <= room.height()
    # the findings are read in the settings half, which scrolls up and down and never sideways
    page = dialog.settings_page
    assert page.horizontalScrollBar().maximum() == 0
    assert dialog.findings.focusPolicy() & Qt.FocusPolicy.TabFocus  # Tab reaches them, the half follows
    dialog.reject()
