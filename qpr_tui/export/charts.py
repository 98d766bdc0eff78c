"""Chart pictures for the paper: a KPI's trend as PNG (for Word) or SVG (for HTML and PDF).

`render_png` and `render_svg` draw a `TrendChart` (its specification: `export.chart_spec`)
with vl-convert, which runs Vega in-process (no browser) with its own bundled font, so the
same chart gives the same bytes on any machine. Altair and vl-convert are imported only here,
inside the functions: the app and the other exports never pay for them.

The first picture of a process also starts vl-convert's JavaScript engine (about a second
and a half); later ones take a tenth of a second or so (docs/performance.md).
"""

from __future__ import annotations

import json
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
    import vl_convert

    spec = chart_json(chart, width=width, height=height)
    return vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])


def render_png(
    chart: TrendChart, *, width: int = WIDTH, height: int = HEIGHT, scale: float = 2
) -> bytes:
    """The chart as PNG bytes of ``width * scale`` x ``height * scale`` pixels (``scale=2``
    prints sharply at the CSS size, about 190 dpi on a 16 cm wide picture)."""
    if not scale > 0:
        raise ValueError(f"a chart's scale must be above 0, not {scale}.")
    import vl_convert

    spec = chart_json(chart, width=width, height=height)
    return vl_convert.vegalite_to_png(spec, scale=scale, allowed_base_urls=[])


__all__ = ["HEIGHT", "WIDTH", "chart_json", "render_png", "render_svg"]
