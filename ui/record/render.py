"""The track record as a one-page PDF (A4 or Letter, landscape).

The writer is set to the page's own resolution (720 dpi, ``page.DPI``), so its device units are the
page's decipoints and every font size is exact. The painter never starts a second page.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

from cockpit.reports.record import TrackRecord
from ui.brief.paper import PAPERS
from ui.record.page import DPI, TrackRecordPage

MARGIN_MM = 12.0
MM_PT = 72 / 25.4


def page_layout(paper: str) -> QPageLayout:
    """Landscape ``paper`` ("a4" or "letter") with the brief's margins."""
    return QPageLayout(QPageSize(PAPERS[paper]), QPageLayout.Orientation.Landscape,
                       QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)


def paper_size(paper: str) -> tuple[QSizeF, float]:
    """The whole page and its margin, in points (for the screen, which draws the paper itself)."""
    full = page_layout(paper).fullRectPoints()
    return QSizeF(full.width(), full.height()), MARGIN_MM * MM_PT


def layout(record: TrackRecord, paper: str) -> TrackRecordPage:
    """The page laid out on the printable area of ``paper``."""
    size, margin = paper_size(paper)
    return TrackRecordPage(record, size.width() - 2 * margin, size.height() - 2 * margin)


def pdf_bytes(record: TrackRecord, paper: str) -> tuple[bytes, TrackRecordPage]:
    """The one-page PDF in memory, and the page as drawn (its ``sizes``)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setPageLayout(page_layout(paper))
    writer.setTitle(f"Track record: {record.plan}" if record.plan else "Track record")
    writer.setCreator("Release Cockpit")
    page = layout(record, paper)
    painter = QPainter(writer)
    if not painter.isActive():
        raise OSError("the PDF could not be started")
    try:
        page.paint(painter)
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data()), page


def write_pdf(record: TrackRecord, path: Path, paper: str) -> TrackRecordPage:
    """Write the one-page PDF to ``path`` atomically (a temporary name, then rename)."""
    from cockpit.files import write_bytes_safely

    data, page = pdf_bytes(record, paper)
    write_bytes_safely(Path(path), data)
    return page
