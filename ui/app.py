"""The QApplication: fonts, style, the main window, then the plan (after the first paint)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ui import style
from ui.main_window import MainWindow, window_icon


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv or sys.argv[:1])
    app.setApplicationName("Release Cockpit")
    app.setOrganizationName("release-cockpit")
    app.setDesktopFileName("release-cockpit")
    app.setStyle("Fusion")
    family = style.load_fonts()
    font = app.font()
    font.setFamily(family)
    app.setFont(font)
    app.setWindowIcon(window_icon())
    style.apply(app, presentation=False)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: style.apply(app, presentation=False))
    return app


def run_gui(path: Path, *, create: bool = False) -> int:
    """Show the window at once; open (or, on first run, create) the plan right after it paints."""
    app = make_app()
    window = MainWindow()
    window.first_painted.connect(lambda: window.open_path(path, create=create, example=create),
                                 Qt.ConnectionType.SingleShotConnection)
    window.show()
    return app.exec()
