"""The QApplication: fonts, style, the main window, then the plan (after the first paint)."""

from __future__ import annotations

import datetime
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ui import style
from ui.main_window import MainWindow, window_icon


def make_app(argv: list[str] | None = None, *, defer_fonts: bool = False) -> QApplication:
    """The configured QApplication. ``defer_fonts``: the caller loads the font after the first paint."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv or sys.argv[:1])
    if app.property("cockpitReady"):
        return app
    app.setProperty("cockpitReady", True)
    app.setApplicationName("Release Cockpit")
    app.setOrganizationName("release-cockpit")
    app.setDesktopFileName("release-cockpit")
    if app.style().name().lower() != "fusion":  # Fusion is already the default on most Linux desktops
        app.setStyle("Fusion")
    app.setWindowIcon(window_icon())
    style.apply(app, presentation=False)
    from ui.widgets import UndoPassThrough

    app._undo_pass_through = UndoPassThrough(app)  # type: ignore[attr-defined]
    app.installEventFilter(app._undo_pass_through)  # type: ignore[attr-defined]
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: style.apply(app, presentation=False))
    if not defer_fonts:
        use_shipped_font(app)
    return app


def use_shipped_font(app: QApplication) -> None:
    """Make the shipped DejaVu Sans the app's font (the brief and every view depend on it)."""
    if app.property("cockpitFont"):
        return
    app.setProperty("cockpitFont", True)
    family = style.load_fonts()
    font = app.font()
    font.setFamily(family)
    app.setFont(font)


def install_excepthook(window: MainWindow) -> None:
    """A bug must not show a traceback or kill the session: log it, say so plainly, keep going.

    Every change is already committed by the time it could fail in the UI, so nothing is lost.
    """
    from cockpit import paths

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log = paths.data_dir() / "errors.log"
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as fh:
                fh.write(f"--- {datetime.datetime.now().isoformat(timespec='seconds')}\n")
                fh.write("".join(traceback.format_exception(kind, value, tb)))
        except OSError:
            pass
        window.message_bar.show_message(
            f"Something went wrong inside Release Cockpit ({kind.__name__}). Your plan is safe: every change "
            f"was saved as it was made. Details are in {log}.")

    sys.excepthook = hook


def run_gui(path: Path | None, *, create: bool = False, problem: str | None = None) -> int:
    """Show the window at once; open (or, on first run, create) the plan right after it paints.

    With no path, the window offers New/Open and shows ``problem`` if there is one.
    """
    app = make_app(defer_fonts=True)
    window = MainWindow()
    window.first_painted.connect(lambda: use_shipped_font(app), Qt.ConnectionType.SingleShotConnection)
    install_excepthook(window)
    from ui import e2e_probe

    e2e_probe.install(window)
    if path is not None:
        window.first_painted.connect(lambda: window.open_after_peek(path, create=create),
                                     Qt.ConnectionType.SingleShotConnection)
    else:
        window.empty.set_opening(False)
        if problem:
            window.message_bar.show_message(problem)
    window.show()
    return app.exec()
