"""The window's chrome that is built after the first paint: the navigation list, the example banner
and the note of where a written file went."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QListView, QPushButton, QWidget

from cockpit.text import breakable_path


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
        """A fixed width: measured once per model and per change of type, not at every layout pass."""
        self.setFixedWidth(self._width())

    def sizeHint(self) -> QSize:
        # the window's splitter sizes its pane from the hint: without this, the pane is QListView's
        # default width and the list its fixed width, with a gap between them and the view
        return QSize(self.minimumWidth(), super().sizeHint().height())

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


class PathLabel(QLabel):
    """The plan's path in the status bar: wrapped at its separators, and as tall as its lines need (the
    status bar does not ask a label how tall it wants to be at its width)."""

    def __init__(self) -> None:
        super().__init__()
        self.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.setWordWrap(True)  # a deep folder wraps at its separators instead of widening the window

    def _fit_height(self) -> None:
        wanted = self.heightForWidth(self.width()) if self.text() else 0
        if wanted > 0 and wanted != self.minimumHeight():
            self.setMinimumHeight(wanted)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit_height()


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
        self.label.setWordWrap(True)  # a deep folder wraps instead of widening the window past the screen
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
        self.label.setText(f"Wrote {what}: {self.path.name} in {breakable_path(self.path.parent)}")
        self.show()

    def _open(self, target: Path | None) -> None:
        if target is not None:
            self.opener(target)


def _open_with_desktop(target: Path) -> bool:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
