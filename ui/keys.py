"""The key map a person can see: every shortcut of the window and of each view, read from the
actions and shortcuts themselves (so the overlay, the README's list and the clash test cannot drift
from what the keys really do), and the overlay that F1 or ? opens."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from PySide6.QtWidgets import QMenuBar

WINDOW = "Everywhere"
#: the plan's undo and redo, the same on every platform (Qt's standard keys differ between platform themes)
UNDO = "Ctrl+Z"
REDO = ("Ctrl+Shift+Z", "Ctrl+Y")
_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


@dataclass(frozen=True)
class Key:
    """One binding: where it works, what it does, the keys (in the platform's words)."""

    group: str
    what: str
    keys: str
    #: Qt's shortcut context, and the object that owns the binding (for the clash test)
    context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut
    owner: int = 0


def plain(text: str) -> str:
    """A menu or button text without its mnemonic marks and trailing dots."""
    return re.sub(r"&(.)", r"\1", text).replace("…", "").strip()


def describe(shortcut: QShortcut, what: str) -> QShortcut:
    """Give a QShortcut the words the key map shows for it."""
    shortcut.setWhatsThis(what)
    return shortcut


def _sequences(binding: QAction | QShortcut) -> list[QKeySequence]:
    if isinstance(binding, QAction):
        return [k for k in binding.shortcuts() if not k.isEmpty()]
    keys = binding.keys() if hasattr(binding, "keys") else [binding.key()]
    return [k for k in keys if not k.isEmpty()]


def _bindings(root: QObject, group: str) -> list[Key]:
    found = []
    for action in root.findChildren(QAction):
        if isinstance(action.parent(), QMenu) and action.menu() is not None:
            continue
        what = plain(action.text()) or action.toolTip()
        for sequence in _sequences(action):
            found.append(Key(group, what, sequence.toString(QKeySequence.SequenceFormat.NativeText),
                             action.shortcutContext(), id(action.parent())))
    for shortcut in root.findChildren(QShortcut):
        what = shortcut.whatsThis() or ""
        for sequence in _sequences(shortcut):
            found.append(Key(group, what, sequence.toString(QKeySequence.SequenceFormat.NativeText),
                             shortcut.context(), id(shortcut.parent())))
    return found


def key_map(window: QWidget, bar: QMenuBar, views: Mapping[str, QWidget]) -> list[Key]:
    """Every binding of the window (its menu ``bar`` and its own shortcuts) and of each view, grouped,
    without repeats."""
    from ui.models.sections import SECTIONS

    found: list[Key] = []
    in_views: set[int] = set()
    titles = {section.key: section.title for section in SECTIONS}
    for key, view in views.items():
        keys = _bindings(view, titles.get(key, key))
        found.extend(keys)
        in_views.update(id(a) for a in view.findChildren(QAction))
        in_views.update(id(s) for s in view.findChildren(QShortcut))
    for menu in bar.findChildren(QMenu):
        title = plain(menu.title())
        for action in menu.actions():
            if action.menu() is not None or action.isSeparator() or id(action) in in_views:
                continue
            for sequence in _sequences(action):
                found.append(Key(f"{WINDOW}: {title} menu", plain(action.text()),
                                 sequence.toString(QKeySequence.SequenceFormat.NativeText),
                                 action.shortcutContext(), id(window)))
    for shortcut in window.findChildren(QShortcut):
        if id(shortcut) not in in_views and shortcut.whatsThis():
            for sequence in _sequences(shortcut):
                found.append(Key(WINDOW, shortcut.whatsThis(),
                                 sequence.toString(QKeySequence.SequenceFormat.NativeText),
                                 shortcut.context(), id(window)))
    unique: dict[tuple[str, str, str], Key] = {}
    for entry in found:
        unique.setdefault((entry.group, entry.what, entry.keys), entry)
    return list(unique.values())


def mnemonics(root: QWidget) -> dict[str, list[str]]:
    """Alt+letter → the visible labels, buttons and group boxes that claim it under ``root``."""
    found: dict[str, list[str]] = {}
    widgets = [w for w in root.findChildren(QWidget) if w.isVisibleTo(root)]
    for widget in widgets:
        if (isinstance(widget, QLabel) and widget.buddy() is not None) or isinstance(widget, QAbstractButton):
            text = widget.text()
        elif isinstance(widget, QGroupBox):
            text = widget.title()
        else:
            continue
        match = re.search(r"&([^&\s])", text.replace("&&", ""))
        if match:
            found.setdefault(f"Alt+{match.group(1).upper()}", []).append(plain(text))
    return found


def clashes(window: QWidget, bar: QMenuBar, views: Mapping[str, QWidget], view: QWidget | None) -> list[str]:
    """Keys bound to two different things where both can fire: the window's bindings with the
    shown view's, and the Alt+letter mnemonics of the menu bar and of the view."""
    bindings = key_map(window, bar, views)
    everywhere = [k for k in bindings if k.group.startswith(WINDOW)]
    group = next((k for k, v in views.items() if v is view), None)
    from ui.models.sections import SECTIONS

    title = next((s.title for s in SECTIONS if s.key == group), "")
    local = [k for k in bindings if k.group == title]
    problems = []
    seen: dict[str, list[Key]] = {}
    for entry in everywhere + local:
        seen.setdefault(entry.keys, []).append(entry)
    for keys, entries in seen.items():
        for n, one in enumerate(entries):
            for other in entries[n + 1:]:
                if one.what == other.what:
                    continue
                if one.context in _WIDE or other.context in _WIDE or one.owner == other.owner:
                    problems.append(f"{keys}: “{one.what}” ({one.group}) and “{other.what}” ({other.group})")
    letters: dict[str, list[str]] = {}
    for action in bar.actions():
        match = re.search(r"&([^&\s])", action.text())
        if match:
            letters.setdefault(f"Alt+{match.group(1).upper()}", []).append(f"the {plain(action.text())} menu")
    if view is not None:
        for keys, names in mnemonics(view).items():
            letters.setdefault(keys, []).extend(names)
    for keys, names in letters.items():
        if len(names) > 1:
            problems.append(f"{keys}: " + " and ".join(f"“{n}”" for n in names) + f" ({title or WINDOW})")
    return problems


class KeyMapOverlay(QDialog):
    """Every shortcut, grouped by where it works, with a search field (F1, or ? outside text fields)."""

    def __init__(self, window: QWidget, entries: list[Key]) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        layout = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find a key or an action…")
        self.search.setAccessibleName("Find a shortcut")
        self.search.setClearButtonEnabled(True)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Shortcuts")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["What", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        hint = QLabel("Alt and the underlined letter reach a field or button; Tab moves between them. Esc closes.")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.search.textChanged.connect(self.filter)
        self._fill(entries)
        screen = window.screen().availableGeometry() if window.screen() is not None else None
        if screen is not None:  # never larger than the screen it opens on (a projector's 1024×768)
            self.resize(min(760, screen.width() - 40), min(640, screen.height() - 60))
        layout.activate()  # its least size is set now, before the window exists (not again once shown)

    def _fill(self, entries: list[Key]) -> None:
        groups: dict[str, QTreeWidgetItem] = {}
        #: (group row, its binding rows), in the order shown
        self._rows: list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]] = []
        for entry in sorted(entries, key=lambda k: (not k.group.startswith(WINDOW), k.group)):
            if not entry.what:
                continue
            parent = groups.get(entry.group)
            if parent is None:
                parent = QTreeWidgetItem(self.tree, [entry.group, ""])
                font = parent.font(0)
                font.setBold(True)
                parent.setFont(0, font)
                parent.setFirstColumnSpanned(True)
                groups[entry.group] = parent
                self._rows.append((parent, []))
            self._rows[-1][1].append(QTreeWidgetItem(parent, [entry.what, entry.keys]))
        self.tree.expandAll()
        self.tree.resizeColumnToContents(1)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, self.tree.header().ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, self.tree.header().ResizeMode.ResizeToContents)

    def filter(self, text: str) -> None:
        """Show only the bindings whose words or keys contain every word typed."""
        words = text.lower().split()
        for group, children in self._rows:
            shown = 0
            for child in children:
                haystack = f"{group.text(0)} {child.text(0)} {child.text(1)}".lower()
                hide = not all(word in haystack for word in words)
                child.setHidden(hide)
                shown += not hide
            group.setHidden(shown == 0)

    def visible_rows(self) -> list[tuple[str, str]]:
        return [(child.text(0), child.text(1)) for group, children in self._rows if not group.isHidden()
                for child in children if not child.isHidden()]


def markdown(entries: list[Key]) -> str:
    """The key list for the README, grouped like the overlay."""
    lines: list[str] = []
    current = None
    for entry in sorted(entries, key=lambda k: (not k.group.startswith(WINDOW), k.group)):
        if not entry.what:
            continue
        if entry.group != current:
            current = entry.group
            lines += ["", f"**{current}**", ""]
        lines.append(f"- {entry.keys}: {entry.what}")
    return "\n".join(lines).strip() + "\n"

