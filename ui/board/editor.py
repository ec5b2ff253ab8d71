"""The side panel that edits one card. Each field commits on its own as one undoable command;
the core checks every value (an estimate of "abc", a team as owner) and says what is wrong.

The fields hold the card's whole text, however long (a plan written by another tool may hold a
title of a megabyte); the heading and the notes show it clipped (``cockpit.text.shown``). A field is
set again only when its text differs: laying out a megabyte of text costs Qt about half a second.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cockpit.kinds import ItemKind, RiskArea, Status
from cockpit.reports.board import Card
from cockpit.rules.scope import CHECKS
from cockpit.text import SHOWN_LONG, shown
from ui.fit import FlowLayout, elastic, form
from ui.keys import describe
from ui.widgets import FocusOut

if TYPE_CHECKING:
    from ui.hub import Hub

ASKED_BY = ("founder", "sales", "support", "customer", "engineering", "product")
NO_OWNER = "— nobody yet —"
#: a line edit's limit (Qt's default, 32,767 characters, would cut a long title short without a word)
WHOLE_TEXT = 2**31 - 1


class CardEditor(QWidget):
    """Edits the selected card; disabled when none (or several) are selected.

    It shows the whole card: the heading is the whole title (wrapped), every field has room for a
    title or a name of 44 characters, and the labels go above the fields when the panel is too narrow
    to hold both side by side (beside the lanes on a wide screen, below them on a projector).
    """

    #: characters a field shows whole: a 40-character title, the longest names of a team
    FIELD_CHARACTERS = 44
    #: Escape in a field: back to the card in its lane
    leave = Signal()

    def __init__(self, hub: Hub) -> None:
        super().__init__()
        self.hub = hub
        self.card: Card | None = None
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel("Select a card to edit it")
        self.heading.setProperty("class", "heading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.form = form()
        layout.addLayout(self.form)
        self._labels: list[QLabel] = []

        self.title = QLineEdit()
        self.title.setMaxLength(WHOLE_TEXT)
        self.title.editingFinished.connect(lambda: self._commit("title", self.title.text()))
        self._row("&Title", self.title)
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self._description_focus = FocusOut(lambda: self._commit_text("description"))
        self.description.installEventFilter(self._description_focus)
        self._row("&Description", self.description)
        self.kind = self._combo([k.value for k in ItemKind], "kind")
        self._row("&Kind", self.kind)
        self.asked_by = QComboBox()
        self.asked_by.setEditable(True)
        self.asked_by.addItems(ASKED_BY)
        asked_line = self._line(self.asked_by)
        asked_line.setMaxLength(WHOLE_TEXT)
        asked_line.editingFinished.connect(lambda: self._commit("asked_by", self.asked_by.currentText()))
        self.asked_by.activated.connect(lambda _i: self._commit("asked_by", self.asked_by.currentText()))
        self._row("Asked b&y", self.asked_by)
        self.estimate = QLineEdit()
        self.estimate.setPlaceholderText("person-days, e.g. 2.5")
        self.estimate.editingFinished.connect(lambda: self._commit("estimate_days", self.estimate.text()))
        self._row("Esti&mate (days)", self.estimate)
        self.owner = QComboBox()
        self.owner.setEditable(True)
        self.owner.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        owner_line = self._line(self.owner)
        owner_line.editingFinished.connect(self._commit_owner)
        self.owner.activated.connect(lambda _i: self._commit_owner())
        self._row("&Owner", self.owner)
        self.status = self._combo([s.value for s in Status], "status")
        self._row("&Status", self.status)
        for combo in (self.kind, self.asked_by, self.owner, self.status):
            # Long names must not widen the panel past its place; the form gives each its own row.
            elastic(combo, 12)

        risks = QGroupBox("Risk areas")
        risk_layout = FlowLayout(risks)
        self.risks: dict[str, QCheckBox] = {}
        for area in RiskArea:
            box = QCheckBox(area.value)
            box.toggled.connect(lambda _on: self._commit_risks())
            risk_layout.addWidget(box)
            self.risks[area.value] = box
        layout.addWidget(risks)

        checks = QGroupBox("The three checks")
        checks.setToolTip("An item stays only if it passes all three")
        check_layout = QVBoxLayout(checks)
        self.checks: dict[str, QCheckBox] = {}
        labels = ("&1. Makes the release usable", "&2. One owner finishes it in time",
                  "&3. Can be tested and rolled back")
        for (attr, _), text in zip(CHECKS, labels, strict=True):
            box = QCheckBox(text)
            box.toggled.connect(lambda on, a=attr: self._commit(a, on))
            check_layout.addWidget(box)
            self.checks[attr] = box
        layout.addWidget(checks)
        self.notes = QLabel()
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.notes.setWordWrap(True)
        layout.addWidget(self.notes)
        layout.addStretch(1)
        back = describe(QShortcut(QKeySequence(Qt.Key.Key_Escape), self), "Leave the card editor, back to the card")
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.leave)
        self._fit_to_font()
        self.show_card(None, {})

    def _row(self, text: str, field: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(field)
        field.setAccessibleName(f"Card {text.replace('&', '').lower()}")  # "Card title", "Card owner"…
        self._labels.append(label)
        self.form.addRow(label, field)

    # -- sizes --------------------------------------------------------------------------------------
    def field_width(self) -> int:
        """The width a field needs to show a title or a name of ``FIELD_CHARACTERS`` characters."""
        metrics = self.fontMetrics()
        return metrics.averageCharWidth() * self.FIELD_CHARACTERS + metrics.height() * 2

    def wanted_width(self) -> int:
        """How wide the editor asks to be beside the lanes (its labels above its fields)."""
        return self.field_width() + 8

    def _fit_to_font(self) -> None:
        """Sizes from the font: the description three lines high, the labels beside their fields only when both fit."""
        self.description.setFixedHeight(self.description.fontMetrics().lineSpacing() * 3
                                        + 2 * self.description.frameWidth() + 8)
        self._wrap_rows()

    def _wrap_rows(self) -> None:
        widest = max((label.sizeHint().width() for label in self._labels), default=0)
        beside = self.width() >= widest + max(6, self.form.horizontalSpacing()) + self.field_width()
        policy = QFormLayout.RowWrapPolicy.DontWrapRows if beside else QFormLayout.RowWrapPolicy.WrapAllRows
        if self.form.rowWrapPolicy() != policy:
            self.form.setRowWrapPolicy(policy)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._wrap_rows()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_to_font()

    def _combo(self, values: list[str], field: str) -> QComboBox:
        combo = QComboBox()
        combo.addItems(values)
        combo.activated.connect(lambda _i: self._commit(field, combo.currentText()))
        return combo

    # -- showing --------------------------------------------------------------------------------
    def show_card(self, card: Card | None, people: Mapping[int, str]) -> None:
        """Show ``card`` (None: nothing selected). Text being typed into a field is kept."""
        self._loading = True
        previous = self.card
        try:
            self.card = card
            for widget in self.findChildren(QWidget):
                if widget is not self.heading:
                    widget.setEnabled(card is not None)
            self.owner.clear()
            self.owner.addItem(NO_OWNER, None)
            for person_id, name in sorted(people.items(), key=lambda item: item[1].casefold()):
                self.owner.addItem(shown(name), person_id)
            if card is None:
                self.heading.setText("Select a card to edit it")
                self.asked_by.setCurrentText("")  # not the last card's asker, greyed out
                for edit in (self.title, self.estimate):
                    edit.setText("")  # setText, unlike clear(), leaves the field "not modified"
                self.description.setPlainText("")
                self.description.document().setModified(False)
                self.notes.clear()
                return
            switched = previous is None or previous.id != card.id
            if switched:  # another card: nothing typed belongs to it
                for edit in (self.title, self.estimate):
                    edit.setModified(False)
                self.description.document().setModified(False)
            self.heading.setText(shown(card.title))
            if not self.title.isModified() and self.title.text() != card.title:
                self.title.setText(card.title)
                self.title.setCursorPosition(0)  # the start of a long title, not its end
            if not self.description.document().isModified() and self.description.toPlainText() != card.description:
                self.description.setPlainText(card.description)
                self.description.document().setModified(False)
            self.kind.setCurrentText(card.kind)
            if self.asked_by.currentText() != card.asked_by:
                self.asked_by.setCurrentText(card.asked_by)
            if not self.estimate.isModified():
                self.estimate.setText(f"{card.estimate:g}")
            self.owner.setCurrentIndex(max(0, self.owner.findData(card.owner_id)) if card.owner_id else 0)
            self.status.setCurrentText(card.status)
            for area, box in self.risks.items():
                box.setChecked(area in card.risks)
            for (attr, _), box, ok in zip(CHECKS, self.checks.values(), card.checks, strict=True):
                box.setChecked(ok)
                del attr
            notes = []
            if card.warning:
                notes.append("⚠ " + shown(card.warning, SHOWN_LONG))
            if card.cut_reason:
                notes.append(f"Cut because: {shown(card.cut_reason, SHOWN_LONG)}")
            if card.late:
                notes.append(f"Late addition: {shown(card.late_reason, SHOWN_LONG)}")
            self.notes.setText("\n".join(notes))
        finally:
            self._loading = False
        if self.hub.read_only_reason is not None:  # a plan that may only be read: what was enabled goes off again
            from ui.team import lock

            lock.lock([self])

    # -- committing -----------------------------------------------------------------------------
    def commit_pending(self) -> None:
        """Save text still being typed (before undo, a selection change or close)."""
        if self.card is None:
            return
        if self.title.isModified():
            self._commit("title", self.title.text())
        if self.estimate.isModified():
            self._commit("estimate_days", self.estimate.text())
        if self.description.document().isModified():
            self._commit("description", self.description.toPlainText())

    @staticmethod
    def _line(combo: QComboBox) -> QLineEdit:
        """The line edit of an editable combo box."""
        line = combo.lineEdit()
        assert line is not None, "the combo box is editable"
        return line

    def _commit_text(self, field: str) -> None:
        if field == "description" and self.description.document().isModified():
            self._commit("description", self.description.toPlainText())

    def _commit(self, field: str, value: Any) -> None:
        from cockpit.services.ownership import set_owner
        from cockpit.services.scope import update_item

        card = self.card
        if self._loading or card is None:
            return
        for edit in (self.title, self.estimate):
            edit.setModified(False)
        self.description.document().setModified(False)
        if _same(card, field, value):
            return
        if field == "owner_id":  # one service writes owners (the owners view uses it too)
            changed = self.hub.run(lambda plan: set_owner(plan, "item", card.id, value), parent=self)
        else:
            changed = self.hub.run(lambda plan: update_item(plan, card.id, **{field: value}), parent=self)
        if changed is None:
            self._restore()

    def _commit_owner(self) -> None:
        if self._loading or self.card is None:
            return
        text = self.owner.currentText().strip()
        if text in ("", NO_OWNER):
            value: Any = None
        else:
            index = self.owner.findText(text, Qt.MatchFlag.MatchFixedString)
            value = self.owner.itemData(index) if index > 0 else text  # a typed name: the core checks it
        self._commit("owner_id", value)

    def _commit_risks(self) -> None:
        chosen = [area for area, box in self.risks.items() if box.isChecked()]
        self._commit("risk_areas", chosen)

    def _restore(self) -> None:
        card, people = self.card, {self.owner.itemData(i): self.owner.itemText(i)
                                   for i in range(1, self.owner.count())}
        for edit in (self.title, self.estimate):
            edit.setModified(False)
        self.description.document().setModified(False)
        self.show_card(card, people)


_FIELDS: dict[str, Callable[[Card], Any]] = {
    "title": lambda c: c.title, "description": lambda c: c.description, "kind": lambda c: c.kind,
    "asked_by": lambda c: c.asked_by, "owner_id": lambda c: c.owner_id, "status": lambda c: c.status,
    "risk_areas": lambda c: list(c.risks), "check_usable": lambda c: c.checks[0],
    "check_owner_can_finish": lambda c: c.checks[1], "check_testable": lambda c: c.checks[2],
}


def _same(card: Card, field: str, value: Any) -> bool:
    if field == "estimate_days":
        try:
            return float(str(value).replace(",", ".")) == card.estimate
        except ValueError:
            return False
    if field == "risk_areas":
        return sorted(value) == sorted(card.risks)
    getter = _FIELDS.get(field)
    if getter is None:
        return False
    current = getter(card)
    return (current.strip() if isinstance(current, str) else current) == (
        value.strip() if isinstance(value, str) else value)
