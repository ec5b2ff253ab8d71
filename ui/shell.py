"""The parts of the window shell that are not the window itself: the navigation list, the message
bar and the page shown with no plan open (which also shows the plan's headline while the app starts)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QListView, QPushButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from cockpit.peek import Peek


class NavigationList(QListView):
    """The list of views, exactly as wide as its longest title in the current font (presentation
    mode's large type too), so it is never cut and never takes room from the view."""

    def _width(self) -> int:
        model = self.model()
        if model is None:
            return 0
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(str(model.index(row, 0).data())) for row in range(model.rowCount())),
                     default=0)
        # style.qss: 12 px of item padding and 6 px of list padding a side; the frame; a little air
        return widest + 2 * 12 + 2 * 6 + 2 * self.frameWidth() + 8

    def fit(self) -> None:
        self.setFixedWidth(self._width())

    def sizeHint(self) -> QSize:
        return QSize(self._width(), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self._width(), super().minimumSizeHint().height())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit()


class ExampleBanner(QFrame):
    """Above the views while the example plan is open: it is an example, and how to start one's own."""

    def __init__(self, start_own: Callable[[], object]) -> None:
        super().__init__()
        self.setObjectName("exampleBanner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        self.label = QLabel("This is the example plan: try anything here, it is not yours. Your own release "
                            "goes in a plan of its own.")
        self.label.setWordWrap(True)
        self.button = QPushButton("Start your own plan…")
        self.button.clicked.connect(start_own)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.hide()


class WrittenNote(QWidget):
    """In the status bar after a file is written for the person: where it went, and buttons to open
    it or show its folder (the desktop's own apps)."""

    def __init__(self) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.label.setAccessibleName("Where the file went")
        self.open_button = QPushButton("Open file")
        self.folder_button = QPushButton("Show folder")
        for widget in (self.label, self.open_button, self.folder_button):
            layout.addWidget(widget)
        self.open_button.clicked.connect(lambda: self._open(self.path))
        self.folder_button.clicked.connect(lambda: self._open(self.path.parent if self.path else None))
        self.path: Path | None = None
        self.opener: Callable[[Path], object] = _open_with_desktop
        self.hide()

    def show_written(self, what: str, path: Path) -> None:
        self.path = Path(path)
        self.label.setText(f"Wrote {what}: {self.path.name} in {self.path.parent}")
        self.show()

    def _open(self, target: Path | None) -> None:
        if target is not None:
            self.opener(target)


def _open_with_desktop(target: Path) -> bool:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))


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
