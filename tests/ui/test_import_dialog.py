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
    assert dialog.summary.text().startswith("7 new, 0 updated, 1 skipped, 3 new people")
    assert dialog.model.rowCount() == 8 and dialog.import_button.isEnabled()
    dialog.points.setValue(2.0)
    dialog.refresh_preview()
    dialog.table.selectRow(2)
    assert dialog.row_detail.text().startswith("Line 8: No owner: “Backend Team” is a team")
    pay101 = next(row for row in (dialog.model.planned_row(r) for r in range(8)) if row.external_key == "PAY-101")
    assert pay101.estimate_days == 2.5 and pay101.owner == "Zoë Brandt" and pay101.new_owner

    seen = []
    hub.changed.connect(seen.append)
    dialog.import_button.click()
    assert dialog.result() == ImportDialog.DialogCode.Accepted
    assert hub.undo_stack.count() == 1 and len(seen) == 1
    assert hub.plan.raw.execute("SELECT count(*) FROM scope_item WHERE external_key LIKE 'PAY-%' "
                                "AND lane = 'parked'").fetchone()[0] == 7
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
    assert again.summary.text().startswith("0 new, 0 updated, 3 already up to date")
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
                                "AND external_key LIKE 'ENG-%'").fetchone() == (5,)


def test_screenshot(dialog, app):
    dialog.load(SAMPLES / "jira.csv")
    dialog.resize(1366, 768)
    image = dialog.grab().toImage()
    assert image.width() == 1366
    out = Path("/tmp/import-dialog.png")
    image.save(str(out))
    assert out.stat().st_size > 10_000
