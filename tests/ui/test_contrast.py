"""Presentation mode is for the back of a room: contrast ratios computed from the palette and the
stylesheet it applies (WCAG 2 relative luminance), the size of body text, disabled controls and focus."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QColor, QFontInfo, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from ui import style

TEXT_MINIMUM = 7.0  # WCAG AAA for text
BORDER_MINIMUM = 3.0  # WCAG for the boundaries of controls


def luminance(colour: str) -> float:
    channels = []
    for value in QColor(colour).getRgbF()[:3]:
        channels.append(value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def ratio(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_ratio_is_wcags() -> None:
    assert ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the known AA grey
    assert ratio("#ffffff", "#ffffff") == pytest.approx(1.0)


def _rules(sheet: str) -> list[tuple[str, dict[str, str]]]:
    """(selector, {property: value}) for every rule of a stylesheet (comments removed)."""
    sheet = re.sub(r"/\*.*?\*/", "", sheet, flags=re.S)
    found = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", sheet):
        declarations = {}
        for part in body.split(";"):
            if ":" in part:
                name, value = part.split(":", 1)
                declarations[name.strip()] = value.strip()
        found.append((" ".join(selector.split()), declarations))
    return found


def _colour_in(value: str, palette: QPalette) -> str | None:
    literal = re.search(r"#[0-9a-fA-F]{6}\b", value)
    if literal:
        return literal.group(0)
    role = re.search(r"palette\(([a-z-]+)\)", value)
    if role:
        name = "".join(part.capitalize() for part in role.group(1).split("-"))
        return palette.color(getattr(QPalette.ColorRole, name)).name()
    return None


def test_every_text_colour_of_presentation_mode_is_at_least_7_to_1(qapp) -> None:
    palette = style.presentation_palette()
    backgrounds = {role: palette.color(getattr(QPalette.ColorRole, role)).name()
                   for role in ("Window", "Base", "AlternateBase", "Button")}
    pairs = {f"{text} on {back}": (palette.color(getattr(QPalette.ColorRole, text)).name(), colour)
             for text in ("WindowText", "Text", "ButtonText", "PlaceholderText", "Link")
             for back, colour in backgrounds.items()}
    pairs["HighlightedText on Highlight"] = (palette.color(QPalette.ColorRole.HighlightedText).name(),
                                             palette.color(QPalette.ColorRole.Highlight).name())
    pairs["ToolTipText on ToolTipBase"] = (palette.color(QPalette.ColorRole.ToolTipText).name(),
                                           palette.color(QPalette.ColorRole.ToolTipBase).name())
    sheet = style.stylesheet(presentation=True)
    checked = 0
    for selector, declarations in _rules(sheet):
        if ":disabled" in selector or "color" not in declarations:
            continue
        text = _colour_in(declarations["color"], palette)
        if text is None:
            continue
        own = _colour_in(declarations.get("background", ""), palette)
        for back, colour in ({"its background": own} if own else backgrounds).items():
            pairs[f"{selector} ({declarations['color']}) on {back}"] = (text, colour)
        checked += 1
    assert checked >= 6, "the good / warn / bad / message bar / tile label colours were not found in the sheet"
    low = {what: round(ratio(*colours), 2) for what, colours in pairs.items() if ratio(*colours) < TEXT_MINIMUM}
    assert not low, f"text below {TEXT_MINIMUM}:1 in presentation mode: {low}"


def test_control_borders_and_the_focus_ring_are_at_least_3_to_1(qapp) -> None:
    palette = style.presentation_palette()
    sheet = style.stylesheet(presentation=True)
    backgrounds = [palette.color(QPalette.ColorRole.Window).name(), style.PRESENTATION["face"],
                   style.PRESENTATION["field"]]
    borders = {}
    for selector, declarations in _rules(sheet):
        for name, value in declarations.items():
            if name.startswith("border") and ":disabled" not in selector and "transparent" not in value:
                colour = _colour_in(value, palette)
                if colour:
                    borders[f"{selector} {name}"] = colour
    assert any(":focus" in key for key in borders), "no focus ring in the presentation sheet"
    assert any(key.startswith("QPushButton") for key in borders), "buttons have no border in presentation mode"
    low = {key: round(min(ratio(colour, back) for back in backgrounds), 2)
           for key, colour in borders.items() if min(ratio(colour, back) for back in backgrounds) < BORDER_MINIMUM}
    assert not low, f"control borders below {BORDER_MINIMUM}:1: {low}"


def test_disabled_controls_look_disabled_in_presentation_mode(qapp) -> None:
    palette = style.presentation_palette()
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText, QPalette.ColorRole.Text):
        active = palette.color(QPalette.ColorGroup.Active, role).name()
        disabled = palette.color(QPalette.ColorGroup.Disabled, role).name()
        assert disabled != active, f"{role.name}: disabled text is drawn like enabled text ({active})"
        assert ratio(active, disabled) >= 2.5, f"{role.name}: disabled {disabled} too close to {active}"
    rules = _rules(style.stylesheet(presentation=True))
    disabled = [d for s, d in rules if "QPushButton:disabled" in s]
    assert disabled and "dashed" in disabled[0].get("border-style", ""), "a disabled button needs its own outline"


def test_presentation_body_text_is_at_least_20_px_and_focus_does_not_move_controls(qapp) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    from ui.app import make_app

    make_app()
    label, button = QLabel("Body text"), QPushButton("Mark as sent")
    try:
        style.apply(app, presentation=True)
        label.ensurePolished()
        button.ensurePolished()
        assert QFontInfo(label.font()).pixelSize() >= 20
        assert QFontInfo(button.font()).pixelSize() >= 20
        button.show()
        before = button.sizeHint()
        button.setFocus()
        app.processEvents()
        assert button.sizeHint() == before, "the focus ring changed the button's size (the layout would jump)"
    finally:
        style.apply(app, presentation=False)
        button.close()


def test_the_tones_views_paint_text_with_are_at_least_7_to_1_in_presentation_mode(qapp) -> None:
    """``style.tone`` gives models and painted views their good / warn / bad / muted colours."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    palette = style.presentation_palette()
    backgrounds = [palette.color(getattr(QPalette.ColorRole, role)).name()
                   for role in ("Window", "Base", "AlternateBase", "Button")]
    try:
        style.apply(app, presentation=True)
        low = {name: round(min(ratio(style.tone(name).name(), back) for back in backgrounds), 2)
               for name in ("good", "warn", "bad", "muted")
               if min(ratio(style.tone(name).name(), back) for back in backgrounds) < TEXT_MINIMUM}
        assert not low, f"tones below {TEXT_MINIMUM}:1 in presentation mode: {low}"
    finally:
        style.apply(app, presentation=False)
    assert style.tone("bad").name() == style.LIGHT["bad"] or style.tone("bad").name() == style.DARK["bad"]
