"""The start page (first run, and File ▸ New): start a new plan (its release name and where it goes),
open the example plan, or one of the recent plans."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cockpit.text import breakable_path
from ui.fit import ScreenFittedDialog, form, wrapping_row
from ui.widgets import plain_label


def plan_file_for(name: str, folder: Path) -> Path:
    """A file name from the release name ("Team plan billing" → team-plan-billing.cockpit), not taken yet."""
    stem = re.sub(r"[^\w]+", "-", name.strip().lower()).strip("-") or "release"
    path = folder / f"{stem}.cockpit"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}.cockpit"
        n += 1
    return path


class StartDialog(ScreenFittedDialog):
    """Start a new plan, open the example, or a recent plan. ``start(name, path)``, ``example()`` and
    ``open_recent(path)`` do the work (the window's): ``start`` and ``open_recent`` return what went
    wrong (shown here) or None, and the dialog closes when one succeeds."""

    def __init__(self, parent: QWidget, *, folder: Path, recent: list[Path],
                 start: Callable[[str, Path], str | None], example: Callable[[], object],
                 open_recent: Callable[[Path], str | None],
                 guided: Callable[[str, Path], str | None] | None = None) -> None:
        """``guided(name, path)``: start the plan and run the reset session on it (a button of its own)."""
        super().__init__(parent)
        self.setWindowTitle("Start — Release Cockpit")
        self.folder = folder
        self._start, self._example, self._open_recent, self._guided = start, example, open_recent, guided
        self._chosen: Path | None = None
        outer = QVBoxLayout(self)
        outer.addWidget(plain_label("Start a new plan", "heading"))
        outer.addWidget(plain_label("One plan per release: the session, the four weeks and the retrospective "
                                    "all live in this one file.", "tileLabel"))
        fields = form()
        self.name = QLineEdit()
        self.name.setAccessibleName("Release name")
        self.name.setPlaceholderText("The release, in a few words")
        self.name.textChanged.connect(self._name_changed)
        self.name.returnPressed.connect(self.start)
        name_label = QLabel("Release &name")
        name_label.setBuddy(self.name)
        fields.addRow(name_label, self.name)
        self.where = plain_label()  # a deep folder wraps at its separators
        self.where.setAccessibleName("Where the plan is saved")
        fields.addRow(QLabel("Saved as"), self.where)
        outer.addLayout(fields)
        change = QPushButton("&Change where…")
        change.clicked.connect(self.choose_where)
        self.start_button = QPushButton("&Start the plan")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(lambda: self.start())
        self.guided_button = QPushButton("Start and run the reset &session")
        self.guided_button.setAccessibleName("Start and run the reset session")
        self.guided_button.setToolTip("A new plan, then the half-day reset as six timed steps on the projector")
        self.guided_button.clicked.connect(lambda: self.start(guided=True))
        self.guided_button.setVisible(guided is not None)
        self.problem = plain_label("", "bad")
        outer.addWidget(self.problem)
        outer.addLayout(wrapping_row(self.start_button, self.guided_button, change))

        outer.addWidget(plain_label("Or look around first", "heading"))
        example_button = QPushButton("Open the &example plan")
        example_button.clicked.connect(self.open_example)
        outer.addLayout(wrapping_row(example_button))

        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent plans")
        self.recent.setWordWrap(True)  # the name, then its folder wrapped at its separators: never sideways
        self.recent.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for path in recent:
            item = QListWidgetItem(f"{path.name}\n{breakable_path(path.parent)}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.recent.addItem(item)
        self.recent.itemActivated.connect(lambda item: self.open_recent(Path(item.data(Qt.ItemDataRole.UserRole))))
        if recent:
            recent_label = QLabel("&Recent plans")
            recent_label.setBuddy(self.recent)
            recent_label.setProperty("class", "heading")
            outer.addWidget(recent_label)
            outer.addWidget(self.recent, 1)
        else:
            self.recent.hide()
        self._name_changed("")
        room = self.room()
        metrics = self.fontMetrics()
        self.resize(min(room.width(), metrics.averageCharWidth() * 70), min(room.height(), self.sizeHint().height()))
        outer.activate()  # its least size is set now, before the window exists
        self.name.setFocus()

    def _name_changed(self, text: str) -> None:
        if self._chosen is None:
            self.where.setText(breakable_path(plan_file_for(text or "new release", self.folder)))
        self.start_button.setEnabled(bool(text.strip()))
        self.guided_button.setEnabled(bool(text.strip()))

    def path(self) -> Path:
        return self._chosen or plan_file_for(self.name.text() or "new release", self.folder)

    def choose_where(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Where should the plan go?", str(self.path()),
                                              "Release Cockpit plans (*.cockpit)")
        if name:
            path = Path(name)
            self._chosen = path if path.suffix == ".cockpit" else path.with_name(path.name + ".cockpit")
            self.where.setText(breakable_path(self._chosen))

    def start(self, *, guided: bool = False) -> None:
        name = self.name.text().strip()
        if not name:
            self.problem.setText("Give the release a name first: a few words the room will recognise.")
            self.name.setFocus()
            return
        problem = (self._guided if guided and self._guided is not None else self._start)(name, self.path())
        self.problem.setText(problem or "")
        if problem is None:
            self.accept()

    def open_example(self) -> None:
        self._example()
        self.accept()

    def open_recent(self, path: Path) -> None:
        problem = self._open_recent(path)
        self.problem.setText(problem or "")
        if problem is None:
            self.accept()
