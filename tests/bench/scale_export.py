"""``cockpit export --json`` of a 100,000-item plan (issue 17, finding 14): time and peak memory.

Each run is a whole ``cockpit export`` process (start, open and check the plan, read it, write the
JSON file), timed from outside; its peak memory is the child's maximum resident set (``wait4``).
With ``--old`` the same plan is exported by another checkout in the same session, alternating runs,
and the two files must be equal but for ``exported_at``. ``--phases`` adds one run of the new code
split into its parts (open and check, read the snapshots, write the text), to show where the time goes.

Usage: .venv/bin/python tests/bench/scale_export.py [--items 100000] [--description-chars 0] [--runs 5]
       [--old /tmp/old-scale] [--phases]
Targets (issue 17): ≤ 3 s and ≤ 200 MB for a plan of 100,000 items.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import bench_home

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MAIN = "import sys; from ui.main import main; sys.exit(main())"
PHASES = """
import sys, time
t0 = time.perf_counter()
from pathlib import Path
from cockpit import clock, reader
from cockpit.files import writing_safely
from cockpit.reading import plan_wide, read_plan
from cockpit.reports.export import export_chunks
from ui.cli.files import blocks
t1 = time.perf_counter()
with read_plan(Path(sys.argv[1])) as plan:
    t2 = time.perf_counter()
    people, settings = plan_wide(plan.raw)
    cycles, log = reader.read_plan(plan.raw, plan.path.name), reader.change_log(plan.raw)
    t3 = time.perf_counter()
    with writing_safely(sys.argv[2]) as out:
        for block in blocks(export_chunks(cycles, log, people=people, settings=settings, exported_at=clock.now())):
            out.write(block.encode("utf-8"))
    t4 = time.perf_counter()
# The text as the previous code made it from the same snapshots: the whole dict, then json.dumps.
import json
from cockpit.reports.export import export_plan
t5 = time.perf_counter()
text = json.dumps(export_plan(cycles, log, people=people, settings=settings, exported_at=clock.now()), indent=2,
                  ensure_ascii=False)
t6 = time.perf_counter()
print(f"{t1 - t0:.3f} {t2 - t1:.3f} {t3 - t2:.3f} {t4 - t3:.3f} {t6 - t5:.3f}")
"""


def export_once(tree: Path, plan: Path, out: Path, cwd: Path) -> tuple[float, float]:
    """(seconds, peak MB) of one ``cockpit export`` process running the code of ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    t0 = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", MAIN, "export", str(plan), "--json", str(out)], env=env, cwd=cwd,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - t0
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"export with {tree} failed: {child.stderr.read().decode() if child.stderr else ''}")
    return seconds, usage.ru_maxrss / 1024


def without_moment(path: Path) -> bytes:
    return re.sub(rb'"exported_at": "[^"]*"', b'"exported_at": ""', path.read_bytes())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--description-chars", type=int, default=0,
                        help="give every item a description this long (an imported backlog has them)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--old", type=Path, help="another checkout to export the same plan with, for comparison")
    parser.add_argument("--phases", action="store_true", help="also time the new code's parts in one run")
    args = parser.parse_args()
    from scale_plan import build_scale_plan

    home = bench_home("cockpit-scale-export-")
    plan = build_scale_plan(home / "scale.cockpit", args.items, description_chars=args.description_chars)
    trees = {"new": ROOT} | ({"old": args.old.resolve()} if args.old else {})
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
    for _ in range(args.runs):
        for name, tree in trees.items():
            samples[name].append(export_once(tree, plan, home / f"{name}.json", home))
    new_file = home / "new.json"
    data = json.loads(new_file.read_bytes())
    assert len(data["cycles"][-1]["scope_items"]) >= args.items
    del data
    same = args.old is None or without_moment(new_file) == without_moment(home / "old.json")

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    print(f"plan: {args.items:,} scope items (+ the example's 16), {args.description_chars}-character descriptions, "
          f"{plan.stat().st_size / 1e6:.1f} MB; JSON {new_file.stat().st_size / 1e6:.1f} MB; {args.runs} runs each\n")
    print(f"{'code':<6}{'median s':>10}{'min s':>8}{'max s':>8}{'peak MB (max)':>15}")
    for name, values in samples.items():
        seconds = [s for s, _ in values]
        print(f"{name:<6}{statistics.median(seconds):>10.2f}{min(seconds):>8.2f}{max(seconds):>8.2f}"
              f"{max(m for _, m in values):>15.0f}")
    new_s = statistics.median(s for s, _ in samples["new"])
    new_mb = max(m for _, m in samples["new"])
    if "old" in samples:
        old_s = statistics.median(s for s, _ in samples["old"])
        old_mb = max(m for _, m in samples["old"])
        print(f"\nold/new: {old_s / new_s:.1f}× the time, {old_mb / new_mb:.1f}× the memory; "
              f"files equal but for exported_at: {'yes' if same else 'NO'}")
    if args.phases:
        run = subprocess.run([sys.executable, "-c", PHASES, str(plan), str(home / "phases.json")], cwd=home,
                             env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, check=True)
        imports, opened, read, written, dumped = (float(x) for x in run.stdout.split())
        print(f"\nnew code in parts: imports {imports:.2f} s, open and check {opened:.2f} s, read the snapshots "
              f"(cockpit.reader) {read:.2f} s, write the text {written:.2f} s (the previous way, dict and "
              f"json.dumps from the same snapshots, without writing: {dumped:.2f} s)")
    passed = new_s <= 3.0 and new_mb <= 200 and same
    print(f"\ntarget ≤ 3 s and ≤ 200 MB: {'PASS' if passed else 'FAIL'} ({new_s:.2f} s, {new_mb:.0f} MB)")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
