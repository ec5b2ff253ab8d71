"""Where things are on screen, for end-to-end tests that drive the app with a real mouse.

Only active when the environment variable ``COCKPIT_E2E_PROBE`` names a file: then, whenever
a file of that name plus ".request" appears, the app writes into the named file the global
rectangle of every visible widget that has an accessible or object name, and of every
visible item of every item view (keyed "<view name>/<item text>"), and removes the request.
Tests create the request and read the JSON, so they never guess pixels and need no key
that could disturb focus. Without the variable nothing is installed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QRect, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMenu, QWidget

ENV = "COCKPIT_E2E_PROBE"


def _global(widget: QWidget, rect: QRect) -> list[int]:
    top_left = widget.mapToGlobal(rect.topLeft())
    return [top_left.x(), top_left.y(), rect.width(), rect.height()]


def snapshot() -> dict[str, list[int]]:
    """Names → [x, y, width, height] in global (screen) coordinates."""
    found: dict[str, list[int]] = {}
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        found.setdefault(f"window:{top.windowTitle()}", _global(top, top.rect()))
        for widget in [top, *top.findChildren(QWidget)]:
            if not widget.isVisible():
                continue
            name = widget.accessibleName() or widget.objectName()
            if name:
                found.setdefault(name, _global(widget, widget.rect()))
            if isinstance(widget, QAbstractItemView) and widget.model() is not None and name:
                _items(widget, name, found)
            if isinstance(widget, QMenu) and name:  # an open menu's entries: "<menu>/<entry text>"
                for action in widget.actions():
                    text = action.text().replace("&", "")
                    if action.isVisible() and text:
                        found.setdefault(f"{name}/{text}", _global(widget, widget.actionGeometry(action)))
    return found


def _items(view: QAbstractItemView, name: str, found: dict[str, list[int]]) -> None:
    model = view.model()
    viewport = view.viewport()
    # the part not clipped by an enclosing scroll area (a page scrolled past the view's top rows)
    area = viewport.visibleRegion().boundingRect()
    root = QModelIndex()
    # A list model's columnCount is private in PySide: lists have one column.
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(root)
    for row in range(model.rowCount(root)):
        for column in range(columns):
            index = model.index(row, column)
            rect = view.visualRect(index)
            if not rect.isValid() or not area.intersects(rect):
                continue
            rect = rect.intersected(area)
            text = index.data(Qt.ItemDataRole.DisplayRole)
            key = f"{name}/{text}" if column == 0 else f"{name}/{row},{column}"
            found.setdefault(key, _global(viewport, rect))


def install(window: QWidget) -> None:
    path = os.environ.get(ENV)
    if not path:
        return
    target = Path(path)
    request = target.with_name(target.name + ".request")

    def poll() -> None:
        if not request.exists():
            return
        tmp = target.with_name(target.name + ".part")
        tmp.write_text(json.dumps(snapshot()), encoding="utf-8")
        tmp.replace(target)
        request.unlink(missing_ok=True)

    timer = QTimer(window)
    timer.setInterval(100)
    timer.timeout.connect(poll)
    timer.start()
