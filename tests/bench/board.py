"""Scope board benchmark on a 1,000-card plan (offscreen).

Measures, in one process:
  * switching to the board (go_to → board reloaded and its lanes painted),
  * a cut by drop (dropMimeData → transaction committed → both lanes repainted),
  * the undo of that cut (undo → committed → both lanes repainted).

Usage: .venv/bin/python tests/bench/board.py [--runs 60]
Targets (issue 4): cut by drop and its undo median ≤ 16 ms and p95 ≤ 50 ms; switching ≤ 150 ms.
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


def build_plan(path: Path, cards: int = 1000) -> None:
    """A plan with people and ``cards`` scope items spread over the lanes, built in one session."""
    from cockpit import clock
    from cockpit.model import ScopeItem
    from cockpit.rules.dates import four_week_dates, monday_on_or_after
    from cockpit.services import people, release
    from cockpit.store import create_plan

    with create_plan(path) as plan:
        start = monday_on_or_after(dt.date.today())
        target, backup = four_week_dates(start)
        release_id = release.create_release(plan, "Bench release", start, target, backup,
                                            "Customers cannot pay by card.").result
        owners = [people.add_person(plan, f"Person {n}", 5).result for n in range(12)]
        lanes = ("in release", "in release", "cut", "parked")
        with orm.session(plan) as session, session.begin():
            for n in range(cards):
                session.add(ScopeItem(release_id=release_id, title=f"Card {n}: do the thing number {n}",
                                      kind="feature", estimate_days=1 + n % 5, owner_id=owners[n % len(owners)],
                                      lane=lanes[n % len(lanes)], position=n * 1024,
                                      risk_areas="billing/payments" if n % 7 == 0 else "",
                                      check_usable=n % 11 != 0, added_at=clock.now()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    home = bench_home("cockpit-bench-")
    path = home / "bench.cockpit"
    build_plan(path)

    from PySide6.QtCore import QModelIndex, Qt
    from PySide6.QtWidgets import QApplication

    from ui import app as app_module
    from ui.main_window import MainWindow

    app = app_module.make_app()
    window = MainWindow()
    window.hub.ask_reason = lambda parent, question: "Benchmark"  # type: ignore[method-assign]  # no dialog here
    window.resize(1366, 768)
    window.show()
    window.open_path(path)
    QApplication.processEvents()

    switches = []
    for _ in range(max(5, args.runs // 6)):
        window.go_to(0)
        QApplication.processEvents()
        window.view("scope")._stale = True  # as after a change made elsewhere
        t0 = time.perf_counter()
        window.go_to(1)
        board = window.views["scope"]
        for column in board.columns.values():
            column.view.viewport().repaint()
        switches.append((time.perf_counter() - t0) * 1000)

    board = window.views["scope"]
    source, target = board.models["in release"], board.models["cut"]
    views = [board.columns["in release"].view, board.columns["cut"].view]
    cuts, undos = [], []
    for n in range(args.runs):
        card = source.cards()[n % 50]
        data = source.mimeData([source.index(source.row_of(card.id))])
        t0 = time.perf_counter()
        assert target.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
        for view in views:
            view.viewport().repaint()
        cuts.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        window.undo()
        for view in views:
            view.viewport().repaint()
        undos.append((time.perf_counter() - t0) * 1000)
        assert source.row_of(card.id) >= 0

    window.close()
    del app
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    print(f"plan: 1,000 cards; {args.runs} cuts by drop, each undone\n")
    print(f"{'measure':<34}{'median ms':>10}{'p95 ms':>9}{'max ms':>9}   target")
    rows = [("switch to the board", switches, 150, None), ("cut by drop (commit + repaint)", cuts, 16, 50),
            ("undo of the cut", undos, 16, 50)]
    ok = True
    for name, values, median_target, p95_target in rows:
        median, p95 = statistics.median(values), percentile(values, 0.95)
        passed = median <= median_target and (p95_target is None or p95 <= p95_target)
        ok &= passed
        target_text = f"median ≤ {median_target}" + (f", p95 ≤ {p95_target}" if p95_target else "")
        print(f"{name:<34}{median:>10.1f}{p95:>9.1f}{max(values):>9.1f}   {target_text}: "
              f"{'PASS' if passed else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
