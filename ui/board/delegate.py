"""Paints a scope card: the title on up to three lines, kind · owner · estimate · status, and chips for
the card's state (blocked, cut, parked, late, failed checks), warnings and risk areas. Sizes follow the
font, so presentation mode scales. Every text is clipped (``cockpit.text.shown``) before Qt measures
it: a title of a megabyte from another tool's file costs no more than a long one.

A card is four lines high. The title takes two lines when it needs them, and a third one (from the
kind · owner line) rather than being cut; a state is a word on a chip, never a colour alone, and the
state chips come first and shorten ("✗ no owner can finish in time" → "✗ check 2") before anything
essential is left out. ``CardDelegate.elided`` says whether a card at a given size still cuts its
title or a state word (the layout audit asks it); everything else a card leaves out (the owner of a
long name, a risk area) is whole in the card editor beside or below the lanes, and in the tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen, QPixmap, QTextLayout, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from cockpit.kinds import Lane, Status
from cockpit.reports.board import SHORT_CHECKS, Card
from cockpit.rules.scope import CHECKS
from cockpit.text import shown
from ui.models.board import DIVIDER_TEXT, LaneModel

Index = QModelIndex | QPersistentModelIndex

# White text on every chip is at least 7:1 against these (WCAG AAA, for the back of the room).
RISK_COLOUR = QColor("#8f1d16")
FAIL_COLOUR = QColor("#7a3500")
LATE_COLOUR = QColor("#6a1b9a")
DONE_COLOUR = QColor("#0a5020")
BLOCKED_COLOUR = QColor("#222222")
CUT_COLOUR = QColor("#555555")
WHITE = QColor("white")
#: the check numbers of the short reasons a card shows (``cockpit.reports.board.SHORT_CHECKS``)
CHECK_NUMBER = {SHORT_CHECKS[attr]: n for n, (attr, _) in enumerate(CHECKS, start=1)}
#: a title of the length the board is designed for (40 characters): lanes are wide enough when it takes two lines
DESIGN_TITLE = "Customers can pay every invoice by a card"


@dataclass(frozen=True, slots=True)
class _Chip:
    """A chip to place: its text, a shorter text for a narrow card, its colour; a state chip must show whole."""

    text: str
    short: str
    colour: QColor
    state: bool
    #: characters at the start that must show when the rest is elided ("✂ cut" of "✂ cut: reason"); 0: never elided
    keep: int = 0


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where everything of one card goes, relative to the card's inner rectangle (cached)."""

    title: tuple[str, ...]  # one to three lines, the last elided when even three are not enough
    parts: tuple[tuple[str, int, int, str], ...]  # text, x, line, tone ("", "risk", "done")
    chips: tuple[tuple[str, QRect, QColor], ...]
    more: tuple[int, int] | None  # (x, line) of a trailing "…" when chips did not fit
    cut: bool  # the title or a state word is not shown whole


class _Fonts:
    def __init__(self, font: QFont) -> None:
        self.font = QFont(font)
        self.bold = QFont(font)
        self.bold.setBold(True)
        self.metrics = QFontMetrics(self.font)
        self.bold_metrics = QFontMetrics(self.bold)
        self.line = max(self.metrics.lineSpacing(), self.bold_metrics.lineSpacing())
        #: around a card (between cards), inside it, between chips, inside a chip, the late stripe
        self.margin = max(2, self.line // 8)
        self.pad = max(4, self.line // 4)
        self.gap = max(3, self.line // 6)
        self.chip_pad = max(4, self.line // 5)
        self.stripe = max(4, self.line // 5)


class CardDelegate(QStyledItemDelegate):
    """Four lines per card (five in a lane too narrow for two-line titles), one height for all cards of
    a lane (``card_height``): the lane views give every row that height, so Qt never asks for a card's
    size (100,000 cards lay out at once).

    Text measuring is the slow part of painting, so each card's layout is computed once per
    font and width and reused until the card changes (cards are immutable values).
    """

    CACHE_LIMIT = 4000
    PIXMAP_LIMIT = 600
    #: lines of text in a card: the title (two, or three when it needs them), kind · owner, chips; in a
    #: lane too narrow for two-line titles, one more (a three-line title still leaves two for the rest)
    LINES = 4
    NARROW_LINES = 5
    TITLE_LINES = 3

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._fonts: dict[str, _Fonts] = {}
        self._layouts: dict[tuple[Card, str, int, int], _Layout] = {}
        self._pixmaps: dict[tuple, QPixmap] = {}
        self._widths: dict[str, int] = {}

    def _fonts_for(self, font: QFont) -> _Fonts:
        key = font.key()
        fonts = self._fonts.get(key)
        if fonts is None:
            fonts = self._fonts[key] = _Fonts(font)
        return fonts

    def card_height(self, font: QFont, width: int | None = None) -> int:
        """The height of every card in ``font`` (in a lane ``width`` wide): the lane gives every row this height."""
        fonts = self._fonts_for(font)
        lines = self.LINES if width is None or width >= self.card_width(font) else self.NARROW_LINES
        return lines * fonts.line + 2 * (fonts.pad + fonts.margin)

    def _lines(self, rect: QRect, fonts: _Fonts) -> int:
        """The lines of text a card has in a cell of ``rect``."""
        return (rect.height() - 2 * (fonts.pad + fonts.margin)) // fonts.line

    def card_width(self, font: QFont) -> int:
        """The width a card needs in ``font`` to show a title of the designed length on two lines."""
        fonts = self._fonts_for(font)
        known = self._widths.get(fonts.font.key())
        if known is None:
            low, high = 1, fonts.bold_metrics.horizontalAdvance(DESIGN_TITLE) + 1
            while low < high:  # the narrowest width that wraps it to two lines
                middle = (low + high) // 2
                _lines, cut = _title_lines(DESIGN_TITLE, fonts, middle, 2)
                low, high = (low, middle) if not cut else (middle + 1, high)
            known = self._widths[fonts.font.key()] = low + 2 * (fonts.pad + fonts.margin) + fonts.stripe
        return known

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        # Narrow on purpose: the list stretches cards to its width; a wide hint would add a scroll bar.
        return QSize(120, self.card_height(option.font))

    def _inner(self, rect: QRect, fonts: _Fonts, card: Card) -> QRect:
        """Where a card's text goes in the cell ``rect`` (the same for painting and for ``elided``)."""
        card_rect = rect.adjusted(fonts.margin, fonts.margin, -fonts.margin, -fonts.margin)
        stripe = fonts.stripe if card.late else 0
        return card_rect.adjusted(fonts.pad + stripe, fonts.pad, -fonts.pad, -fonts.pad)

    def elided(self, option: QStyleOptionViewItem, index: Index) -> bool:
        """Does the card at ``option.rect`` cut its title (more lines than it has) or a state word?
        For the divider: does its sentence not fit? (The layout audit asks this of every card in sight.)"""
        fonts = self._fonts_for(option.font)
        card: Card | None = index.data(LaneModel.CardRole)
        if card is None:
            room = self._divider_text_rect(QRect(option.rect), fonts)
            text = "▼ " + DIVIDER_TEXT
            needed = fonts.bold_metrics.boundingRect(QRect(0, 0, room.width(), 100 * fonts.line),
                                                     Qt.TextFlag.TextWordWrap, text)
            widest = max(fonts.bold_metrics.horizontalAdvance(word) for word in text.split())
            return needed.height() > room.height() or widest > room.width()
        lines = self._lines(QRect(option.rect), fonts)
        if lines < self.LINES:
            return True
        inner = self._inner(QRect(option.rect), fonts, card)
        return self._layout(card, fonts, inner.width(), lines).cut

    def _divider_text_rect(self, rect: QRect, fonts: _Fonts) -> QRect:
        return rect.adjusted(fonts.pad, fonts.pad, -fonts.pad, -2 * fonts.pad)

    def _paint_divider(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect) -> None:
        fonts = self._fonts_for(option.font)
        painter.setFont(fonts.bold)
        colour = RISK_COLOUR if option.palette.color(QPalette.ColorRole.Base).lightness() >= 128 else \
            RISK_COLOUR.lighter(190)
        painter.setPen(QPen(colour, 2))
        base = rect.bottom() - fonts.pad
        painter.drawLine(rect.left() + fonts.margin, base, rect.right() - fonts.margin, base)
        painter.drawText(self._divider_text_rect(rect, fonts),
                         Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
                         "▼ " + DIVIDER_TEXT)

    # -- layout ---------------------------------------------------------------------------------
    def _layout(self, card: Card, fonts: _Fonts, width: int, lines: int = LINES) -> _Layout:
        key = (card, fonts.font.key(), width, lines)
        layout = self._layouts.get(key)
        if layout is not None:
            return layout
        # A title from another tool's file may hold line breaks: the card shows it as one paragraph.
        title, title_cut = _title_lines(" ".join(shown(card.title).split()), fonts, width, self.TITLE_LINES)
        first = len(title)
        rest = lines - first
        chips = _chips(card)
        parts: list[tuple[str, int, int, str]] = []
        placed = _place(chips, fonts, width, first + 1, rest - 1) if rest >= 2 else None
        if placed is not None and placed.ok:  # kind · owner on its own line, the chips below it
            parts = _meta(card, fonts, 0, width, first)
        else:  # the state chips first, then kind · owner after them (the other chips are in the editor)
            placed = _place([chip for chip in chips if chip.state], fonts, width, first, rest)
            x = placed.end_x + (fonts.gap if placed.end_x else 0)
            if width - x >= fonts.metrics.horizontalAdvance("feature…"):
                parts = _meta(card, fonts, x, width, placed.end_line)
            elif placed.end_line + 1 < lines:
                parts = _meta(card, fonts, 0, width, placed.end_line + 1)
        layout = _Layout(title, tuple(parts), tuple(placed.chips), placed.more, title_cut or not placed.ok)
        if len(self._layouts) >= self.CACHE_LIMIT:
            self._layouts.clear()
        self._layouts[key] = layout
        return layout

    # -- painting -------------------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        card: Card | None = index.data(LaneModel.CardRole)
        if card is None:  # the divider between boring and risky work
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint_divider(painter, option, QRect(option.rect))
            painter.restore()
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        highlight = bool(index.data(LaneModel.CandidateHighlightRole))
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        size = option.rect.size()
        key = (card, option.font.key(), size.width(), size.height(), selected, focused, highlight,
               option.palette.cacheKey(), ratio)
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            # A card is an immutable value: draw it once into a pixmap and reuse it on every repaint.
            pixmap = QPixmap(size * ratio)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            card_painter = QPainter(pixmap)
            self._paint_card(card_painter, option, QRect(QPoint(0, 0), size), card, selected, focused, highlight)
            card_painter.end()
            if len(self._pixmaps) >= self.PIXMAP_LIMIT:
                self._pixmaps.clear()
            self._pixmaps[key] = pixmap
        # The view has already painted the row's selection across the whole cell: a card shows it itself.
        painter.fillRect(option.rect, option.palette.color(QPalette.ColorRole.Base))
        painter.drawPixmap(option.rect.topLeft(), pixmap)

    def _paint_card(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect, card: Card,
                    selected: bool, focused: bool, highlight: bool) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fonts = self._fonts_for(option.font)
        line = fonts.line
        palette = option.palette
        card_rect = rect.adjusted(fonts.margin, fonts.margin, -fonts.margin, -fonts.margin)
        painter.setBrush(palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base))
        border = FAIL_COLOUR if highlight else palette.color(QPalette.ColorRole.Mid)
        painter.setPen(QPen(border, 3 if highlight or focused else 1))
        painter.drawRoundedRect(card_rect, 6, 6)
        if card.late:
            painter.fillRect(QRect(card_rect.left() + 2, card_rect.top() + 3, fonts.stripe, card_rect.height() - 6),
                             LATE_COLOUR)

        text_colour = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        inner = self._inner(rect, fonts, card)
        layout = self._layout(card, fonts, inner.width(), max(self.LINES, self._lines(rect, fonts)))
        left, top = inner.left(), inner.top()
        painter.setFont(fonts.bold)
        painter.setPen(text_colour)
        for n, text in enumerate(layout.title):
            painter.drawText(QRect(left, top + n * line, inner.width(), line), Qt.AlignmentFlag.AlignLeft, text)
        painter.setFont(fonts.font)
        dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
        tones = {"": text_colour, "risk": RISK_COLOUR.lighter(190) if dark else RISK_COLOUR,
                 "done": DONE_COLOUR.lighter(220) if dark else DONE_COLOUR}
        for text, x, n, tone in layout.parts:
            painter.setPen(text_colour if selected else tones[tone])
            painter.drawText(QRect(left + x, top + n * line, inner.width() - x, line), Qt.AlignmentFlag.AlignLeft,
                             text)
        for text, pill, colour in layout.chips:
            placed = pill.translated(left, top)
            painter.setBrush(colour)
            painter.setPen(QPen(WHITE, 1) if selected else Qt.PenStyle.NoPen)
            painter.drawRoundedRect(placed, 4, 4)
            painter.setPen(WHITE)
            painter.drawText(placed, Qt.AlignmentFlag.AlignCenter, text)
        if layout.more is not None:
            x, n = layout.more
            painter.setPen(text_colour)
            painter.drawText(QRect(left + x, top + n * line, inner.width() - x, line), Qt.AlignmentFlag.AlignLeft,
                             "…")
        painter.restore()


def _title_lines(title: str, fonts: _Fonts, width: int, most: int) -> tuple[tuple[str, ...], bool]:
    """``title`` wrapped at a word (or anywhere, for a long word) to at most ``most`` lines, the last
    elided when they are not enough; and whether it was (the title is cut)."""
    if width <= 0:
        return ("",), bool(title)
    if fonts.bold_metrics.horizontalAdvance(title) <= width:
        return (title,), False
    layout = QTextLayout(title, fonts.bold)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    starts = []
    end = 0
    for _ in range(most):
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append(line.textStart())
        end = line.textStart() + line.textLength()
    layout.endLayout()
    bounds = [*starts[1:], end]
    lines = [title[start:stop].strip() for start, stop in zip(starts, bounds, strict=True)]
    rest = title[end:].strip()
    if not rest:
        return tuple(line for line in lines if line) or ("",), False
    last = title[starts[-1]:].strip()
    lines[-1] = fonts.bold_metrics.elidedText(last, Qt.TextElideMode.ElideRight, width)
    return tuple(lines), True


def _chips(card: Card) -> list[_Chip]:
    """The card's chips: its states first (each a word, shortened on a narrow card), then warnings and risks."""
    chips: list[_Chip] = []
    if card.status == Status.BLOCKED.value:
        chips.append(_Chip("⊘ blocked", "⊘ blocked", BLOCKED_COLOUR, True))
    if card.lane == Lane.CUT.value:
        text = shown(f"✂ cut: {card.cut_reason}") if card.cut_reason else "✂ cut"
        chips.append(_Chip(text, text, CUT_COLOUR, True, keep=len("✂ cut")))
    elif card.lane == Lane.PARKED.value:
        text = shown(f"parked: {card.cut_reason}") if card.cut_reason else "parked"
        chips.append(_Chip(text, text, CUT_COLOUR, True, keep=len("parked")))
    if card.late:
        chips.append(_Chip("late addition", "late", LATE_COLOUR, True))
    numbers = [CHECK_NUMBER[failed] for failed in card.failed if failed in CHECK_NUMBER]
    if card.failed:
        short = f"✗ check {numbers[0]}" if len(numbers) == 1 else "✗ checks " + ", ".join(map(str, numbers))
        if len(card.failed) == 1:
            chips.append(_Chip(f"✗ {card.failed[0]}", short, FAIL_COLOUR, True))
        else:
            chips.append(_Chip(f"✗ fails {len(card.failed)} checks", short, FAIL_COLOUR, True))
    if card.warning and card.lane == Lane.IN_RELEASE.value:
        chips.append(_Chip(f"⚠ {shown(card.kind)}: not in a rescue", f"⚠ {shown(card.kind)}", FAIL_COLOUR, False))
    for risk in card.risks:
        chips.append(_Chip(shown(risk), shown(risk), RISK_COLOUR, False))
    return chips


@dataclass(slots=True)
class _Placed:
    chips: list[tuple[str, QRect, QColor]]
    end_line: int  # the line and x after the last chip placed
    end_x: int
    more: tuple[int, int] | None
    ok: bool  # every state chip shows its word


def _place(chips: list[_Chip], fonts: _Fonts, width: int, first: int, lines: int) -> _Placed:
    """Flow ``chips`` over ``lines`` lines from line ``first``: state chips whole (all in their short form
    when the long ones do not fit), then the others while they fit, with "…" for those left out."""
    metrics, line, pad, gap = fonts.metrics, fonts.line, fonts.chip_pad, fonts.gap

    def pill(text: str) -> int:
        return metrics.horizontalAdvance(text) + 2 * pad

    def least(chip: _Chip, text: str) -> int:
        """The narrowest the chip can be: its state word and "…" when the rest may be elided."""
        return min(pill(text), pill(text[:chip.keep] + "…")) if chip.keep else pill(text)

    def fits(texts: list[tuple[_Chip, str]]) -> bool:
        x, n = 0, 0
        for chip, text in texts:
            wide = least(chip, text)
            if x and x + wide > width:
                x, n = 0, n + 1
            if n >= lines or wide > width:
                return False
            x += wide + gap
        return True

    long_form = fits([(chip, chip.text) for chip in chips if chip.state])
    placed: list[tuple[str, QRect, QColor]] = []
    ok, more = True, None
    x, n = 0, 0
    for chip in chips:
        text = chip.text if long_form or not chip.state else chip.short
        if not chip.state and pill(text) > (width - x if x + pill(chip.short) <= width else width):
            text = chip.short  # "⚠ polish" where "⚠ polish: not in a rescue" does not fit
        wide, narrowest = pill(text), least(chip, text)
        if x and x + narrowest > width:  # not on this line: on the next one, if there is one
            if n + 1 < lines:
                x, n = 0, n + 1
            else:
                ok = ok and not chip.state
                if not chip.state and width - x >= metrics.horizontalAdvance("…"):
                    more = (x, first + n)
                break
        room = width - x
        if wide > room:
            if chip.keep and narrowest <= room:  # "✂ cut: a long reas…"
                tail = metrics.elidedText(text[chip.keep:], Qt.TextElideMode.ElideRight,
                                          room - pill(text[:chip.keep]))
                text, wide = text[:chip.keep] + tail, room
            elif chip.state:  # wider than a whole line: shown cut, and said so
                ok = False
                text, wide = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, room - 2 * pad)), room
            else:
                if room >= metrics.horizontalAdvance("…"):
                    more = (x, first + n)
                break
        placed.append((text, QRect(x, (first + n) * line + 1, wide, line - 2), chip.colour))
        x += wide + gap
    end_x = placed[-1][1].right() + 1 if placed else 0
    end_line = (placed[-1][1].top() - 1) // line if placed else first
    return _Placed(placed, end_line, end_x, more, ok)


def _meta(card: Card, fonts: _Fonts, start: int, width: int, line: int) -> list[tuple[str, int, int, str]]:
    """kind · owner · estimate · status from ``start`` on ``line``, elided at ``width``."""
    metrics = fonts.metrics
    parts = []
    x = start
    texts = [shown(card.kind), shown(card.owner or "no owner"), f"{card.estimate:g} d", shown(card.status)]
    for n, part in enumerate(texts):
        text = part if n == 0 else f" · {part}"
        tone = ""
        if n == 1 and card.owner is None and card.lane == Lane.IN_RELEASE.value and card.open:
            tone = "risk"
        elif n == 3 and card.status == Status.DONE.value:
            tone = "done"
        parts.append((metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, width - x)), x, line, tone))
        x += metrics.horizontalAdvance(text)
        if x >= width:
            break
    return parts
