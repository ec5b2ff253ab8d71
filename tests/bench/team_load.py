"""Load on one team plan: 20 client processes, each making 200 random changes through the services at once.

Each client is a process of its own (this script with ``--client``) with its own connection, as a window
on another laptop would be. Before each change it reads a fresh snapshot (``reader.read_live``), as a
window does after every refresh, then picks a change on what it was shown: an item's title or estimate
edited, an item moved between the lanes (or within one), an owner set, an item added or deleted, a
check-in written, a blocker raised, edited or deleted, a release-path task edited, a person's capacity
set. Every outcome is counted:

* acknowledged: the service returned ``Changes``; the client records every row's after-state and the
  change-log id (a pickle stream per client);
* conflict: ``cockpit.errors.Conflict`` (someone else changed one of the rows since the snapshot); each
  must be reported in words (who, what, "not saved");
* refused by the domain: any other ``ValidationError`` (e.g. "nothing to change", the item deleted
  meanwhile): fine, counted;
* unhandled: anything else (must be 0).

At the end the change log is **replayed**: a copy of the plan taken before the load (``copy_to_file``)
gets every acknowledged change's rows, all clients merged in change-log-id order, and must equal the
final team plan row for row (``differences`` == []); the change log must hold exactly the acknowledged
changes' ids. Together: no lost update, no half-written change, no refused change left behind.

Usage: .venv/bin/python tests/bench/team_load.py [--clients 20] [--changes 200] [--items 200] [--seed 1]
Target (issue 22): 0 lost updates, 0 unhandled errors, every refused conflict reported, final state equal
to the change log replayed; throughput reported. Exits 1 when any of these fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pickle
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from _common import bench_home, percentile
from team_common import TODAY, drop, example_file, plan_name, publish_file, server, server_version

LANES = ("in release", "cut", "parked")
#: what a client does, and how often (weights)
ACTIONS = {"title": 18, "estimate": 14, "move": 18, "owner": 10, "add item": 8, "delete item": 2,
           "check-in": 8, "add blocker": 6, "edit blocker": 4, "delete blocker": 2, "task": 6, "capacity": 4}


# -- one client ------------------------------------------------------------------------------------------

def pick_and_change(plan: Any, rng: random.Random, me: int, n: int) -> tuple[str, Any]:
    """Read a fresh snapshot, pick a change on what it shows and make it; returns (action, the call)."""
    from cockpit import reader
    from cockpit.services import ownership, people, scope, timeline

    cycle = reader.read_live(plan)
    rid = cycle.release.id
    items = cycle.items
    persons = [p.id for p in cycle.people]
    days = [cycle.release.start_date + dt.timedelta(days=d) for d in range(0, 25) if
            (cycle.release.start_date + dt.timedelta(days=d)).weekday() < 5]
    action = rng.choices(list(ACTIONS), weights=list(ACTIONS.values()))[0]
    tag = f"c{me:02d}-{n:03d}"
    if action in ("edit blocker", "delete blocker") and not cycle.blockers:
        action = "add blocker"
    if action == "delete item":
        mine = [i for i in items if i.title.startswith("Load card")]
        if not mine:
            action = "add item"
    if action == "task" and not cycle.tasks:
        action = "title"

    def call() -> Any:
        if action == "title":
            return scope.update_item(plan, rng.choice(items).id, title=f"Item edited by {tag}")
        if action == "estimate":
            return scope.update_item(plan, rng.choice(items).id, estimate_days=rng.choice((0.5, 1, 2, 3, 5, 8, 13)))
        if action == "move":
            item = rng.choice(items)
            return scope.move_items(plan, [item.id], rng.choice(LANES), index=rng.randint(0, 40),
                                    reason=f"Not this cycle ({tag})", override_reason=f"Agreed in standup ({tag})")
        if action == "owner":
            return ownership.set_owner(plan, "item", rng.choice(items).id, rng.choice([*persons, None]))
        if action == "add item":
            return scope.add_item(plan, rid, f"Load card {tag}", lane=rng.choice(("in release", "parked")),
                                  override_reason=f"Agreed in standup ({tag})", estimate_days=rng.choice((1, 2, 3)))
        if action == "delete item":
            return scope.delete_item(plan, rng.choice([i for i in items if i.title.startswith("Load card")]).id)
        if action == "check-in":
            return timeline.record_check_in(plan, rid, rng.choice(days), shipped=f"Shipped by {tag}",
                                            blocks=rng.choice(("", f"Waiting on review ({tag})")))
        if action == "add blocker":
            return timeline.add_blocker(plan, rid, f"Blocked: {tag}", remover_id=rng.choice(persons),
                                        raised_on=rng.choice(days))
        if action == "edit blocker":
            return timeline.update_blocker(plan, rng.choice(cycle.blockers).id, text=f"Blocker edited by {tag}")
        if action == "delete blocker":
            return timeline.delete_blocker(plan, rng.choice(cycle.blockers).id)
        if action == "task":
            task = rng.choice(cycle.tasks)
            if rng.random() < 0.5:
                return timeline.update_task(plan, task.id, title=f"Task edited by {tag}")
            return timeline.update_task(plan, task.id, status=rng.choice(("todo", "doing", "blocked", "done")))
        if action == "capacity":
            return people.set_capacity(plan, rng.choice(persons), rng.choice((1, 2, 3, 4, 5)))
        raise AssertionError(action)

    return action, call


def client(args: argparse.Namespace) -> int:
    """One client process: open the plan, say ready, wait for go, make the changes, write what happened."""
    from cockpit.errors import Conflict, ValidationError
    from cockpit.team.store import open_team_plan

    me = args.client
    out = Path(args.out)
    rng = random.Random(args.seed * 1000 + me)
    plan = open_team_plan(args.address, author=f"Client {me:02d}")
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        return 2
    counts = {"acknowledged": 0, "conflict": 0, "refused": 0, "unhandled": 0}
    latencies: list[float] = []
    reads: list[float] = []
    conflicts: list[str] = []
    refusals: dict[str, int] = {}
    errors: list[str] = []
    actions: dict[str, dict[str, int]] = {}
    began = time.monotonic()
    with (out / f"client-{me:02d}.pickle").open("wb") as log:
        for n in range(args.changes):
            action = "read"
            try:
                t0 = time.perf_counter()
                action, call = pick_and_change(plan, rng, me, n)
                t1 = time.perf_counter()
                done = call()
                t2 = time.perf_counter()
            except Conflict as exc:
                counts["conflict"] += 1
                conflicts.append(str(exc))
                outcome = "conflict"
            except ValidationError as exc:
                counts["refused"] += 1
                key = f"{type(exc).__name__}: {str(exc)[:90]}"
                refusals[key] = refusals.get(key, 0) + 1
                outcome = "refused"
            except Exception:  # every other error is what this benchmark counts
                counts["unhandled"] += 1
                errors.append(traceback.format_exc())
                outcome = "unhandled"
            else:
                counts["acknowledged"] += 1
                reads.append(t1 - t0)
                latencies.append(t2 - t1)
                log_ids = sorted(done.ids("change_log"))
                rows = [(row.table, row.key, row.after) for row in done.rows]
                pickle.dump({"client": me, "log": log_ids, "rows": rows, "summary": done.summary}, log)
                log.flush()
                outcome = "acknowledged"
            actions.setdefault(action, {}).setdefault(outcome, 0)
            actions[action][outcome] += 1
    duration = time.monotonic() - began
    plan.close()
    (out / f"client-{me:02d}.json").write_text(json.dumps(
        {"counts": counts, "latencies": latencies, "reads": reads, "conflicts": conflicts, "refusals": refusals,
         "errors": errors, "actions": actions, "duration": duration}))
    return 0


# -- the run -------------------------------------------------------------------------------------------

def replay(base: Path, target: Path, changes: list[dict[str, Any]]) -> None:
    """``target``: the copy ``base`` with every change's rows written as after-states, in the given order."""
    from cockpit.services.core import stored
    from cockpit.snapshot import PRIMARY_KEY

    shutil.copyfile(base, target)
    conn = sqlite3.connect(str(target), isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys=OFF")  # rows arrive in change order, not in reference order
        conn.execute("BEGIN")
        for done in changes:
            for table, key, after in done["rows"]:
                pk = PRIMARY_KEY[table]
                if after is None:
                    conn.execute(f'DELETE FROM "{table}" WHERE [{pk}] = ?', (key,))
                    continue
                names = [name for name, _ in after]
                conn.execute(
                    f'INSERT INTO "{table}" ({", ".join(f"[{n}]" for n in names)}) '
                    f'VALUES ({", ".join("?" * len(names))}) ON CONFLICT([{pk}]) DO UPDATE SET '
                    + ", ".join(f"[{n}] = excluded.[{n}]" for n in names if n != pk),
                    [stored(value) for _, value in after])
        conn.execute("COMMIT")
        bad = conn.execute("PRAGMA foreign_key_check").fetchall()
        if bad:
            raise SystemExit(f"the replayed plan breaks references: {bad[:5]}")
    finally:
        conn.close()


def load_changes(path: Path) -> list[dict[str, Any]]:
    found = []
    with path.open("rb") as fh:
        while True:
            try:
                found.append(pickle.load(fh))
            except EOFError:
                return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--changes", type=int, default=200, help="changes each client makes")
    parser.add_argument("--items", type=int, default=200, help="scope items added to the example plan")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--client", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--address", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client is not None:
        return client(args)

    home = bench_home("cockpit-bench-team-load-")
    source = example_file(home / "load.cockpit", args.items)
    with server() as dsn:
        name = plan_name("load")
        try:
            return run(args, home, dsn, name, source)
        finally:
            drop(dsn, name)


def run(args: argparse.Namespace, home: Path, dsn: str, name: str, source: Path) -> int:
    from cockpit import reader
    from cockpit.team.store import copy_to_file, differences, open_team_plan

    address = publish_file(dsn, source, name)
    watcher = open_team_plan(address, author="Benchmark")
    base = copy_to_file(watcher, home / "before.cockpit")  # the plan as the load finds it (verified copy)
    first_ids = {e.id for e in reader.change_log(watcher.raw)}
    out = home / "clients"
    out.mkdir()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    procs = [subprocess.Popen([sys.executable, __file__, "--client", str(k), "--address", address.shown,
                               "--out", str(out), "--changes", str(args.changes), "--seed", str(args.seed)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
             for k in range(args.clients)]
    for proc in procs:  # every client connected and its plan open before any change
        line = proc.stdout.readline() if proc.stdout else ""
        if line.strip() != "ready":
            for other in procs:
                other.kill()
            raise SystemExit(f"a client did not start (said {line!r})")
    began = time.monotonic()
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    codes = [proc.wait() for proc in procs]
    duration = time.monotonic() - began

    counts = {"acknowledged": 0, "conflict": 0, "refused": 0, "unhandled": 0}
    latencies: list[float] = []
    reads: list[float] = []
    conflicts: list[str] = []
    refusals: dict[str, int] = {}
    errors: list[str] = []
    actions: dict[str, dict[str, int]] = {}
    changes: list[dict[str, Any]] = []
    for k in range(args.clients):
        report = out / f"client-{k:02d}.json"
        if not report.exists():
            counts["unhandled"] += 1
            errors.append(f"client {k} wrote no report (exit code {codes[k]})")
            continue
        said = json.loads(report.read_text())
        for key, value in said["counts"].items():
            counts[key] += value
        latencies += said["latencies"]
        reads += said["reads"]
        conflicts += said["conflicts"]
        errors += said["errors"]
        for key, value in said["refusals"].items():
            refusals[key] = refusals.get(key, 0) + value
        for action, outcomes in said["actions"].items():
            for outcome, value in outcomes.items():
                actions.setdefault(action, {}).setdefault(outcome, 0)
                actions[action][outcome] += value
        changes += load_changes(out / f"client-{k:02d}.pickle")
    if any(codes):
        errors.append(f"client exit codes: {codes}")

    # -- the replay: the copy before the load + every acknowledged change, in change-log order ---------------
    changes.sort(key=lambda done: done["log"])
    acknowledged_ids = [i for done in changes for i in done["log"]]
    final_ids = {e.id for e in reader.change_log(watcher.raw)}
    one_log_row_each = all(len(done["log"]) == 1 for done in changes)
    ids_ok = (len(set(acknowledged_ids)) == len(acknowledged_ids) == counts["acknowledged"]
              and final_ids == first_ids | set(acknowledged_ids) and not first_ids & set(acknowledged_ids))
    replayed = home / "replayed.cockpit"
    replay(base, replayed, changes)
    check = sqlite3.connect(str(replayed), isolation_level=None)
    try:
        differ = differences(check, watcher.raw)
    finally:
        check.close()
    # the control: the same replay without the newest change must differ (the check can see a lost update)
    replay(base, home / "control.cockpit", changes[:-1])
    check = sqlite3.connect(str(home / "control.cockpit"), isolation_level=None)
    try:
        control = differences(check, watcher.raw)
    finally:
        check.close()
    watcher.close()
    unreported = [text for text in conflicts if "not saved" not in text or "changed this" not in text]

    attempts = sum(counts.values())
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    print(f"machine: {cpu}, {os.cpu_count()} cores; Python {platform.python_version()}; PostgreSQL "
          f"{server_version(dsn)} (Unix socket); plan: the example + {args.items} items; {args.clients} client "
          f"processes × {args.changes} changes, seed {args.seed}, example's today {TODAY}")
    print(f"attempts {attempts}: acknowledged {counts['acknowledged']}, conflicts refused {counts['conflict']}, "
          f"refused by the domain {counts['refused']}, unhandled errors {counts['unhandled']}")
    print(f"duration {duration:.1f} s; throughput {counts['acknowledged'] / duration:.1f} acknowledged changes/s "
          f"({attempts / duration:.1f} attempts/s)")
    ms = [x * 1000 for x in latencies]
    rs = [x * 1000 for x in reads]
    if ms:
        print(f"latency per acknowledged change (the service call): p50 {statistics.median(ms):.1f} ms, "
              f"p95 {percentile(ms, 0.95):.1f} ms, max {max(ms):.1f} ms")
        print(f"fresh snapshot before each (read_live): p50 {statistics.median(rs):.1f} ms, "
              f"p95 {percentile(rs, 0.95):.1f} ms")
    print("by action (acknowledged/conflict/refused/unhandled):")
    for action in ACTIONS:
        got = actions.get(action, {})
        print(f"  {action:15}{got.get('acknowledged', 0):6}{got.get('conflict', 0):6}{got.get('refused', 0):6}"
              f"{got.get('unhandled', 0):6}")
    if conflicts:
        print(f"conflicts reported in words: {len(conflicts) - len(unreported)} of {len(conflicts)}; a sample: "
              f"“{conflicts[0]}”")
    for text, n in sorted(refusals.items(), key=lambda kv: -kv[1])[:6]:
        print(f"  refused ×{n}: {text}")
    for text in errors[:3]:
        print(f"UNHANDLED: {text.strip()[-1500:]}")
    print(f"change log: {len(final_ids) - len(first_ids)} new rows, acknowledged {len(acknowledged_ids)} ids, "
          f"{'the same' if ids_ok else 'NOT the same'}{'' if one_log_row_each else ' (a change with ≠ 1 log row)'}")
    print(f"replay of {len(changes)} acknowledged changes in change-log order onto the copy before the load: "
          + ("equal to the final team plan row for row (0 lost updates)" if not differ
             else f"DIFFERS in {', '.join(differ)}"))
    print(f"control: the same replay without the newest change differs in {', '.join(control) or 'NOTHING'}")
    ok = not differ and bool(control) and ids_ok and one_log_row_each and counts["unhandled"] == 0 and not unreported \
        and counts["acknowledged"] > 0
    print(f"0 lost updates, 0 unhandled errors, every conflict reported, final = replayed log: "
          f"{'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
