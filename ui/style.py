"""Type sizes and semantic colours for normal use and for presentation mode (a projector)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication

if TYPE_CHECKING:  # imported where used: nothing here is needed before the window first paints
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

from cockpit.paths import resource

FONT_FAMILY = "DejaVu Sans"


def load_fonts() -> str:
    """Register the shipped font so text never depends on system fonts (the brief needs it too)."""
    from PySide6.QtGui import QFontDatabase

    family = FONT_FAMILY
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        font_id = QFontDatabase.addApplicationFont(str(resource(f"fonts/{name}")))
        if font_id >= 0:
            family = QFontDatabase.applicationFontFamilies(font_id)[0]
    return family


def is_dark() -> bool:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPalette

    hints = QGuiApplication.styleHints()
    if hints.colorScheme() == Qt.ColorScheme.Dark:
        return True
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def stylesheet(*, presentation: bool) -> str:
    dark = is_dark() and not presentation
    sizes = (dict(base=17, nav=22, navpad=14, title=40, heading=22, tile=40) if presentation
             else dict(base=10, nav=12, navpad=8, title=22, heading=13, tile=22))
    colours = (dict(good="#7bd88f", warn="#ffcc66", bad="#ff7a6b", barbg="#4a1f1a", barfg="#ffe3de") if dark
               else dict(good="#1b7a2f", warn="#8a5a00", bad="#b3261e", barbg="#fde7e4", barfg="#5c0f0a"))
    text = resource("style.qss").read_text(encoding="utf-8")
    for key, value in {**sizes, **colours}.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def presentation_palette() -> QPalette:
    """High contrast for a projector in a lit room: near-black on white, strong selection."""
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#ffffff", QPalette.ColorRole.WindowText: "#000000",
        QPalette.ColorRole.Base: "#ffffff", QPalette.ColorRole.AlternateBase: "#f0f0f0",
        QPalette.ColorRole.Text: "#000000", QPalette.ColorRole.Button: "#e8e8e8",
        QPalette.ColorRole.ButtonText: "#000000", QPalette.ColorRole.Highlight: "#003f8a",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.Mid: "#555555",
        QPalette.ColorRole.PlaceholderText: "#444444", QPalette.ColorRole.ToolTipBase: "#ffffcc",
        QPalette.ColorRole.ToolTipText: "#000000",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    return palette


_system_palette: QPalette | None = None


def apply(app: QApplication, *, presentation: bool) -> None:
    """Switch between the system's own look (light or dark) and presentation mode."""
    from PySide6.QtGui import QPalette

    global _system_palette
    if _system_palette is None:
        _system_palette = QPalette(app.palette())
    app.setPalette(presentation_palette() if presentation else _system_palette)
    app.setProperty("cockpitStyled", True)
    app.setStyleSheet(stylesheet(presentation=presentation))
