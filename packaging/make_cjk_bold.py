"""Make ``resources/fonts/CockpitCJK-Bold.ttf``: the bold face for Chinese, Japanese and Korean names.

DejaVu Sans has no CJK glyphs and Droid Sans Fallback (the shipped fallback) has no bold, and Qt's PDF
writer does not synthesise one: a bold 李明 in the brief printed regular. This takes Noto Sans CJK SC
Bold (Debian's fonts-noto-cjk, SIL OFL 1.1), keeps the characters of GB 2312 and JIS X 0208 (the names
people have) plus kana and CJK punctuation, turns its CFF outlines into TrueType ones
(Qt's PDF writer embeds TrueType as text; CFF would become shapes that no search finds), and names it
"Droid Sans Fallback" Bold, so Qt picks it as the bold of the shipped fallback family.

Run once by hand (it needs fontTools, which the app does not):
    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb noto
    uv run --with fonttools python packaging/make_cjk_bold.py noto/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "fonts" / "CockpitCJK-Bold.ttf"
# No Hangul: Droid Sans Fallback has none, and Qt picks a family for a script by its regular face
RANGES = ((0x3000, 0x303F), (0x3040, 0x30FF), (0x31F0, 0x31FF), (0x4E00, 0x9FFF), (0xFF00, 0xFFEF))
ENCODINGS = ("gb2312", "shift_jis")
SC = 2  # the collection's Simplified Chinese face (its glyphs for the shared ideographs)


def wanted() -> list[int]:
    found = []
    for low, high in RANGES:
        for code in range(low, high + 1):
            for encoding in ENCODINGS:
                try:
                    chr(code).encode(encoding)
                except UnicodeEncodeError:
                    continue
                found.append(code)
                break
    return found


def to_truetype(font) -> None:  # the conversion fontTools documents (snippets/otf2ttf.py)
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        width = hmtx.metrics[name][0]
        hmtx.metrics[name] = (width, getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    maxp.compile(font)
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
    font.sfntVersion = "\0\1\0\0"


def main(source: str) -> int:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source, fontNumber=SC)
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted())
    subsetter.subset(font)
    to_truetype(font)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 2, 3, 4, 6, 16, 17):
            names.removeNames(nameID=record.nameID)
    for name_id, text in ((1, "Droid Sans Fallback"), (2, "Bold"), (3, "Release Cockpit: CJK bold from Noto Sans CJK"),
                          (4, "Droid Sans Fallback Bold"), (6, "DroidSansFallback-Bold")):
        names.setName(text, name_id, 3, 1, 0x409)
        names.setName(text, name_id, 1, 0, 0)
    font["OS/2"].usWeightClass = 700
    font["OS/2"].fsSelection = (font["OS/2"].fsSelection | 0x20) & ~0x40  # bold, not regular
    font["head"].macStyle |= 0x01
    font.save(OUT)
    print(f"Wrote {OUT} ({OUT.stat().st_size / 2**20:.1f} MB, {len(font.getGlyphOrder())} glyphs)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
