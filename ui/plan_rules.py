"""Edit ▸ Plan Rules: the numbers behind the app's warnings (``cockpit.rules.thresholds``).

They are stored in the plan, so everyone who opens the file sees the same rules. Saving is one
undoable change; a value the core refuses keeps the dialog open with the core's message.

On a projector (1024×768, presentation mode's large type) the rules scroll up and down inside a dialog
no larger than the screen, and the two rules that hold text wrap it over as many lines as it needs.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMimeData, QSize, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cockpit.errors import ValidationError
from cockpit.rules.thresholds import BY_KEY, THRESHOLDS, Threshold
from ui.fit import ScreenFittedDialog, vertical_page
from ui.hub import Hub
from ui.widgets import plain_label, set_tone

#: a wrapped text rule grows to this many lines before it scrolls (a team list a page long)
MOST_LINES = 12
#: the dialog's width, in average characters: a rule's description, its field, its default, a button
RULE_CHARACTERS = 140


def _limits(threshold: Threshold) -> str:
    unit = f" {threshold.unit}" if threshold.unit else ""
    if threshold.kind == "text":
        return ""
    whole = "whole number, " if threshold.kind == "whole" else ""
    return f"{whole}{threshold.low:g} to {threshold.high:g}{unit}"


class WrappedField(QTextEdit):
    """A plain-text field that wraps its value and asks for the height of the wrapped text at the
    width it gets (up to ``MOST_LINES``, then it scrolls), so the whole value is in view at any width.
    ``one_line``: Enter is left to the dialog (it saves) and a pasted line break becomes a space, as
    in a line edit."""

    def __init__(self, text: str, *, one_line: bool) -> None:
        super().__init__()
        self.one_line = one_line
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setPlainText(text)
        self.document().contentsChanged.connect(self.updateGeometry)  # a longer value asks for more lines

    def text(self) -> str:
        text = self.toPlainText()
        return " ".join(text.splitlines()) if self.one_line else text

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        frame = self.contentsMargins()  # a QFrame's margins are its border, whatever the style sheet says
        document = self.document().clone()
        document.setDefaultFont(self.font())
        # Measured as if the scroll bar showed: then the height is enough with it or without it,
        # and it cannot stay on for a text that fits (it would, measured at the full width).
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        document.setTextWidth(max(1, width - frame.left() - frame.right() - bar))
        line = self.fontMetrics().lineSpacing()
        margin = round(document.documentMargin() * 2)
        content = max(line + margin, min(round(document.size().height()), line * MOST_LINES + margin))
        return content + frame.top() + frame.bottom()

    def sizeHint(self) -> QSize:
        width = super().sizeHint().width()
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        """One line: the layout asks ``heightForWidth`` for the real height (the height at the narrowest
        width would make the whole page that tall)."""
        frame = self.contentsMargins()
        line = self.fontMetrics().lineSpacing() + round(self.document().documentMargin() * 2)
        return QSize(super().minimumSizeHint().width(), line + frame.top() + frame.bottom())

    def changeEvent(self, event: QEvent) -> None:  # a font or a border changed (presentation mode, focus)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.updateGeometry()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.one_line and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()  # the dialog's default button (Save) takes it
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if self.one_line and source.hasText():
            self.insertPlainText(" ".join(source.text().splitlines()))
            return
        super().insertFromMimeData(source)


class PlanRulesDialog(ScreenFittedDialog):
    """One row per rule: what it means, the plan's value, its default and a button back to it."""

    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.setWindowTitle("Plan Rules")
        cycle = hub.cycle()  # the rules are the plan's: any cycle's snapshot carries them
        self.stored = {t.key: cycle.setting(t.key) for t in THRESHOLDS}
        outer = QVBoxLayout(self)
        self.body = body = QWidget()  # scrolls up and down when the screen is too short for every rule
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(plain_label(
            "These numbers decide when the app warns. They are stored in this plan, so everyone who opens "
            "the file sees the same rules. Saving them is one step you can undo."))
        # The grid lives on a widget. A free-standing QGridLayout added with addLayout kept, under
        # PySide 6.12, references to its widgets' wrappers after they were freed, and a later garbage
        # collection crashed (gdb: shiboken's traverse of a QGridLayout wrapper).
        rules = QWidget()
        grid = QGridLayout(rules)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(2, 2)
        self.fields: dict[str, QLineEdit | WrappedField] = {}
        for row, threshold in enumerate(THRESHOLDS):
            label = QLabel(threshold.description)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            editor: QLineEdit | WrappedField
            if threshold.kind == "text":  # a sentence or a list: wrapped, never cut at the field's edge
                editor = WrappedField(self.stored[threshold.key], one_line=threshold.key != "team_labels")
            else:
                editor = QLineEdit(self.stored[threshold.key])
                editor.setCursorPosition(0)
                editor.setPlaceholderText(threshold.default)
                editor.setMaximumWidth(editor.fontMetrics().horizontalAdvance("0000000000") + 16)
            editor.setAccessibleName(threshold.description)
            limits = _limits(threshold)
            allowed = f" Allowed: {limits}." if limits else ""
            editor.setAccessibleDescription(f"Default: {threshold.default}.{allowed}")
            label.setBuddy(editor)
            reset = QToolButton()
            reset.setText("Default")
            reset.setToolTip(f"Back to the default: {threshold.default}")
            reset.setAccessibleName(f"Default for: {threshold.description}")
            reset.setProperty("rule", threshold.key)
            reset.clicked.connect(self._restore_clicked)  # a bound method, not a lambda holding the dialog
            if threshold.kind == "text":  # a sentence or a list: the editor takes the hint's room too
                top = Qt.AlignmentFlag.AlignTop  # beside the first line of a tall field, not its middle
                grid.addWidget(label, row, 0, top)
                grid.addWidget(editor, row, 1, 1, 2)
                grid.addWidget(reset, row, 3, top)
            else:
                grid.addWidget(label, row, 0)
                grid.addWidget(editor, row, 1)
                grid.addWidget(plain_label(f"default {threshold.default} · {limits}", "tileLabel"), row, 2)
                grid.addWidget(reset, row, 3)
            self.fields[threshold.key] = editor
        inner.addWidget(rules)
        inner.addStretch(1)
        self.page = vertical_page(body)
        self.page.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field; the page follows
        outer.addWidget(self.page, 1)
        self.problem = plain_label("")  # outside the page: a refused value's reason is always in view
        set_tone(self.problem, "bad")
        self.problem.setVisible(False)
        outer.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        for button in buttons.buttons():  # Enter in a field saves; it never restores the defaults
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        restore_all = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore_all.setText("All Defaults")
        restore_all.clicked.connect(self.restore_all)
        outer.addWidget(buttons)
        self.fields[THRESHOLDS[0].key].setFocus()
        self._fit_to_screen()

    # -- size --------------------------------------------------------------------------------------
    def _fit_to_screen(self) -> None:
        """Wide enough for a rule, its field and its default on one or two lines, as tall as all the
        rules, and never larger than the free part of the parent's screen (a projector's 1024×768):
        what does not fit scrolls inside. Sizes come from the font (presentation mode's is large)."""
        room = self.room()
        chrome = self.sizeHint() - self.page.sizeHint()  # margins, the problem line, the buttons
        width = min(room.width(), max(self.sizeHint().width(), self.fontMetrics().averageCharWidth() * RULE_CHARACTERS))
        body = self.body
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)  # measured as if it showed: no flip-flop
        height = body.heightForWidth(width - chrome.width() - bar) if body.hasHeightForWidth() else -1
        height = (height if height > 0 else body.sizeHint().height()) + chrome.height() + 2 * self.page.frameWidth()
        # Set, not left to the layout: the layout would set it again each time a wrapped field
        # grows, which the window system is told every time (and offscreen Qt warns about).
        self.setMinimumSize(self.minimumSizeHint().boundedTo(room.size()))
        self.resize(QSize(width, height).boundedTo(room.size()))

    # -- values ------------------------------------------------------------------------------------
    def text(self, key: str) -> str:
        editor = self.fields[key]
        return editor.text()

    def set_text(self, key: str, text: str) -> None:
        editor = self.fields[key]
        if isinstance(editor, WrappedField):
            editor.setPlainText(text)
        else:
            editor.setText(text)
            editor.setCursorPosition(0)

    def restore(self, key: str) -> None:
        self.set_text(key, BY_KEY[key].default)

    def _restore_clicked(self) -> None:
        self.restore(str(self.sender().property("rule")))

    def restore_all(self) -> None:
        for threshold in THRESHOLDS:
            self.set_text(threshold.key, threshold.default)

    def changes(self) -> dict[str, str]:
        """The rules whose value differs from the plan's, as the core would store them.

        Raises ``ValidationError`` for the first value the core refuses (and focuses its field).
        """
        from cockpit.services.review import clean_setting

        out = {}
        for threshold in THRESHOLDS:
            try:
                text = clean_setting(threshold.key, self.text(threshold.key))
            except ValidationError:
                self.fields[threshold.key].setFocus()
                self.page.ensureWidgetVisible(self.fields[threshold.key])
                raise
            if text != self.stored[threshold.key]:
                out[threshold.key] = text
        return out

    def accept(self) -> None:
        from cockpit.services.review import set_settings

        try:
            values = self.changes()
        except ValidationError as exc:
            self.problem.setText(str(exc))
            self.problem.setVisible(True)
            return
        if values and self.hub.run(lambda plan: set_settings(plan, values)) is None:
            return  # the hub has shown why
        super().accept()


def edit_plan_rules(parent: QWidget, hub: Hub) -> None:
    """Show the dialog for the open plan (modal)."""
    if hub.plan is not None:
        dialog = PlanRulesDialog(hub, parent)
        dialog.exec()
        dialog.deleteLater()  # a child of the window: without this, every opening would stay in memory
