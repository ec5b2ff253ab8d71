"""Paints a scope card: title, kind · owner · estimate, and badges for risk, failed checks,
warnings, late additions and cut reasons. Sizes follow the font, so presentation mode scales."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from cockpit.model import Lane
from cockpit.reports.board import Card
from ui.models.board import DIVIDER_TEXT, LaneModel

Index = QModelIndex | QPersistentModelIndex

RISK_COLOUR = QColor("#b3261e")
FAIL_COLOUR = QColor("#c25e00")
LATE_COLOUR = QColor("#6a1b9a")
DONE_COLOUR = QColor("#1b7a2f")


class CardDelegate(QStyledItemDelegate):
    """Three lines per card, one height for all (uniform sizes keep a thousand cards fast)."""

    PAD = 8

    def _line(self, option: QStyleOptionViewItem) -> int:
        return QFontMetrics(option.font).lineSpacing()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(option.rect.width() or 260, 3 * self._line(option) + 2 * self.PAD + 8)

    def _paint_divider(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect) -> None:
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QPen(RISK_COLOUR, 2))
        base = rect.bottom() - self.PAD
        painter.drawLine(rect.left() + 4, base, rect.right() - 4, base)
        painter.drawText(rect.adjusted(8, 0, -8, -self.PAD - 4),
                         Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft, "▼ " + DIVIDER_TEXT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        card: Card | None = index.data(LaneModel.CardRole)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        line = self._line(option)
        rect = QRect(option.rect)
        palette = option.palette
        if card is None:  # the divider between boring and risky work
            self._paint_divider(painter, option, rect)
            painter.restore()
            return
        card_rect = rect.adjusted(4, 4, -4, -4)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        highlight = bool(index.data(LaneModel.CandidateHighlightRole))
        base = palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base)
        if selected:
            base = base.lighter(170) if base.lightness() < 128 else base
        painter.setBrush(base if not selected else palette.color(QPalette.ColorRole.Highlight))
        border = FAIL_COLOUR if highlight else palette.color(QPalette.ColorRole.Mid)
        painter.setPen(QPen(border, 3 if highlight or focused else 1))
        painter.drawRoundedRect(card_rect, 6, 6)
        if card.late:
            painter.fillRect(QRect(card_rect.left(), card_rect.top() + 3, 5, card_rect.height() - 6), LATE_COLOUR)

        text_colour = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        inner = card_rect.adjusted(self.PAD + (4 if card.late else 0), self.PAD - 2, -self.PAD, -self.PAD)
        title_font = QFont(option.font)
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(text_colour)
        title = QFontMetrics(title_font).elidedText(card.title, Qt.TextElideMode.ElideRight, inner.width())
        painter.drawText(QRect(inner.left(), inner.top(), inner.width(), line), Qt.AlignmentFlag.AlignLeft, title)

        painter.setFont(option.font)
        metrics = QFontMetrics(option.font)
        y = inner.top() + line
        x = inner.left()
        parts = [card.kind, card.owner or "no owner", f"{card.estimate:g} d", card.status]
        for n, part in enumerate(parts):
            text = part if n == 0 else f" · {part}"
            colour = text_colour
            if part == "no owner" and n == 1 and card.lane == Lane.IN_RELEASE.value and card.open:
                colour = RISK_COLOUR if not selected else text_colour
            if n == 3 and card.status == "done" and not selected:
                colour = DONE_COLOUR
            painter.setPen(colour)
            width = metrics.horizontalAdvance(text)
            painter.drawText(QRect(x, y, inner.right() - x, line), Qt.AlignmentFlag.AlignLeft,
                             metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, inner.right() - x)))
            x += width
            if x >= inner.right():
                break

        y += line
        x = inner.left()
        for text, colour in _badges(card):
            width = metrics.horizontalAdvance(text) + 10
            if x == inner.left() and x + width > inner.right():
                text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, inner.width() - 12)
                width = inner.width() - 1
            if x + width > inner.right():
                remaining = inner.right() - x
                if remaining > metrics.horizontalAdvance("…") + 10:
                    painter.setPen(text_colour)
                    painter.drawText(QRect(x, y, remaining, line), Qt.AlignmentFlag.AlignLeft, "…")
                break
            pill = QRect(x, y + 1, width, line - 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(pill, 4, 4)
            painter.setPen(QColor("white"))
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
            x += width + 4
        painter.restore()


def _badges(card: Card) -> list[tuple[str, QColor]]:
    badges: list[tuple[str, QColor]] = []
    if card.lane == Lane.CUT.value and card.cut_reason:
        badges.append((f"cut: {card.cut_reason}", QColor("#555555")))
    if card.late:
        badges.append(("late addition", LATE_COLOUR))
    for failed in card.failed:
        badges.append((f"✗ {failed}", FAIL_COLOUR))
    if card.warning and card.lane == Lane.IN_RELEASE.value:
        badges.append((f"⚠ {card.kind}: not in a rescue", FAIL_COLOUR))
    for risk in card.risks:
        badges.append((risk, RISK_COLOUR))
    return badges
