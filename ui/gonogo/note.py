"""The stakeholder note panel: drafted from the plan, edited freely, copied, marked as sent."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.fit import form, wrapping_row
from ui.keys import describe
from ui.page import grow_with_text
from ui.team.lock import reads_only
from ui.widgets import FocusOut, plain_label, set_tone

if TYPE_CHECKING:
    from cockpit.reports.gonogo import GoNoGo
    from ui.hub import Hub


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class NotePanel(QFrame):
    """Question 5's evidence: the note the founders get, and the day it was sent."""

    def __init__(self, hub: Hub) -> None:
        super().__init__()
        self.hub = hub
        self.review: GoNoGo | None = None
        self.setProperty("class", "tile")
        layout = QVBoxLayout(self)
        title = QLabel("Stakeho&lder note")
        title.setProperty("class", "heading")
        layout.addWidget(title)
        layout.addWidget(plain_label("Question 5's answer. What was cut and why, the date we protect, the backup "
                                     "date, who owns what. Own the miss, blame nobody, give the plan.", "tileLabel"))
        self.body = QPlainTextEdit()
        self.body.setAccessibleName("Stakeholder note")
        self.body.setPlaceholderText("Draft it from the plan, then make it yours.")
        self.body.setTabChangesFocus(True)
        title.setBuddy(self.body)
        self._focus = FocusOut(self.commit_pending)
        self.body.installEventFilter(self._focus)
        describe(QShortcut(QKeySequence("Ctrl+Return"), self.body, self.commit_pending), "Save the stakeholder note")
        layout.addWidget(grow_with_text(self.body, 8, 16))
        self.draft = QPushButton("&Draft from the plan")
        self.draft.setAccessibleName("Draft from the plan")
        self.draft.setToolTip("Replace the text with a fresh draft from the plan (undo brings yours back)")
        self.draft.clicked.connect(self.draft_from_plan)
        self.copy = reads_only(QPushButton("&Copy"))
        self.copy.setAccessibleName("Copy the note")
        self.copy.setToolTip("Copy the note to the clipboard, to paste into mail or chat")
        self.copy.clicked.connect(self.copy_to_clipboard)
        layout.addLayout(wrapping_row(self.draft, self.copy))
        fields = form()
        sent_label = QLabel("Sent o&n")
        self.sent_on = QDateEdit()
        self.sent_on.setCalendarPopup(True)
        self.sent_on.setDisplayFormat("ddd d MMM yyyy")
        self.sent_on.setAccessibleName("Date the note was sent")
        sent_label.setBuddy(self.sent_on)
        day = QHBoxLayout()
        day.addWidget(self.sent_on)
        day.addStretch(1)
        fields.addRow(sent_label, day)
        layout.addLayout(fields)
        self.mark_sent = QPushButton("&Mark as sent")
        self.mark_sent.setAccessibleName("Mark as sent")
        self.mark_sent.clicked.connect(self.mark_as_sent)
        self.not_sent = QPushButton("Not sent")
        self.not_sent.setAccessibleName("Not sent")
        self.not_sent.setToolTip("Take back the mark: the note was not sent after all")
        self.not_sent.clicked.connect(self.clear_sent)
        layout.addLayout(wrapping_row(self.mark_sent, self.not_sent))
        self.status = plain_label()
        layout.addWidget(self.status)

    def controls(self) -> list[QWidget]:
        """The panel's controls in the order they are read (for the page's Tab order)."""
        return [self.body, self.draft, self.copy, self.sent_on, self.mark_sent, self.not_sent]

    def show_review(self, review: GoNoGo) -> None:
        self.review = review
        if not self.body.document().isModified() and self.body.toPlainText().strip() != review.note_body.strip():
            self.body.setPlainText(review.note_body)  # only when it differs: keeps the cursor after a save
            self.body.document().setModified(False)
        self.sent_on.setDate(qdate(review.note_sent_on or dt.date.today()))
        self.not_sent.setEnabled(review.note_sent_on is not None)
        if review.note_sent_on:
            self.status.setText(f"✓  Sent {review.note_sent_on:%a %d %b %Y}.")
            set_tone(self.status, "good")
        else:
            self.status.setText("Not sent yet: send it, then mark it as sent with the date.")
            set_tone(self.status, "warn")

    def commit_pending(self) -> None:
        from cockpit.services.review import set_note

        review, text = self.review, self.body.toPlainText()
        self.body.document().setModified(False)
        if review is None or text.strip() == review.note_body.strip():
            return
        if self.hub.run(lambda plan: set_note(plan, review.release_id, text)) is None:
            self.body.document().setModified(True)  # refused (the hub said why): keep the text

    def draft_from_plan(self) -> None:
        from cockpit.reports.note import draft_note
        from cockpit.services.review import set_note

        review = self.review
        if review is None:
            return
        try:
            text = draft_note(self.hub.cycle())
        except LookupError:  # no plan open
            return
        self.body.document().setModified(False)
        if text.strip() != review.note_body.strip():
            self.hub.run(lambda plan: set_note(plan, review.release_id, text))

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self.body.toPlainText())
        self.status.setText("Copied to the clipboard.")
        set_tone(self.status, "good")

    def mark_as_sent(self) -> None:
        from cockpit.services.review import mark_note_sent

        day = pydate(self.sent_on.date())  # before saving the text: that reloads the panel
        self.commit_pending()
        review = self.review
        if review is not None:
            self.hub.run(lambda plan: mark_note_sent(plan, review.release_id, day))

    def clear_sent(self) -> None:
        from cockpit.services.review import mark_note_sent

        review = self.review
        if review is not None and review.note_sent_on is not None:
            self.hub.run(lambda plan: mark_note_sent(plan, review.release_id, None))
