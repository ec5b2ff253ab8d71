"""The banner above the views of a team plan that may only be read: a read-only role, or a lost server."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel


class TeamBanner(QFrame):
    """One sentence saying why the plan on screen cannot be changed just now; hidden otherwise."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("teamBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        self.label = QLabel()
        self.label.setObjectName("teamBannerText")
        self.label.setProperty("class", "warn")
        self.label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.hide()

    def say(self, text: str | None) -> None:
        """Show ``text``, or hide the banner when None."""
        self.label.setText(text or "")
        self.label.setAccessibleName(text or "")
        self.setVisible(bool(text))

    def text(self) -> str:
        """What the banner says ("" while hidden)."""
        return "" if self.isHidden() else self.label.text()
