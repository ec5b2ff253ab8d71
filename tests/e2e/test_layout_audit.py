"""Projector-grade layouts: every view and dialog at 1280×720 and 1024×768, normal and presentation
mode, example and stress plan, on a real X server (``layout_audit.py`` runs the app; ``layout_checks.py``
says what counts as a problem)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


@pytest.mark.parametrize("size", ["1280x720", "1024x768"])
def test_every_view_and_dialog_fits_the_projector(size: str, xvfb: str, tmp_path: Path) -> None:
    out = tmp_path / "audit.json"
    done = subprocess.run([sys.executable, str(HERE / "layout_audit.py"), "--xvfb", size, str(out)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    assert len(results) == 2 * 2 * 19, "every view and dialog × two modes × two plans"
    failures = [f"{r['mode']} / {r['plan']} / {r['state']}: {problem}"
                for r in results for problem in r["problems"]]
    assert not failures, f"{len(failures)} layout problems at {size}:\n" + "\n".join(failures)
