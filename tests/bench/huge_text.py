"""``cockpit brief`` of a plan with a megabyte-long title (another tool wrote it) against the same plan with
normal titles, whole processes, runs interleaved (issue 17, finding 2: under 1 s).

Usage: .venv/bin/python tests/bench/huge_text.py [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import bench_home  # noqa: E402

COCKPIT = Path(sys.executable).with_name("cockpit")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from cockpit.example import create_example

    home = bench_home()
    normal, huge = home / "normal.cockpit", home / "huge.cockpit"
    create_example(normal, today=dt.date(2026, 11, 18)).close()
    huge.write_bytes(normal.read_bytes())
    conn = sqlite3.connect(huge)
    with conn:
        conn.execute("UPDATE scope_item SET title = ? WHERE id = 1", ("Huge " * 200_000,))
        conn.execute("UPDATE release SET problem = ?", ("Huge " * 200_000,))
    conn.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    times: dict[str, list[float]] = {"normal": [], "huge": []}
    for run in range(args.runs + 1):
        for name, plan in (("normal", normal), ("huge", huge)):
            started = time.perf_counter()
            subprocess.run([str(COCKPIT), "brief", str(plan), "-o", str(home / f"{name}.pdf")], check=True,
                           capture_output=True, env=env)
            if run:  # the first round warms the caches
                times[name].append(time.perf_counter() - started)
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"cockpit brief, median of {args.runs}: normal {medians['normal']:.2f} s, 1 MB title and problem "
          f"{medians['huge']:.2f} s (ratio {medians['huge'] / medians['normal']:.2f}); target < 1 s: "
          f"{'PASS' if medians['huge'] < 1.0 else 'FAIL'}")


if __name__ == "__main__":
    main()
