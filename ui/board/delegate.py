"""Paints a scope card: the title on up to two lines, kind · owner · estimate, and badges for risk,
failed checks, warnings, late additions and cut reasons. Sizes follow the font, so presentation mode
scales. Every text is clipped (``cockpit.text.shown``) before Qt measures it: a title of a megabyte
from another tool's file costs no more than a long one."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen, QPixmap, QTextLayout, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from cockpit.kinds import Lane
from cockpit.reports.board import Card
from cockpit.text import shown
from ui.models.board import DIVIDER_TEXT, LaneModel

Index = QModelIndex | QPersistentModelIndex

RISK_COLOUR = QColor("#b3261e")
FAIL_COLOUR = QColor("#c25e00")
LATE_COLOUR = QColor("#6a1b9a")
DONE_COLOUR = QColor("#1b7a2f")
WHITE = QColor("white")
CUT_COLOUR = QColor("#555555")


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where everything of one card goes, relative to the card's inner rectangle (cached)."""

    title: tuple[str, ...]  # one or two lines, the last elided
    parts: tuple[tuple[str, int, str], ...]  # text, x, tone ("", "risk", "done")
    badges: tuple[tuple[str, QRect, QColor], ...]
    more: int  # x of a trailing "…" when badges did not fit, else -1


class _Fonts:
    def __init__(self, font: QFont) -> None:
        self.font = QFont(font)
        self.bold = QFont(font)
        self.bold.setBold(True)
        self.metrics = QFontMetrics(self.font)
        self.bold_metrics = QFontMetrics(self.bold)
        self.line = self.metrics.lineSpacing()


class CardDelegate(QStyledItemDelegate):
    """Four lines per card (two for the title), one height for all (``card_height``): the lane views
    give every row that height, so Qt never asks for a card's size (100,000 cards lay out at once).

    Text measuring is the slow part of painting, so each card's layout is computed once per
    font and width and reused until the card changes (cards are immutable values).
    """

    PAD = 8
    CACHE_LIMIT = 4000
    PIXMAP_LIMIT = 600

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._fonts: dict[str, _Fonts] = {}
        self._layouts: dict[tuple[Card, str, int], _Layout] = {}
        self._pixmaps: dict[tuple, QPixmap] = {}

    def _fonts_for(self, font: QFont) -> _Fonts:
        key = font.key()
        fonts = self._fonts.get(key)
        if fonts is None:
            fonts = self._fonts[key] = _Fonts(font)
        return fonts

    #: lines of text in a card: two for the title, one for kind · owner · estimate · status, one for badges
    LINES = 4

    def card_height(self, font: QFont) -> int:
        """The height of every card in ``font``: the lane views give every row this height."""
        return self.LINES * self._fonts_for(font).line + 2 * self.PAD + 8

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        # Narrow on purpose: the list stretches cards to its width; a wide hint would add a scroll bar.
        return QSize(120, self.card_height(option.font))

    def _paint_divider(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect) -> None:
        painter.setFont(self._fonts_for(option.font).bold)
        painter.setPen(QPen(RISK_COLOUR, 2))
        base = rect.bottom() - self.PAD
        painter.drawLine(rect.left() + 4, base, rect.right() - 4, base)
        painter.drawText(rect.adjusted(8, 0, -8, -self.PAD - 4),
                         Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft, "▼ " + DIVIDER_TEXT)

    def _layout(self, card: Card, fonts: _Fonts, width: int) -> _Layout:
        key = (card, fonts.font.key(), width)
        layout = self._layouts.get(key)
        if layout is not None:
            return layout
        metrics, line = fonts.metrics, fonts.line
        # A title from another tool's file may hold line breaks: the card shows it as one paragraph.
        title = _title_lines(" ".join(shown(card.title).split()), fonts, width)
        parts = []
        x = 0
        texts = [shown(card.kind), shown(card.owner or "no owner"), f"{card.estimate:g} d", shown(card.status)]
        for n, part in enumerate(texts):
            text = part if n == 0 else f" · {part}"
            tone = ""
            if n == 1 and card.owner is None and card.lane == Lane.IN_RELEASE.value and card.open:
                tone = "risk"
            elif n == 3 and card.status == "done":
                tone = "done"
            parts.append((metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, width - x)), x, tone))
            x += metrics.horizontalAdvance(text)
            if x >= width:
                break
        badges = []
        x, more = 0, -1
        for text, colour in _badges(card):
            pill_width = metrics.horizontalAdvance(text) + 10
            if x == 0 and pill_width > width:
                text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width - 12)
                pill_width = width - 1
            if x + pill_width > width:
                if width - x > metrics.horizontalAdvance("…") + 10:
                    more = x
                break
            badges.append((text, QRect(x, (len(title) + 1) * line + 1, pill_width, line - 2), colour))
            x += pill_width + 4
        layout = _Layout(title, tuple(parts), tuple(badges), more)
        if len(self._layouts) >= self.CACHE_LIMIT:
            self._layouts.clear()
        self._layouts[key] = layout
        return layout

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
        card_rect = rect.adjusted(4, 4, -4, -4)
        painter.setBrush(palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base))
        border = FAIL_COLOUR if highlight else palette.color(QPalette.ColorRole.Mid)
        painter.setPen(QPen(border, 3 if highlight or focused else 1))
        painter.drawRoundedRect(card_rect, 6, 6)
        if card.late:
            painter.fillRect(QRect(card_rect.left(), card_rect.top() + 3, 5, card_rect.height() - 6), LATE_COLOUR)

        text_colour = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        inner = card_rect.adjusted(self.PAD + (4 if card.late else 0), self.PAD - 2, -self.PAD, -self.PAD)
        layout = self._layout(card, fonts, inner.width())
        left, top = inner.left(), inner.top()
        painter.setFont(fonts.bold)
        painter.setPen(text_colour)
        for n, text in enumerate(layout.title):
            painter.drawText(QRect(left, top + n * line, inner.width(), line), Qt.AlignmentFlag.AlignLeft, text)
        painter.setFont(fonts.font)
        tones = {"": text_colour, "risk": RISK_COLOUR, "done": DONE_COLOUR}
        meta = top + len(layout.title) * line  # right under the title (one line or two), then the badges
        for text, x, tone in layout.parts:
            painter.setPen(text_colour if selected else tones[tone])
            painter.drawText(QRect(left + x, meta, inner.width() - x, line), Qt.AlignmentFlag.AlignLeft, text)
        painter.setPen(Qt.PenStyle.NoPen)
        for text, pill, colour in layout.badges:
            placed = pill.translated(left, top)
            painter.setBrush(colour)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(placed, 4, 4)
            painter.setPen(WHITE)
            painter.drawText(placed, Qt.AlignmentFlag.AlignCenter, text)
        if layout.more >= 0:
            painter.setPen(text_colour)
            painter.drawText(QRect(left + layout.more, meta + line, inner.width() - layout.more, line),
                             Qt.AlignmentFlag.AlignLeft, "…")
        painter.restore()


def _title_lines(title: str, fonts: _Fonts, width: int) -> tuple[str, ...]:
    """``title`` wrapped at a word (or anywhere, for a long word) to two lines, the second elided."""
    if width <= 0:
        return ("",)
    if fonts.bold_metrics.horizontalAdvance(title) <= width:
        return (title,)
    layout = QTextLayout(title, fonts.bold)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    first = layout.createLine()
    first.setLineWidth(width)
    end = first.textStart() + first.textLength()
    layout.endLayout()
    rest = title[end:].strip()
    head = title[:end].rstrip()
    if not rest:
        return (head,)
    return head, fonts.bold_metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)


def _badges(card: Card) -> list[tuple[str, QColor]]:
    badges: list[tuple[str, QColor]] = []
    if card.lane == Lane.CUT.value and card.cut_reason:
        badges.append((shown(f"cut: {card.cut_reason}"), CUT_COLOUR))
    if card.late:
        badges.append(("late addition", LATE_COLOUR))
    for failed in card.failed:
        badges.append((f"✗ {failed}", FAIL_COLOUR))
    if card.warning and card.lane == Lane.IN_RELEASE.value:
        badges.append((f"⚠ {shown(card.kind)}: not in a rescue", FAIL_COLOUR))
    for risk in card.risks:
        badges.append((shown(risk), RISK_COLOUR))
    return badges
