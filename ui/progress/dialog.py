"""Timeline ▸ Progress note: a week's note drafted from the plan, edited, marked as sent, exported.

The draft comes from ``cockpit.reports.progress_note`` (the same numbers and "behind plan" warning as
the timeline). What the team types is kept in the plan when they save, send or close (one undo step
each); "Draft from the plan" puts the app's draft back in the editor.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from ui.fit import ScreenFittedDialog, wrapping_row
from ui.widgets import plain_label, set_tone

if TYPE_CHECKING:
    from cockpit.reports.progress_note import ProgressFacts
    from ui.hub import Hub


class ProgressNoteDialog(ScreenFittedDialog):
    """One week's progress note at a time; the week on show is this week unless another is picked."""

    def __init__(self, hub: Hub, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        from cockpit.reports.progress_note import week_of

        self.hub = hub
        #: the plan the note belongs to: text typed here is never saved into another
        self._plan = hub.plan
        self.today = today or dt.date.today()
        self.setWindowTitle("Progress note — Release Cockpit")
        cycle = hub.cycle()
        self.release_id = cycle.release.id
        self.facts: ProgressFacts | None = None
        layout = QVBoxLayout(self)
        self.week = QComboBox()
        self.week.setAccessibleName("Week")
        for n in range(1, week_of(cycle, self.today) + 1):  # the weeks that have started
            self.week.addItem(f"Week {n}", n)
        week_label = QLabel("&Week")
        week_label.setBuddy(self.week)
        self.behind = plain_label("", "bad")
        self.behind.setAccessibleName("Behind plan")
        self.state = plain_label("", "tileLabel")
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Progress note")
        self.editor.setTabChangesFocus(True)
        self.draft_button = QPushButton("&Draft from the plan")
        self.draft_button.setToolTip("Put the app's draft of this week back in the editor (your text is replaced)")
        self.draft_button.clicked.connect(self.redraft)
        self.save = QPushButton("&Save")
        self.save.clicked.connect(self.commit_pending)
        self.sent = QPushButton("&Mark as sent today")
        self.sent.clicked.connect(self.mark_sent)
        self.unsent = QPushButton("N&ot sent")
        self.unsent.clicked.connect(lambda: self._sent(None))
        self.pdf = QPushButton("Export as &PDF…")
        self.pdf.clicked.connect(self.export_pdf)
        self.copy = QPushButton("&Copy")
        self.copy.setToolTip("The note as text, for mail or chat")
        self.copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.editor.toPlainText()))
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        layout.addLayout(wrapping_row(week_label, self.week))
        layout.addWidget(self.behind)
        layout.addWidget(self.state)
        layout.addWidget(self.editor, 1)
        layout.addLayout(wrapping_row(self.draft_button, self.save, self.sent, self.unsent, self.pdf, self.copy,
                                      close))
        room = self.room()
        metrics = self.fontMetrics()
        self.resize(min(room.width(), metrics.averageCharWidth() * 90), min(room.height(), metrics.lineSpacing() * 36))
        self.week.setCurrentIndex(week_of(cycle, self.today) - 1)
        self.week.currentIndexChanged.connect(self._week_changed)
        self._shown_week = self.week.currentData()
        layout.activate()
        self.show_week()
        hub.changed.connect(self._plan_changed)
        hub.recorded.connect(self._plan_changed)
        hub.closing.connect(self._plan_closing)
        hub.opened.connect(self._plan_opened)

    def _plan_changed(self, _changes: object = None) -> None:
        """An undo, a redo or a change elsewhere: the week as it now stands (unless text is being typed)."""
        if self.hub.plan is self._plan and not self.editor.document().isModified():
            self.show_week()

    def _plan_closing(self) -> None:
        if self.hub.plan is self._plan:
            self.commit_pending()  # the typed text is kept in its own plan before it closes
        self._plan = None
        self.close()

    def _plan_opened(self) -> None:
        if self.hub.plan is not self._plan or self.hub.release_id != self.release_id:
            self._plan = None  # another plan, or another cycle: this note is not theirs
            self.close()

    def show_week(self) -> None:
        """The picked week's note as it stands (the team's edit, else the draft), with its state."""
        from cockpit.reports.progress_note import note_text, progress_facts

        week = int(self.week.currentData())
        self.facts = facts = progress_facts(self.hub.cycle(), week, self.today)
        self.editor.setPlainText(note_text(facts))
        self.editor.document().setModified(False)
        self.behind.setText(f"⚠ {facts.behind}" if facts.behind else "")
        self.behind.setVisible(bool(facts.behind))
        sent = f"Sent {facts.sent_on:%a %d %b %Y}." if facts.sent_on else "Not sent yet."
        from cockpit.reports.progress_note import draft

        edited = bool(facts.edited) and facts.edited != draft(facts)
        self.state.setText(("Edited by the team. " if edited else "Drafted from the plan. ") + sent)
        set_tone(self.state, "good" if facts.sent_on else "tileLabel")
        self.unsent.setEnabled(facts.sent_on is not None)

    def _week_changed(self, _index: int) -> None:
        self.commit_pending(week=self._shown_week)  # what was typed belongs to the week it was typed in
        self._shown_week = self.week.currentData()
        self.show_week()

    def redraft(self) -> None:
        from cockpit.reports.progress_note import draft

        if self.facts is not None:
            self.editor.setPlainText(draft(self.facts))
            self.editor.document().setModified(True)

    def commit_pending(self, week: int | None = None) -> None:
        """Keep the typed text in the plan (one undo step), if it changed."""
        from cockpit.services.progress import set_progress_note

        if not self.editor.document().isModified() or self._plan is None or self.hub.plan is not self._plan:
            return
        number = week if week is not None else int(self.week.currentData())
        text, release_id = self.editor.toPlainText(), self.release_id
        if self.hub.run(lambda plan: set_progress_note(plan, release_id, number, text), parent=self) is not None:
            self.editor.document().setModified(False)
            if week is None:
                self.show_week()

    def mark_sent(self) -> None:
        self._sent(self.today)

    def _sent(self, on: dt.date | None) -> None:
        from cockpit.services.progress import mark_progress_sent

        if self._plan is None or self.hub.plan is not self._plan:
            return
        number, text, release_id = int(self.week.currentData()), self.editor.toPlainText(), self.release_id
        if self.hub.run(lambda plan: mark_progress_sent(plan, release_id, number, on, text), parent=self) is not None:
            self.editor.document().setModified(False)
            self.show_week()

    def export_pdf(self, path: Path | None = None) -> Path | None:
        """One page as PDF (asks where unless ``path`` is given); returns where it went."""
        from ui.brief import paper as paper_setting
        from ui.progress.render import write_pdf

        week = int(self.week.currentData())
        if path is None:
            folder = self.hub.plan.path.parent if self.hub.plan is not None else Path.home()
            name, _ = QFileDialog.getSaveFileName(self, "Export the progress note as PDF",
                                                  str(folder / f"progress-week-{week}.pdf"), "PDF (*.pdf)")
            if not name:
                return None
            path = Path(name) if name.lower().endswith(".pdf") else Path(name + ".pdf")
        try:
            write_pdf(self.editor.toPlainText(), path, paper_setting.paper(), f"Week {week} progress note")
        except OSError as exc:
            self.hub.problem.emit(f"The PDF could not be written to {path}: {exc.strerror or exc}.")
            return None
        self.hub.written.emit(f"the week {week} progress note (PDF)", path)
        return path

    def done(self, result: int) -> None:
        self.commit_pending()
        super().done(result)


def show_progress_note(parent: QWidget, hub: Hub) -> ProgressNoteDialog | None:
    """Open the dialog on this week's note (nothing when no plan is open)."""
    if hub.plan is None:
        return None
    dialog = ProgressNoteDialog(hub, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
