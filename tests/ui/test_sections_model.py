from __future__ import annotations

from PySide6.QtCore import Qt

from ui.models.sections import SECTIONS, SectionModel


def test_section_model_passes_qtmodeltester(qtmodeltester):
    qtmodeltester.check(SectionModel())


def test_only_built_views_are_selectable():
    model = SectionModel()
    enabled = [model.data(model.index(r)) for r in range(model.rowCount())
               if model.flags(model.index(r)) & Qt.ItemFlag.ItemIsEnabled]
    assert enabled == ["Overview", "Scope"]
    assert model.rowCount() == len(SECTIONS) == 7
    assert "later version" in model.data(model.index(model.row_of("retro")), Qt.ItemDataRole.ToolTipRole)
