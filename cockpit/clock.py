"""Wall-clock time as stored in plan files: timezone-aware, UTC (SQLModel refuses naive datetimes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

#: while set, ``now`` answers this moment (``pinned``: the example's past cycle is built as it happened)
_pinned: dt.datetime | None = None


def now() -> dt.datetime:
    """The current moment, in UTC (the time every change is stamped with)."""
    return _pinned if _pinned is not None else dt.datetime.now(dt.UTC)


@contextmanager
def pinned(moment: dt.datetime) -> Iterator[None]:
    """Stamp every change made inside with ``moment`` (not thread-safe: for building plans, not the app's
    own changes). The example's cycle before the reset uses it, so its log has the days it happened on."""
    global _pinned
    before, _pinned = _pinned, moment.astimezone(dt.UTC)
    try:
        yield
    finally:
        _pinned = before


def local(moment: dt.datetime) -> dt.datetime:
    """A stored moment in this laptop's time zone, for display."""
    return moment.astimezone()
