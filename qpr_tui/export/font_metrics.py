"""How wide a text is in the PDF's shipped fonts, read from the fonts' own tables.

The PDF gives typst its short table columns as lengths (`qpr_tui.export.typst_source`)
instead of ``auto``, which would make typst lay out every cell of the column once more to
measure it. A text's width is the sum of its characters' advance widths (the font's
``hmtx`` table, reached through its ``cmap``), scaled to the size; typst's kerning only
narrows a run of these fonts' glyphs a little, so the sum errs on the wide side. A character
the font lacks has no width here (`text_width` gives None): typst would set it in a
fallback font, so the caller leaves that column to typst.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True, eq=False)  # one per font file (`metrics`): compared as itself
class FontMetrics:
    """A font's advance width of each character it has, in units of its em."""

    units_per_em: int
    advances: dict[int, int]  # code point → advance width

    def width(self, text: str, size: float) -> float | None:
        """``text``'s width at ``size`` (points), or None when the font lacks a character."""
        try:
            total = sum(map(self.advances.__getitem__, map(ord, text)))
        except KeyError:
            return None
        return total * size / self.units_per_em


def _tables(data: bytes) -> dict[bytes, tuple[int, int]]:
    """The font's table directory: tag → (offset, length)."""
    (count,) = struct.unpack_from(">H", data, 4)
    found = {}
    for n in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * n)
        found[tag] = (offset, length)
    return found


def _format_4(data: bytes, at: int) -> dict[int, int]:
    """Code point → glyph of a format 4 subtable (the Basic Multilingual Plane)."""
    (segments,) = struct.unpack_from(">H", data, at + 6)
    segments //= 2
    ends_at = at + 14
    starts_at = ends_at + 2 * segments + 2
    deltas_at = starts_at + 2 * segments
    ranges_at = deltas_at + 2 * segments
    glyphs: dict[int, int] = {}
    for n in range(segments):
        end, start = (struct.unpack_from(">H", data, a + 2 * n)[0] for a in (ends_at, starts_at))
        (delta,) = struct.unpack_from(">h", data, deltas_at + 2 * n)
        range_at = ranges_at + 2 * n
        (offset,) = struct.unpack_from(">H", data, range_at)
        for code in range(start, min(end, 0xFFFE) + 1):
            if offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                (glyph,) = struct.unpack_from(">H", data, range_at + offset + 2 * (code - start))
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                glyphs[code] = glyph
    return glyphs


def _unicode_map(data: bytes, cmap_at: int) -> dict[int, int]:
    """The font's Unicode (BMP) character map."""
    (count,) = struct.unpack_from(">H", data, cmap_at + 2)
    for n in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap_at + 4 + 8 * n)
        subtable = cmap_at + offset
        (kind,) = struct.unpack_from(">H", data, subtable)
        if kind == 4 and (platform, encoding) in ((3, 1), (0, 3), (0, 4)):
            return _format_4(data, subtable)
    raise ValueError("the font has no Unicode character map")


@lru_cache(maxsize=4)
def metrics(path: Path) -> FontMetrics:
    """The advance widths of the font file at ``path`` (a TrueType font)."""
    data = path.read_bytes()
    tables = _tables(data)
    (units_per_em,) = struct.unpack_from(">H", data, tables[b"head"][0] + 18)
    (long_metrics,) = struct.unpack_from(">H", data, tables[b"hhea"][0] + 34)
    hmtx = tables[b"hmtx"][0]
    widths = [struct.unpack_from(">H", data, hmtx + 4 * n)[0] for n in range(long_metrics)]
    glyphs = _unicode_map(data, tables[b"cmap"][0])
    # Glyphs past the long metrics all take the last advance width (the font's hmtx layout).
    advances = {code: widths[min(glyph, long_metrics - 1)] for code, glyph in glyphs.items()}
    return FontMetrics(units_per_em, advances)
