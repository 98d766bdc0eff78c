"""A trend chart drawn as SVG directly, with the layout and look of its Vega-Lite
specification (`export.chart_spec`): title and subtitle, a value axis with rounded ticks and
grid, the periods below (rotated and thinned as the specification says), the target and floor
as black stepped lines told apart by their dashes, the values as a grey line with gaps, a
point per value in its status's ink and shape, and the legend right of the plot.

Pure Python and a few milliseconds a chart: Vega took 0.15-0.5 s a chart and a second to
start (docs/performance.md). Text is measured with the widths of Liberation Sans (the font
the chart asks for first; Arial's and Helvetica's are the same), so labels and the legend
take the room Vega gave them. Every text from the data is escaped (`views.text.html_text`);
the SVG has no ids, scripts or links, so several can be inlined in one page.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qpr_tui.export.chart_spec import (
    FLOOR,
    FONT,
    REFERENCE_DASHES,
    TARGET,
    Series,
    alone,
    ink_of,
    period_labels,
    placeholder_text,
    present_words,
    series_of,
    shape_of,
    title_of,
    value_band,
)
from qpr_tui.views.print_colours import (
    GRID_INK,
    MARK_OUTLINE,
    MUTED_TEXT_INK,
    REFERENCE_INK,
    SERIES_INK,
    TEXT_INK,
)
from qpr_tui.views.text import html_text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from qpr_tui.document.chart import TrendChart

# Advance widths (thousandths of the font size) of Liberation Sans for " " to "~", regular
# and bold; other characters take the width of a digit.
_REGULAR = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 "
    "556 556 556 556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 "
    "556 833 722 778 667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 333 556 "
    "556 500 556 556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 "
    "500 500 500 334 260 334 584"
)
_BOLD = (
    "278 333 474 556 556 889 722 238 333 333 389 584 278 333 278 278 556 556 556 556 556 556 "
    "556 556 556 556 333 333 584 584 584 611 975 722 722 722 722 667 611 778 722 278 556 722 "
    "611 833 722 778 667 778 722 667 611 722 667 944 667 667 611 333 278 333 584 556 333 556 "
    "611 556 611 556 333 611 611 278 278 556 278 889 611 611 611 611 389 556 333 611 556 778 "
    "556 556 500 389 280 389 584"
)
_OTHER = {"·": 278, "…": 1000, "−": 584, "£": 556, "–": 556, "—": 1000, "’": 222, "€": 556}


def _widths(table: str) -> dict[str, int]:
    found = {chr(32 + n): int(w) for n, w in enumerate(table.split())}
    return {**_OTHER, **found}


_WIDTHS = {False: _widths(_REGULAR), True: _widths(_BOLD)}


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width in pixels of ``text`` set at ``size`` pixels."""
    widths = _WIDTHS[bold]
    return sum(widths.get(c, 556) for c in text) * size / 1000


def fit(text: str, limit: float, size: float, *, bold: bool = False) -> str:
    """``text``, cut short with an ellipsis when it is wider than ``limit`` pixels."""
    if text_width(text, size, bold=bold) <= limit:
        return text
    while text and text_width(text + "…", size, bold=bold) > limit:
        text = text[:-1]
    return text + "…"


# Sizes (pixels) as the specification sets them (`chart_spec.PRINT_CONFIG`) and Vega's own
# defaults: padding, tick length, label and title gaps, legend offset and entry heights.
_PAD, _TICK, _LABEL_GAP, _TITLE_GAP = 8, 5, 2, 4
_TITLE_SIZE, _TEXT_SIZE, _TITLE_LINE = 13, 10, 15
_LEGEND_OFFSET, _LEGEND_GAP, _STROKE_ROW, _SYMBOL_ROW = 18, 8, 18, 15
_POINT_SIZE, _SYMBOL_SIZE, _TICK_WIDTH, _LABEL_LIMIT = 60, 100, 18, 120
_ANGLE = math.radians(40)


def _n(value: float) -> str:
    """A coordinate: three decimals at most, no trailing zeros."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _text(x: float, y: float, body: str, **attrs: str | float) -> str:
    """A ``<text>`` in the chart's font; ``body`` is already escaped."""
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<text x="{_n(x)}" y="{_n(y)}" font-family="{FONT}"{extra}>{body}</text>'


def number_label(value: float) -> str:
    """A tick label as d3's ``,.2~f`` writes it: thousands separated, at most two decimals,
    no trailing zeros, a minus sign (U+2212) for negatives."""
    text = f"{abs(value):,.2f}".rstrip("0").rstrip(".")
    return ("−" + text) if value < 0 and text != "0" else text


def _tick_spec(start: float, stop: float, count: float) -> tuple[int, int, float]:
    """d3's tick spacing: (first index, last index, increment; negative: its inverse)."""
    step = (stop - start) / max(0.0, count)
    power = math.floor(math.log10(step))
    error = step / 10**power
    factor = next((f for f, bound in ((10, 50), (5, 10), (2, 2)) if error >= math.sqrt(bound)), 1)
    if power < 0:
        inc = 10**-power / factor
        i1, i2 = round(start * inc), round(stop * inc)
        i1 += i1 / inc < start
        i2 -= i2 / inc > stop
        inc = -inc
    else:
        inc = 10**power * factor
        i1, i2 = round(start / inc), round(stop / inc)
        i1 += i1 * inc < start
        i2 -= i2 * inc > stop
    if i2 < i1 and 0.5 <= count < 2:
        return _tick_spec(start, stop, count * 2)
    return i1, i2, inc


def ticks(start: float, stop: float, count: int) -> list[float]:
    """Round values from ``start`` to ``stop``, about ``count`` of them (d3's ``ticks``)."""
    if not count > 0 or not stop > start:
        return [start] if start == stop else []
    i1, i2, inc = _tick_spec(start, stop, count)
    return [(i1 + i) / -inc if inc < 0 else (i1 + i) * inc for i in range(i2 - i1 + 1)]


def nice(start: float, stop: float, count: int = 10) -> tuple[float, float]:
    """The band widened to round ends (d3's ``nice``, as Vega applies it)."""
    before = None
    for _ in range(10):
        if not stop > start:
            break
        step = _tick_spec(start, stop, count)[2]
        if step == before:
            break
        if step > 0:
            start, stop = math.floor(start / step) * step, math.ceil(stop / step) * step
        else:
            start, stop = math.ceil(start * step) / step, math.floor(stop * step) / step
        before = step
    return start, stop


# ---- shapes ----------------------------------------------------------------------------------
def shape_path(shape: str, size: float) -> str:
    """A point's outline centred on 0,0, of ``size`` square pixels as Vega sizes symbols:
    a named shape, or a path in the unit square (the star) scaled to it."""
    r = math.sqrt(size) / 2
    h = r * math.sqrt(3) / 2
    s = r / 2.5
    named = {
        "circle": f"M{_n(r)},0A{_n(r)},{_n(r)},0,1,1,{_n(-r)},0A{_n(r)},{_n(r)},0,1,1,{_n(r)},0",
        "square": f"M{_n(-r)},{_n(-r)}h{_n(2 * r)}v{_n(2 * r)}h{_n(-2 * r)}Z",
        "triangle-up": f"M0,{_n(-h)}L{_n(-r)},{_n(h)}L{_n(r)},{_n(h)}Z",
        "triangle-down": f"M0,{_n(h)}L{_n(-r)},{_n(-h)}L{_n(r)},{_n(-h)}Z",
        "diamond": f"M{_n(-r)},0L0,{_n(-r)}L{_n(r)},0L0,{_n(r)}Z",
        "cross": _polygon(_cross(r, s)),
    }
    if shape in named:
        return named[shape]
    return _scaled(shape, r)


def _cross(r: float, s: float) -> list[tuple[float, float]]:
    """The corners of a plus sign of half-width ``r`` and half-thickness ``s``."""
    left = [(-r, -s), (-r, s), (-s, s), (-s, r), (s, r), (s, s)]
    right = [(r, s), (r, -s), (s, -s), (s, -r), (-s, -r), (-s, -s)]
    return left + right


def _polygon(points: Sequence[tuple[float, float]]) -> str:
    return "M" + "L".join(f"{_n(x)},{_n(y)}" for x, y in points) + "Z"


def _scaled(path: str, factor: float) -> str:
    """A path with every number multiplied by ``factor``."""
    return _NUMBER.sub(lambda m: _n(float(m.group()) * factor), path)


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


# ---- layout ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Frame:
    """Where the plot sits in the picture, and what its axes show."""

    left: float
    top: float
    width: float
    height: float
    domain: tuple[float, float]
    ticks: list[float]
    angle: int
    shown: list[str]
    lines: list[str]  # the reference lines present: Target, Floor
    words: list[str]  # the status words of the points, in the legend's order
    axis: float  # the value axis's ticks, labels and the gap before its title

    def x(self, index: int, count: int) -> float:
        """A period's place: points spread evenly, half a step in from each side."""
        return self.width / max(count, 1) * (index + 0.5)

    def y(self, value: float) -> float:
        low, high = self.domain
        return self.height * (high - value) / (high - low)


def _label_width(labels: Sequence[str], limit: float = math.inf) -> float:
    return max((min(text_width(t, _TEXT_SIZE), limit) for t in labels), default=0.0)


def _legend_width(lines: list[str], words: list[str]) -> float:
    """The legend's width, or nothing without one: the wider of its two lists."""
    strokes = 26 + _label_width(lines) if lines else 0.0
    symbols = 16 + _label_width(words) if words else 0.0
    return math.ceil(max(strokes, symbols))


def _top_tick(domain: tuple[float, float], marks: list[float], plot_height: float) -> float:
    """How far below the plot's top edge its highest tick is."""
    low, high = domain
    return plot_height * (high - max(marks)) / (high - low) if marks else plot_height


def frame_of(series: Series, width: int, height: int, title_lines: int) -> Frame:
    """The plot's place and axes: the title above, the value axis left (as wide as its
    labels), the periods below (as tall as their rotated labels), the legend right."""
    top = _PAD + 32 + _TITLE_LINE * (title_lines - 1)
    angle, shown = period_labels(series.periods, width)
    widest = _label_width(shown, _LABEL_LIMIT)
    below: float = _TICK + _LABEL_GAP + _TEXT_SIZE
    if angle:
        below = _TICK + _LABEL_GAP + widest * math.sin(_ANGLE) + _TEXT_SIZE * math.cos(_ANGLE)
    plot_height = math.floor(height - top - _PAD - below)
    domain = nice(*value_band(series))
    marks = ticks(*domain, math.ceil(plot_height / 40))
    # A label of a tick near the plot's top stands out above it: room for it under the title.
    overhang = math.ceil(_TEXT_SIZE / 2 - _top_tick(domain, marks, plot_height))
    if overhang > 0:
        top, plot_height = top + overhang, plot_height - overhang
        marks = ticks(*domain, math.ceil(plot_height / 40))
    axis = _TICK + _LABEL_GAP + _label_width([number_label(v) for v in marks]) + _TITLE_GAP
    left = math.ceil(_PAD + axis + _TEXT_SIZE)
    lines = [
        name
        for name, levels in ((TARGET, series.targets), (FLOOR, series.floors))
        if any(v is not None for v in levels)
    ]
    words = present_words(
        [w for w, v in zip(series.words, series.values, strict=True) if v is not None]
    )
    legend = _legend_width(lines, words)
    plot_width = width - left - _PAD - (legend + _LEGEND_OFFSET if legend else 0)
    return Frame(
        left, top, plot_width, plot_height, domain, marks, angle, shown, lines, words, axis
    )


# ---- drawing ---------------------------------------------------------------------------------
def _axes(f: Frame, periods: list[str]) -> list[str]:
    """The plot's frame, the value grid and axis with its title, the period axis."""
    w, h = _n(f.width), _n(f.height)
    out = [f'<path d="M0.5,0.5h{w}v{h}h-{w}Z" stroke="{GRID_INK}"/>']
    rows = [(value, round(f.y(value))) for value in f.ticks]
    out += [f'<path d="M0.5,{at + 0.5}h{w}" stroke="{GRID_INK}"/>' for _, at in rows]
    out += [f'<path d="M0.5,{at + 0.5}h-{_TICK}" stroke="{MUTED_TEXT_INK}"/>' for _, at in rows]
    out += [
        _text(-7, f.y(v) + 3, html_text(number_label(v)), text_anchor="end", **_SMALL)
        for v, _ in rows
    ]
    out.append(f'<path d="M0.5,{_n(f.height + 0.5)}v-{h}" stroke="{MUTED_TEXT_INK}"/>')
    shown = set(f.shown)
    for i, period in enumerate(periods):
        if period in shown:
            out += _period_label(f, f.x(i, len(periods)), period)
    out.append(f'<path d="M0.5,{_n(f.height + 0.5)}h{w}" stroke="{MUTED_TEXT_INK}"/>')
    return out


_SMALL: dict[str, str | float] = {"font_size": f"{_TEXT_SIZE}px", "fill": TEXT_INK}


def _period_label(f: Frame, x: float, period: str) -> list[str]:
    """A period's tick and its label, level below it or rotated to end at it."""
    tick = f'<path d="M{round(x) + 0.5},{_n(f.height + 0.5)}v{_TICK}" stroke="{MUTED_TEXT_INK}"/>'
    label = html_text(fit(period, _LABEL_LIMIT, _TEXT_SIZE))
    below = f.height + _TICK + _LABEL_GAP
    if not f.angle:
        return [tick, _text(x, below + 8, label, text_anchor="middle", **_SMALL)]
    turn = f"translate({_n(x)},{_n(below)}) rotate({f.angle}) translate(0,8)"
    return [tick, _text(0, 0, label, text_anchor="end", transform=turn, **_SMALL)]


def _value_title(f: Frame, title: str) -> str:
    turn = f"translate({_n(-f.axis)},{_n(f.height / 2)}) rotate(-90) translate(0,-2)"
    attrs: dict[str, str | float] = {**_SMALL, "font_weight": "bold"}
    return _text(0, 0, html_text(title), text_anchor="middle", transform=turn, **attrs)


def _runs(xs: list[float], levels: list[float | None], f: Frame) -> list[list[tuple[float, float]]]:
    """The unbroken runs of levels as points; a missing level breaks the line."""
    runs: list[list[tuple[float, float]]] = [[]]
    for x, level in zip(xs, levels, strict=True):
        if level is None:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append((x, f.y(level)))
    return [run for run in runs if run]


def _line(run: list[tuple[float, float]], *, step: bool) -> str:
    """A run as path commands: straight from point to point, or stepped half way."""
    (x0, y0), rest = run[0], run[1:]
    parts = [f"M{_n(x0)},{_n(y0)}"]
    for x, y in rest:
        if step:
            middle = _n((x0 + x) / 2)
            parts.append(f"L{middle},{_n(y0)}L{middle},{_n(y)}")
        else:
            parts.append(f"L{_n(x)},{_n(y)}")
        x0, y0 = x, y
    if step and rest:
        parts.append(f"L{_n(x0)},{_n(y0)}")
    return "".join(parts) + ("" if rest else "Z")


def _references(f: Frame, series: Series, xs: list[float]) -> list[str]:
    """The target and floor as stepped dashed lines; a level with none beside it a tick."""
    out = []
    for name, levels in ((TARGET, series.targets), (FLOOR, series.floors)):
        dash = ",".join(_n(d) for d in REFERENCE_DASHES[name])
        style = f'stroke="{REFERENCE_INK}" stroke-width="1.3" stroke-dasharray="{dash}"'
        runs = [run for run in _runs(xs, levels, f) if len(run) > 1]
        if runs:
            d = "".join(_line(run, step=True) for run in runs)
            out.append(f'<path d="{d}" {style}/>')
        for i, level in enumerate(levels):
            if level is not None and alone(levels, i):
                x, y = _n(xs[i] - _TICK_WIDTH / 2), _n(f.y(level))
                out.append(f'<path d="M{x},{y}h{_TICK_WIDTH}v0h-{_TICK_WIDTH}Z" {style}/>')
    return out


def _values(f: Frame, series: Series, xs: list[float]) -> list[str]:
    """The grey line through the values (gaps where one is missing) and a point per value
    in its status's ink and shape."""
    d = "".join(_line(run, step=False) for run in _runs(xs, series.values, f))
    out = [f'<path d="{d}" stroke="{SERIES_INK}" stroke-width="1.5"/>']
    shapes = {w: shape_path(shape_of(w), _POINT_SIZE) for w in f.words}
    for x, value, word in zip(xs, series.values, series.words, strict=True):
        if value is None:
            continue
        out.append(
            f'<path transform="translate({_n(x)},{_n(f.y(value))})" d="{shapes[word]}" '
            f'fill="{ink_of(word)}" stroke="{MARK_OUTLINE}" stroke-width="0.7"/>'
        )
    return out


def _legend(f: Frame) -> list[str]:
    """The line styles, then the statuses' symbols, right of the plot."""
    x = f.width + _LEGEND_OFFSET
    out = []
    for row, name in enumerate(f.lines):
        y = row * _STROKE_ROW
        dash = ",".join(_n(d) for d in REFERENCE_DASHES[name])
        out.append(
            f'<path transform="translate({_n(x + 11)},{y + 11})" d="M-10,0L10,0" '
            f'stroke="{REFERENCE_INK}" stroke-width="1.5" stroke-dasharray="{dash}"/>'
        )
        out.append(_text(x + 26, y + 14, html_text(name), **_SMALL))
    start = len(f.lines) * _STROKE_ROW - 2 + _LEGEND_GAP if f.lines else 0
    for row, word in enumerate(f.words):
        y = start + row * _SYMBOL_ROW
        out.append(
            f'<path transform="translate({_n(x + 6)},{_n(y + 6)})" '
            f'd="{shape_path(shape_of(word), _SYMBOL_SIZE)}" fill="{ink_of(word)}" '
            f'stroke="{MARK_OUTLINE}" stroke-width="1.5"/>'
        )
        out.append(_text(x + 16, y + 9, html_text(word), **_SMALL))
    return out


def _title(lines: list[str], subtitle: str, x: float, limit: float) -> list[str]:
    """The KPI's name in bold (a line each) over its id and polarity in grey."""
    spans = "".join(
        (
            f"<tspan>{text}</tspan>"
            if n == 0
            else f'<tspan x="{_n(x)}" dy="{_TITLE_LINE}">{text}</tspan>'
        )
        for n, text in enumerate(
            html_text(fit(line, limit, _TITLE_SIZE, bold=True)) for line in lines
        )
    )
    first = _PAD + 10
    below = first + _TITLE_LINE * (len(lines) - 1) + 14
    name = _text(x, first, spans, font_size=f"{_TITLE_SIZE}px", font_weight="bold", fill=TEXT_INK)
    sub = html_text(fit(subtitle, limit, _TEXT_SIZE))
    return [name, _text(x, below, sub, font_size=f"{_TEXT_SIZE}px", fill=MUTED_TEXT_INK)]


def _placeholder(
    series: Series, lines: list[str], subtitle: str, size: tuple[int, int], limit: float
) -> list[str]:
    """The title, and in the middle of the space below it a message saying there is no
    value."""
    width, height = size
    top = _PAD + 32 + _TITLE_LINE * (len(lines) - 1)
    middle = top + (height - top - _PAD) / 2 + 4
    message = html_text(placeholder_text(series))
    text = {"text_anchor": "middle", "font_size": f"{_TITLE_SIZE}px", "fill": MUTED_TEXT_INK}
    return [_text(width / 2, middle, message, **text), *_title(lines, subtitle, _PAD, limit)]


def trend_svg(chart: TrendChart, width: int, height: int) -> str:
    """The chart as an SVG document of ``width`` x ``height`` pixels."""
    if width < 120 or height < 80:
        raise ValueError(f"a chart needs at least 120 x 80 pixels, not {width} x {height}.")
    series = series_of(chart)
    title = title_of(chart, width)
    lines: list[str] = title["text"]
    limit = float(title["limit"])
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">'
        f'<rect width="{width}" height="{height}" fill="white"/>'
    )
    if not series.has_values:
        words = _placeholder(series, lines, title["subtitle"], (width, height), limit)
        return head + "".join(words) + "</svg>"
    f = frame_of(series, width, height, len(lines))
    xs = [f.x(i, len(series.periods)) for i in range(len(series.periods))]
    plot = [
        *_axes(f, series.periods),
        _value_title(f, series.value_title),
        *_references(f, series, xs),
        *_values(f, series, xs),
        *_legend(f),
    ]
    title_x = f.left - f.axis - _TEXT_SIZE  # over the value axis's title, as Vega puts it
    group = f'<g fill="none" transform="translate({_n(f.left)},{_n(f.top)})">'
    return (
        head
        + group
        + "".join(plot)
        + "</g>"
        + "".join(_title(lines, title["subtitle"], title_x, limit))
        + "</svg>"
    )
