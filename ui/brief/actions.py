"""The brief's File-menu actions: Print Preview, Print, Export PDF, Export Markdown.

Each takes the parent widget and the hub; the main window wires them to its menu. Problems
(no plan, a folder that cannot be written) go to the hub's message bar.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from ui.brief import paper as paper_setting
from ui.brief.render import Fitted, page_layout, paint, write_pdf

if TYPE_CHECKING:
    from cockpit.reports.brief import Brief
    from ui.hub import Hub


def content(hub: Hub) -> Brief | None:
    """The brief of the cycle on screen, or None (and a message) when no plan is open."""
    import datetime as dt

    from cockpit.reports.brief import brief_content

    try:
        cycle = hub.cycle()
    except LookupError:
        hub.problem.emit("No plan is open: open one to print its brief.")
        return None
    return brief_content(cycle, dt.date.today())


def make_printer(brief: Brief) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(page_layout(paper_setting.paper()))
    printer.setDocName(f"{brief.release} — brief")
    printer.setCreator("Release Cockpit")
    return printer


def paint_on(printer: QPrinter, brief: Brief) -> Fitted:
    painter = QPainter(printer)
    try:
        return paint(painter, printer, brief)
    finally:
        painter.end()


def preview_dialog(parent: QWidget | None, hub: Hub) -> QPrintPreviewDialog | None:
    """A print preview of the brief (not yet shown)."""
    brief = content(hub)
    if brief is None:
        return None
    printer = make_printer(brief)
    dialog = QPrintPreviewDialog(printer, parent)
    # The dialog does not own the printer: a Python attribute keeps it alive as long as the dialog.
    dialog.printer_ref = printer  # type: ignore[attr-defined]  # our own attribute, unknown to the stubs
    dialog.setWindowTitle("Print Preview — the one-page brief")
    dialog.paintRequested.connect(lambda device: paint_on(device, brief))
    # Most of the screen, the whole page in view (it opened small, the page a thumbnail in a corner).
    screen = (parent or dialog).screen().availableGeometry()
    dialog.resize(screen.width() * 9 // 10, screen.height() * 9 // 10)
    widget = dialog.findChild(QPrintPreviewWidget)
    if widget is not None:
        widget.setZoomMode(QPrintPreviewWidget.ZoomMode.FitInView)
    return dialog


def print_preview(parent: QWidget | None, hub: Hub) -> None:
    dialog = preview_dialog(parent, hub)
    if dialog is not None:
        dialog.exec()


def print_brief(parent: QWidget | None, hub: Hub) -> None:
    brief = content(hub)
    if brief is None:
        return
    printer = make_printer(brief)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print the one-page brief")
    if dialog.exec() == QDialog.DialogCode.Accepted:
        paint_on(printer, brief)


def _suggested(hub: Hub, brief: Brief, suffix: str) -> str:
    stem = re.sub(r"[^\w.-]+", "-", brief.release).strip("-.") or "release"
    folder = hub.plan.path.parent if hub.plan is not None else Path.home()
    return str(folder / f"{stem}-brief{suffix}")


def _ask(parent: QWidget | None, title: str, start: str, filters: str, suffix: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, title, start, filters)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def export_pdf(parent: QWidget | None, hub: Hub, path: Path | None = None) -> Path | None:
    """Write the one-page PDF (asks where unless ``path`` is given); returns where it went."""
    brief = content(hub)
    if brief is None:
        return None
    path = path or _ask(parent, "Export the brief as PDF", _suggested(hub, brief, ".pdf"), "PDF (*.pdf)", ".pdf")
    if path is None:
        return None
    try:
        write_pdf(brief, path, paper_setting.paper())
    except OSError as exc:
        hub.problem.emit(f"The PDF could not be written to {path}: {exc.strerror or exc}.")
        return None
    hub.written.emit("the brief (PDF)", path)
    return path


def export_markdown(parent: QWidget | None, hub: Hub, path: Path | None = None) -> Path | None:
    """Write the brief as Markdown for mail and chat; returns where it went."""
    from cockpit.reports.markdown import brief_markdown

    brief = content(hub)
    if brief is None:
        return None
    path = path or _ask(parent, "Export the brief as Markdown", _suggested(hub, brief, ".md"),
                        "Markdown (*.md)", ".md")
    if path is None:
        return None
    try:
        from cockpit.files import write_text_safely

        write_text_safely(path, brief_markdown(brief))
    except OSError as exc:
        hub.problem.emit(f"The Markdown could not be written to {path}: {exc.strerror or exc}.")
        return None
    hub.written.emit("the brief (Markdown)", path)
    return path
