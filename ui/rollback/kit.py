"""The last stable version kit: what to restore, and whether a database change blocks restoring it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from ui.fit import LinesEdit, form
from ui.rollback.lists import page_layout
from ui.widgets import FocusOut, plain_label, set_tone

if TYPE_CHECKING:
    from cockpit.reports.rollback import KitFacts, RollbackFacts
    from ui.hub import Hub

#: a check box cannot wrap its text: it says the fact, the label below it says what follows
BLOCKING_TEXT = "A &database change blocks rollback"
BLOCKING_HINT = ("Tick this when this release has a migration that cannot be undone: the release is not ready "
                 "until it is made reversible.")


class KitPanel(QWidget):
    """Each field is saved when you leave it (one undo step per field)."""

    def __init__(self, hub: Hub) -> None:
        super().__init__()
        self.hub = hub
        self.release_id: int | None = None
        self.kit: KitFacts | None = None
        self._filters: list[FocusOut] = []
        layout = page_layout(self)
        layout.addWidget(plain_label("The last stable version: what to restore when the caller says “roll back”.",
                                     "tileLabel"))
        fields = form()
        self.build_id = self._line(fields, "&Build or image id", "web:2026.10.3 (image sha 4f2a9c1)")
        self.config_version = self._line(fields, "&Config version", "config v87")
        self.migration_notes = self._text(fields, "&Migration notes", "What the migrations change; how to undo them")
        self.flag_state = self._text(fields, "Feature-f&lag state", "Which flags to turn off, and to what")
        layout.addLayout(fields)
        self.blocking = QCheckBox(BLOCKING_TEXT)
        self.blocking.setAccessibleDescription(BLOCKING_HINT)
        self.blocking.toggled.connect(lambda on: self._save("db_change_blocks_rollback", on))
        layout.addWidget(self.blocking)
        layout.addWidget(plain_label(BLOCKING_HINT, "tileLabel"))
        self.blocking_note = plain_label("", "bad")
        layout.addWidget(self.blocking_note)
        layout.addStretch(1)

    def _line(self, form: QFormLayout, caption: str, hint: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(hint)
        edit.setAccessibleName(caption.replace("&", ""))
        edit.editingFinished.connect(self.commit_pending)
        label = QLabel(caption)
        label.setBuddy(edit)
        form.addRow(label, edit)
        return edit

    def _text(self, form: QFormLayout, caption: str, hint: str) -> QPlainTextEdit:
        edit = LinesEdit(3)
        edit.setPlaceholderText(hint)
        edit.setAccessibleName(caption.replace("&", ""))
        filter_ = FocusOut(self.commit_pending)
        edit.installEventFilter(filter_)
        self._filters.append(filter_)  # a Python-owned filter must outlive the editor's use of it
        label = QLabel(caption)
        label.setBuddy(edit)
        form.addRow(label, edit)
        return edit

    def show_facts(self, facts: RollbackFacts) -> None:
        self.release_id, kit = facts.release_id, facts.kit
        self.kit = kit
        for edit, value in ((self.build_id, kit.build_id), (self.config_version, kit.config_version)):
            if not edit.isModified():
                edit.setText(value)
        for text_edit, value in ((self.migration_notes, kit.migration_notes), (self.flag_state, kit.flag_state)):
            if not text_edit.document().isModified():
                text_edit.setPlainText(value)
                text_edit.document().setModified(False)
        self.blocking.blockSignals(True)
        self.blocking.setChecked(kit.db_change_blocks_rollback)
        self.blocking.blockSignals(False)
        self.blocking_note.setText("⛔  A database change blocks rollback: the release is NOT READY. Make the "
                                   "migration additive or reversible, then clear this box."
                                   if kit.db_change_blocks_rollback else "")
        self.blocking_note.setVisible(kit.db_change_blocks_rollback)
        set_tone(self.blocking_note, "bad")

    def commit_pending(self) -> None:
        """Save what is still being typed in the kit's fields."""
        if self.kit is None:
            return
        values: dict[str, Any] = {}
        for name, edit in (("build_id", self.build_id), ("config_version", self.config_version)):
            if edit.isModified():
                edit.setModified(False)
                values[name] = edit.text()
        for name, text_edit in (("migration_notes", self.migration_notes), ("flag_state", self.flag_state)):
            if text_edit.document().isModified():
                text_edit.document().setModified(False)
                values[name] = text_edit.toPlainText()
        values = {k: v for k, v in values.items() if v.strip() != getattr(self.kit, k)}
        if values:
            self._save_many(values)

    def _save(self, field: str, value: Any) -> None:
        if self.kit is not None and getattr(self.kit, field) != value:
            self._save_many({field: value})

    def _save_many(self, values: dict[str, Any]) -> None:
        from cockpit.services.rollback import set_kit

        release_id = self.release_id
        if release_id is not None and self.hub.run(lambda plan: set_kit(plan, release_id, **values)) is None \
                and self.kit is not None:
            self.show_facts_kit_only()

    def show_facts_kit_only(self) -> None:
        """After a refusal: put the fields back as the file has them."""
        kit = self.kit
        if kit is None:
            return
        self.build_id.setText(kit.build_id)
        self.config_version.setText(kit.config_version)
        self.migration_notes.setPlainText(kit.migration_notes)
        self.flag_state.setPlainText(kit.flag_state)
        self.blocking.blockSignals(True)
        self.blocking.setChecked(kit.db_change_blocks_rollback)
        self.blocking.blockSignals(False)
