"""What the layout audit checks in one window: text that needs more room than it has, controls that
lie outside the window, main areas that scroll sideways, controls the keyboard cannot reach.

Runs inside the app's process (see ``layout_audit.py``); every finding is one line naming the
widget by its accessible name, object name or text, so a failure says where to look.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPalette, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionViewItem,
    QTabBar,
    QTextEdit,
    QWidget,
)

SLACK = 1  # a pixel of rounding
CONTROLS = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QAbstractItemView, QTextEdit, QPlainTextEdit,
            QLabel, QGroupBox, QTabBar)
TYPED = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QAbstractItemView, QTextEdit, QPlainTextEdit)


def name_of(widget: QWidget) -> str:
    text = ""
    for getter in ("accessibleName", "objectName"):
        text = getattr(widget, getter)()
        if text:
            break
    if not text and isinstance(widget, (QAbstractButton, QLabel, QLineEdit)):
        text = widget.text()
    if not text and widget.isWindow():
        text = widget.windowTitle()
    if not text and isinstance(widget, QGroupBox):
        text = widget.title()
    text = " ".join(str(text).split())
    return f"{type(widget).__name__} “{text[:50]}”"


def shown(widget: QWidget, top: QWidget) -> bool:
    return widget.isVisible() and widget.isVisibleTo(top) and widget.width() > 0 and widget.height() > 0


def in_scrolled_content(widget: QWidget) -> bool:
    """Inside a scroll area's viewport: there, lying beyond the visible part is scrolling, not clipping."""
    parent = widget.parentWidget()
    while parent is not None:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and grand.viewport() is parent:
            return True
        parent = grand
    return False


def outside(widget: QWidget, top: QWidget) -> str | None:
    """Where the widget's rectangle leaves one of its parents (or the window)."""
    child, parent = widget, widget.parentWidget()
    while parent is not None:
        if isinstance(parent.parentWidget(), QAbstractScrollArea) and parent.parentWidget().viewport() is parent:
            return None  # scrolled content: reachable by scrolling
        rect = child.geometry()
        bounds = parent.rect().adjusted(-SLACK, -SLACK, SLACK, SLACK)
        if not bounds.contains(rect):
            return (f"{name_of(widget)} lies outside {name_of(parent)}: {_rect(rect)} in "
                    f"{parent.width()}×{parent.height()}")
        if parent is top:
            return None
        child, parent = parent, parent.parentWidget()
    return None


def _rect(rect: QRect) -> str:
    return f"{rect.width()}×{rect.height()} at ({rect.x()}, {rect.y()})"


def _plain_width(metrics: QFontMetrics, text: str) -> int:
    return max((metrics.horizontalAdvance(line) for line in text.replace("\u2029", "\n").split("\n")), default=0)


def label_problem(label: QLabel) -> str | None:
    text = label.text()
    if label.buddy() is not None:  # "&Phase" shows as "Phase" with P underlined
        text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    if not text or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    room = label.contentsRect().adjusted(label.margin(), label.margin(), -label.margin(), -label.margin())
    if label.indent() > 0:
        room.setLeft(room.left() + label.indent())
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text))
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + SLACK:
            return f"{name_of(label)} needs {needed} px of height, has {label.height()}"
        if rich:  # a wrapped rich text can still hold a word wider than the label
            widest = _rich_width(label, text, word=True)
        else:
            # a zero-width space is a place to break too (paths are shown with one after each separator)
            widest = max((label.fontMetrics().horizontalAdvance(w) for w in re.split(r"[\s\u200b]+", text)),
                         default=0)
        if widest > room.width() + SLACK:
            return f"{name_of(label)} has a word of {widest} px in {room.width()} px"
        return None
    needed = _rich_width(label, text) if rich else _plain_width(label.fontMetrics(), text)
    if needed > room.width() + SLACK:
        return f"{name_of(label)} needs {needed} px, has {room.width()} (not wrapped)"
    lines = text.count("\n") + 1 if not rich else 1
    if not rich and lines * label.fontMetrics().height() > room.height() + SLACK + lines:
        return f"{name_of(label)} needs {lines * label.fontMetrics().height()} px of height, has {room.height()}"
    return None


def _rich_width(widget: QWidget, html: str, *, word: bool = False) -> int:
    document = QTextDocument()
    document.setDefaultFont(widget.font())
    document.setDocumentMargin(0)
    document.setHtml(html)
    if word:
        plain = document.toPlainText()
        return max((widget.fontMetrics().horizontalAdvance(w) for w in re.split(r"[\s\u200b]+", plain)), default=0)
    return int(document.idealWidth() + 0.999)


def button_problem(button: QAbstractButton) -> str | None:
    if not button.text():
        return None
    hint = button.sizeHint()
    if hint.width() > button.width() + SLACK:
        return f"{name_of(button)} needs {hint.width()} px, has {button.width()}"
    if button.fontMetrics().height() > button.height():
        return f"{name_of(button)} is {button.height()} px high for text of {button.fontMetrics().height()} px"
    return None


def combo_problem(combo: QComboBox) -> str | None:
    text = combo.currentText()
    if not text:
        return None
    if combo.isEditable() and combo.lineEdit() is not None:
        room = combo.lineEdit().width() - 4
    else:
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        room = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, combo).width()
    needed = combo.fontMetrics().horizontalAdvance(text)
    if needed > room + SLACK:
        return f"{name_of(combo)} shows “{text[:40]}” in {room} px; it needs {needed}"
    return None


def line_edit_problem(edit: QLineEdit) -> str | None:
    if edit.hasFocus() or not edit.text() or edit.echoMode() != QLineEdit.EchoMode.Normal:
        return None
    parent = edit.parentWidget()
    if isinstance(parent, (QComboBox, QAbstractSpinBox)):
        return None  # the combo box or spin box is checked as a whole
    margins = edit.textMargins()
    room = edit.contentsRect().width() - margins.left() - margins.right() - 4  # Qt's horizontal margin, 2 a side
    needed = edit.fontMetrics().horizontalAdvance(edit.text())
    if needed > room + SLACK:
        return f"{name_of(edit)} shows “{edit.text()[:40]}” in {room} px; it needs {needed}"
    return None


def group_problem(group: QGroupBox) -> str | None:
    needed = group.fontMetrics().horizontalAdvance(group.title()) + 16
    if group.title() and needed > group.width() + SLACK:
        return f"{name_of(group)} title needs {needed} px, has {group.width()}"
    return None


def tab_problem(bar: QTabBar) -> str | None:
    for index in range(bar.count()):
        squeezed = bar.tabRect(index).width() + SLACK < bar.tabSizeHint(index).width()
        if squeezed and bar.elideMode() != Qt.TextElideMode.ElideNone:
            return f"{name_of(bar)} tab “{bar.tabText(index)}” is cut"
        if not bar.rect().contains(bar.tabRect(index)) and bar.usesScrollButtons():
            return f"{name_of(bar)} tab “{bar.tabText(index)}” is scrolled out of sight"
    return None


def header_problems(header: QHeaderView, least: float = 4.5) -> list[str]:
    """Each section's text must fit its section (a header that wraps or angles its text says how much it needs)."""
    model = header.model()
    if model is None or not header.isVisible():
        return []
    found = []
    horizontal = header.orientation() == Qt.Orientation.Horizontal
    for logical in range(header.count()):
        if header.isSectionHidden(logical) or header.sectionSize(logical) <= 0:
            continue
        text = model.headerData(logical, header.orientation(), Qt.ItemDataRole.DisplayRole)
        if not text:
            continue
        needed = header.sectionSizeFromContents(logical)
        across, along = (needed.width(), needed.height()) if horizontal else (needed.height(), needed.width())
        size = header.sectionSize(logical)
        thick = header.height() if horizontal else header.width()
        if across > size + SLACK or along > thick + SLACK:
            found.append(f"{name_of(header.parentWidget())} header “{str(text)[:40]}” needs "
                         f"{across}×{along} px, has {size}×{thick}")
        faint = colour_problem(header.parentWidget(), "header", str(text),
                               model.headerData(logical, header.orientation(), Qt.ItemDataRole.ForegroundRole),
                               model.headerData(logical, header.orientation(), Qt.ItemDataRole.BackgroundRole),
                               header.palette().color(QPalette.ColorRole.Button), least)
        if faint:
            found.append(faint)
    return found


def contrast(one: QColor, other: QColor) -> float:
    """WCAG 2's contrast ratio of two colours."""
    def luminance(colour: QColor) -> float:
        red, green, blue = (v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in colour.getRgbF()[:3])
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _colour(value: object) -> QColor | None:
    if isinstance(value, QBrush):
        return value.color() if value.style() != Qt.BrushStyle.NoBrush else None
    return value if isinstance(value, QColor) else None


def _over(colour: QColor, base: QColor) -> QColor:
    """A translucent colour as it shows on ``base``."""
    alpha = colour.alphaF()
    return QColor.fromRgbF(*(alpha * c + (1 - alpha) * b for c, b in zip(colour.getRgbF()[:3], base.getRgbF()[:3],
                                                                         strict=True)))


def colour_problem(view: QWidget, where: str, text: str, foreground: object, background: object, base: QColor,
                   least: float) -> str | None:
    """Text drawn in a colour of its own must stand out from what it is drawn on."""
    ink = _colour(foreground)
    if ink is None:
        return None
    paper = _colour(background)
    paper = _over(paper, base) if paper is not None else base
    ratio = contrast(_over(ink, paper), paper)
    if ratio < least:
        return (f"{name_of(view)} {where} “{text[:40]}” is {ink.name()} on {paper.name()}: {ratio:.1f}:1, "
                f"needs {least:g}:1")
    return None


def cell_problems(view: QAbstractItemView, limit: int = 3, least: float = 4.5) -> list[str]:
    """Visible cells whose text needs more room than the cell has (what the delegate asks for).

    A delegate that wraps and then elides on purpose (board cards: two lines, then the editor
    beside shows the whole title) answers ``elided(option, index)`` itself.
    """
    model = view.model()
    if model is None:
        return []
    viewport = view.viewport().rect()
    found: list[str] = []
    root = view.rootIndex()
    rows = model.rowCount(root)
    from PySide6.QtCore import QAbstractListModel

    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(root)
    for row in range(rows):
        for column in range(columns):
            index = model.index(row, column, root)
            rect = view.visualRect(index)
            if not rect.isValid() or not rect.intersects(viewport):
                continue
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if not isinstance(text, str) or not text:
                continue
            delegate = view.itemDelegateForIndex(index)
            option = QStyleOptionViewItem()
            view.initViewItemOption(option)
            option.rect = rect
            if getattr(view, "wordWrap", lambda: False)():
                option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
            elided = getattr(delegate, "elided", None)
            if elided is not None:
                cut = elided(option, index)
            else:
                hint = delegate.sizeHint(option, index)
                cut = hint.width() > rect.width() + SLACK or hint.height() > rect.height() + SLACK
                if cut and hint.width() <= rect.width() + SLACK and rect.height() >= view.fontMetrics().height():
                    cut = _lines_needed(view, option, text) * view.fontMetrics().lineSpacing() > rect.height() + 2
            if cut:
                found.append(f"{name_of(view)} cell “{text[:40]}” is cut ({rect.width()}×{rect.height()})")
            faint = colour_problem(view, "cell", text, index.data(Qt.ItemDataRole.ForegroundRole),
                                   index.data(Qt.ItemDataRole.BackgroundRole),
                                   view.palette().color(QPalette.ColorRole.Base), least)
            if faint:
                found.append(faint)
            if len(found) >= limit:
                return found
    return found


def _lines_needed(view: QAbstractItemView, option: QStyleOptionViewItem, text: str) -> int:
    if not option.features & QStyleOptionViewItem.ViewItemFeature.WrapText:
        return 1
    document = QTextDocument()
    document.setDefaultFont(view.font())
    document.setPlainText(text)
    document.setTextWidth(max(1, option.rect.width() - 8))
    return document.lineCount()


def unreachable(widget: QWidget) -> bool:
    """A control Tab never stops at (a combo box's or spin box's own line edit is reached through it)."""
    if isinstance(widget, QHeaderView) or widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
        return False
    if getattr(widget, "keyboard_elsewhere", False):  # a view that says which keys reach it instead
        return False
    return not (isinstance(widget, QLineEdit) and isinstance(widget.parentWidget(), (QComboBox, QAbstractSpinBox)))


def audit(top: QWidget, screen: QRect | None = None, *, presentation: bool = False) -> list[str]:
    """Every problem in ``top`` (a window or dialog), one line each. Text in a colour of its own must
    stand out 7:1 in presentation mode (WCAG AAA), 4.5:1 otherwise."""
    enough = 7.0 if presentation else 4.5
    found: list[str] = []
    if screen is not None:
        frame = top.frameGeometry()
        if not screen.adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(frame):
            found.append(f"{name_of(top)} is {_rect(frame)}, the screen {_rect(screen)}")
        minimum = top.minimumSizeHint()
        if minimum.width() > screen.width() or minimum.height() > screen.height():
            found.append(f"{name_of(top)} needs at least {minimum.width()}×{minimum.height()}, "
                         f"the screen is {screen.width()}×{screen.height()}")
    stack = getattr(top, "stack", None)
    page = stack.currentWidget() if stack is not None else None
    if page is not None and page.isVisible():
        least = page.minimumSizeHint()
        if least.width() > stack.width() + SLACK:
            found.append(f"{name_of(page)} needs at least {least.width()} px of width, it has {stack.width()}")
    for widget in top.findChildren(QWidget):
        if not shown(widget, top) or isinstance(widget, QMenu) or widget.window() is not top:
            continue
        if widget.objectName().startswith("qt_") and not isinstance(widget, QAbstractScrollArea):  # Qt's own parts
            continue
        if isinstance(widget, CONTROLS):
            problem = outside(widget, top)
            if problem:
                found.append(problem)
        if isinstance(widget, QLabel):
            problem = label_problem(widget)
        elif isinstance(widget, QAbstractButton):
            problem = button_problem(widget)
        elif isinstance(widget, QComboBox):
            problem = combo_problem(widget)
        elif isinstance(widget, QLineEdit):
            problem = line_edit_problem(widget)
        elif isinstance(widget, QGroupBox):
            problem = group_problem(widget)
        elif isinstance(widget, QTabBar):
            problem = tab_problem(widget)
        else:
            problem = None
        if problem:
            found.append(problem)
        if isinstance(widget, QHeaderView):
            found.extend(header_problems(widget, enough))
        if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
            found.extend(cell_problems(widget, least=enough))
        if isinstance(widget, QAbstractScrollArea) and not isinstance(widget, (QTextEdit, QPlainTextEdit)):
            bar = widget.horizontalScrollBar()
            if bar.maximum() > 0:  # shown or not: the content is wider than the area
                hidden = "" if bar.isVisible() else " (its scroll bar is hidden: the rest is cut)"
                found.append(f"{name_of(widget)} scrolls sideways ({bar.maximum()} px more){hidden}")
        if isinstance(widget, TYPED) and widget.isEnabled() and unreachable(widget):
            found.append(f"{name_of(widget)} cannot be reached with Tab")
    return found


def _key(widget: QWidget, page: QWidget) -> str:
    """A name for a widget that survives a view rebuilding it: its class, name or text, and path."""
    parts = []
    while widget is not None and widget is not page:
        parts.append(name_of(widget))
        widget = widget.parentWidget()
    return " < ".join(parts)


def layout_state(page: QWidget) -> dict[str, object]:
    """Where every visible widget of a view is, how far each area is scrolled, what is selected."""
    state: dict[str, object] = {}
    seen: dict[str, int] = {}
    for widget in page.findChildren(QWidget):
        if not shown(widget, page) or widget.objectName().startswith("qt_"):
            continue
        key = _key(widget, page)
        seen[key] = seen.get(key, 0) + 1
        key = f"{key} #{seen[key]}"
        top_left = widget.mapTo(page, widget.rect().topLeft())
        state[f"place of {key}"] = (top_left.x(), top_left.y(), widget.width(), widget.height())
        if isinstance(widget, QAbstractScrollArea):
            state[f"scroll of {key}"] = (widget.horizontalScrollBar().value(), widget.verticalScrollBar().value())
        if isinstance(widget, QAbstractItemView) and widget.selectionModel() is not None:
            chosen = widget.selectionModel().selectedIndexes()
            state[f"selection of {key}"] = sorted((i.row(), i.column()) for i in chosen)
    return state


def refresh_problems(before: dict[str, object], after: dict[str, object], limit: int = 4) -> list[str]:
    """What a refresh moved, scrolled back or unselected."""
    found = []
    for key, value in before.items():
        if key not in after:
            if not key.startswith("place of"):
                found.append(f"after a refresh, gone: {key}")
        elif after[key] != value:
            found.append(f"after a refresh, {key} was {value}, is {after[key]}")
        if len(found) >= limit:
            break
    return found
