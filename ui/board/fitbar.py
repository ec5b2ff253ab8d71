"""The fit bar: open estimates in the release against capacity to the target date."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from cockpit.rules.scope import Fit

GOOD = QColor("#2e7d32")
BAD = QColor("#8f1d16")  # 8.9:1 on white: the sentence is read from the back of the room


class FitBar(QWidget):
    """A bar filled to open days / capacity, green when it fits, red past capacity, and the sentence
    under it, wrapped to the width it has (never cut at the right edge).

    While a drag hovers a lane the bar shows what the plan would look like after the drop (the sentence
    alone, shorter than the one with the numbers). The height is that of the longer of the two, so a
    drag never moves the lanes under the mouse.
    """

    PREVIEW = "If you drop here: "

    def __init__(self) -> None:
        super().__init__()
        self.fit: Fit | None = None
        self.preview: Fit | None = None
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName("Fit against capacity")

    def _text_font(self) -> QFont:
        font = self.font()
        font.setBold(True)
        font.setItalic(self.preview is not None)
        return font

    def _bar_height(self) -> int:
        return max(8, QFontMetrics(self.font()).lineSpacing() * 2 // 3)

    def _text_height(self, text: str, width: int) -> int:
        font = self.font()
        font.setBold(True)
        font.setItalic(True)  # the preview's italic is the wider of the two
        return QFontMetrics(font).boundingRect(QRect(0, 0, max(1, width), 1 << 20), Qt.TextFlag.TextWordWrap,
                                               text or "X").height()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        texts = [self.text(preview=False)]
        if self.fit is not None:  # what a drag would show, with the fit's own numbers
            texts.append(self.PREVIEW + self.fit.message())
        return self._bar_height() + 6 + max(self._text_height(text, width) for text in texts) + 2

    def sizeHint(self) -> QSize:
        width = max(self.width(), 400)
        return QSize(400, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(QFontMetrics(self.font()).averageCharWidth() * 12, self._bar_height() + 6
                     + QFontMetrics(self.font()).lineSpacing())

    def set_fit(self, fit: Fit) -> None:
        self.fit = fit
        self.setToolTip(self.text())
        self.updateGeometry()
        self.update()

    def set_preview(self, preview: Fit | None) -> None:
        if preview != self.preview:
            self.preview = preview
            self.update()

    def shown(self) -> Fit | None:
        return self.preview or self.fit

    def text(self, *, preview: bool = True) -> str:
        fit = (self.shown() if preview else self.fit) or self.shown()
        if fit is None:
            return ""
        sentence = fit.message()
        if preview and self.preview is not None:  # the sentence alone: no longer than the one it replaces
            return self.PREVIEW + sentence[0].lower() + sentence[1:]
        return f"{sentence}  ({fit.open_days:g} open days in the release, capacity {fit.capacity_days:g})"

    def paintEvent(self, event: QPaintEvent) -> None:
        fit = self.shown()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bar = QRect(0, 2, self.width() - 1, self._bar_height())
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(self.palette().color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(bar, 4, 4)
        if fit is not None:
            scale = max(fit.capacity_days, fit.open_days, 1.0)
            filled = QRect(bar.left(), bar.top(), int(bar.width() * min(fit.open_days, fit.capacity_days) / scale),
                           bar.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(GOOD if fit.fits else GOOD.lighter(130))
            painter.drawRoundedRect(filled, 4, 4)
            if not fit.fits:
                over = QRect(filled.right(), bar.top(), int(bar.width() * (fit.open_days - fit.capacity_days) / scale),
                             bar.height())
                painter.setBrush(BAD)
                painter.drawRoundedRect(over, 4, 4)
                capacity_x = filled.right()
                painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Text), 2))
                painter.drawLine(capacity_x, bar.top() - 2, capacity_x, bar.bottom() + 2)
            painter.setFont(self._text_font())
            dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
            warn = BAD.lighter(200) if dark else BAD
            painter.setPen(self.palette().color(QPalette.ColorRole.Text) if fit.fits else warn)
            painter.drawText(QRect(0, bar.bottom() + 6, self.width(), self.height() - bar.bottom() - 6),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                             self.text())
        painter.end()
