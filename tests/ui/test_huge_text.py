"""A plan written by another tool with a megabyte in every text field: every view shows it clipped
(``cockpit.text.shown``), the editors hold it whole, and nothing takes seconds."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)

from cockpit.text import SHOWN_LONG

HUGE = "Huge " * 200_000  # a megabyte
#: fields that are free text the person types (codes, enums and JSON lists are left alone)
_FREE_TEXT = {
    "release": ("name", "problem", "path_tested_note"), "person": ("name",),
    "scope_item": ("title", "description", "asked_by", "cut_reason", "late_reason"),
    "release_task": ("title", "area"), "check_in": ("shipped", "blocks"), "blocker": ("text",),
    "rollback_trigger": ("condition",), "runbook_step": ("text",),
    "stable_kit": ("build_id", "config_version", "migration_notes", "flag_state"),
    "rollback_drill": ("environment", "notes"), "go_no_go_review": ("stop_authority",),
    "retro_entry": ("problem", "root_cause"),
}
_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole)


def _swamp(path: Path) -> None:
    conn = sqlite3.connect(path)
    with conn:
        for table, columns in _FREE_TEXT.items():
            for column in columns:
                conn.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = (SELECT min(rowid) FROM {table})",
                             (HUGE,))
    conn.close()


def _too_long(text: object) -> bool:
    return isinstance(text, str) and len(text) > SHOWN_LONG + 200


def _shown_texts(window) -> list[str]:
    """Where a text longer than a tooltip's worth is on screen: widget texts, combo entries, cells."""
    found = []
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton) + window.findChildren(QGroupBox):
        text = widget.title() if isinstance(widget, QGroupBox) else widget.text()
        if _too_long(text) or _too_long(widget.toolTip()):
            found.append(f"{type(widget).__name__} {widget.objectName()}")
    for combo in window.findChildren(QComboBox):
        if any(_too_long(combo.itemText(i)) for i in range(combo.count())):
            found.append(f"combo in {type(combo.parent()).__name__}")
    combo_models = {id(combo.model()) for combo in window.findChildren(QComboBox)}
    for view in window.findChildren(QAbstractItemView):
        model = view.model()
        if model is None or id(model) in combo_models:  # the combo's entries are checked above
            continue
        columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(QModelIndex())
        for row in range(min(model.rowCount(QModelIndex()), 40)):
            for column in range(columns):
                if any(_too_long(model.data(model.index(row, column), role)) for role in _ROLES):
                    found.append(f"{type(model).__name__} row {row} column {column}")
        for column in range(columns):
            if any(_too_long(model.headerData(column, Qt.Orientation.Horizontal, role)) for role in _ROLES):
                found.append(f"{type(model).__name__} header {column}")
    return found


@pytest.fixture
def huge_window(window, example_path: Path, tmp_path: Path):
    window.hub.detach()
    path = tmp_path / "huge.cockpit"
    path.write_bytes(example_path.read_bytes())
    _swamp(path)
    assert window.open_path(path), window.message_bar.text()
    return window


def test_every_view_shows_megabyte_fields_clipped(huge_window) -> None:
    found = []
    for row in range(huge_window.sections.rowCount()):
        huge_window.show_section(row)
        found += [f"section {row}: {where}" for where in _shown_texts(huge_window)]
    assert found == [], "\n".join(found)


def test_the_editors_hold_the_whole_text(huge_window) -> None:
    for row in range(huge_window.sections.rowCount()):
        huge_window.show_section(row)
    editors = huge_window.findChildren(QPlainTextEdit) + huge_window.findChildren(QTextEdit)
    assert any(editor.toPlainText() == HUGE.strip() or editor.toPlainText() == HUGE for editor in editors)
    assert all(len(line.text()) <= 32767 for line in huge_window.findChildren(QLineEdit))
