"""Go/No-go: the day-before decision. Five questions answered from the plan with their evidence,
the confirmations a person gives, the stakeholder note, the saved reviews, and the brief.

Every change goes through the hub as one undoable command; the view shows what the core says.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cockpit.rules.gonogo import QUESTIONS
from cockpit.text import shown
from ui.brief import paper as paper_setting
from ui.fit import FlowLayout, at_left, form, vertical_page, wrapping_row
from ui.gonogo.note import NotePanel, pydate, qdate
from ui.gonogo.question import QuestionRow
from ui.models.gonogo import ReviewHistoryModel
from ui.sentence import SentenceEdit
from ui.team.lock import reads_only
from ui.widgets import ReloadWhenShown, plain_label, set_tone

if TYPE_CHECKING:
    from cockpit.reports.gonogo import GoNoGo, PastReview
    from ui.hub import Hub


class GoNoGoView(ReloadWhenShown, QWidget):
    """The review. ``navigate(section_key)`` asks the window to show the view that fixes a question."""

    navigate = Signal(str)

    def __init__(self, hub: Hub) -> None:
        super().__init__()
        self.hub = hub
        self.review: GoNoGo | None = None
        self._history: list[PastReview] = []
        # One page that scrolls up and down, never sideways: the verdict, the five questions at full
        # width (their text wraps), the note that answers question 5, the history, the brief. Two
        # columns left the questions a third of a projector's 1024 px and pushed buttons off the edge.
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(24, 16, 24, 16)
        column.setSpacing(12)
        self.page = vertical_page(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.page)

        head = QHBoxLayout()
        self.verdict = plain_label("", "tileValue")
        self.verdict.setWordWrap(False)  # one word: "GO" or "NO-GO"
        self.verdict.setAccessibleName("Verdict")
        head.addWidget(self.verdict, 0, Qt.AlignmentFlag.AlignTop)
        who = QVBoxLayout()
        self.stop_authority = plain_label("", "heading")
        self.summary = plain_label("", "tileLabel")
        who.addWidget(self.stop_authority)
        who.addWidget(self.summary)
        head.addLayout(who, 1)
        column.addLayout(head)
        self.save = QPushButton("&Save this review")
        self.save.setAccessibleName("Save this review")
        self.save.setToolTip("Keep the five answers and the verdict with the time, in the history below")
        self.save.clicked.connect(self.save_review)
        column.addLayout(wrapping_row(self.save))

        self.rows: dict[str, QuestionRow] = {}
        for number, (key, question, _label, section) in enumerate(QUESTIONS, 1):
            row = QuestionRow(number, key, question, section)
            row.navigate.connect(self.navigate)
            self.rows[key] = row
            column.addWidget(row)
        self._build_path_confirmation(self.rows["path"])
        self.rows["stakeholders"].extra.addWidget(
            plain_label("Write and send the note below, then mark it as sent with the date.", "tileLabel"))

        self.note = NotePanel(hub)
        column.addWidget(self.note)

        history_title = QLabel("History of revie&ws")
        history_title.setProperty("class", "heading")
        column.addWidget(history_title)
        self.history_model = ReviewHistoryModel(self)
        self.history = QListView()
        self.history.setModel(self.history_model)
        self.history.setAccessibleName("History of go/no-go reviews")
        self.history.setWordWrap(True)  # a long stop authority's name wraps instead of being cut
        self.history.setResizeMode(QListView.ResizeMode.Adjust)
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        history_title.setBuddy(self.history)
        self.history_empty = plain_label("None saved yet: “Save this review” keeps the five answers and the verdict "
                                         "here, with the time.", "tileLabel")
        column.addWidget(self.history_empty)
        column.addWidget(self.history)
        column.addWidget(self._brief_box())
        column.addStretch(1)

        # Tab goes down the page as it reads (the path's fields were built after the questions).
        order = [self.save, *(row.fix for row in self.rows.values() if hasattr(row, "fix")),
                 self.path_note, self.path_day, self.confirm, *self.note.controls(), self.history,
                 self.paper, *self.brief_buttons]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        self._fit_to_font()

        self._stale = True
        hub.opened.connect(self._plan_opened)
        hub.closed.connect(lambda: self.setEnabled(False))
        hub.changed.connect(self._changed)
        self.setEnabled(False)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_to_font()  # presentation mode changes the type: heights follow it

    def _fit_to_font(self) -> None:
        self.history.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)

    def _build_path_confirmation(self, row: QuestionRow) -> None:
        fields = form()
        fields.setContentsMargins(0, 0, 0, 0)
        label = QLabel("What was &tested")
        self.path_note = SentenceEdit()
        self.path_note.setAccessibleName("What was tested on the production-like setup")
        self.path_note.setPlaceholderText("e.g. staging copy of production: build, deploy, migration, alerts")
        self.path_note.returnPressed.connect(self.confirm_path)
        label.setBuddy(self.path_note)
        day_label = QLabel("Tested &on")
        self.path_day = QDateEdit()
        self.path_day.setCalendarPopup(True)
        self.path_day.setDisplayFormat("ddd d MMM yyyy")
        self.path_day.setAccessibleName("Day the release path was tested")
        day_label.setBuddy(self.path_day)
        fields.addRow(label, self.path_note)
        fields.addRow(day_label, at_left(self.path_day))
        row.extra.addLayout(fields)
        self.confirm = QPushButton()
        self.confirm.clicked.connect(self.confirm_path)
        self._confirm_text(confirmed=False)
        row.extra.addLayout(wrapping_row(self.confirm))

    def _confirm_text(self, *, confirmed: bool) -> None:
        text = "Update conf&irmation" if confirmed else "Conf&irm tested"
        self.confirm.setText(text)
        self.confirm.setAccessibleName(text.replace("&", ""))

    def _brief_box(self) -> QFrame:
        from ui.brief import actions

        box = QFrame()
        box.setProperty("class", "tile")
        layout = QVBoxLayout(box)
        layout.addWidget(plain_label("The one-page brief", "heading"))
        fields = form()
        paper_label = QLabel("P&aper")
        self.paper = reads_only(QComboBox())  # the printer's paper, not the plan's
        self.paper.setAccessibleName("Paper size of the brief")
        for key, label in paper_setting.LABELS.items():
            self.paper.addItem(label, key)
        self.paper.setCurrentIndex(max(0, self.paper.findData(paper_setting.paper())))
        self.paper.activated.connect(lambda i: paper_setting.set_paper(self.paper.itemData(i)))
        paper_label.setBuddy(self.paper)
        fields.addRow(paper_label, at_left(self.paper))
        layout.addLayout(fields)
        buttons = FlowLayout()
        self.brief_buttons: list[QPushButton] = []
        for text, action in (("P&review…", actions.print_preview), ("&Print…", actions.print_brief),
                             ("E&xport PDF…", actions.export_pdf), ("Mar&kdown…", actions.export_markdown)):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, a=action: a(self, self.hub))
            buttons.addWidget(button)
            self.brief_buttons.append(reads_only(button))
        layout.addLayout(buttons)
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
        self._confirm_text(confirmed=review.path_tested_on is not None)
        self.note.show_review(review)
        self._show_history(review)

    def _show_history(self, review: GoNoGo) -> None:
        """Reset the list only when the saved reviews changed, and keep the one selected selected."""
        self.history.setVisible(bool(review.history))
        self.history_empty.setVisible(not review.history)
        if list(review.history) == self._history:
            return
        current = self.history.currentIndex().data(ReviewHistoryModel.IdRole)
        self._history = list(review.history)
        self.history_model.set_reviews(review.history)
        ids = [past.id for past in review.history]
        if current in ids:
            self.history.setCurrentIndex(self.history_model.index(ids.index(current)))

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
