"""Recently opened plans, newest first, kept in the user config folder (stdlib only: read before Qt starts).

A plan file is kept by its path (and only listed while it still exists); a team plan by its address as
``Address.shown`` gives it, which never holds a password.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from cockpit import paths

LIMIT = 10


def _file() -> Path:
    return paths.config_dir() / "recent.json"


def _entries() -> list[str]:
    try:
        names = json.loads(_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [n for n in names if isinstance(n, str) and n] if isinstance(names, list) else []


def entries() -> list[Path | str]:
    """Recent plans, newest first: files that still exist (as paths) and team plans (as addresses)."""
    out: list[Path | str] = []
    for name in _entries():
        if not Path(name).is_absolute():  # a file is kept by its whole path; anything else is an address
            out.append(name)
        elif Path(name).is_file():
            out.append(Path(name))
    return out


def recent() -> list[Path]:
    """Recent plan files that still exist."""
    return [entry for entry in entries() if isinstance(entry, Path)]


def team() -> list[str]:
    """Recent team plans' addresses (without passwords)."""
    return [entry for entry in entries() if isinstance(entry, str)]


def _write(first: str, same: Callable[[Path | str], bool]) -> None:
    names = [first] + [str(e) for e in entries() if not same(e)]
    target = _file()
    paths.private_dir(target.parent)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(json.dumps(names[:LIMIT], indent=1), encoding="utf-8")
    paths.private_file(tmp)
    os.replace(tmp, target)


def remember(path: Path) -> None:
    """Put ``path`` first; written atomically so a crash never leaves a half-written list."""
    path = Path(path).resolve()
    _write(str(path), lambda e: isinstance(e, Path) and e.resolve() == path)


def remember_address(shown: str) -> None:
    """Put a team plan's address first (``Address.shown``: it holds no password)."""
    _write(shown, lambda e: e == shown)


def last_opened() -> Path | str | None:
    """The plan opened most recently: a file that still exists, or a team plan's address; None if none."""
    items = entries()
    return items[0] if items else None
