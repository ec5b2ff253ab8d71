"""Lay the brief out on exactly one page (QTextDocument on any QPagedPaintDevice).

The core says what goes on the page (``cockpit.reports.brief``); this module fits it: the largest
type size from 11 pt down to 8 pt at which everything fits, otherwise 8 pt with the largest list
budget that fits (the rest summarised as "+N more"; ``Brief.trimmed`` takes lines from the readiness
tasks and parked items before any part DOMAIN.md ranks). Nothing ever goes to a second page: the
painter never starts one and is clipped to the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument

from cockpit.reports.brief import Brief
from ui.brief.page import page_html
from ui.brief.paper import PAPERS
from ui.style import families

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    #: a paged device with a resolution: the PDF writer, or a printer (Print, Print Preview)
    Device = QPdfWriter | QPrinter

SIZES = (11.0, 10.5, 10.0, 9.5, 9.0, 8.5, 8.0)
MIN_PT = SIZES[-1]
MARGIN_MM = 12.0
PDF_DPI = 600
#: when even the smallest budget does not fit (absurdly long texts), clip texts to this many characters
CLIPS = (160, 80, 40)


@dataclass(frozen=True)
class Fitted:
    """The laid-out page: the brief as shown (trimmed), its type size and the document."""

    brief: Brief
    pt: float
    doc: QTextDocument
    fits: bool

    @property
    def left_off(self) -> int:
        """Entries summarised as "+N more", over every list (readiness tasks and parked items included)."""
        return sum(listing.more for listing in self.brief.listings)


def page_layout(paper: str) -> QPageLayout:
    return QPageLayout(QPageSize(PAPERS[paper]), QPageLayout.Orientation.Portrait,
                       QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)


def text_document(device: Device, pt: float, width: float) -> QTextDocument:
    """An empty document laid out for a printed page of ``device``: the shipped font at ``pt``, no margin,
    ``width`` device pixels wide (the brief and the progress note both set their text on one)."""
    doc = QTextDocument()
    # Without this the layout measures in screen pixels and text on a 600-dpi page comes out tiny.
    doc.documentLayout().setPaintDevice(device)
    doc.setDocumentMargin(0)
    font = QFont()
    font.setFamilies(families())
    font.setPointSizeF(pt)
    # No ligatures: "fi" must stay two letters, so text copied or searched from the PDF matches.
    for tag in ("liga", "clig"):
        font.setFeature(QFont.Tag(tag), 0)
    doc.setDefaultFont(font)
    doc.setTextWidth(width)
    return doc


def _document(brief: Brief, pt: float, device: Device, width: float) -> QTextDocument:
    doc = text_document(device, pt, width)
    doc.setHtml(page_html(brief, pt))
    return doc


def fit(content: Brief, device: Device) -> Fitted:
    """The largest legible layout of ``content`` that fits on one page of ``device``."""
    rect = device.pageLayout().paintRectPixels(device.resolution())
    width, height = float(rect.width()), float(rect.height())

    def attempt(brief: Brief, pt: float) -> Fitted:
        doc = _document(brief, pt, device, width)
        return Fitted(brief, pt, doc, doc.size().height() <= height)

    # A list line is at least one line of type: skip sizes at which the lists alone overflow.
    line_px = device.resolution() / 72.0 * 1.15
    for pt in SIZES:
        if content.list_lines * pt * line_px > height:
            continue
        result = attempt(content, pt)
        if result.fits:
            return result
    # Smallest type: the largest list budget that fits. Height grows about linearly with the
    # budget, so interpolate first (two or three layouts), then bisect what is left.
    low, high = content.min_budget, min(content.list_lines, int(height / (MIN_PT * line_px)) + 1)
    best = attempt(content.trimmed(low), MIN_PT)
    if best.fits:
        if high <= low:
            return best
        top = attempt(content.trimmed(high), MIN_PT)
        if top.fits:
            return top
        low_h, high_h = best.doc.size().height(), top.doc.size().height()
        for step in range(32):
            if high - low <= 1:
                break
            if step < 3 and high_h > low_h:
                guess = low + int((height - low_h) * (high - low) / (high_h - low_h))
            else:
                guess = (low + high) // 2
            guess = min(max(guess, low + 1), high - 1)
            result = attempt(content.trimmed(guess), MIN_PT)
            if result.fits:
                best, low, low_h = result, guess, result.doc.size().height()
            else:
                high, high_h = guess, result.doc.size().height()
        return best
    for clip in CLIPS:
        best = attempt(content.trimmed(content.min_budget, clip), MIN_PT)
        if best.fits:
            break
    return best


def paint(painter: QPainter, device: Device, content: Brief) -> Fitted:
    """Fit and draw the brief on the current (only) page of ``device``."""
    fitted = fit(content, device)
    rect = device.pageLayout().paintRectPixels(device.resolution())
    area = QRectF(0, 0, rect.width(), rect.height())
    painter.save()
    painter.setClipRect(area)
    fitted.doc.drawContents(painter, area)
    painter.restore()
    return fitted


def pdf_writer(target: str | QIODevice, paper: str, title: str) -> QPdfWriter:
    """A PDF writer for one page of ``paper`` at the brief's resolution, titled ``title``."""
    writer = QPdfWriter(target)
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(page_layout(paper))
    writer.setTitle(title)
    writer.setCreator("Release Cockpit")
    return writer


def pdf_bytes(content: Brief, paper: str) -> tuple[bytes, Fitted]:
    """The one-page PDF in memory."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf_writer(buffer, paper, content.release)
    painter = QPainter(writer)
    try:
        fitted = paint(painter, writer, content)
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data()), fitted


def write_pdf(content: Brief, path: Path, paper: str) -> Fitted:
    """Write the one-page PDF to ``path`` atomically (a temporary name, then rename)."""
    data, fitted = pdf_bytes(content, paper)
    path = Path(path)
    from cockpit.files import write_bytes_safely

    write_bytes_safely(path, data)
    return fitted
