"""The remediation note: drafted from the plan until someone edits it, then kept in the plan as written.

The draft follows the plan (it is redrawn on every reload) and is not stored; the first edit saves
the text (one undoable step), and from then on the saved text is what the team sees. "Redraft"
drops the saved text so the draft comes back (undo brings the team's text back).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QGroupBox, QPlainTextEdit, QPushButton, QVBoxLayout

from ui.fit import FlowLayout
from ui.keys import describe
from ui.page import grow_with_text
from ui.team.lock import reads_only
from ui.widgets import FocusOut, plain_label, set_tone

if TYPE_CHECKING:
    from cockpit.reports.retro import Retro
    from ui.hub import Hub


class RemediationPanel(QGroupBox):
    """The note's text, whether it is the draft or the team's, and Redraft / Copy."""

    def __init__(self, hub: Hub) -> None:
        super().__init__("Remediat&ion note")
        self.hub = hub
        self.release_id: int | None = None
        self.saved = ""
        self.draft = ""
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("Own the miss, name the remedy and the plan; blame nobody.", "tileLabel"))
        self.state = plain_label("", "tileLabel")
        layout.addWidget(self.state)
        self.body = QPlainTextEdit()
        self.body.setAccessibleName("Remediation note")
        self.body.setTabChangesFocus(True)
        self._focus = FocusOut(self.commit_pending)
        self.body.installEventFilter(self._focus)
        describe(QShortcut(QKeySequence("Ctrl+Return"), self.body, self.commit_pending), "Save the remediation note")
        layout.addWidget(grow_with_text(self.body, 10, 16))
        self.live = False
        self.body.document().modificationChanged.connect(self._enable_redraft)
        buttons = FlowLayout()
        self.redraft = QPushButton("Redraft from the p&lan")
        self.redraft.setToolTip("Drop the saved text and show a fresh draft from the plan (undo brings yours back)")
        self.redraft.clicked.connect(self.redraft_from_plan)
        self.copy = reads_only(QPushButton("Cop&y to clipboard"))
        self.copy.clicked.connect(self.copy_to_clipboard)
        buttons.addWidget(self.redraft)
        buttons.addWidget(self.copy)
        layout.addLayout(buttons)

    @property
    def text(self) -> str:
        return self.body.toPlainText()

    def show_retro(self, facts: Retro, draft: str) -> None:
        """Show the saved note, or the draft when none is saved; text being typed is left alone."""
        if facts.release_id != self.release_id:
            self.body.document().setModified(False)  # another cycle: its own note
        self.release_id, self.saved, self.draft = facts.release_id, facts.remediation, draft
        shown = self.saved or self.draft
        if not self.body.document().isModified() and self.text.strip() != shown.strip():
            # Only when the words differ: after a save the text is already there, and setting it
            # again would move the cursor to the top (a right-click menu's paste would land there).
            self.body.setPlainText(shown)
            self.body.document().setModified(False)
        self.body.setReadOnly(not facts.live)
        self.live = facts.live
        self._enable_redraft()
        if self.saved:
            self.state.setText("Saved in the plan as your team wrote it (leaving the field or Ctrl+Return "
                               "saves). Copy it into your mail when it is ready.")
            set_tone(self.state, "good")
        else:
            self.state.setText("A draft from the plan. It follows the plan until you edit it; your edits are "
                               "saved when you leave the field or press Ctrl+Return.")
            set_tone(self.state, "tileLabel")

    def _enable_redraft(self, _modified: bool = False) -> None:
        """Redraft has something to do once the team's text differs from the draft (saved or not)."""
        self.redraft.setEnabled(self.live and (bool(self.saved) or self.body.document().isModified()))

    def clear(self) -> None:
        self.release_id, self.saved, self.draft = None, "", ""
        self.body.clear()
        self.body.document().setModified(False)

    def commit_pending(self) -> None:
        """Save the text if it was edited and differs from what is shown unedited."""
        from cockpit.services.review import set_remediation

        if not self.body.document().isModified() or self.release_id is None or self.body.isReadOnly():
            return
        self.body.document().setModified(False)
        text, release_id = self.text, self.release_id
        if text.strip() == (self.saved or self.draft).strip():
            return
        if not text.strip() and not self.saved:
            return
        if self.hub.run(lambda plan: set_remediation(plan, release_id, text)) is None:
            self.body.document().setModified(True)  # refused (the hub said why): keep the text

    def redraft_from_plan(self) -> None:
        from cockpit.services.review import set_remediation

        self.commit_pending()  # unsaved edits first, so undo brings them back
        release_id = self.release_id
        if release_id is None:
            return
        self.body.document().setModified(False)
        if self.saved:
            self.hub.run(lambda plan: set_remediation(plan, release_id, ""))

    def copy_to_clipboard(self) -> None:
        self.commit_pending()
        QGuiApplication.clipboard().setText(self.text)
        self.state.setText("Copied to the clipboard.")
        set_tone(self.state, "good")
