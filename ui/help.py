"""Help ▸ Session guide (the four moves of a reset session, each with its view and keys) and
Help ▸ Copy diagnostics (versions, platform, plan format: nothing personal)."""

from __future__ import annotations

import html
import platform
import sqlite3
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtGui import QScreen

    from cockpit.store import Plan
    from ui.keys import Key

#: (move, what the room does, the view's section key, the actions whose keys to name)
MOVES = (
    ("1. Cut the scope", "Name the one problem this release fixes, then drag every card that does not fix it to "
     "Cut or Parked until the plan fits the team's capacity. Each card must be usable on its own, finishable by "
     "its owner, and testable.", "scope", ("Cut", "Park", "Cut all candidates")),
    ("2. One name on everything", "Every decision and every task gets one person — not a team. Name the stop "
     "authority, the rollback caller and runner. Keep this to 15 minutes.", "owners", ("Ownership check-in",)),
    ("3. Rollback discipline", "Write the triggers that mean roll back, pin the last stable build, give every "
     "runbook step a runner, and time a drill before the release.", "rollback", ("Start a drill",)),
    ("4. Four weeks, then go or no-go", "One target date and one backup date, milestones, a goal for each week "
     "and a daily check-in. On review day the five questions decide; the brief goes to everyone.", "timeline",
     ("Save the check-in",)),
)


def _keys_for(entries: Sequence[Key], opens: Sequence[str], section: str, names: tuple[str, ...]) -> list[str]:
    from ui.models.sections import SECTIONS

    title = next(s.title for s in SECTIONS if s.key == section)
    row = next(n for n, s in enumerate(SECTIONS) if s.key == section)
    found = [f"{opens[row]} opens {title}"]
    for entry in entries:
        if entry.group == title and any(entry.what.startswith(name) for name in names):
            found.append(f"{entry.keys}: {entry.what}")
    return list(dict.fromkeys(found))


def guide_html(entries: Sequence[Key], opens: Sequence[str]) -> str:
    """The guide as rich text; ``entries`` is the key map, ``opens`` the key that opens each section."""
    from ui.models.sections import SECTIONS

    parts = ["<h2>A release reset in four moves</h2>",
             "<p>Run it on the projector (F5). Every change is saved as you make it; Ctrl+Z undoes the last one.</p>",
             "<p><b>Session ▸ Run a Reset Session</b> (Ctrl+Shift+R) walks the room through these moves as six "
             "timed steps, each with its view, what is still open in it, and a parking lot (Ctrl+L) for topics "
             "that are not for now.</p>"]
    for title, text, section, names in MOVES:
        view = next(s.title for s in SECTIONS if s.key == section)
        keys = "; ".join(html.escape(k) for k in _keys_for(entries, opens, section, names))
        parts.append(f"<h3>{html.escape(title)}</h3><p>{html.escape(text)}</p>"
                     f"<p><b>View:</b> {html.escape(view)} &nbsp; <b>Keys:</b> {keys}</p>")
    parts.append("<p>Then print the one-page brief (Ctrl+P) for everyone in the room. F1 lists every key.</p>")
    return "".join(parts)


def show_guide(parent: QWidget, entries: Sequence[Key], opens: Sequence[str]) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle("Session guide")
    layout = QVBoxLayout(dialog)
    body = QLabel(guide_html(entries, opens))
    body.setTextFormat(Qt.TextFormat.RichText)
    body.setWordWrap(True)
    body.setAccessibleName("Session guide")
    holder = QWidget()
    inner = QVBoxLayout(holder)
    inner.addWidget(body)
    inner.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(holder)
    layout.addWidget(scroll, 1)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    screen = parent.screen().availableGeometry() if parent.screen() is not None else None
    if screen is not None:  # never larger than a projector's screen
        dialog.resize(min(820, screen.width() - 40), min(700, screen.height() - 60))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    layout.activate()  # its least size is set now, before the window exists (not again once shown)
    dialog.show()
    return dialog


def diagnostics(screen: QScreen | None, presentation: bool, plan: Plan | None) -> str:
    """Versions, platform, screen and plan format: what a bug report needs, and no names, paths or plan text."""
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QGuiApplication

    from cockpit import __version__
    from cockpit.fileformat import SCHEMA_VERSION

    lines = [f"Release Cockpit {__version__}", f"Python {platform.python_version()} ({sys.implementation.name})",
             f"Qt {qVersion()}, PySide6 {pyside_version}", f"SQLite {sqlite3.sqlite_version}",
             f"Platform: {platform.system()} {platform.release()} {platform.machine()}",
             f"Qt platform: {QGuiApplication.platformName()}",
             f"Plan format this version writes: {SCHEMA_VERSION}"]
    if screen is not None:
        size = screen.size()
        lines.append(f"Screen: {size.width()}×{size.height()} at {screen.logicalDotsPerInch():.0f} dpi, "
                     f"scale {screen.devicePixelRatio():g}")
    lines.append(f"Presentation mode: {'on' if presentation else 'off'}")
    if plan is not None and getattr(plan, "engine", "file") == "team":
        server = plan.team.pg.info.server_version  # type: ignore[attr-defined]  # a TeamPlan's connection
        version = f"{server // 10000}.{server % 10000}" if server else "unknown (the connection is lost)"
        lines.append(f"Open plan: a team plan, format {plan.format}, PostgreSQL {version}")
    elif plan is not None:
        (version,) = plan.raw.execute("PRAGMA user_version").fetchone()
        (journal,) = plan.raw.execute("PRAGMA journal_mode").fetchone()
        lines.append(f"Open plan: format {version}, journal {journal}")
    return "\n".join(lines) + "\n"
