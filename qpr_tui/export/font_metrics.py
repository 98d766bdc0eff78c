"""How wide and how high a text is in the PDF's shipped fonts, read from the fonts' own tables.

The PDF gives typst its short table columns as lengths and its rows their heights
(`qpr_tui.export.typst_source`, `qpr_tui.export.typst_rows`) instead of ``auto``, which
would make typst lay out every cell once more to measure it. A text's width is the sum of its
characters' advance widths (the font's ``hmtx`` table, reached through its ``cmap``) and of
its pairs' kerning (the ``kern`` table), scaled to the size: typst shapes these fonts with the
same pairs, and its ligatures only narrow a text, so the sum is never narrower than typst's
(a test compares the two). A character the font lacks has no width here (None): typst would
set it in a fallback font, so the caller leaves that column or row to typst.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from pathlib import Path


@dataclass(frozen=True, eq=False)  # one per font file (`metrics`): compared as itself
class FontMetrics:
    """A font's advance width of each character it has and its kerning pairs (in units of
    its em), and the height of a line's top above its baseline."""

    units_per_em: int
    advances: dict[int, int]  # code point → advance width
    kerning: dict[tuple[int, int], int]  # (left, right) code points → adjustment
    line_top: int  # typst's top edge of a line: the cap height, else the ascender

    def width(self, text: str, size: float) -> float | None:
        """``text``'s width at ``size`` (points), or None when the font lacks a character:
        the advances and the kerning of each pair, never narrower than typst's shaping
        (whose ligatures only narrow a text)."""
        try:
            total = sum(map(self.advances.__getitem__, map(ord, text)))
        except KeyError:
            return None
        if self.kerning and len(text) > 1:
            pairs = zip(map(ord, text), map(ord, text[1:]), strict=False)
            total += sum(map(self.kerning.get, pairs, repeat(0)))
        return total * size / self.units_per_em

    def top(self, size: float) -> float:
        """The height of a line's top edge above its baseline at ``size`` (points)."""
        return self.line_top * size / self.units_per_em


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


def _kerning(
    data: bytes, kern_at: int | None, glyphs: dict[int, int]
) -> dict[tuple[int, int], int]:
    """The pairs of characters the ``kern`` table (version 0, format 0) moves."""
    if kern_at is None:
        return {}
    codes: dict[int, list[int]] = {}
    for code, glyph in glyphs.items():
        codes.setdefault(glyph, []).append(code)
    version, count = struct.unpack_from(">HH", data, kern_at)
    at, found = kern_at + 4, {}
    for _ in range(count if version == 0 else 0):
        _, length, coverage = struct.unpack_from(">HHH", data, at)
        if coverage >> 8 == 0 and coverage & 1:  # format 0, horizontal
            (pairs,) = struct.unpack_from(">H", data, at + 6)
            for n in range(pairs):
                left, right, value = struct.unpack_from(">HHh", data, at + 14 + 6 * n)
                if value:
                    found.update(
                        {(a, b): value for a in codes.get(left, ()) for b in codes.get(right, ())}
                    )
        at += length
    return found


def _line_top(data: bytes, tables: dict[bytes, tuple[int, int]]) -> int:
    """The cap height (OS/2 version 2 on), else the typographic ascender, else the
    horizontal header's ascender: the top edge typst gives a line of the font."""
    if b"OS/2" in tables:
        os2 = tables[b"OS/2"][0]
        (version,) = struct.unpack_from(">H", data, os2)
        if version >= 2:
            (cap,) = struct.unpack_from(">h", data, os2 + 88)
            if cap > 0:
                return int(cap)
        return int(struct.unpack_from(">h", data, os2 + 68)[0])
    return int(struct.unpack_from(">h", data, tables[b"hhea"][0] + 4)[0])


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
    kern = tables[b"kern"][0] if b"kern" in tables else None
    kerning = _kerning(data, kern, glyphs)
    return FontMetrics(units_per_em, advances, kerning, _line_top(data, tables))
