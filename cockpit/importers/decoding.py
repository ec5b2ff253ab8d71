"""Bytes to text: UTF-8 (with or without a byte-order mark), UTF-16 with a mark, else cp1252."""

from __future__ import annotations

import codecs

from cockpit.importers.rows import UnreadableFile

MAX_BYTES = 200 * 1024 * 1024


def decode(data: bytes) -> tuple[str, str]:
    """The text and the name of the encoding it was read in.

    Spreadsheet programs on Windows still write cp1252; every byte sequence that
    is not valid UTF-8 is read as cp1252 (its five unassigned bytes as Latin-1),
    so any file decodes, and the encoding shown tells the person what was assumed.
    """
    if len(data) > MAX_BYTES:
        raise UnreadableFile(f"The file is {len(data) // (1024 * 1024)} MB: too big for a backlog export.")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8):], "utf-8", "UTF-8 with BOM")
    for bom, codec, name in ((codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
                             (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE")):
        if data.startswith(bom):
            return _strict(data[len(bom):], codec, name)
    if b"\x00" in data[:4096]:
        raise UnreadableFile("This is not a text export (it contains binary data): export the backlog as CSV "
                             "or JSON.")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    return data.decode("latin-1").translate(_CP1252), "cp1252"


def _strict(data: bytes, codec: str, name: str) -> tuple[str, str]:
    try:
        return data.decode(codec), name
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"The file says it is {name} but byte {exc.start + 1} is not: save it again as "
                             "UTF-8.") from None


def _cp1252_table() -> dict[int, str]:
    # cp1252 differs from Latin-1 only in 0x80-0x9F; it leaves five of those unassigned (kept as Latin-1).
    table = {}
    for byte in range(0x80, 0xA0):
        try:
            table[byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            continue
    return table


_CP1252 = _cp1252_table()
