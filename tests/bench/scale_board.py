"""The Scope view of a 100,000-item plan (issue 17, finding 14), offscreen, old and new code in one run.

Measures, in one process per code tree (the plan from ``scale_plan.py``):
  * open: the window opens the plan and shows the Overview (for information: the reader and the Overview),
  * switch: Overview → Scope with the board out of date (as after a change made elsewhere): the board
    reloaded from the hub's snapshot and its three lanes painted; the first switch also builds the view,
  * scroll: one wheel step (three cards) in the In-release lane, repainted; and a jump to the end,
  * find: typing one letter into Find, then a second (every lane filtered and repainted),
  * cut: a card dropped on Cut (the move service's transaction, the board patched, both lanes
    repainted), its undo, and the hub's re-read of the snapshot after it (``hub.cycle()``, which the
    next view shown pays; the board itself patches from the change and does not read).

Usage: .venv/bin/python tests/bench/scale_board.py [--items 100000] [--runs 15] [--old /tmp/old-scale]
``--old`` runs the same measurements on another checkout (e.g. ``git worktree add /tmp/old-scale 5e1b996``)
in a second process, with fewer runs (the old board takes seconds per switch).
Targets (issue 17): switch ≤ 200 ms; scrolling smooth: a wheel step ≤ 16 ms (60 frames a second).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import bench_home, percentile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def _ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000


def measure(path: Path, runs: int) -> dict[str, list[float]]:
    """Every measure's samples (ms) on the plan at ``path``, with the code on ``sys.path``."""
    from PySide6.QtCore import QModelIndex, Qt
    from PySide6.QtWidgets import QApplication

    from ui import app as app_module
    from ui.main_window import MainWindow

    app = app_module.make_app()
    window = MainWindow()
    window.hub.ask_reason = lambda parent, question: "Benchmark"  # type: ignore[method-assign]  # no dialog here
    window.resize(1366, 768)
    window.show()
    QApplication.processEvents()
    out: dict[str, list[float]] = {}
    t0 = time.perf_counter()
    assert window.open_path(path)
    QApplication.processEvents()
    out["open the plan (Overview shown)"] = [_ms(t0)]

    def paint_lanes() -> None:
        for column in window.views["scope"].columns.values():
            column.view.viewport().repaint()

    t0 = time.perf_counter()
    window.go_to(1)
    paint_lanes()
    out["first switch to Scope (view built)"] = [_ms(t0)]
    switches = []
    for _ in range(runs):
        window.go_to(0)
        QApplication.processEvents()
        window.view("scope")._stale = True  # as after a change made elsewhere; the hub keeps its snapshot
        t0 = time.perf_counter()
        window.go_to(1)
        paint_lanes()
        switches.append(_ms(t0))
    out["switch to Scope (reload + paint)"] = switches
    QApplication.processEvents()

    board = window.views["scope"]
    lane = board.columns["in release"].view
    bar = lane.verticalScrollBar()
    steps = []
    for _ in range(runs * 4):
        t0 = time.perf_counter()
        bar.setValue(bar.value() + 3 * lane.sizeHintForRow(0))
        lane.viewport().repaint()
        steps.append(_ms(t0))
    out["scroll one wheel step + paint"] = steps
    jumps = []
    for n in range(runs):
        t0 = time.perf_counter()
        bar.setValue(bar.maximum() if n % 2 == 0 else 0)
        lane.viewport().repaint()
        jumps.append(_ms(t0))
    out["jump to the end / start + paint"] = jumps

    finds = []
    for _ in range(max(3, runs // 3)):
        t0 = time.perf_counter()
        board.finder.setText("i")
        paint_lanes()
        board.finder.setText("it")
        paint_lanes()
        finds.append(_ms(t0) / 2)
        board.finder.setText("")
    out["find: one more letter typed + paint"] = finds
    QApplication.processEvents()

    from cockpit.services import scope

    service: list[float] = []
    in_service = [0.0]
    move_items = scope.move_items

    def timed_move(*args, **kwargs):  # the service's own share of a cut (it runs twice: asked why, then cut)
        t0 = time.perf_counter()
        try:
            return move_items(*args, **kwargs)
        finally:
            in_service[0] += _ms(t0)

    scope.move_items = timed_move  # the board imports it at each move
    source, target = board.models["in release"], board.models["cut"]
    views = [board.columns["in release"].view, board.columns["cut"].view]
    cuts, undos, rereads = [], [], []
    for n in range(runs):
        card = source.card(n % 20) or source.card(n % 20 + 1)
        data = source.mimeData([source.index(source.row_of(card.id))])
        in_service[0] = 0.0
        t0 = time.perf_counter()
        assert target.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
        for view in views:
            view.viewport().repaint()
        cuts.append(_ms(t0))
        service.append(in_service[0])
        t0 = time.perf_counter()
        window.undo()
        for view in views:
            view.viewport().repaint()
        undos.append(_ms(t0))
        assert source.row_of(card.id) >= 0
    for n in range(max(3, runs // 3)):  # apart from the cuts: a new snapshot of 100,000 items wakes the GC
        card = source.card(n % 20) or source.card(n % 20 + 1)
        assert target.dropMimeData(source.mimeData([source.index(source.row_of(card.id))]), Qt.DropAction.MoveAction,
                                   0, 0, QModelIndex())
        t0 = time.perf_counter()
        window.hub.cycle()
        rereads.append(_ms(t0))
        window.undo()
    out["cut by drop (commit + patch + paint)"] = cuts
    out["  of which the move service (scope.py)"] = service
    out["undo of the cut"] = undos
    out["hub re-reads the snapshot after it"] = rereads
    window.close()
    del app
    return out


TARGETS = {"switch to Scope (reload + paint)": 200.0, "scroll one wheel step + paint": 16.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--old", type=Path, help="another checkout to measure the same way, for comparison")
    parser.add_argument("--plan", type=Path, help=argparse.SUPPRESS)  # the second process's plan
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # the second process's output
    args = parser.parse_args()
    if args.plan is not None:
        print(json.dumps(measure(args.plan, args.runs)))
        return 0
    from scale_plan import build_scale_plan

    home = bench_home("cockpit-scale-board-")
    path = build_scale_plan(home / "scale.cockpit", args.items)
    results = {"new": measure(path, args.runs)}
    if args.old is not None:
        env = {**os.environ, "PYTHONPATH": str(args.old)}
        old = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--plan", str(path), "--runs",
                              str(max(3, args.runs // 5))], capture_output=True, text=True, env=env, cwd=home,
                             check=False)
        if old.returncode != 0:
            print(old.stderr[-2000:], file=sys.stderr)
            return 1
        results["old"] = json.loads(old.stdout.strip().splitlines()[-1])
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    print(f"plan: {args.items:,} scope items (+ the example's 16); medians of {args.runs} runs (old: fewer)\n")
    header = f"{'measure':<40}{'new median':>11}{'p95':>8}" + (f"{'old median':>12}{'old/new':>9}" if "old" in results
                                                               else "") + "   target"
    print(header)
    ok = True
    for name, values in results["new"].items():
        median, p95 = statistics.median(values), percentile(values, 0.95)
        line = f"{name:<40}{median:>9.1f}ms{p95:>8.1f}"
        if "old" in results and name in results["old"]:
            old_median = statistics.median(results["old"][name])
            line += f"{old_median:>10.1f}ms{old_median / median:>8.1f}×"
        elif "old" in results:
            line += " " * 21
        target = TARGETS.get(name)
        if target is not None:
            passed = median <= target
            ok &= passed
            line += f"   median ≤ {target:g} ms: {'PASS' if passed else 'FAIL'}"
        print(line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
