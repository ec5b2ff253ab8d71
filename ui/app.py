"""The QApplication: fonts, style, the main window, then the plan (after the first paint)."""

from __future__ import annotations

import datetime
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QWidget

from ui import style
from ui.main_window import MainWindow, window_icon


def make_app(argv: list[str] | None = None, *, deferred: bool = False) -> QApplication:
    """The configured QApplication. ``deferred``: the caller applies the font, icon and stylesheet
    after the first paint (see ``finish_look``)."""
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
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: style.apply(app, presentation=False))
    if not deferred:
        finish_look(app)
    return app


def finish_look(app: QApplication) -> None:
    """The shipped font, the window icon, the stylesheet (colours follow the system scheme), and
    Ctrl+Z reaching the undo stack from text fields. Nothing here is needed for the first frame."""
    if app.property("cockpitLook"):
        return
    app.setProperty("cockpitLook", True)
    from ui.widgets import UndoPassThrough

    # Watched per text field as it gains focus: an application-wide filter would run Python for every event.
    undo_filter = UndoPassThrough(app)
    app._undo_pass_through = undo_filter  # type: ignore[attr-defined]  # kept alive as long as the app

    def watch(_old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and not new.property("cockpitUndoWatched"):
            new.setProperty("cockpitUndoWatched", True)
            new.installEventFilter(undo_filter)

    app.focusChanged.connect(watch)
    use_shipped_font(app)
    app.setWindowIcon(window_icon())
    if not app.property("cockpitStyled"):  # presentation mode may already have styled it
        style.apply(app, presentation=False)


def use_shipped_font(app: QApplication) -> None:
    """Make the shipped DejaVu Sans (with Droid Sans Fallback for CJK) the app's font (the brief and
    every view depend on it)."""
    if app.property("cockpitFont"):
        return
    app.setProperty("cockpitFont", True)
    family = style.load_fonts()
    font = app.font()
    font.setFamilies(style.families(family))
    app.setFont(font)


def install_excepthook(window: MainWindow) -> None:
    """A bug must not show a traceback or kill the session: log it, say so plainly, keep going.

    Every change is already committed by the time it could fail in the UI, so nothing is lost.
    """
    from cockpit import paths

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log = paths.data_dir() / "errors.log"
        try:
            paths.private_dir(log.parent)
            with open(os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "a", encoding="utf-8") as fh:
                fh.write(f"--- {datetime.datetime.now().isoformat(timespec='seconds')}\n")
                fh.write("".join(traceback.format_exception(kind, value, tb)))
        except OSError:
            pass
        bar = getattr(window, "message_bar", None)
        if bar is None:  # before the window is complete: stderr is all there is
            print(f"Release Cockpit: unexpected {kind.__name__}; details in {log}", file=sys.stderr)
            return
        bar.show_message(
            f"Something went wrong inside Release Cockpit ({kind.__name__}). Your plan is safe: every change "
            f"was saved as it was made. Details are in {log}.")

    sys.excepthook = hook


def run_gui(path: Path | None, *, create: bool = False, problem: str | None = None, team: str | None = None) -> int:
    """Show the window at once; open (or, on first run, create) the plan right after it paints.

    With no path, the window offers New/Open and shows ``problem`` if there is one; ``team`` names a team
    plan to open instead (its address: a connection string or URI).
    """
    app = make_app(deferred=True)
    window = MainWindow(deferred=True)
    # The first frame ("Opening the plan…") needs none of the font, icon or stylesheet: apply them after it.
    # (first_painted is emitted once.)
    window.first_painted.connect(lambda: finish_look(app))
    install_excepthook(window)
    if os.environ.get("COCKPIT_E2E_PROBE"):  # only the end-to-end tests ask where widgets are
        from ui import e2e_probe

        e2e_probe.install(window)
    if team is not None:
        window.first_painted.connect(lambda: window.open_team_later(team))
    elif path is not None:
        window.first_painted.connect(lambda: window.open_after_peek(path, create=create))
    else:
        window.empty.set_opening(False)
        if problem:
            window.first_painted.connect(lambda: window.message_bar.show_message(problem))
    close_on_terminate(window)
    window.show()
    return app.exec()


def close_on_terminate(window: MainWindow) -> None:
    """Logging out sends SIGTERM: close the window properly, so the plan is closed and one file again."""
    import signal

    from PySide6.QtCore import QTimer

    signal.signal(signal.SIGTERM, lambda *_: QTimer.singleShot(0, window.close))
    # Python handles a signal only when it runs: give it a moment twice a second.
    heartbeat = QTimer(window)
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start(500)
