"""Type sizes and semantic colours for normal use and for presentation mode (a projector)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication

if TYPE_CHECKING:  # imported where used: nothing here is needed before the window first paints
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

from cockpit.paths import resource

FONT_FAMILY = "DejaVu Sans"
#: Chinese, Japanese and Korean glyphs (李明, 佐藤 花子): DejaVu Sans has none, and a laptop without
#: those fonts would show boxes for a person's name on the projector and in the brief
FALLBACK_FAMILY = "Droid Sans Fallback"


def load_fonts() -> str:
    """Register the shipped fonts so text never depends on system fonts (the brief needs them too).
    Returns the main family; ``families()`` is the list to give a QFont."""
    from PySide6.QtGui import QFontDatabase

    family = FONT_FAMILY
    # CockpitCJK-Bold.ttf is the fallback family's bold (packaging/make_cjk_bold.py): Droid has none
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DroidSansFallbackFull.ttf", "CockpitCJK-Bold.ttf"):
        font_id = QFontDatabase.addApplicationFont(str(resource(f"fonts/{name}")))
        if font_id >= 0 and name.startswith("DejaVu"):
            family = QFontDatabase.applicationFontFamilies(font_id)[0]
    return family


def families(family: str = FONT_FAMILY) -> list[str]:
    """The family, then the shipped fallback for scripts it lacks."""
    return [family, FALLBACK_FAMILY]


def is_dark() -> bool:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPalette

    hints = QGuiApplication.styleHints()
    if hints.colorScheme() == Qt.ColorScheme.Dark:
        return True
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


#: type sizes; presentation mode's are pixels, so body text is at least 20 px on any projector's DPI
SIZES = dict(base="10pt", nav="12pt", navpad=8, title="22pt", heading="13pt", tile="22pt")
PRESENTATION_SIZES = dict(base="22px", nav="28px", navpad=14, title="48px", heading="29px", tile="48px")
#: the semantic colours for a light and a dark system look (good / warn / bad text, the message bar)
LIGHT = dict(good="#1b7a2f", warn="#8a5a00", bad="#b3261e", muted="#5e5e5e", barbg="#fde7e4", barfg="#5c0f0a")
DARK = dict(good="#7bd88f", warn="#ffcc66", bad="#ff7a6b", muted="#b0b0b0", barbg="#4a1f1a", barfg="#ffe3de")
#: presentation mode: every text colour at least 7:1 against white and the message bar (WCAG AAA),
#: control borders at least 3:1 (tests/ui/test_contrast.py computes them)
PRESENTATION = dict(good="#0a5020", warn="#5e3d00", bad="#8f1d16", muted="#444444", barbg="#fde7e4", barfg="#5c0f0a",
                    text="#000000", face="#e8e8e8", field="#ffffff", border="#4d4d4d", hover="#d6d6d6",
                    pressed="#c4c4c4", focus="#003f8a", disabled="#6e6e6e", disabledface="#f7f7f7")
PALETTE = {"Window": "#ffffff", "WindowText": "#000000", "Base": "#ffffff", "AlternateBase": "#f0f0f0",
           "Text": "#000000", "Button": "#e8e8e8", "ButtonText": "#000000", "Highlight": "#003f8a",
           "HighlightedText": "#ffffff", "Mid": "#4d4d4d", "PlaceholderText": "#444444", "ToolTipBase": "#ffffcc",
           "ToolTipText": "#000000", "BrightText": "#ffffff", "Link": "#003f8a"}
#: what a disabled control shows in presentation mode (the palette's Disabled group)
PALETTE_DISABLED = {"WindowText": "#6e6e6e", "Text": "#6e6e6e", "ButtonText": "#6e6e6e", "Button": "#f7f7f7",
                    "Base": "#f7f7f7"}


def stylesheet(*, presentation: bool) -> str:
    dark = is_dark() and not presentation
    values = {**PRESENTATION_SIZES, **PRESENTATION} if presentation else {**SIZES, **(DARK if dark else LIGHT)}
    text = resource("style.qss").read_text(encoding="utf-8")
    if presentation:
        text += "\n" + resource("presentation.qss").read_text(encoding="utf-8")
        values["icons"] = resource("icons").as_posix()
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def presentation_palette() -> QPalette:
    """High contrast for a projector in a lit room: near-black on white, strong selection, and
    disabled controls in grey (without a Disabled group they would look as usable as the rest)."""
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    for role, colour in PALETTE.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    for role, colour in PALETTE_DISABLED.items():
        palette.setColor(QPalette.ColorGroup.Disabled, getattr(QPalette.ColorRole, role), QColor(colour))
    return palette


_system_palette: QPalette | None = None
#: the semantic colours in use (light, dark or presentation), set by ``apply``
_tones: dict[str, str] = LIGHT


def tone(name: str) -> QColor:
    """A semantic colour (good, warn, bad, muted) for text the views draw themselves, in the look in use:
    presentation mode's are at least 7:1 against white (tests/ui/test_contrast.py)."""
    from PySide6.QtGui import QColor

    return QColor(_tones[name])


def apply(app: QApplication, *, presentation: bool) -> None:
    """Switch between the system's own look (light or dark) and presentation mode."""
    from PySide6.QtGui import QPalette

    global _system_palette, _tones
    _tones = PRESENTATION if presentation else DARK if is_dark() else LIGHT
    if _system_palette is None:
        _system_palette = QPalette(app.palette())
    app.setPalette(presentation_palette() if presentation else _system_palette)
    app.setProperty("cockpitStyled", True)
    app.setStyleSheet(stylesheet(presentation=presentation))
