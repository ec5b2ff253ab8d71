"""One go/no-go question on screen: pass or fail, the evidence, and a way to the view that fixes it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout

from cockpit.rules.gonogo import Answer
from ui.widgets import plain_label, set_tone

SECTION_TITLES = {"overview": "Overview", "scope": "Scope", "owners": "Owners", "timeline": "Timeline",
                  "rollback": "Rollback", "gonogo": "Go/No-go"}


class QuestionRow(QFrame):
    """Mark, question, evidence, details; the button asks to go to the fixing view."""

    navigate = Signal(str)

    def __init__(self, number: int, key: str, question: str, section: str) -> None:
        super().__init__()
        self.key, self.section = key, section
        self.setProperty("class", "tile")
        self.setAccessibleName(f"Question {number}")
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.mark = plain_label("", "heading")
        self.mark.setWordWrap(False)
        self.question = plain_label(f"{number}. {question}", "heading")
        top.addWidget(self.mark)
        top.addWidget(self.question, 1)
        if section != "gonogo":
            self.fix = QPushButton(f"Fix in {SECTION_TITLES.get(section, section)} ›")
            self.fix.setToolTip(f"Go to the {SECTION_TITLES.get(section, section)} view, where this is fixed")
            self.fix.clicked.connect(lambda: self.navigate.emit(self.section))
            top.addWidget(self.fix)
        outer.addLayout(top)
        self.evidence = plain_label()
        self.details = plain_label("", "tileLabel")
        outer.addWidget(self.evidence)
        outer.addWidget(self.details)
        self.extra = QVBoxLayout()
        outer.addLayout(self.extra)

    def show_answer(self, answer: Answer) -> None:
        self.mark.setText("✓ pass" if answer.passed else "✗ FAIL")
        set_tone(self.mark, "good" if answer.passed else "bad")
        self.evidence.setText(answer.evidence)
        shown = answer.details[:6]
        more = len(answer.details) - len(shown)
        self.details.setText("\n".join(f"•  {d}" for d in shown) + (f"\n+{more} more" if more > 0 else ""))
        self.details.setVisible(bool(shown) and not answer.passed)
        self.setAccessibleDescription(f"{'Passes' if answer.passed else 'Fails'}: {answer.evidence}")
