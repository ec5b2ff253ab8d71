"""The parts of the window shell needed before the first frame: the message bar, the page shown with no
plan open (which also shows the plan's headline while the app starts), and fitting a remembered
geometry to the screen. The rest of the chrome is in ``ui.chrome`` (built after the first paint)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from cockpit.peek import Peek


class MessageBar(QFrame):
    """A readable message at the top of the window: what went wrong and what to do."""

    def __init__(self) -> None:
        from PySide6.QtWidgets import QToolButton

        super().__init__()
        self.setObjectName("messageBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        self.label = QLabel()
        self.label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        close = QToolButton()
        close.setText("✕")
        close.setAccessibleName("Dismiss message")
        close.clicked.connect(self.hide)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.show()

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()


class EmptyPage(QWidget):
    """What the window shows with no plan open."""

    def __init__(self, actions: Sequence[tuple[str, Callable[[], object]]]) -> None:
        """``actions``: (button text, what it does) for each button (new plan, open, the example)."""
        super().__init__()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = QLabel("Opening the plan…")
        self.title.setProperty("class", "heading")
        title_row = QHBoxLayout()  # centred by stretches: no Qt enums before the first frame
        title_row.addStretch(1)
        title_row.addWidget(self.title)
        title_row.addStretch(1)
        layout.addLayout(title_row)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setAccessibleName("Plan preview")
        layout.addWidget(self.preview)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.buttons = []
        for text, slot in actions:
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons.append(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(2)
        self.set_opening(True)

    def set_opening(self, opening: bool) -> None:
        self.title.setText("Opening the plan…" if opening else "No plan is open.")
        self.preview.setVisible(False)
        for button in self.buttons:
            button.setVisible(not opening)

    def show_peek(self, peek: Peek) -> None:
        """The plan's headline numbers, read with plain sqlite3 while the rest of the app loads."""
        lanes = {lane: peek.lanes.get(lane, (0, 0.0)) for lane in ("in release", "cut", "parked")}
        self.preview.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.preview.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.title.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.title.setText(peek.name)
        self.preview.setText(
            f"{peek.problem}\n\n"
            f"Cycle {peek.cycle} · {peek.phase} · start {peek.start:%a %d %b} · target {peek.target:%a %d %b} · "
            f"backup {peek.backup:%a %d %b}\n"
            f"In release: {lanes['in release'][0]} ({lanes['in release'][1]:g} open days) · "
            f"cut: {lanes['cut'][0]} · parked: {lanes['parked'][0]} · people: {peek.people}\n\n"
            "Opening the plan…")
        self.preview.setVisible(True)


def fit_to_screen(window: QRect, available: QRect) -> QRect:
    """``window`` made no larger than ``available`` and moved inside it (a remembered geometry on another screen)."""
    width, height = min(window.width(), available.width()), min(window.height(), available.height())
    left = min(max(window.x(), available.x()), available.x() + available.width() - width)
    top = min(max(window.y(), available.y()), available.y() + available.height() - height)
    return QRect(left, top, width, height)
