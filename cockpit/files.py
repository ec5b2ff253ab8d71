"""Writing an output file (an export, a brief, a calendar) without ever leaving half of it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def writing_safely(path: Path | str) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through, piece by piece, so a large output never sits in memory whole.

    The pieces go to a temporary name beside ``path``; when the block ends without an error the file is
    synced and renamed into place, and when the block raises (or the write fails: the disk is full) the
    temporary file is deleted and ``path`` is left as it was.

    A path that exists but is not a regular file (``/dev/null``, ``/dev/stdout``, a pipe) is
    written in place: renaming over a device would replace it with a plain file.
    """
    path = Path(path)
    if path.exists() and not path.is_file():
        with path.open("wb") as out:
            yield out
        return
    tmp = path.with_name(f".{path.name}.part")
    try:
        with tmp.open("wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes_safely(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` under a temporary name, sync it, then rename it into place.

    A path that exists but is not a regular file (``/dev/null``, ``/dev/stdout``, a pipe) is
    written in place: renaming over a device would replace it with a plain file.
    """
    with writing_safely(path) as out:
        out.write(data)


def write_text_safely(path: Path | str, text: str) -> None:
    """Write UTF-8 text so a crash leaves either the old file or the new one, never half of it."""
    write_bytes_safely(path, text.encode("utf-8"))
