"""Writing an output file (an export, a brief, a calendar) without ever leaving half of it."""

from __future__ import annotations

import os
from pathlib import Path


def write_bytes_safely(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` under a temporary name, sync it, then rename it into place.

    A path that exists but is not a regular file (``/dev/null``, ``/dev/stdout``, a pipe) is
    written in place: renaming over a device would replace it with a plain file.
    """
    path = Path(path)
    if path.exists() and not path.is_file():
        with path.open("wb") as out:
            out.write(data)
        return
    tmp = path.with_name(f".{path.name}.part")
    try:
        with tmp.open("wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text_safely(path: Path | str, text: str) -> None:
    """Write UTF-8 text so a crash leaves either the old file or the new one, never half of it."""
    write_bytes_safely(path, text.encode("utf-8"))
