"""The real app under Xvfb: drag the rollback rehearsal's marker with the real mouse to another day on the
timeline; after Ctrl+Q the plan file holds the new date and one change-log row for the move.

The timeline is painted, so the probe only gives the canvas' rectangle ("Four-week timeline"). Inside it
the test finds the markers the way a person does, by their colour (ui/timeline/canvas.py COLOURS): the
centres of two markers whose dates the file gives yield the width of a day, so the drop point is the
rehearsal's centre plus two days, whatever the font or the window size.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from rig import App, read_plan

CANVAS = "Four-week timeline"
KIND = "rollback rehearsal"  # Wed 02 Dec in the example
OTHER = "scope freeze"  # Fri 27 Nov: a second marker to measure a day's width with
COLOURS = {KIND: (0x7B, 0x3F, 0xA0), OTHER: (0x1F, 0x6F, 0xB2)}  # ui/timeline/canvas.py
DROP_ON = dt.date(2026, 12, 4)
DAY = "SELECT date FROM milestone WHERE release_id = 1 AND kind = ?"
MOVES = "SELECT area, summary FROM change_log WHERE action = 'move milestone'"


def _centres(app: App, rect: list[int]) -> dict[str, tuple[float, float]]:
    """Screen centres of the markers painted in COLOURS inside ``rect`` (read from the X server's pixels)."""
    x, y, w, h = rect
    grab = subprocess.run(["import", "-window", "root", "-crop", f"{w}x{h}+{x}+{y}", "-depth", "8", "rgb:-"],
                          env=app.env, capture_output=True, timeout=30, check=True)
    pixels = grab.stdout
    assert len(pixels) == w * h * 3, f"expected {w}×{h} pixels, got {len(pixels)} bytes"
    found: dict[str, tuple[float, float]] = {}
    for key, rgb in COLOURS.items():
        colour = bytes(rgb)
        xs, ys = [], []
        at = pixels.find(colour)
        while at >= 0:
            if at % 3 == 0:
                n = at // 3
                xs.append(n % w)
                ys.append(n // w)
            at = pixels.find(colour, at + 1)
        assert len(xs) >= 20, f"no {key} marker painted on the timeline ({len(xs)} pixels of its colour)"
        found[key] = (x + sum(xs) / len(xs), y + sum(ys) / len(ys))
    return found


def test_drag_a_milestone_to_another_day(cockpit, example_plan: Path):
    assert read_plan(example_plan, DAY, (KIND,)) == [("2026-12-02",)]
    assert read_plan(example_plan, MOVES) == []
    other_day = dt.date.fromisoformat(read_plan(example_plan, DAY, (OTHER,))[0][0])
    app = cockpit("open", example_plan)
    app.wait_window("Team plan billing")
    app.key("ctrl+4")
    centres = _centres(app, app.where()[CANVAS])
    (x, y), (other_x, _) = centres[KIND], centres[OTHER]
    day_width = (x - other_x) / (dt.date(2026, 12, 2) - other_day).days
    assert day_width > 8, f"days {day_width:.1f} px wide: the markers were not found where expected"
    start = (round(x), round(y))
    app.drag(start, (round(x + (DROP_ON - dt.date(2026, 12, 2)).days * day_width), start[1]))
    app.screenshot("timeline-after-drag")
    assert app.quit() == 0
    assert read_plan(example_plan, DAY, (KIND,)) == [(DROP_ON.isoformat(),)]
    assert read_plan(example_plan, MOVES) == [("dates", "Rollback rehearsal on Fri 04 Dec")]
