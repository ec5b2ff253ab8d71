"""Retro ▸ Track record: the page on screen, as it prints, with its two exports.

The sheet paints the same drawing as the PDF (``ui.record.page``), scaled to fit the dialog; when
the dialog is too short for the page at a legible scale, it scrolls up and down (never sideways).
The figures are read again whenever the plan changes, so the page never shows a stale one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QFileDialog, QFrame, QPushButton, QScrollArea, QVBoxLayout, QWidget

from ui.fit import ScreenFittedDialog, wrapping_row
from ui.record.page import TrackRecordPage, U

if TYPE_CHECKING:
    from cockpit.reports.record import TrackRecord
    from ui.hub import Hub

#: the least scale (screen pixels per point) before the sheet scrolls instead of shrinking:
#: 8 pt type stays at least 9.6 px tall
LEGIBLE = 1.2


class RecordSheet(QWidget):
    """The page on a sheet of paper, drawn at whatever size the widget has (its aspect is the paper's)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page: TrackRecordPage | None = None
        self.paper = QSizeF(842, 595)
        self.margin = 34.0

    def show_page(self, page: TrackRecordPage, paper: QSizeF, margin: float) -> None:
        self.page, self.paper, self.margin = page, paper, margin
        self.update()

    def scale(self) -> float:
        """Screen pixels per point."""
        return self.width() / self.paper.width() if self.paper.width() else 1.0

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        painter.setPen(QColor("#9a9a9a"))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        if self.page is not None:
            s = self.scale()
            painter.scale(s / U, s / U)
            painter.translate(self.margin * U, self.margin * U)
            self.page.paint(painter)
        painter.end()


class RecordView(QScrollArea):
    """The sheet, as large as fits: the whole page when the room allows a legible scale, else the full
    width with the page scrolling up and down."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sheet = RecordSheet()
        self.setWidget(self.sheet)
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)

    def show_page(self, page: TrackRecordPage, paper: QSizeF, margin: float) -> None:
        self.sheet.show_page(page, paper, margin)
        self.fit()

    def sheet_size(self, room: QSize) -> QSize:
        """The sheet's size in ``room`` (the viewport without scroll bars)."""
        pw, ph = self.sheet.paper.width(), self.sheet.paper.height()
        across = room.width() / pw
        scale = max(min(across, room.height() / ph), min(across, LEGIBLE))
        if ph * scale > room.height():  # it will scroll: leave room for the scroll bar
            across = (room.width() - self.verticalScrollBar().sizeHint().width()) / pw
            scale = min(scale, across)
        return QSize(int(pw * scale), int(ph * scale))

    def fit(self) -> None:
        self.sheet.resize(self.sheet_size(self.maximumViewportSize()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()


class TrackRecordDialog(ScreenFittedDialog):
    """Every cycle of the open plan side by side, with "Export as PDF…" and "Export as Markdown…"."""

    def __init__(self, hub: Hub, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.today = today
        self.record: TrackRecord | None = None
        self.setWindowTitle("Track record — Release Cockpit")
        layout = QVBoxLayout(self)
        self.view = RecordView()
        self.view.setAccessibleName("Track record page")
        self.pdf = QPushButton("Export as &PDF…")
        self.pdf.setToolTip("The page as a one-page PDF (landscape), to print or attach")
        self.pdf.clicked.connect(lambda: self.export_pdf())
        self.markdown = QPushButton("Export as &Markdown…")
        self.markdown.setToolTip("The same figures as a Markdown table, for mail or chat")
        self.markdown.clicked.connect(lambda: self.export_markdown())
        close = QPushButton("Close")
        close.setDefault(True)
        close.clicked.connect(self.accept)
        for button in (self.pdf, self.markdown):
            button.setAutoDefault(False)
        layout.addWidget(self.view, 1)
        layout.addLayout(wrapping_row(self.pdf, self.markdown, close))
        room = self.room()
        width = min(room.width(), self.fontMetrics().averageCharWidth() * 150)
        self.resize(width, min(room.height(), int(width * 0.75)))
        hub.changed.connect(self.reload)
        hub.opened.connect(self.reload)
        hub.closed.connect(self.close)
        self.reload()

    def reload(self, _changes: object = None) -> None:
        """Read every cycle of the plan again and redraw the page."""
        from cockpit.reader import read_plan
        from cockpit.reports.record import track_record
        from ui.brief import paper as paper_setting
        from ui.record.render import layout, paper_size

        plan = self.hub.plan
        if plan is None:
            return
        self.record = track_record(read_plan(plan.raw, plan.path.name), self.today or dt.date.today())
        paper = paper_setting.paper()
        size, margin = paper_size(paper)
        self.view.show_page(layout(self.record, paper), size, margin)

    def _where(self, title: str, suffix: str, kind: str) -> Path | None:
        plan = self.hub.plan
        folder = plan.path.parent if plan is not None else Path.home()
        stem = plan.path.stem if plan is not None else "plan"
        name, _ = QFileDialog.getSaveFileName(self, title, str(folder / f"{stem}-track-record{suffix}"), kind)
        if not name:
            return None
        return Path(name) if name.lower().endswith(suffix) else Path(name + suffix)

    def export_pdf(self, path: Path | None = None) -> Path | None:
        """The page as a one-page PDF (asks where unless ``path`` is given); returns where it went."""
        from ui.brief import paper as paper_setting
        from ui.record.render import write_pdf

        if self.record is None:
            return None
        path = path or self._where("Export the track record as PDF", ".pdf", "PDF (*.pdf)")
        if path is None:
            return None
        try:
            write_pdf(self.record, path, paper_setting.paper())
        except OSError as exc:
            self.hub.problem.emit(f"The PDF could not be written to {path}: {exc.strerror or exc}.")
            return None
        self.hub.written.emit("the track record (PDF)", path)
        return path

    def export_markdown(self, path: Path | None = None) -> Path | None:
        """The same figures as Markdown (asks where unless ``path`` is given); returns where it went."""
        from cockpit.files import write_text_safely
        from cockpit.reports.record import as_markdown

        if self.record is None:
            return None
        path = path or self._where("Export the track record as Markdown", ".md", "Markdown (*.md)")
        if path is None:
            return None
        try:
            write_text_safely(path, as_markdown(self.record))
        except OSError as exc:
            self.hub.problem.emit(f"The Markdown could not be written to {path}: {exc.strerror or exc}.")
            return None
        self.hub.written.emit("the track record (Markdown)", path)
        return path


def show_track_record(parent: QWidget, hub: Hub) -> TrackRecordDialog | None:
    """Open the track record of the plan in ``hub`` (nothing when no plan is open)."""
    if hub.plan is None:
        return None
    dialog = TrackRecordDialog(hub, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
