"""Import benchmark: a 10,000-row Jira CSV export, imported by ``cockpit import`` as a whole process.

Measures, each on a fresh copy of the example plan:
  * the whole ``cockpit import PLAN jira.csv`` process (start-up, reading, one transaction, exit),
  * a re-import of the same file (every item matched by key: nothing new),
  * in-process: reading alone, the import service alone, and undoing the import (10,000 row snapshots).

Usage: .venv/bin/python tests/bench/import_jira.py [--runs 5] [--rows 10000]
Target (issue: import a real backlog): the whole process ≤ 2 s for 10,000 rows.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import bench_home, percentile

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
COCKPIT = Path(sys.executable).with_name("cockpit")
HEADER = ("Summary", "Issue key", "Issue id", "Parent id", "Issue Type", "Status", "Project key", "Project name",
          "Priority", "Resolution", "Assignee", "Reporter", "Creator", "Created", "Updated", "Component/s",
          "Component/s", "Labels", "Labels", "Labels", "Description", "Watchers", "Watchers", "Original Estimate",
          "Custom field (Epic Link)", "Custom field (Story Points)", "Custom field (Story point estimate)", "Sprint",
          "Sprint", "Comment")
TYPES = ("Story", "Bug", "Task", "Improvement", "Technical Debt", "Spike", "Epic")
STATUSES = ("To Do", "In Progress", "In Review", "Done", "Blocked", "Backlog")
PEOPLE = [f"Person {n}" for n in range(40)] + ["Backend Team", "", "TBD"]
LABELS = ("billing", "permissions", "db-migration", "ux", "customer-facing", "", "")


def jira_csv(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for n in range(rows):
        description = f"As a customer I want thing {n}.\n\nAcceptance:\n- it works\n- it is fast" if n % 3 else ""
        writer.writerow([
            f"Item {n}: make the {n}th thing work for customers", f"BIG-{n + 1}", str(10_000 + n), "",
            TYPES[n % len(TYPES)], STATUSES[n % len(STATUSES)], "BIG", "Big project", "Medium", "",
            PEOPLE[n % len(PEOPLE)], "Maya Chen", "Maya Chen", "12/Oct/26 9:14 AM", "02/Nov/26 4:40 PM",
            "Checkout" if n % 5 == 0 else "", "", LABELS[n % len(LABELS)], LABELS[(n + 3) % len(LABELS)], "",
            description, "maya", "", str(28_800 * (n % 4)) if n % 4 else "", "BIG-1",
            str(n % 8) if n % 2 else "", "", "Sprint 14", "Sprint 15" if n % 2 else "", ""])
    return out.getvalue().encode("utf-8")


def cockpit_command() -> list[str]:
    """The installed ``cockpit`` console script (one whole process)."""
    return [str(COCKPIT)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    work = bench_home("cockpit-bench-import-")
    export = work / "jira.csv"
    export.write_bytes(jira_csv(args.rows))
    template = work / "template.cockpit"
    from cockpit.example import create_example

    create_example(template).close()
    env = {**os.environ, "COCKPIT_HOME": str(work / "home"), "PYTHONPATH": str(ROOT)}

    firsts, agains, baselines = [], [], []
    for n in range(args.runs):
        # Start-up baseline on the same machine at the same moment: a headless command that opens the plan.
        t0 = time.perf_counter()
        subprocess.run([*cockpit_command(), "export", str(template), "--json", os.devnull], capture_output=True,
                       env=env, check=True)
        baselines.append(time.perf_counter() - t0)
        plan = work / f"run{n}.cockpit"
        shutil.copyfile(template, plan)
        for bucket in (firsts, agains):
            t0 = time.perf_counter()
            done = subprocess.run([*cockpit_command(), "import", str(plan), str(export), "--points-per-day", "2"],
                                  capture_output=True, text=True, env=env)
            bucket.append(time.perf_counter() - t0)
            if done.returncode != 0:
                print(done.stdout, done.stderr)
                return 1
    print(done.stdout.splitlines()[-1])

    from cockpit.importers import read_backlog
    from cockpit.services import core
    from cockpit.services.importing import import_backlog
    from cockpit.store import open_plan

    reads, imports, undos = [], [], []
    data = export.read_bytes()
    for n in range(args.runs):
        t0 = time.perf_counter()
        result = read_backlog(data)
        reads.append(time.perf_counter() - t0)
        plan_path = work / f"inproc{n}.cockpit"
        shutil.copyfile(template, plan_path)
        with open_plan(plan_path) as plan:
            release_id = plan.live_release_id()
            t0 = time.perf_counter()
            changes = import_backlog(plan, release_id, result.rows, points_per_day=2)
            imports.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            core.undo(plan, changes)
            undos.append(time.perf_counter() - t0)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    print(f"export: {args.rows:,} Jira rows, {len(data) / 1e6:.1f} MB; {args.runs} runs; "
          f"{len(changes.rows):,} row changes recorded for undo\n")
    print(f"{'measure':<44}{'median s':>9}{'p95 s':>8}{'max s':>8}   target")
    ok = True
    for name, values, target in (("baseline: cockpit export (start-up, open)", baselines, None),
                                 ("cockpit import (whole process)", firsts, 2.0),
                                 ("cockpit import again (all matched by key)", agains, 2.0),
                                 ("reading the CSV (in process)", reads, None),
                                 ("import service, one transaction", imports, None),
                                 ("undo of the import", undos, None)):
        median, p95 = statistics.median(values), percentile(values, 0.95)
        verdict = ""
        if target is not None:
            passed = max(values) <= target
            ok &= passed
            verdict = f"every run ≤ {target:g} s: {'PASS' if passed else 'FAIL'}"
        print(f"{name:<44}{median:>9.2f}{p95:>8.2f}{max(values):>8.2f}   {verdict}")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
