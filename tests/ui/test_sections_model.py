from __future__ import annotations

from PySide6.QtCore import Qt

from ui.models.sections import SECTIONS, Section, SectionModel


def test_section_model_passes_qtmodeltester(qtmodeltester):
    qtmodeltester.check(SectionModel())


def test_only_built_views_are_selectable():
    model = SectionModel()
    enabled = [model.data(model.index(r)) for r in range(model.rowCount())
               if model.flags(model.index(r)) & Qt.ItemFlag.ItemIsEnabled]
    assert enabled == ["Overview", "Scope", "Owners", "Timeline", "Rollback", "Go/No-go", "Retro"]
    assert model.rowCount() == len(SECTIONS) == 7
    pending = SectionModel((SECTIONS[0], Section("later", "Later", "Not built yet", False)))
    assert not pending.flags(pending.index(1)) & Qt.ItemFlag.ItemIsEnabled
    assert pending.data(pending.index(1), Qt.ItemDataRole.ToolTipRole) == "Not built yet"
