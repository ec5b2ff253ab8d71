"""The check-in's blockers as a list of short cards that wrap to the width they get: what blocks, then
who clears it, the category, when it was raised and whether it is still open ("⚠ open" or "✓ cleared"),
so a narrow projector screen never squeezes a column to nothing and no state is shown by colour alone."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ui.models.timeline import BlockerModel

Index = QModelIndex | QPersistentModelIndex
#: the BlockerModel's columns (what blocks, who clears it, category, raised, status)
WHAT, WHO, CATEGORY, RAISED, STATUS = range(5)
WRAP = Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextWrapAnywhere


def card_lines(index: Index) -> tuple[str, str]:
    """A blocker's card: its text (the model's "(again)" included), then who clears it and its state."""
    model = index.model()

    def cell(column: int) -> str:
        return str(model.index(index.row(), column).data() or "")

    is_open = bool(index.data(BlockerModel.OpenRole))
    state = ("⚠ " if is_open else "✓ ") + cell(STATUS)
    return cell(WHAT), f"Who clears it: {cell(WHO)} · {cell(CATEGORY)} · raised {cell(RAISED)} · {state}"


class BlockerDelegate(QStyledItemDelegate):
    """Paints a blocker as two wrapped paragraphs (the first bold) and asks for exactly their height."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view

    def _margin(self, option: QStyleOptionViewItem) -> int:
        return max(3, QFontMetrics(option.font).averageCharWidth() // 2)

    def _width(self, option: QStyleOptionViewItem) -> int:
        width = option.rect.width() if option.rect.isValid() and option.rect.width() > 0 else 0
        return width or self.view.viewport().width()

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        bold = QFont(option.font)
        bold.setBold(True)
        return bold, QFont(option.font)

    def _heights(self, option: QStyleOptionViewItem, index: Index, width: int) -> tuple[int, int]:
        first, second = card_lines(index)
        bold, plain = self._fonts(option)
        room = QRect(0, 0, max(1, width - 2 * self._margin(option)), 100_000)
        return (QFontMetrics(bold).boundingRect(room, WRAP, first).height(),
                QFontMetrics(plain).boundingRect(room, WRAP, second).height())

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = self._width(opt)
        top, bottom = self._heights(opt, index, width)
        return QSize(width, top + bottom + 3 * self._margin(opt))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else self.view.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        first, second = card_lines(index)
        bold, plain = self._fonts(opt)
        margin = self._margin(opt)
        top, _ = self._heights(opt, index, opt.rect.width())
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(opt.palette.color(role))
        area = opt.rect.adjusted(margin, margin, -margin, -margin)
        painter.setFont(bold)
        painter.drawText(QRect(area.left(), area.top(), area.width(), top), WRAP, first)
        painter.setFont(plain)
        painter.drawText(QRect(area.left(), area.top() + top + margin, area.width(), area.height() - top - margin),
                         WRAP, second)
        painter.restore()


class BlockerList(QListView):
    """The blockers, one card each; the cards re-wrap whenever the width changes."""

    def __init__(self, model: BlockerModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(BlockerDelegate(self))
        self.setAccessibleName("Blockers")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(False)
        self.setWordWrap(True)
        self.setSpacing(1)

    def select_row(self, row: int) -> None:
        """Select (and make current) the blocker in ``row``."""
        model = self.model()
        if 0 <= row < model.rowCount():
            self.setCurrentIndex(model.index(row, 0))

    def minimumSizeHint(self) -> QSize:
        line = self.fontMetrics().lineSpacing()
        return QSize(self.fontMetrics().averageCharWidth() * 20, line * 5)

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().lineSpacing()
        return QSize(self.fontMetrics().averageCharWidth() * 60, line * 8)
