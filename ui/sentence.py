"""A field for one sentence that wraps instead of running out of its box.

A one-line field (QLineEdit) shows a sentence of 60 or more characters only in part on a projector's
1024 px in presentation mode's type: "what was tested", "what changed", a why, an action. This field
keeps a line edit's manners (Return or leaving it finishes the edit, no line breaks, Tab moves on)
and the same small API (``text``, ``setText``, ``isModified``, ``editingFinished``), but wraps the
sentence over as many lines as it needs (up to ``most``, then it scrolls inside).
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QTextOption
from PySide6.QtWidgets import QPlainTextEdit

from ui.page import grow_with_text


class SentenceEdit(QPlainTextEdit):
    """One sentence, wrapped; ``editingFinished`` on Return or on leaving the field, as a line edit."""

    editingFinished = Signal()
    returnPressed = Signal()

    def __init__(self, most: int = 4) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)  # a long link wraps too
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        grow_with_text(self, 1, most)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        """Show ``text`` as not modified, with no undo history of its own (as QLineEdit.setText:
        Ctrl+Z then reaches the app's undo stack); the cursor stays where it was when it can."""
        if text == self.toPlainText():
            self.document().clearUndoRedoStacks()
        else:
            position = self.textCursor().position()
            self.setPlainText(text)
            cursor = self.textCursor()
            cursor.setPosition(min(position, len(text)))
            self.setTextCursor(cursor)
        self.document().setModified(False)

    def isModified(self) -> bool:
        return self.document().isModified()

    def setModified(self, modified: bool) -> None:
        self.document().setModified(modified)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # one sentence: Return finishes it, as in a line edit
            self.returnPressed.emit()
            self.editingFinished.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:  # a context menu is not leaving the field
            self.editingFinished.emit()

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Pasted lines join into one sentence."""
        if source.hasText():
            self.insertPlainText(" ".join(source.text().split()))
        else:
            super().insertFromMimeData(source)
