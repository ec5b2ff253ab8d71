"""The fit bar: open estimates in the release against capacity to the target date."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from cockpit.rules.scope import Fit

GOOD = QColor("#2e7d32")
BAD = QColor("#c62828")


class FitBar(QWidget):
    """A bar filled to open days / capacity, green when it fits, red past capacity, and the sentence.

    While a drag hovers a lane the bar shows what the plan would look like after the drop.
    """

    def __init__(self) -> None:
        super().__init__()
        self.fit: Fit | None = None
        self.preview: Fit | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Fit against capacity")

    def sizeHint(self) -> QSize:
        return QSize(400, QFontMetrics(self.font()).lineSpacing() * 2 + 14)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def set_fit(self, fit: Fit) -> None:
        self.fit = fit
        self.setToolTip(self.text())
        self.update()

    def set_preview(self, preview: Fit | None) -> None:
        if preview != self.preview:
            self.preview = preview
            self.update()

    def shown(self) -> Fit | None:
        return self.preview or self.fit

    def text(self) -> str:
        fit = self.shown()
        if fit is None:
            return ""
        sentence = fit.message()
        if self.preview is not None:
            sentence = "If you drop here: " + sentence[0].lower() + sentence[1:]
        return f"{sentence}  ({fit.open_days:g} open days in the release, capacity {fit.capacity_days:g})"

    def paintEvent(self, event: QPaintEvent) -> None:
        fit = self.shown()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        line = QFontMetrics(self.font()).lineSpacing()
        bar = QRect(0, 2, self.width() - 1, line)
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
            font = self.font()
            font.setBold(True)
            font.setItalic(self.preview is not None)
            painter.setFont(font)
            painter.setPen(self.palette().color(QPalette.ColorRole.Text) if fit.fits else BAD)
            painter.drawText(QRect(0, bar.bottom() + 4, self.width(), line + 4),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.text())
        painter.end()
