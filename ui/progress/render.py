"""The weekly progress note as a one-page PDF: the note's text at the largest legible size that fits.

The text is plain (the team's own words), laid out by a QTextDocument in the shipped font at 11 pt down
to 8 pt; a note still too long at 8 pt keeps its first lines and ends with a line saying the rest is in
the plan (the page never spills onto a second one).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QPainter, QPdfWriter, QTextDocument

from ui.brief.render import page_layout
from ui.style import families

SIZES = (11.0, 10.5, 10.0, 9.5, 9.0, 8.5, 8.0)
MIN_PT = 8.0
CLIPPED = "… (the rest of this note is in the plan)"


def _document(text: str, pt: float, writer: QPdfWriter, width: float) -> QTextDocument:
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)  # else the text is measured in screen pixels: tiny on paper
    doc.setDocumentMargin(0)
    font = QFont()
    font.setFamilies(families())
    font.setPointSizeF(pt)
    for tag in ("liga", "clig"):  # "fi" stays two letters, so the PDF's text can be searched
        font.setFeature(QFont.Tag(tag), 0)
    doc.setDefaultFont(font)
    doc.setPlainText(text)
    doc.setTextWidth(width)
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
    writer = QPdfWriter(str(path))
    writer.setPageLayout(page_layout(paper))
    writer.setResolution(300)
    writer.setTitle(title)
    writer.setCreator("Release Cockpit")
    doc, pt, clipped = fit(text, writer)
    painter = QPainter(writer)
    if not painter.isActive():
        raise OSError(f"cannot write {path}")
    try:
        doc.drawContents(painter)
    finally:
        painter.end()
    return pt, clipped
