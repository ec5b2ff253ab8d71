"""One go/no-go question on screen: pass or fail, the evidence, and a way to the view that fixes it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout

from cockpit.rules.gonogo import Answer
from ui.fit import FlowLayout
from ui.team.lock import reads_only
from ui.widgets import plain_label, set_tone

SECTION_TITLES = {"overview": "Overview", "scope": "Scope", "owners": "Owners", "timeline": "Timeline",
                  "rollback": "Rollback", "gonogo": "Go/No-go"}


class QuestionRow(QFrame):
    """The mark (a word and a symbol, never colour alone) beside the question, which wraps; the
    evidence and details below; a row for what is confirmed here; the button to the fixing view."""

    navigate = Signal(str)

    def __init__(self, number: int, key: str, question: str, section: str) -> None:
        super().__init__()
        self.key, self.section = key, section
        self.setProperty("class", "tile")
        self.setAccessibleName(f"Question {number}")
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.mark = plain_label("", "heading")
        self.mark.setWordWrap(False)  # "✗ FAIL" is two short words: kept together beside the question
        self.question = plain_label(f"{number}. {question}", "heading")
        top.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.question, 1)
        outer.addLayout(top)
        self.evidence = plain_label()
        self.details = plain_label("", "tileLabel")
        outer.addWidget(self.evidence)
        outer.addWidget(self.details)
        self.extra = QVBoxLayout()
        outer.addLayout(self.extra)
        if section != "gonogo":
            title = SECTION_TITLES.get(section, section)
            self.fix = reads_only(QPushButton(f"Fix in {title} ›"))
            self.fix.setAccessibleName(f"Fix question {number} in {title}")
            self.fix.setToolTip(f"Go to the {title} view, where this is fixed")
            self.fix.clicked.connect(lambda: self.navigate.emit(self.section))
            buttons = FlowLayout()
            buttons.addWidget(self.fix)
            outer.addLayout(buttons)

    def show_answer(self, answer: Answer) -> None:
        self.mark.setText("✓ pass" if answer.passed else "✗ FAIL")
        set_tone(self.mark, "heading good" if answer.passed else "heading bad")
        self.evidence.setText(answer.evidence)
        shown = answer.details[:6]
        more = len(answer.details) - len(shown)
        self.details.setText("\n".join(f"•  {d}" for d in shown) + (f"\n+{more} more" if more > 0 else ""))
        self.details.setVisible(bool(shown) and not answer.passed)
        self.setAccessibleDescription(f"{'Passes' if answer.passed else 'Fails'}: {answer.evidence}")
