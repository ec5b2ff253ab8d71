"""Wall-clock time as stored in plan files: timezone-aware, UTC (SQLModel refuses naive datetimes)."""

from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    """The current moment, in UTC (the time every change is stamped with)."""
    return dt.datetime.now(dt.UTC)


def local(moment: dt.datetime) -> dt.datetime:
    """A stored moment in this laptop's time zone, for display."""
    return moment.astimezone()
