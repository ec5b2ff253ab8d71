"""Render the app icon (resources/icons/cockpit.svg) to the raster icons the platforms want.

Writes, and the outputs are committed (run again only when the SVG changes):

- ``resources/icons/cockpit-<N>.png`` for the freedesktop hicolor theme (Linux menus, the MIME icon);
- ``packaging/icons/cockpit.ico`` for the Windows executable (PNG-compressed entries, Vista and later);
- ``packaging/icons/cockpit.icns`` for the macOS .app (PNG-compressed ``icp4``…``ic10`` entries).

Both container formats are written by hand (a header and a table of PNG blobs) so no imaging library
is needed beyond the PySide6 the app already depends on.

Usage: ``.venv/bin/python packaging/make_icons.py`` (needs no display: it uses QT_QPA_PLATFORM=offscreen).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "cockpit.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: icns entry type -> pixel size (the @2x types reuse the larger renderings)
ICNS_TYPES = (("icp4", 16), ("icp5", 32), ("icp6", 64), ("ic07", 128), ("ic08", 256), ("ic09", 512),
              ("ic10", 1024), ("ic11", 32), ("ic12", 64), ("ic13", 256), ("ic14", 512))


def render(renderer: QSvgRenderer, size: int) -> bytes:
    """The icon as PNG bytes, size×size, transparent background."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError(f"could not encode the {size}px icon as PNG")
    buffer.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """An ICO file holding one PNG per size (ICONDIR, ICONDIRENTRY table, then the images)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = pngs[size]
        edge = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def icns(pngs: dict[int, bytes]) -> bytes:
    """An ICNS file: 'icns', total length, then (type, length, PNG) per entry, lengths big-endian."""
    body = b"".join(kind.encode("ascii") + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
                    for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"make_icons: cannot read {SVG}", file=sys.stderr)
        return 1
    sizes = sorted(set(PNG_SIZES) | set(ICO_SIZES) | {size for _kind, size in ICNS_TYPES})
    pngs = {size: render(renderer, size) for size in sizes}
    for size in PNG_SIZES:
        (SVG.parent / f"cockpit-{size}.png").write_bytes(pngs[size])
    out = ROOT / "packaging" / "icons"
    out.mkdir(exist_ok=True)
    (out / "cockpit.ico").write_bytes(ico({size: pngs[size] for size in ICO_SIZES}))
    (out / "cockpit.icns").write_bytes(icns(pngs))
    print(f"make_icons: wrote {len(PNG_SIZES)} PNGs to {SVG.parent.relative_to(ROOT)}, "
          f"cockpit.ico and cockpit.icns to {out.relative_to(ROOT)}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
