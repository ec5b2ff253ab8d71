"""A stand-in window that shows only the rollback view on a plan, for the e2e test until the lead wires
the view into the main window (then the test drives ``cockpit open PATH`` + Ctrl+5 instead).

    python tests/e2e/rollback_window.py PLAN.cockpit

Not collected by pytest (no ``test_`` prefix).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main(argv: list[str]) -> int:
    import json

    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
    from PySide6.QtWidgets import QMainWindow, QWidget

    from cockpit.store import open_plan
    from ui.app import make_app
    from ui.hub import Hub
    from ui.rollback.view import RollbackView

    app = make_app()

    class Window(QMainWindow):
        def __init__(self) -> None:
            super().__init__()
            self.hub = Hub(self)
            self.view = RollbackView(self.hub)
            self.hub.problem.connect(lambda text: print("rollback-problem", text, flush=True))
            self.hub.changed.connect(lambda changes: print("rollback-changed", changes.summary, flush=True))
            QShortcut(QKeySequence("Ctrl+Q"), self, self.close)
            self.setCentralWidget(self.view)
            self.setWindowTitle("Rollback — Release Cockpit")
            self.setMinimumSize(960, 600)
            self.resize(1280, 800)

        def closeEvent(self, event: QCloseEvent) -> None:
            self.view.commit_pending()
            self.hub.detach()
            super().closeEvent(event)

    window = Window()
    window.hub.attach(open_plan(Path(argv[1])))
    window.view.tabs.setCurrentWidget(window.view.drills)
    window.show()

    def centre(widget: QWidget) -> list[int]:
        point = widget.mapToGlobal(widget.rect().center())
        return [point.x(), point.y()]

    def ready() -> None:
        # Where to click (global pixels), and which page shows: the test needs no pixel guessing.
        view = window.view
        page = "drill" if view.currentWidget() is view.drill else "plan"
        print("rollback-ready", json.dumps({"page": page, "start": centre(view.drills.start),
                                            "stop": centre(view.drill.stop), "face": view.drill.face.text()}),
              flush=True)

    QTimer.singleShot(500, ready)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
