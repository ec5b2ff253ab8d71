"""Timeline benchmark on a 1,000-item plan with 200 change-log rows per week (offscreen).

Measures, in one process:
  * opening the timeline (report read from the plan → every part of the view painted),
  * dragging a milestone: one mouse move → preview → canvas repainted, as frames per second.

Usage: .venv/bin/python tests/bench/timeline.py [--runs 40]
Targets (timeline issue): opens ≤ 150 ms (median); drag repaints at ≥ 30 frames per second (median and p95
frame time ≤ 33.3 ms).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from _common import bench_home, percentile

from cockpit import orm

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "bench"))


def build_plan(path: Path) -> int:
    """The board benchmark's 1,000-card plan, plus four weeks of check-ins, blockers and 200 changes a week."""
    from board import build_plan as build_board_plan

    from cockpit.model import Blocker, ChangeLogEntry, CheckIn, Release

    build_board_plan(path, 1000)
    from cockpit.store import open_plan

    with open_plan(path) as plan:
        release_id = plan.live_release_id()
        with orm.session(plan) as session, session.begin():
            release = session.get(Release, release_id)
            start = release.start_date
            for n in range(28):
                day = start + dt.timedelta(days=n)
                if day.weekday() < 5:
                    check_in = CheckIn(release_id=release_id, day=day, shipped=f"Shipped {n}", blocks="",
                                       done_days=n * 1.5)
                    session.add(check_in)
                    session.flush()
                    session.add(Blocker(release_id=release_id, check_in_id=check_in.id, text=f"Blocker {n}",
                                        category="handoff", remover_id=1 + n % 12, raised_on=day,
                                        cleared_on=day if n % 3 else None))
            areas = ("scope", "dates", "owners", "check-in", "plan")
            for week in range(4):
                for n in range(200):
                    at = dt.datetime.combine(start + dt.timedelta(days=week * 7 + n % 5), dt.time(9 + n % 8),
                                             tzinfo=dt.UTC)
                    session.add(ChangeLogEntry(at=at, release_id=release_id, area=areas[n % len(areas)],
                                               action="bench", summary=f"Change {n}",
                                               finish_line_move=(n == 0 and week == 2)))
        return release_id


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    home = bench_home("cockpit-bench-")
    path = home / "bench.cockpit"
    build_plan(path)

    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from cockpit.store import open_plan
    from ui import app as app_module
    from ui.hub import Hub
    from ui.timeline.view import TimelineView

    app = app_module.make_app()
    hub = Hub()
    view = TimelineView(hub)
    view.setMinimumSize(960, 600)
    view.resize(1366, 900)
    view.show()
    hub.attach(open_plan(path))
    QApplication.processEvents()
    facts = view.facts
    assert facts is not None and facts.progress.scope_days > 0 and facts.stability.total >= 480

    opens = []
    for _ in range(args.runs):
        view._stale = True
        t0 = time.perf_counter()
        view.reload()
        view.repaint()  # the canvas, both charts, the check-in panel: everything on screen
        opens.append((time.perf_counter() - t0) * 1000)

    canvas = view.canvas
    frames = []
    for run in range(max(3, args.runs // 10)):
        key = ("rollback rehearsal", "scope freeze", "go/no-go review")[run % 3]
        start = canvas.marker_rect(key).center().toPoint()
        QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
        step = max(1.0, canvas._day_width() / 4)
        for n in range(1, 60):
            x = int(start.x() + step * (n if n < 30 else 60 - n))  # out and back
            t0 = time.perf_counter()
            QTest.mouseMove(canvas, QPoint(x, start.y()))
            canvas.repaint()
            frames.append((time.perf_counter() - t0) * 1000)
        canvas.cancel()  # release without a move: no change written
        QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)

    hub.detach()
    view.close()
    del app
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    print(f"plan: 1,000 items, {facts.stability.total} changes to scope/dates/owners over 4 weeks "
          f"(800 change-log rows), {len(facts.check_ins)} check-ins; {len(opens)} opens, {len(frames)} drag frames\n")
    print(f"{'measure':<36}{'median':>9}{'p95':>9}{'max':>9}   target")
    open_median, open_p95 = statistics.median(opens), percentile(opens, 0.95)
    frame_median, frame_p95 = statistics.median(frames), percentile(frames, 0.95)
    open_ok = open_median <= 150
    drag_ok = frame_median <= 1000 / 30 and frame_p95 <= 1000 / 30
    print(f"{'open the timeline (ms)':<36}{open_median:>9.1f}{open_p95:>9.1f}{max(opens):>9.1f}   "
          f"median ≤ 150 ms: {'PASS' if open_ok else 'FAIL'}")
    print(f"{'drag frame: move + repaint (ms)':<36}{frame_median:>9.2f}{frame_p95:>9.2f}{max(frames):>9.2f}   "
          f"≤ 33.3 ms (30 fps)")
    print(f"{'drag frames per second':<36}{1000 / frame_median:>9.0f}{1000 / frame_p95:>9.0f}{'':>9}   "
          f"≥ 30 fps at median and p95: {'PASS' if drag_ok else 'FAIL'}")
    return 0 if open_ok and drag_ok else 1


if __name__ == "__main__":
    sys.exit(main())
