"""Opening a 1,000-item plan: as a team plan on this machine's server, against the same plan as a file.

One run of each, alternating, in one process (imports warm, as in the app after its start): the file
(``store.open_plan`` + ``reader.read_live``) both bare and as the window opens it (``open_plan`` with the
backup folder: a verified backup is written before the plan is shown, ``ui/main_window.py``), and the
same plan published as a team plan (``open_team_plan`` + ``read_live``; a server keeps its own backups),
over the Unix socket and over TCP on 127.0.0.1. Each timing is open + first snapshot, the connection
(or file) closed after the clock stops. The 1,000 cards are ``board.build_plan``'s, as in the start-up
benchmark.

When the target is missed (or with ``--profile``), where the team plan's time goes: the statements sent
to the server (count and time each, from psycopg's ``Cursor.execute``) and cProfile's top functions.

Usage: .venv/bin/python tests/bench/team_open.py [--runs 30] [--profile]
Target (issue 22): opening a 1,000-item team plan on the loopback ≤ 1.5× opening the same plan as a file
(median of the runs; the loopback is TCP 127.0.0.1, the Unix socket is reported beside it).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import bench_home, percentile
from team_common import drop, loopback, plan_name, publish_file, server, server_version

TARGET = 1.5
CARDS = 1000


def timed_file(path: Path, backups: Path | None = None) -> tuple[float, float, int]:
    from cockpit import reader
    from cockpit.store import open_plan

    t0 = time.perf_counter()
    plan = open_plan(path, backup_dir=backups)
    t1 = time.perf_counter()
    cycle = reader.read_live(plan)
    t2 = time.perf_counter()
    plan.close()
    return t2 - t0, t1 - t0, len(cycle.items)


def timed_team(address: str) -> tuple[float, float, int]:
    from cockpit import reader
    from cockpit.team.store import open_team_plan

    t0 = time.perf_counter()
    plan = open_team_plan(address)
    t1 = time.perf_counter()
    cycle = reader.read_live(plan)
    t2 = time.perf_counter()
    plan.close()
    return t2 - t0, t1 - t0, len(cycle.items)


def phases(work: Callable[[], Any], rounds: int) -> tuple[dict[str, float], dict[str, tuple[int, float]]]:
    """Where ``work``'s time goes, ms per run: connecting, each statement sent on its own (a round trip
    each), the reads sent at once (``TeamConnection.fetch_all``: one pipeline), rows made into records
    (``reader._made``), closing; and the statements, each with how often it is sent and its ms per run."""
    import psycopg

    from cockpit import reader
    from cockpit.team import sql, store

    spent: dict[str, float] = {}
    sent: dict[str, list[float]] = {}
    depth = [0]

    def timing(owner: Any, attr: str, label: str, *, statement: bool = False) -> Callable[[], None]:
        original = owner.__dict__[attr]
        plain = original.__func__ if isinstance(original, classmethod) else original

        def wrapper(*args: Any, **kw: Any) -> Any:
            if depth[0]:  # inside another timed call (a statement queued in the pipeline): counted there
                return plain(*args, **kw)
            depth[0] += 1
            t0 = time.perf_counter()
            try:
                return plain(*args, **kw)
            finally:
                took = time.perf_counter() - t0
                depth[0] -= 1
                spent[label] = spent.get(label, 0.0) + took
                if statement:
                    query = args[1]
                    text = query if isinstance(query, str) else query.as_string(args[0].connection)
                    sent.setdefault(" ".join(text.split())[:100], []).append(took)

        setattr(owner, attr, classmethod(wrapper) if isinstance(original, classmethod) else wrapper)
        return lambda: setattr(owner, attr, original)

    undo = [timing(store, "connect", "connect (cockpit.team.store.connect: a new server backend)"),
            timing(psycopg.Connection, "close", "close"),
            timing(psycopg.Cursor, "execute", "statements sent one at a time (a round trip each)", statement=True),
            timing(reader, "_made", "rows made into records (reader._made)")]
    if "fetch_all" in sql.TeamConnection.__dict__:
        undo.append(timing(sql.TeamConnection, "fetch_all", "the reads sent at once (TeamConnection.fetch_all)"))
    total = 0.0
    try:
        for _ in range(rounds):
            t0 = time.perf_counter()
            work()
            total += time.perf_counter() - t0
    finally:
        for restore in undo:
            restore()
    out = {label: took * 1000 / rounds for label, took in spent.items()}
    out["everything else (Python between the calls)"] = (total - sum(spent.values())) * 1000 / rounds
    out["total"] = total * 1000 / rounds
    return out, {text: (len(times) // rounds, sum(times) * 1000 / rounds) for text, times in sent.items()}


def connect_only(address: str, rounds: int) -> float:
    """Median seconds for a bare psycopg connection, with the settings ``connect`` gives it (the floor)."""
    from cockpit.team.address import parse
    from cockpit.team.store import connect

    where = parse(address)
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        connect(where).close()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def profile(address: str, path: Path, rounds: int = 20) -> None:
    for what, work in (("team plan, Unix socket", lambda: timed_team(address)), ("file", lambda: timed_file(path))):
        split, sent = phases(work, rounds)
        print(f"\n-- where the {what}'s open + first snapshot goes ({rounds} runs, ms per run, timers on) --")
        for label, ms in sorted(split.items(), key=lambda kv: kv[0] == "total"):
            print(f"  {ms:7.2f}  {label}")
        if sent:
            print(f"  statements sent one at a time: {sum(n for n, _ in sent.values())} per run")
            for text, (n, ms) in sorted(sent.items(), key=lambda kv: -kv[1][1]):
                print(f"  {ms:7.2f} ms ×{n}  {text}")
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(rounds):
        timed_team(address)
    prof.disable()
    for order, lines in (("cumulative", 24), ("tottime", 12)):
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats(order).print_stats(lines)
        print(f"\ncProfile of the team plan's open + first snapshot, {rounds} runs, by {order} time:")
        print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--profile", action="store_true", help="profile the team plan's open even on a pass")
    args = parser.parse_args()
    if args.runs < 10:
        parser.error("use at least 10 runs")
    home = bench_home("cockpit-bench-team-open-")
    path = home / "open.cockpit"
    from board import build_plan

    build_plan(path, cards=CARDS)
    with server() as dsn:
        name = plan_name("open")
        try:
            return run(args, dsn, name, path)
        finally:
            drop(dsn, name)


def run(args: argparse.Namespace, dsn: str, name: str, path: Path) -> int:
    unix = publish_file(dsn, path, name).shown
    tcp = f"{loopback(dsn)} plan={name}"
    backups = path.parent / "backups"
    backups.mkdir(exist_ok=True)
    ways: dict[str, Callable[[], tuple[float, float, int]]] = {
        "file": lambda: timed_file(path), "file, as the app opens it": lambda: timed_file(path, backups),
        "team, Unix socket": lambda: timed_team(unix),
        "team, TCP 127.0.0.1": lambda: timed_team(tcp)}
    counts = {way: work()[2] for way, work in ways.items()}  # warm: imports, caches, the server's buffers
    if len(set(counts.values())) != 1:
        raise SystemExit(f"the four read different plans: {counts}")
    for work in ways.values():
        work()
    results: dict[str, list[tuple[float, float, int]]] = {way: [] for way in ways}
    for n in range(args.runs):
        order = list(ways) if n % 2 == 0 else list(reversed(ways))  # alternate, and alternate who goes first
        for way in order:
            results[way].append(ways[way]())

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    print(f"machine: {cpu}, {os.cpu_count()} cores; Python {platform.python_version()}; PostgreSQL "
          f"{server_version(dsn)}; a plan of {counts['file']} cards (board.build_plan); {args.runs} runs each, "
          "alternating")
    print(f"{'':26}{'open + read ms':>15}{'p95':>8}{'min':>8}{'of which open ms':>18}{'read ms':>9}")
    medians = {}
    for way, runs in results.items():
        total = [r[0] * 1000 for r in runs]
        opened = [r[1] * 1000 for r in runs]
        read = [(r[0] - r[1]) * 1000 for r in runs]
        medians[way] = statistics.median(total)
        print(f"{way:26}{medians[way]:>15.1f}{percentile(total, 0.95):>8.1f}{min(total):>8.1f}"
              f"{statistics.median(opened):>18.1f}{statistics.median(read):>9.1f}")
    floor_unix, floor_tcp = connect_only(unix, 10), connect_only(tcp, 10)
    print(f"a bare connection (the floor of any open): Unix socket {floor_unix * 1000:.1f} ms, "
          f"TCP {floor_tcp * 1000:.1f} ms")
    ratio_unix = medians["team, Unix socket"] / medians["file"]
    ratio_tcp = medians["team, TCP 127.0.0.1"] / medians["file"]
    app_unix = medians["team, Unix socket"] / medians["file, as the app opens it"]
    app_tcp = medians["team, TCP 127.0.0.1"] / medians["file, as the app opens it"]
    print(f"team / bare file: Unix socket {ratio_unix:.2f}×, TCP loopback {ratio_tcp:.2f}× (not the target's "
          f"comparison: a file the app opens is backed up first; these are the floors)")
    print(f"team / file as the app opens it: Unix socket {app_unix:.2f}×, TCP loopback {app_tcp:.2f}×")
    ok = app_tcp <= TARGET
    print(f"team plan on the loopback ≤ {TARGET:g}× the file, as the app opens each: {'PASS' if ok else 'FAIL'} "
          f"(TCP {app_tcp:.2f}×; Unix socket {app_unix:.2f}×)")
    if not ok or args.profile:
        profile(unix, path)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
