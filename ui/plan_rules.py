"""Edit ▸ Plan Rules: the numbers behind the app's warnings (``cockpit.rules.thresholds``).

They are stored in the plan, so everyone who opens the file sees the same rules. Saving is one
undoable change; a value the core refuses keeps the dialog open with the core's message.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cockpit.errors import ValidationError
from cockpit.rules.thresholds import BY_KEY, THRESHOLDS, Threshold
from ui.hub import Hub
from ui.widgets import plain_label, set_tone


def _limits(threshold: Threshold) -> str:
    unit = f" {threshold.unit}" if threshold.unit else ""
    if threshold.kind == "text":
        return ""
    whole = "whole number, " if threshold.kind == "whole" else ""
    return f"{whole}{threshold.low:g} to {threshold.high:g}{unit}"


class PlanRulesDialog(QDialog):
    """One row per rule: what it means, the plan's value, its default and a button back to it."""

    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.setWindowTitle("Plan Rules")
        self.setMinimumWidth(760)
        cycle = hub.cycle()  # the rules are the plan's: any cycle's snapshot carries them
        self.stored = {t.key: cycle.setting(t.key) for t in THRESHOLDS}
        outer = QVBoxLayout(self)
        outer.addWidget(plain_label(
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
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        for row, threshold in enumerate(THRESHOLDS):
            label = QLabel(threshold.description)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            editor: QLineEdit | QPlainTextEdit
            if threshold.key == "team_labels":
                editor = QPlainTextEdit(self.stored[threshold.key])
                editor.setTabChangesFocus(True)
                editor.setFixedHeight(editor.fontMetrics().lineSpacing() * 3 + 14)
            else:
                editor = QLineEdit(self.stored[threshold.key])
                editor.setCursorPosition(0)
                editor.setPlaceholderText(threshold.default)
                if threshold.kind != "text":
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
            grid.addWidget(label, row, 0)
            if threshold.kind == "text":  # a sentence or a list: the editor takes the hint's room too
                grid.addWidget(editor, row, 1, 1, 2)
            else:
                grid.addWidget(editor, row, 1)
                grid.addWidget(plain_label(f"default {threshold.default} · {limits}", "tileLabel"), row, 2)
            grid.addWidget(reset, row, 3)
            self.fields[threshold.key] = editor
        outer.addWidget(rules)
        self.problem = plain_label("")
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
        self.setMinimumSize(self.sizeHint())  # every rule stays in view

    # -- values ------------------------------------------------------------------------------------
    def text(self, key: str) -> str:
        editor = self.fields[key]
        return editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()

    def set_text(self, key: str, text: str) -> None:
        editor = self.fields[key]
        if isinstance(editor, QPlainTextEdit):
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
