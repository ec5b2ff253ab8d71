"""Recently opened plans, newest first, kept in the user config folder (stdlib only: read before Qt starts)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from cockpit import paths

LIMIT = 10


def _file() -> Path:
    return paths.config_dir() / "recent.json"


def recent() -> list[Path]:
    """Recent plans that still exist."""
    try:
        names = json.loads(_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(names, list):
        return []
    return [Path(n) for n in names if isinstance(n, str) and Path(n).is_file()]


def remember(path: Path) -> None:
    """Put ``path`` first; written atomically so a crash never leaves a half-written list."""
    path = Path(path).resolve()
    names = [str(path)] + [str(p) for p in recent() if p.resolve() != path]
    target = _file()
    paths.private_dir(target.parent)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(json.dumps(names[:LIMIT], indent=1), encoding="utf-8")
    paths.private_file(tmp)
    os.replace(tmp, target)


def last_opened() -> Path | None:
    """The plan opened most recently that still exists, if any."""
    items = recent()
    return items[0] if items else None
