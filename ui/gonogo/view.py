"""Go/No-go: the day-before decision. Five questions answered from the plan with their evidence,
the confirmations a person gives, the stakeholder note, the saved reviews, and the brief.

Every change goes through the hub as one undoable command; the view shows what the core says.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cockpit.rules.gonogo import QUESTIONS
from cockpit.text import shown
from ui.brief import paper as paper_setting
from ui.gonogo.note import NotePanel, pydate, qdate
from ui.gonogo.question import QuestionRow
from ui.models.gonogo import ReviewHistoryModel
from ui.widgets import ReloadWhenShown, plain_label, set_tone

if TYPE_CHECKING:
    from cockpit.reports.gonogo import GoNoGo
    from ui.hub import Hub


class GoNoGoView(ReloadWhenShown, QWidget):
    """The review. ``navigate(section_key)`` asks the window to show the view that fixes a question."""

    navigate = Signal(str)

    def __init__(self, hub: Hub) -> None:
        super().__init__()
        self.hub = hub
        self.review: GoNoGo | None = None
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        outer.setSpacing(24)

        left_scroll = QScrollArea()
        left_scroll.setWidgetResizable(True)
        left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        left = QWidget()
        left_scroll.setWidget(left)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 8, 0)
        head = QHBoxLayout()
        self.verdict = plain_label("", "tileValue")
        self.verdict.setAccessibleName("Verdict")
        self.stop_authority = plain_label("", "heading")
        head.addWidget(self.verdict)
        head.addWidget(self.stop_authority, 1)
        self.save = QPushButton("&Save this review")
        self.save.setToolTip("Keep the five answers and the verdict with the time, in the history below")
        self.save.clicked.connect(self.save_review)
        head.addWidget(self.save)
        column.addLayout(head)
        self.summary = plain_label("", "tileLabel")
        column.addWidget(self.summary)

        self.rows: dict[str, QuestionRow] = {}
        for number, (key, question, _label, section) in enumerate(QUESTIONS, 1):
            row = QuestionRow(number, key, question, section)
            row.navigate.connect(self.navigate)
            self.rows[key] = row
            column.addWidget(row)
        self._build_path_confirmation(self.rows["path"])
        self.rows["stakeholders"].extra.addWidget(
            plain_label("Write and send the note on the right, then mark it as sent with the date.", "tileLabel"))

        history_title = QLabel("History of revie&ws")
        history_title.setProperty("class", "heading")
        column.addWidget(history_title)
        self.history_model = ReviewHistoryModel(self)
        self.history = QListView()
        self.history.setModel(self.history_model)
        self.history.setAccessibleName("History of go/no-go reviews")
        self.history.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        history_title.setBuddy(self.history)
        column.addWidget(self.history)
        column.addStretch(1)
        outer.addWidget(left_scroll, 3)

        right = QVBoxLayout()
        self.note = NotePanel(hub)
        right.addWidget(self.note, 1)
        right.addWidget(self._brief_box())
        outer.addLayout(right, 2)

        self._stale = True
        hub.opened.connect(self._plan_opened)
        hub.closed.connect(lambda: self.setEnabled(False))
        hub.changed.connect(self._changed)
        self.setEnabled(False)

    def _build_path_confirmation(self, row: QuestionRow) -> None:
        line = QHBoxLayout()
        label = QLabel("What was test&ed")
        self.path_note = QLineEdit()
        self.path_note.setAccessibleName("What was tested on the production-like setup")
        self.path_note.setPlaceholderText("e.g. staging copy of production: build, deploy, migration, alerts")
        self.path_note.returnPressed.connect(self.confirm_path)
        label.setBuddy(self.path_note)
        self.path_day = QDateEdit()
        self.path_day.setCalendarPopup(True)
        self.path_day.setDisplayFormat("ddd d MMM yyyy")
        self.path_day.setAccessibleName("Day the release path was tested")
        self.confirm = QPushButton("Con&firm tested")
        self.confirm.clicked.connect(self.confirm_path)
        line.addWidget(label)
        line.addWidget(self.path_note, 1)
        line.addWidget(self.path_day)
        line.addWidget(self.confirm)
        row.extra.addLayout(line)

    def _brief_box(self) -> QFrame:
        from ui.brief import actions

        box = QFrame()
        box.setProperty("class", "tile")
        layout = QVBoxLayout(box)
        layout.addWidget(plain_label("The one-page brief", "heading"))
        row = QHBoxLayout()
        paper_label = QLabel("P&aper")
        self.paper = QComboBox()
        self.paper.setAccessibleName("Paper size of the brief")
        for key, label in paper_setting.LABELS.items():
            self.paper.addItem(label, key)
        self.paper.setCurrentIndex(max(0, self.paper.findData(paper_setting.paper())))
        self.paper.activated.connect(lambda i: paper_setting.set_paper(self.paper.itemData(i)))
        paper_label.setBuddy(self.paper)
        row.addWidget(paper_label)
        row.addWidget(self.paper)
        row.addStretch(1)
        layout.addLayout(row)
        row = QHBoxLayout()
        for text, action in (("P&review…", actions.print_preview), ("&Print…", actions.print_brief),
                             ("E&xport PDF…", actions.export_pdf), ("Mar&kdown…", actions.export_markdown)):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, a=action: a(self, self.hub))
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    # -- showing ------------------------------------------------------------------------------
    def reload(self) -> None:
        from cockpit.reports.gonogo import go_no_go

        try:
            cycle = self.hub.cycle()
        except LookupError:  # no plan open
            self.setEnabled(False)
            return
        self.review = review = go_no_go(cycle)
        self._stale = False
        self.setEnabled(True)
        self.verdict.setText("GO" if review.go else "NO-GO")
        set_tone(self.verdict, f"tileValue {'good' if review.go else 'bad'}")
        who = review.stop_authority
        self.stop_authority.setText(f"Stop authority: {shown(who)}" if who else "Stop authority: nobody named yet")
        set_tone(self.stop_authority, "heading" if who else "heading bad")
        day = f"Review day {review.review_day:%a %d %b}, launch {review.target:%a %d %b}. " if review.review_day else ""
        self.summary.setText(f"{day}{review.passed} of {len(review.answers)} questions pass; "
                             "Go only when all five do.")
        for answer in review.answers:
            self.rows[answer.key].show_answer(answer)
        if not self.path_note.isModified():
            self.path_note.setText(review.path_tested_note)
        self.path_day.setDate(qdate(review.path_tested_on or dt.date.today()))
        self.confirm.setText("Update con&firmation" if review.path_tested_on else "Con&firm tested")
        self.note.show_review(review)
        self.history_model.set_reviews(review.history)

    # -- changing ------------------------------------------------------------------------------
    def commit_pending(self) -> None:
        """Save the note still being typed (called before undo, close and quit)."""
        self.note.commit_pending()

    def confirm_path(self) -> None:
        from cockpit.services.release import confirm_path_tested

        review, text, day = self.review, self.path_note.text(), pydate(self.path_day.date())
        if review is None:
            return
        self.path_note.setModified(False)
        self.hub.run(lambda plan: confirm_path_tested(plan, review.release_id, text, on=day))

    def save_review(self) -> None:
        from cockpit.reports.gonogo import go_no_go
        from cockpit.services.review import save_review

        self.commit_pending()
        try:
            now = go_no_go(self.hub.cycle())  # the answers as they are after the note was saved
        except LookupError:
            return
        self.hub.run(lambda plan: save_review(plan, now.release_id, now.verdict, now.records(),
                                              now.stop_authority or ""))
