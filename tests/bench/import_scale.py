"""Import at scale: a 100,000-row, ~39 MB Jira CSV imported into a fresh example plan.

Each run is a fresh process (so its peak resident memory is its own) running what a person runs,
``cockpit import PLAN FILE --points-per-day 2`` (``ui.main.main``), then printing its wall time and
peak RSS (``resource.getrusage``). A second kind of run calls the services directly
(``read_backlog_file``, then ``import_backlog``) to split the time between reading and importing.
The same runs are made against another checkout of the code (``--against /tmp/old-import``, e.g.
``git worktree add --detach /tmp/old-import 5e1b996``) in the same session, alternating, so the
machine's noise hits both alike.

Usage: .venv/bin/python tests/bench/import_scale.py [--rows 100000] [--runs 3] [--against PATH]
Target (issue 17, finding 14): the whole import under 10 s and under 300 MB peak.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET_SECONDS = 10.0
TARGET_MB = 300.0
HEADER = ("Summary", "Issue key", "Issue id", "Parent id", "Issue Type", "Status", "Status Category", "Project key",
          "Priority", "Resolution", "Assignee", "Reporter", "Created", "Updated", "Due date", "Component/s",
          "Labels", "Labels", "Labels", "Description", "Watchers", "Original Estimate",
          "Custom field (Story Points)", "Sprint", "Sprint", "Comment")
TYPES = ("Story", "Bug", "Task", "Improvement", "Technical Debt", "Spike", "Epic", "Sub-task")
STATUSES = (("To Do", "To Do"), ("In Progress", "In Progress"), ("In Review", "In Progress"), ("Done", "Done"),
            ("Blocked", "In Progress"), ("Backlog", "To Do"), ("Verified by QA", "In Progress"))
WORDS = ("customer", "invoice", "checkout", "page", "export", "report", "login", "session", "payment", "refund",
         "search", "filter", "mobile", "admin", "timeout", "cache", "migration", "receipt", "address", "“draft”",
         "team’s", "dashboard", "card", "billing", "retry", "sync", "profile", "email", "Zoë", "notification")
KINDS = {"command": "cockpit import", "services": "read + import services"}
LABELS = ("billing", "permissions", "db-migration", "ux", "customer-facing", "", "", "", "")


def _sentence(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def jira_csv(rows: int, seed: int = 17) -> bytes:
    """A Jira "all fields" export of ``rows`` issues (~390 bytes a row, quoted multi-line descriptions)."""
    rng = random.Random(seed)
    people = [f"Person {n} {rng.choice(('Brandt', 'Okafor', 'Chen', 'Nair', 'Lima'))}" for n in range(60)]
    people += ["Backend Team", "", "", "maya.chen@acme.test"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for n in range(rows):
        status, category = STATUSES[n % len(STATUSES)]
        description = ""
        if n % 4:
            description = (_sentence(rng, 8, 22) + ".\n\nAcceptance:\n- " + _sentence(rng, 3, 8) + "\n- "
                           + _sentence(rng, 3, 8))
        writer.writerow([
            f"{_sentence(rng, 3, 8).capitalize()} ({n})", f"BIG-{n + 1}", str(100_000 + n),
            "" if n % 7 else str(100_000 + n - 1), TYPES[n % len(TYPES)], status, category, "BIG",
            ("Medium", "High", "Low")[n % 3], "Done" if category == "Done" else "", rng.choice(people),
            rng.choice(people), "12/Oct/26 9:14 AM", "02/Nov/26 4:40 PM", "20/Nov/26" if n % 5 == 0 else "",
            "Checkout" if n % 5 == 0 else "", LABELS[n % len(LABELS)], LABELS[(n + 3) % len(LABELS)], "",
            description, "maya", str(28_800 * (n % 4)) if n % 4 else "", str(n % 8) if n % 2 else "",
            "Sprint 14", "Sprint 15" if n % 3 == 0 else "", "02/Nov/26 4:40 PM;maya;Looks fine" if n % 9 == 0 else ""])
    return out.getvalue().encode("utf-8")


def child(kind: str, code_root: str, export: str, plan_path: str) -> None:
    """One measured run in this process (the command, or the two services), its figures printed as JSON."""
    import contextlib
    import resource

    sys.path.insert(0, code_root)
    os.chdir(code_root)
    t0 = time.perf_counter()
    if kind == "command":
        from ui.main import main as cockpit

        with contextlib.redirect_stdout(io.StringIO()) as said:
            code = cockpit(["import", plan_path, export, "--points-per-day", "2"])
        if code != 0:
            raise SystemExit(f"cockpit import exited {code}: {said.getvalue()[-500:]}")
        t1 = t2 = time.perf_counter()
    else:
        from cockpit.importers import read_backlog_file
        from cockpit.services.importing import import_backlog
        from cockpit.store import open_plan

        result = read_backlog_file(export)
        t1 = time.perf_counter()
        with open_plan(plan_path) as plan:
            import_backlog(plan, plan.live_release_id(), result.rows, points_per_day=2)
        t2 = time.perf_counter()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"read": t1 - t0, "import": t2 - t1, "total": t2 - t0, "peak_mb": peak_kb / 1024}))


def run_once(kind: str, code_root: Path, export: Path, template: Path, work: Path, label: str, n: int) -> dict:
    plan = work / f"{label}-{n}.cockpit"
    shutil.copyfile(template, plan)
    env = {**os.environ, "COCKPIT_HOME": str(work / "home"), "PYTHONPATH": str(code_root)}
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--child", kind, str(code_root), str(export), str(plan)],
                          capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"{label} run failed:\n{done.stderr[-2000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["process"] = wall
    plan.unlink()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--against", type=Path, help="another checkout of the code to measure in the same runs")
    parser.add_argument("--child", nargs=4, metavar=("KIND", "ROOT", "CSV", "PLAN"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    sys.path.insert(0, str(ROOT / "tests" / "bench"))
    from _common import bench_home

    work = bench_home("cockpit-bench-scale-")
    export = work / "jira-100k.csv"
    export.write_bytes(jira_csv(args.rows))
    template = work / "template.cockpit"
    sys.path.insert(0, str(ROOT))
    from cockpit.example import create_example

    create_example(template).close()
    roots = {"this code": ROOT}
    if args.against:
        roots["against"] = args.against.resolve()
    results: dict[tuple[str, str], list[dict]] = {(kind, label): [] for kind in KINDS for label in roots}
    for n in range(args.runs):
        for kind in KINDS:
            for label, code_root in roots.items():
                results[kind, label].append(run_once(kind, code_root, export, template, work, label, n))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"export: {args.rows:,} Jira rows, {export.stat().st_size / 1e6:.1f} MB; {args.runs} runs each, "
          "medians\n")
    print(f"{'run':<34}{'process s':>10}{'read s':>8}{'import s':>10}{'peak MB':>9}   target")
    medians: dict[tuple[str, str], dict[str, float]] = {}
    ok = True
    for (kind, label), runs in results.items():
        med = {key: statistics.median(r[key] for r in runs) for key in ("read", "import", "process", "peak_mb")}
        medians[kind, label] = med
        verdict = ""
        if kind == "command":
            passed = med["process"] < TARGET_SECONDS and max(r["peak_mb"] for r in runs) < TARGET_MB
            ok = ok and (passed or label != "this code")
            verdict = f"< {TARGET_SECONDS:g} s and < {TARGET_MB:g} MB: {'PASS' if passed else 'FAIL'}"
        read = f"{med['read']:.2f}" if kind == "services" else "—"
        imported = f"{med['import']:.2f}" if kind == "services" else "—"
        name = f"{KINDS[kind]}, {label}"
        print(f"{name:<34}{med['process']:>10.2f}{read:>8}{imported:>10}{med['peak_mb']:>9.0f}   {verdict}")
    if args.against:
        new, old = medians["command", "this code"], medians["command", "against"]
        print(f"\ncockpit import, this/against: time {new['process'] / old['process']:.2f}×, "
              f"peak memory {new['peak_mb'] / old['peak_mb']:.2f}×")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
