"""Chart pictures for the paper: a KPI's trend as PNG (for Word) or SVG (for HTML and PDF).

`render_svg` draws a `TrendChart` as SVG with the paper's own writer (`export.chart_svg`,
a few milliseconds a chart); `render_png` rasterises that SVG with resvg, which
vl-convert-python carries (`vl_convert.svg_to_png`, some 30 ms a chart at ``scale=2``) and
which bundles the font the charts ask for first (Liberation Sans), so text renders on a
machine without fonts and the same chart gives the same bytes every time. (A machine with
its own Liberation Sans draws the PNG's text with it, a pixel or so apart: compare SVGs, not
PNG bytes, across machines.)

`chart_json` is the same chart as a Vega-Lite specification (`export.chart_spec`), for
tools that draw Vega-Lite; the paper no longer draws through Vega, which cost 0.15-0.5 s a
chart and a second to start (docs/performance.md). vl-convert and Altair are imported
inside the functions: the app and the other exports never pay for them.
"""

from __future__ import annotations

import json
import struct
import zlib
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qpr_tui.document.chart import TrendChart

#: The default picture size in CSS pixels: 16 periods fit, on a portrait A4 page's width.
WIDTH, HEIGHT = 640, 280


def chart_json(chart: TrendChart, *, width: int = WIDTH, height: int = HEIGHT) -> str:
    """The chart's Vega-Lite specification as JSON text (sorted keys: stable for tests)."""
    return _chart_json(chart, width, height)


# A paper draws a chart as PNG and as SVG: build its specification once.
@lru_cache(maxsize=64)
def _chart_json(chart: TrendChart, width: int, height: int) -> str:
    from qpr_tui.export.chart_spec import build_spec

    return json.dumps(build_spec(chart, width=width, height=height), sort_keys=True)


def render_svg(chart: TrendChart, *, width: int = WIDTH, height: int = HEIGHT) -> str:
    """The chart as an SVG document of ``width`` x ``height`` pixels (text kept as text, no
    element ids, so several can be inlined in one HTML page)."""
    from qpr_tui.export.chart_svg import trend_svg

    return trend_svg(chart, width, height)


def render_png(
    chart: TrendChart, *, width: int = WIDTH, height: int = HEIGHT, scale: float = 2
) -> bytes:
    """The chart as PNG bytes of ``width * scale`` x ``height * scale`` pixels (``scale=2``
    prints sharply at the CSS size, about 190 dpi on a 16 cm wide picture)."""
    if not scale > 0:
        raise ValueError(f"a chart's scale must be above 0, not {scale}.")
    svg = render_svg(chart, width=width, height=height)
    import vl_convert

    return smaller_png(vl_convert.svg_to_png(svg, scale=scale))


_PNG_LEVEL = 3
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def smaller_png(png: bytes) -> bytes:
    """The same image with its pixel data deflated harder (zlib level 3: a third of resvg's
    size for a chart, 55 KB, in some 15 ms; level 6 makes 41 KB in twice the time of the
    deflating): a paper carries dozens of them.

    The pixels and their filters are untouched; only the compression changes. A PNG that does
    not parse is returned as it came."""
    chunks = _png_chunks(png)
    if chunks is None or not any(kind == b"IDAT" for kind, _ in chunks):
        return png
    try:
        raw = zlib.decompress(b"".join(data for kind, data in chunks if kind == b"IDAT"))
    except zlib.error:
        return png
    pixels = zlib.compress(raw, _PNG_LEVEL)
    out = [_PNG_SIGNATURE]
    for kind, data in chunks:
        if kind == b"IDAT":
            if pixels:  # all the pixel data goes into the first IDAT's place
                out.append(_png_chunk(kind, pixels))
                pixels = b""
            continue
        out.append(_png_chunk(kind, data))
    return b"".join(out)


def _png_chunks(png: bytes) -> list[tuple[bytes, bytes]] | None:
    """A PNG's (type, data) chunks in order; None unless it parses to its IEND exactly."""
    if not png.startswith(_PNG_SIGNATURE):
        return None
    chunks: list[tuple[bytes, bytes]] = []
    at = len(_PNG_SIGNATURE)
    while at + 12 <= len(png):
        (size,) = struct.unpack(">I", png[at : at + 4])
        chunks.append((png[at + 4 : at + 8], png[at + 8 : at + 8 + size]))
        at += 12 + size
    if at != len(png) or not chunks or chunks[-1][0] != b"IEND":
        return None
    return chunks


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


__all__ = ["HEIGHT", "WIDTH", "chart_json", "render_png", "render_svg"]
