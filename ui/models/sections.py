"""The navigation list: the app's views, with the ones not built yet disabled."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    hint: str
    available: bool


SECTIONS = (
    Section("overview", "Overview", "The release at a glance: name, problem, dates, phase", True),
    Section("scope", "Scope", "Scope board: drag to cut, the three checks, fit against capacity", True),
    Section("owners", "Owners", "Ownership matrix: one name per decision and per task", True),
    Section("timeline", "Timeline", "Four weeks, milestones, daily check-ins, progress and plan stability", True),
    Section("rollback", "Rollback", "Rollback checklist: triggers, last stable version, runbook, timed drills", True),
    Section("gonogo", "Go/No-go", "The five questions, the verdict, the stakeholder note", True),
    Section("retro", "Retro", "Retrospective: outcome, patterns, five whys, and the next cycle", True),
)


class SectionModel(QAbstractListModel):
    """Read-only list of sections; unavailable ones are shown but cannot be selected."""

    KeyRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, sections: tuple[Section, ...] = SECTIONS, parent=None) -> None:
        super().__init__(parent)
        self._sections = sections

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._sections)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._sections):
            return None
        section = self._sections[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return section.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return section.hint
        if role == self.KeyRole:
            return section.key
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._sections[index.row()].available:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        return Qt.ItemFlag.ItemNeverHasChildren

    def row_of(self, key: str) -> int:
        for row, section in enumerate(self._sections):
            if section.key == key:
                return row
        raise KeyError(key)

    def section(self, row: int) -> Section:
        return self._sections[row]
