"""The floor for the startup benchmark: PySide6 + sqlite3 showing a plan's 1,000 rows in a QTableView.

Prints ``first-paint <unix time>`` when the window first paints and ``plan-visible <unix time>``
once the rows are in the view and painted, then exits. Usage: floor_app.py PLAN
"""

from __future__ import annotations

import sqlite3
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView


class Window(QMainWindow):
    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.painted = False
        self.view = QTableView()
        self.setCentralWidget(self.view)
        self.resize(1280, 800)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            print(f"first-paint {time.time():.6f}", file=sys.stderr, flush=True)
            QTimer.singleShot(0, self.load)

    def load(self) -> None:
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        rows = conn.execute("SELECT title, kind, lane, estimate_days, status FROM scope_item ORDER BY id").fetchall()
        conn.close()
        model = QStandardItemModel(len(rows), 5)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                model.setItem(r, c, QStandardItem(str(value)))
        self.view.setModel(model)
        self.view.viewport().repaint()
        print(f"plan-visible {time.time():.6f}", file=sys.stderr, flush=True)
        QTimer.singleShot(0, QApplication.instance().quit)


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = Window(sys.argv[1])
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
