"""The matrix's headers: people's full names (upright and wrapped when there is room, else turned a
quarter and wrapped onto as few lines as the width allows) and work titles wrapped in the row header.

Both headers size from the font and say what they really need through ``sectionSizeFromContents``: the
table sizes its sections from that, and the layout audit checks it.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPointF, QRect, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView, QWidget

#: a wrapped text's size is remembered for this many (text, width) pairs per font, then forgotten
_CACHE_LIMIT = 20_000


class Wrapper:
    """Lays text out at a width with one font: word by word, breaking a word only when it is wider than the
    line. Measuring and painting use the same layout, so a header never paints more than it asked for."""

    def __init__(self, font: QFont) -> None:
        self.font = QFont(font)
        metrics = QFontMetrics(self.font)
        self.line = metrics.lineSpacing()
        self._sizes: dict[tuple[str, int], tuple[int, int]] = {}
        self._natural: dict[str, int] = {}
        self._words: dict[str, int] = {}
        self._layouts: dict[tuple[str, int, int], QTextLayout] = {}

    def layout(self, text: str, width: int, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> QTextLayout:
        """``text`` laid out at ``width`` (kept: painting a header again does not lay it out again)."""
        key = (text, width, int(align))
        found = self._layouts.get(key)
        if found is None:
            if len(self._layouts) > _CACHE_LIMIT // 10:
                self._layouts.clear()
            found = self._layouts[key] = self._lay_out(text, width, align)
        return found

    def _lay_out(self, text: str, width: int, align: Qt.AlignmentFlag) -> QTextLayout:
        layout = QTextLayout(text, self.font)
        option = QTextOption(align)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        y = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(1, width))
            line.setPosition(QPointF(0, y))
            y += self.line
        layout.endLayout()
        return layout

    def size(self, text: str, width: int) -> tuple[int, int]:
        """(longest line, height) of ``text`` wrapped at ``width`` pixels."""
        natural = self.one_line(text)
        if natural <= width:  # fits on one line: the layout would not wrap it
            return natural, self.line
        key = (text, width)
        found = self._sizes.get(key)
        if found is None:
            layout = self._lay_out(text, width, Qt.AlignmentFlag.AlignLeft)
            longest = max((layout.lineAt(n).naturalTextWidth() for n in range(layout.lineCount())), default=0.0)
            found = (int(longest + 0.999), layout.lineCount() * self.line)
            if len(self._sizes) > _CACHE_LIMIT:
                self._sizes.clear()
            self._sizes[key] = found
        return found

    def one_line(self, text: str) -> int:
        """The text's width on one line."""
        found = self._natural.get(text)
        if found is None:
            layout = self._lay_out(text, 1 << 20, Qt.AlignmentFlag.AlignLeft)
            found = int(layout.lineAt(0).naturalTextWidth() + 0.999) if layout.lineCount() else 0
            if len(self._natural) > _CACHE_LIMIT:
                self._natural.clear()
            self._natural[text] = found
        return found

    def longest_word(self, text: str) -> int:
        """The widest piece the wrap keeps whole (words; a hyphen may end a line)."""
        found = self._words.get(text)
        if found is None:
            pieces = text.replace("-", "- ").split(" ")
            found = max((self.one_line(piece) for piece in pieces if piece), default=0)
            self._words[text] = found
        return found


class MatrixHeader(QHeaderView):
    """A header that wraps its text and marks the focused cell's row or column (reversed colours).

    ``thickness`` is set by the table's fit (``sizeHint`` does not measure every section: QHeaderView would
    do that after every change of a person's load, which costs more than the change itself).
    """

    def __init__(self, orientation: Qt.Orientation, parent: QTableView) -> None:
        super().__init__(orientation, parent)
        self.thickness = 24
        self.pad = 4
        self.pad_across = 2  # either side of a turned name's lines
        self._wrapper: Wrapper | None = None
        self._pictures: dict[int, tuple[tuple[object, ...], QPixmap]] = {}
        self._focus = -1
        self._shape: tuple[object, ...] = ()

    @property
    def wrapper(self) -> Wrapper:
        if self._wrapper is None or self._wrapper.font != self.font():
            self._wrapper = Wrapper(self.font())
        return self._wrapper

    def sizeHint(self) -> QSize:
        if self.orientation() == Qt.Orientation.Horizontal:
            return QSize(self.length(), self.thickness)
        return QSize(self.thickness, self.length())

    def text(self, logical: int) -> str:
        model = self.model()
        value = model.headerData(logical, self.orientation(), Qt.ItemDataRole.DisplayRole) if model else None
        return value if isinstance(value, str) else ""

    def colour(self, logical: int, focused: bool) -> QColor:
        """The colour the section's text is painted in (the model's, or reversed when focused)."""
        palette = QApplication.palette()
        if focused:
            return palette.color(QPalette.ColorRole.HighlightedText)
        model = self.model()
        brush = model.headerData(logical, self.orientation(), Qt.ItemDataRole.ForegroundRole) if model else None
        if isinstance(brush, QBrush):
            return brush.color()
        if isinstance(brush, QColor):
            return brush
        return palette.color(QPalette.ColorRole.ButtonText)

    def shape(self) -> tuple[object, ...]:
        """What besides a section's text and size decides how it looks (a subclass adds its own)."""
        return (self.font().key(), QApplication.palette().cacheKey(), self.pad)

    def paintEvent(self, event: QPaintEvent) -> None:
        # Worked out once a paint, not once a section.
        table = self.parentWidget()
        index = table.currentIndex() if isinstance(table, QTableView) else QModelIndex()
        across = self.orientation() == Qt.Orientation.Horizontal
        self._focus = (index.column() if across else index.row()) if index.isValid() else -1
        self._shape = self.shape()
        super().paintEvent(event)

    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:
        """Paint from a picture of the section, made again only when its text (which says its state: the
        colour follows), size or look change: a repaint of fifty names is then fifty copies, not fifty
        text layouts."""
        if not rect.isValid():
            return
        text = self.text(logical)
        focused = logical == self._focus
        key = (text, rect.width(), rect.height(), focused, self._shape)
        found = self._pictures.get(logical)
        if found is None or found[0] != key:
            found = self._pictures[logical] = (key, self._picture(rect.size(), logical, text, focused))
            if len(self._pictures) > 400:  # a long matrix: keep the pictures of what is on screen
                self._pictures = {logical: found}
        painter.drawPixmap(rect.topLeft(), found[1])

    def _picture(self, size: QSize, logical: int, text: str, focused: bool) -> QPixmap:
        ratio = self.devicePixelRatioF()
        picture = QPixmap(max(1, int(size.width() * ratio + 0.999)), max(1, int(size.height() * ratio + 0.999)))
        picture.setDevicePixelRatio(ratio)
        painter = QPainter(picture)
        area = QRect(0, 0, size.width(), size.height())
        palette = QApplication.palette()
        # The focused cell's person and row are reversed: readable from the back of the room.
        painter.fillRect(area, palette.color(QPalette.ColorRole.Highlight if focused else QPalette.ColorRole.Button))
        painter.setPen(palette.color(QPalette.ColorRole.Mid))  # flat, with the table's lines: crisp on a projector
        painter.drawLine(area.topRight(), area.bottomRight())
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        if text:
            painter.setPen(self.colour(logical, focused))
            painter.setFont(self.font())
            painter.setClipRect(area)
            self.paint_text(painter, area, logical, text)
        painter.end()
        return picture

    def paint_text(self, painter: QPainter, rect: QRect, logical: int, text: str) -> None:
        raise NotImplementedError


class PeopleHeader(MatrixHeader):
    """The columns' header. Person sections show the whole name, either upright and wrapped at the section's
    width, or turned (read bottom to top) and wrapped at ``line_length`` so the header stays low; the Owner and
    Days sections are one upright word. ``texts`` picks the model's role for a person's text."""

    def __init__(self, parent: QTableView) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.upright = True
        self.line_length = 1 << 20  # the longest a turned line may be
        self.text_role = int(Qt.ItemDataRole.DisplayRole)
        self.is_person = lambda logical: False

    def text(self, logical: int) -> str:
        model = self.model()
        if model is None:
            return ""
        value = model.headerData(logical, self.orientation(), self.text_role if self.is_person(logical)
                                 else Qt.ItemDataRole.DisplayRole)
        return value if isinstance(value, str) else ""

    def sectionSizeFromContents(self, logical: int) -> QSize:
        """What the section's text needs: (across the section, along it) for the current way of showing it."""
        text, pad, wrapper = self.text(logical), self.pad, self.wrapper
        if not text:
            return QSize(2 * pad, 2 * pad)
        if not self.is_person(logical):
            return QSize(wrapper.one_line(text) + 2 * pad, wrapper.line + 2 * pad)
        if self.upright:
            longest, height = wrapper.size(text, self._upright_width(logical))
            return QSize(longest + 2 * pad, height + 2 * pad)
        longest, height = wrapper.size(text, self.line_length)
        return QSize(height + 2 * self.pad_across, longest + 2 * pad)

    def _upright_width(self, logical: int) -> int:
        return max(1, self.sectionSize(logical) - 2 * self.pad)

    def shape(self) -> tuple[object, ...]:
        return (*super().shape(), self.upright, self.line_length, self.pad_across)

    def paint_text(self, painter: QPainter, rect: QRect, logical: int, text: str) -> None:
        wrapper, pad = self.wrapper, self.pad
        if not self.is_person(logical) or self.upright:
            width = rect.width() - 2 * pad
            layout = wrapper.layout(text, width, Qt.AlignmentFlag.AlignHCenter)
            height = layout.lineCount() * wrapper.line
            layout.draw(painter, QPointF(rect.left() + pad, rect.bottom() - pad - height + 1))
            return
        # Turned a quarter to the left: lines run bottom to top, the first line at the left.
        layout = wrapper.layout(text, self.line_length)
        height = layout.lineCount() * wrapper.line
        painter.translate(rect.left() + (rect.width() - height) / 2, rect.bottom() - pad + 1)
        painter.rotate(-90)
        layout.draw(painter, QPointF(0, 0))


class TitlesHeader(MatrixHeader):
    """The rows' header: each work title wrapped at the header's width, as tall as its lines. A row without
    an owner is marked ⚠ in a gutter every title keeps, so the mark coming or going never moves a row."""

    MARK = "⚠ "

    def __init__(self, parent: QTableView) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)

    def gutter(self) -> int:
        return self.wrapper.one_line(self.MARK)

    def wrap_width(self) -> int:
        return max(1, self.thickness - 2 * self.pad - self.gutter())

    def height_for(self, title: str) -> int:
        """The row height a title (without the mark) needs at the header's width."""
        return self.wrapper.size(title, self.wrap_width())[1] + 2 * self.pad

    def _split(self, logical: int) -> tuple[bool, str]:
        text = self.text(logical)
        return (True, text[len(self.MARK):]) if text.startswith(self.MARK) else (False, text)

    def sectionSizeFromContents(self, logical: int) -> QSize:
        _marked, title = self._split(logical)
        if not title:
            return QSize(2 * self.pad, 2 * self.pad)
        longest, height = self.wrapper.size(title, self.wrap_width())
        return QSize(self.gutter() + longest + 2 * self.pad, height + 2 * self.pad)

    def paint_text(self, painter: QPainter, rect: QRect, logical: int, text: str) -> None:
        marked, title = (True, text[len(self.MARK):]) if text.startswith(self.MARK) else (False, text)
        wrapper, gutter = self.wrapper, self.gutter()
        layout = wrapper.layout(title, rect.width() - 2 * self.pad - gutter)
        top = rect.top() + (rect.height() - layout.lineCount() * wrapper.line) / 2
        layout.draw(painter, QPointF(rect.left() + self.pad + gutter, top))
        if marked:
            wrapper.layout(self.MARK, gutter).draw(painter, QPointF(rect.left() + self.pad, top))


def header_of(widget: QWidget) -> MatrixHeader:
    assert isinstance(widget, MatrixHeader)
    return widget
