"""What the benchmark scripts share: a private COCKPIT_HOME that is removed at exit, and percentiles."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path


def bench_home(prefix: str = "cockpit-bench-") -> Path:
    """A temporary folder for the run's plans; COCKPIT_HOME points inside it. Removed at exit."""
    home = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["COCKPIT_HOME"] = str(home / "home")
    atexit.register(shutil.rmtree, home, True)
    return home


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]
