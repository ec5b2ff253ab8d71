"""Reset-session step switching on a 1,000-card plan (offscreen, presentation mode, 1280×720).

A step switch is what Next, Back or the agenda does: the session's clock saved (one transaction), the
panel refreshed (the record and "still open" for the new step, from a fresh snapshot), the step's view
shown and painted. Each step is measured as it is after a change made elsewhere (its view out of date,
so it reads the plan again), the usual case in a session where every step edits the plan. The peer, in
the same run: the same views shown through the ordinary navigation, equally out of date.

Usage: .venv/bin/python tests/bench/session.py [--rounds 12]
Target (issue 20): a step switch ≤ 100 ms (median and p95 per step).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from _common import bench_home, percentile
from board import build_plan

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
TARGET_MS = 100


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=12)
    args = parser.parse_args()
    home = bench_home("cockpit-bench-session-")
    path = home / "bench.cockpit"
    build_plan(path, cards=1000)

    from PySide6.QtWidgets import QApplication

    from cockpit.rules import session as rules
    from ui import app as app_module
    from ui.main_window import MainWindow

    app = app_module.make_app()
    window = MainWindow()
    window.resize(1280, 720)
    window.show()
    window.open_path(path)
    window.set_presentation(True)
    QApplication.processEvents()
    assert window.run_session()
    panel = window.session_panel()
    for key in rules.KEYS:  # every view built once, as after the first pass through the agenda
        panel.go(key)
        QApplication.processEvents()

    def paint() -> None:
        window.stack.currentWidget().repaint()
        panel.repaint()

    steps: dict[str, list[float]] = {key: [] for key in rules.KEYS}
    plain: dict[str, list[float]] = {key: [] for key in rules.KEYS}
    for _ in range(args.rounds):
        for key in rules.KEYS:
            section = rules.step(key).section
            window.views[section]._stale = True  # as after a change made elsewhere
            t0 = time.perf_counter()
            panel.go(key)
            paint()
            steps[key].append((time.perf_counter() - t0) * 1000)
            QApplication.processEvents()
        for key in rules.KEYS:  # the peer: the same views through the navigation
            section = rules.step(key).section
            window.views[section]._stale = True
            t0 = time.perf_counter()
            window.go_to(window.sections.row_of(section))
            window.stack.currentWidget().repaint()
            plain[key].append((time.perf_counter() - t0) * 1000)
            QApplication.processEvents()
    window.close()
    del app

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    print(f"plan: 1,000 cards, 12 people; {args.rounds} rounds through the six steps, presentation mode, 1280×720\n")
    print(f"{'step (its view)':<28}{'median ms':>10}{'p95 ms':>9}{'view alone':>12}{'ratio':>7}   target")
    ok = True
    for key in rules.KEYS:
        median, p95 = statistics.median(steps[key]), percentile(steps[key], 0.95)
        peer = statistics.median(plain[key])
        passed = median <= TARGET_MS and p95 <= TARGET_MS
        ok &= passed
        name = f"{rules.step(key).title} ({rules.step(key).section})"
        print(f"{name:<28}{median:>10.1f}{p95:>9.1f}{peer:>12.1f}{median / max(peer, 0.01):>7.2f}   "
              f"≤ {TARGET_MS}: {'PASS' if passed else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
