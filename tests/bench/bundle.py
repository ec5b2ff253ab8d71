"""Measure the PyInstaller bundle against the packaging targets and print the figures for the README.

    .venv/bin/python tests/bench/bundle.py [--runs 20] [--no-build]

Builds the bundle with packaging/build.sh into dist/ and build/ (``--no-build`` reuses dist/cockpit), then reports:

- the bundle's unpacked size (target ≤ 150 MB) and the tarball's size (target ≤ 65 MB);
- startup to the first paint and to the plan being visible, bundle against source in the same run: the
  bundled ``dist/cockpit/cockpit open PLAN`` and ``.venv/bin/cockpit open PLAN``, alternating, ``--runs``
  each (default 20, at least 10) after one unmeasured warm-up of each; medians, with the quartiles. Each
  run is timed from just before Popen to the ``first-paint`` and ``plan-visible`` marks the app prints
  with COCKPIT_STARTUP_PROBE=exit (QT_QPA_PLATFORM=offscreen). Target: bundle first paint ≤ 1.1 × source.

Both run with the same clean environment (no virtualenv on PATH, a temporary HOME and COCKPIT_HOME, C.UTF-8).
The source run's bytecode goes to a temporary PYTHONPYCACHEPREFIX (filled by the warm-up), not the checkout.
Exit status 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
MAX_BUNDLE, MAX_TARBALL, MAX_RATIO = 150 * MB, 65 * MB, 1.1


def folder_bytes(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def startup(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Seconds from just before Popen to the first-paint and plan-visible marks."""
    start = time.time()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _out, err = proc.communicate(timeout=120)
    marks = {}
    for line in err.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("first-paint", "plan-visible"):
            marks[parts[0]] = float(parts[1])
    if proc.returncode != 0 or len(marks) != 2:
        raise SystemExit(f"bundle.py: {' '.join(cmd)} exited {proc.returncode} with marks {marks}:\n{err}")
    return marks["first-paint"] - start, marks["plan-visible"] - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="measured runs of each (default 20)")
    parser.add_argument("--no-build", action="store_true", help="reuse dist/cockpit instead of building")
    args = parser.parse_args()
    if args.runs < 10:
        parser.error("--runs must be at least 10")

    dist = ROOT / "dist"
    build_seconds = None
    if not args.no_build:
        start = time.monotonic()
        subprocess.run(["sh", str(ROOT / "packaging" / "build.sh")], cwd=ROOT, check=True,
                       env={**os.environ, "PYTHON": str(ROOT / ".venv" / "bin" / "python")})
        build_seconds = time.monotonic() - start
    bundle_exe = dist / "cockpit" / "cockpit"
    source_exe = ROOT / ".venv" / "bin" / "cockpit"
    tarballs = sorted(dist.glob("release-cockpit-*-linux-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not bundle_exe.exists() or not tarballs:
        raise SystemExit("bundle.py: no bundle in dist/; run without --no-build")

    with tempfile.TemporaryDirectory(prefix="cockpit-bench-") as tmp_name:
        tmp = Path(tmp_name)
        env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp), "COCKPIT_HOME": str(tmp / "home"), "LANG": "C.UTF-8",
               "QT_QPA_PLATFORM": "offscreen", "COCKPIT_STARTUP_PROBE": "exit",
               "PYTHONPYCACHEPREFIX": str(tmp / "pycache")}
        plan = tmp / "bench.cockpit"
        subprocess.run([str(bundle_exe), "new", str(plan), "--example"], env=env, cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        commands = {"bundle": [str(bundle_exe), "open", str(plan)], "source": [str(source_exe), "open", str(plan)]}
        for cmd in commands.values():  # warm-up: page cache, bytecode, fontconfig cache
            startup(cmd, env, tmp)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for i in range(args.runs):
            order = list(commands) if i % 2 == 0 else list(reversed(commands))
            for name in order:
                times[name].append(startup(commands[name], env, tmp))

    def median(name: str, index: int) -> float:
        return statistics.median(t[index] for t in times[name])

    def quartiles(name: str, index: int) -> str:
        q1, _q2, q3 = statistics.quantiles([t[index] for t in times[name]], n=4)
        return f"{q1:.3f}–{q3:.3f}"

    unpacked, packed = folder_bytes(dist / "cockpit"), tarballs[-1].stat().st_size
    ratio = median("bundle", 0) / median("source", 0)
    ok = unpacked <= MAX_BUNDLE and packed <= MAX_TARBALL and ratio <= MAX_RATIO
    print(f"Release Cockpit bundle — {platform.system()} {platform.machine()}, Python {platform.python_version()}")
    if build_seconds is not None:
        print(f"build (sh packaging/build.sh):   {build_seconds:6.1f} s")
    print(f"bundle, unpacked:                {unpacked / MB:6.1f} MB   (target ≤ {MAX_BUNDLE // MB} MB)")
    print(f"tarball ({tarballs[-1].name}): {packed / MB:6.1f} MB   (target ≤ {MAX_TARBALL // MB} MB)")
    print(f"startup, median of {args.runs} alternating runs each (seconds from Popen):")
    print("                    first-paint (quartiles)      plan-visible (quartiles)")
    for name in commands:
        print(f"  {name:<16}  {median(name, 0):6.3f} ({quartiles(name, 0)})      "
              f"{median(name, 1):6.3f} ({quartiles(name, 1)})")
    print(f"  bundle / source   {ratio:6.2f}×                      {median('bundle', 1) / median('source', 1):6.2f}×"
          f"   (target first paint ≤ {MAX_RATIO}×)")
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
