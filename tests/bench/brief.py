"""One-page brief benchmark on a 1,000-item plan.

Measures, in one run:
  * ``cockpit brief PLAN -o OUT.pdf`` as a whole process (start, read, lay out, write), against
    LibreOffice converting the same items from CSV to PDF headless
    (``soffice --headless --convert-to pdf``), runs interleaved, each after one discarded warm-up;
  * rendering inside the running app: fitting the page and writing the PDF (in memory), and before
    it the snapshot read (``cockpit.reader``) and the brief built from it (``reports.brief``).

Usage: .venv/bin/python tests/bench/brief.py [--runs 7] [--app-runs 30]
Targets (issue 8): whole process ≤ 0.5 × LibreOffice's time (medians); in-app render median ≤ 100 ms.
LibreOffice is the peer: install it with ``apt-get install --no-install-recommends libreoffice-calc``.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import percentile  # noqa: E402
from board import build_plan  # noqa: E402


def write_csv(plan_path: Path, out: Path) -> int:
    """The plan's scope items as CSV (the same items the brief reads)."""
    import sqlite3

    with sqlite3.connect(f"file:{plan_path}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT s.title, s.lane, coalesce(p.name, ''), s.status, s.estimate_days, s.cut_reason "
                            "FROM scope_item s LEFT JOIN person p ON p.id = s.owner_id ORDER BY s.id").fetchall()
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["title", "lane", "owner", "status", "estimate (days)", "cut reason"])
        writer.writerows(rows)
    return len(rows)


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    t0 = time.perf_counter()
    result = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - t0
    if result.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed ({result.returncode}): {result.stderr.strip()}")
    return elapsed


def in_app(path: Path, runs: int) -> tuple[list[float], list[float], list[float]]:
    """Per run: the snapshot read (``reader.read_live``), the brief built from it, the page rendered (ms)."""
    import datetime as dt

    from PySide6.QtGui import QGuiApplication

    from cockpit.reader import read_live
    from cockpit.reports.brief import brief_content
    from cockpit.store import open_plan
    from ui.brief.render import pdf_bytes
    from ui.style import load_fonts

    app = QGuiApplication.instance() or QGuiApplication(["bench"])
    load_fonts()
    today = dt.date.today()
    read_ms, content_ms, render_ms = [], [], []
    with open_plan(path) as plan:
        release_id = plan.live_release_id()
        brief_content(read_live(plan, release_id), today)
        for _ in range(runs):
            t0 = time.perf_counter()
            cycle = read_live(plan, release_id)
            t1 = time.perf_counter()
            content = brief_content(cycle, today)
            t2 = time.perf_counter()
            data, fitted = pdf_bytes(content, "a4")
            t3 = time.perf_counter()
            assert data.startswith(b"%PDF") and fitted.fits
            read_ms.append((t1 - t0) * 1000)
            content_ms.append((t2 - t1) * 1000)
            render_ms.append((t3 - t2) * 1000)
    del app
    return read_ms, content_ms, render_ms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--app-runs", type=int, default=30)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cockpit-brief-bench-"))
    env = {**os.environ, "COCKPIT_HOME": str(work / "home"), "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["COCKPIT_HOME"] = env["COCKPIT_HOME"]
    plan = work / "bench.cockpit"
    build_plan(plan)
    items = write_csv(plan, work / "items.csv")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    print(f"plan: {items:,} scope items; {args.runs} runs of each command, interleaved, after a warm-up\n")

    cockpit = [str(Path(sys.executable).with_name("cockpit")), "brief", str(plan), "-o", str(work / "brief.pdf")]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    office = [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(work / "lo"), str(work / "items.csv")] \
        if soffice else None
    ours, peer = [], []
    timed(cockpit, env, work)
    if office:
        timed(office, env, work)
    for _ in range(args.runs):
        ours.append(timed(cockpit, env, work))
        if office:
            peer.append(timed(office, env, work))
    pages = subprocess.run(["pdfinfo", str(work / "brief.pdf")], capture_output=True, text=True).stdout
    page_count = next((line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:")), "?")
    read_ms, content_ms, render_ms = in_app(plan, args.app_runs)

    ok = True
    print(f"{'measure':<46}{'median':>10}{'p95':>10}   target")
    ours_median = statistics.median(ours)
    print(f"{'cockpit brief (whole process), s':<46}{ours_median:>10.2f}{percentile(ours, 0.95):>10.2f}   "
          f"pages: {page_count}")
    if office:
        peer_median = statistics.median(peer)
        ratio = ours_median / peer_median
        passed = ratio <= 0.5 and page_count == "1"
        ok &= passed
        print(f"{'soffice --headless --convert-to pdf (CSV), s':<46}{peer_median:>10.2f}"
              f"{percentile(peer, 0.95):>10.2f}")
        print(f"{'ratio cockpit / LibreOffice':<46}{ratio:>10.2f}{'':>10}   ≤ 0.5: {'PASS' if passed else 'FAIL'}")
    else:
        ok = False
        print("LibreOffice (soffice) is NOT installed: the peer is missing, the ratio was not measured: FAIL.\n"
              "Install it with: apt-get install -y --no-install-recommends libreoffice-calc")
    render_median = statistics.median(render_ms)
    passed = render_median <= 100
    ok &= passed
    print(f"{'in-app render (fit + PDF in memory), ms':<46}{render_median:>10.1f}{percentile(render_ms, 0.95):>10.1f}"
          f"   median ≤ 100: {'PASS' if passed else 'FAIL'}")
    print(f"{'in-app snapshot read (reader.read_live), ms':<46}{statistics.median(read_ms):>10.1f}"
          f"{percentile(read_ms, 0.95):>10.1f}   (for reference)")
    print(f"{'in-app brief content from the snapshot, ms':<46}{statistics.median(content_ms):>10.1f}"
          f"{percentile(content_ms, 0.95):>10.1f}   (for reference)")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
