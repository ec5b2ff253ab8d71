"""The weekly progress note as a one-page PDF: the note's text at the largest legible size that fits.

The text is plain (the team's own words), laid out in the brief's page document (``ui.brief.render``:
the shipped font, no ligatures) at 11 pt down to 8 pt; a note still too long at 8 pt keeps its first
lines and ends with a line saying the rest is left off (the page never spills onto a second one).
Written like the brief: in memory, then to a temporary name and renamed, so a failed write leaves no
half a file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QPainter, QPdfWriter, QTextDocument

from ui.brief.render import pdf_writer, text_document

SIZES = (11.0, 10.5, 10.0, 9.5, 9.0, 8.5, 8.0)
MIN_PT = 8.0
CLIPPED = "… (the rest of this note is in the plan)"


def _document(text: str, pt: float, writer: QPdfWriter, width: float) -> QTextDocument:
    doc = text_document(writer, pt, width)
    doc.setPlainText(text)
    return doc


def fit(text: str, writer: QPdfWriter) -> tuple[QTextDocument, float, bool]:
    """The largest type at which ``text`` fits one page; (document, size in pt, whether lines were left off)."""
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    width, height = float(rect.width()), float(rect.height())
    for pt in SIZES:
        doc = _document(text, pt, writer, width)
        if doc.size().height() <= height:
            return doc, pt, False
    lines = text.splitlines()
    low, high = 0, len(lines)  # the most lines that fit with the closing line, by bisection
    best = _document(CLIPPED, MIN_PT, writer, width)
    while low < high:
        middle = (low + high + 1) // 2
        doc = _document("\n".join([*lines[:middle], CLIPPED]), MIN_PT, writer, width)
        if doc.size().height() <= height:
            low, best = middle, doc
        else:
            high = middle - 1
    return best, MIN_PT, True


def write_pdf(text: str, path: Path, paper: str, title: str = "Progress note") -> tuple[float, bool]:
    """Write the note to ``path`` as one page of ``paper`` ("a4" or "letter"); (size in pt, clipped)."""
    from cockpit.files import write_bytes_safely

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf_writer(buffer, paper, title)
    doc, pt, clipped = fit(text, writer)
    painter = QPainter(writer)
    if not painter.isActive():
        raise OSError("the PDF could not be started")
    try:
        doc.drawContents(painter)
    finally:
        painter.end()
    buffer.close()
    write_bytes_safely(Path(path), bytes(data.data()))
    return pt, clipped
