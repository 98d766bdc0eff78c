"""The Vega-Lite specification of a trend chart, built with Altair from a `TrendChart`.

A chart is layers over the periods: the target and the floor as black lines told apart by
their dashes (stepped where they change), the values as a grey line, and a point per value in
its status's ink and shape (`views.print_colours`, the shapes below), with a legend beside the
plot that names both, so the picture reads in black and white. Missing values leave gaps. A
chart without any value is a placeholder picture of the same size that says so.

Everything from the data (title, unit, period labels) reaches the specification as plain
strings or data values, never as a Vega expression, signal or markup; control characters are
made visible first (`views.text.clean`) so the SVG stays well-formed XML.

The paper draws the same chart with its own SVG writer (`export.chart_svg`), which takes its
decisions from here (the cleaned series, title, period labels, value band, shapes and inks),
and a test holds its pictures to Vega's drawing of this specification.

Altair is imported inside the functions: only building a specification pays for it.
"""

from __future__ import annotations

import copy
import math
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qpr_tui.views.print_colours import (
    GRID_INK,
    MARK_OUTLINE,
    MUTED_TEXT_INK,
    REFERENCE_INK,
    SERIES_INK,
    STATUS_INK,
    TEXT_INK,
    UNKNOWN_STATUS_INK,
)
from qpr_tui.views.text import clean
from qpr_tui.vocabulary import (
    AMBER,
    BLUE,
    GREEN,
    HIGHER,
    LOWER,
    NO_DATA,
    NOT_RATED,
    POLARITY_DESCRIPTIONS,
    RED,
    STATUS_WORDS,
    STATUSES,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import altair as alt
    import polars as pl

    from qpr_tui.document.chart import TrendChart

#: The font vl-convert bundles (so a machine without fonts draws the same picture), then the
#: usual stand-ins for a browser showing the SVG.
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"

# A five-pointed star for Blue, like its glyph; Vega sizes custom paths in a unit square.
_STAR = (
    "M0,-1.2L0.27,-0.37L1.14,-0.37L0.44,0.14L0.71,0.97L0,0.46"
    "L-0.71,0.97L-0.44,0.14L-1.14,-0.37L-0.27,-0.37Z"
)
#: A status's point shape, echoing its glyph (`STATUS_GLYPHS`); every status has its own.
STATUS_SHAPES = {
    BLUE: _STAR,
    GREEN: "circle",
    AMBER: "triangle-up",
    RED: "square",
    NO_DATA: "triangle-down",
    NOT_RATED: "diamond",
}
UNKNOWN_STATUS_SHAPE = "cross"

TARGET, FLOOR = "Target", "Floor"
#: Dashes of the reference lines: long for the target, dotted for the floor.
REFERENCE_DASHES: dict[str, list[float]] = {TARGET: [6, 3], FLOOR: [1.5, 2.5]}

_TITLE_SIZE, _TEXT_SIZE = 13, 10
# Tick labels: thousands separated, at most two decimals, no trailing zeros (d3-format).
_Y_FORMAT = ",.2~f"
_MAX_TITLE_LINES = 2
# The width the value axis and the legend beside the plot take (pixels, about).
_AXIS_AND_LEGEND = 150
# Room for one rotated period label: below this spacing (pixels) the labels are thinned.
_ROTATED_LABEL_ROOM = 16
# Average width of a character of the text size, for fitting labels and titles.
_CHAR_WIDTH = 0.55


@dataclass(frozen=True)
class Series:
    """A chart's data checked and cleaned: plain single-line labels and status words."""

    periods: list[str]
    values: list[float | None]
    words: list[str]
    targets: list[float | None]
    floors: list[float | None]
    value_title: str

    @property
    def has_values(self) -> bool:
        return any(v is not None for v in self.values)


def series_of(chart: TrendChart) -> Series:
    """The chart's columns as a `Series`; `ValueError` when they disagree in length or a
    period label repeats (a fault of the caller, not of the data)."""
    n = len(chart.periods)
    lengths = {
        "values": len(chart.values),
        "statuses": len(chart.statuses),
        "targets": len(chart.targets),
        "floors": len(chart.floors),
    }
    wrong = {name: size for name, size in lengths.items() if size != n}
    if wrong:
        detail = ", ".join(f"{size} {name}" for name, size in wrong.items())
        raise ValueError(f"chart {chart.kpi_id!r}: {n} periods but {detail}.")
    periods = [clean(p) for p in chart.periods]
    if len(set(periods)) != n:
        raise ValueError(f"chart {chart.kpi_id!r}: a period label repeats ({', '.join(periods)}).")
    return Series(
        periods=periods,
        values=[_number(v) for v in chart.values],
        words=[STATUS_WORDS.get(s, clean(s) or "?") for s in chart.statuses],
        targets=[_number(v) for v in chart.targets],
        floors=[_number(v) for v in chart.floors],
        value_title=axis_title(chart.unit),
    )


_PERCENT = ("%", "percent", "percentage", "per cent")
_MONEY = {"£": "Pounds (£)", "gbp": "Pounds (£)", "£k": "£ thousands", "£m": "£ millions"}
_COUNT = ("number", "count", "no", "no.", "n")


def axis_title(unit: str) -> str:
    """The value axis's title, naming the unit: ``Per cent (%)``, ``Pounds (£)``, ``Number``,
    or the unit as written (``Value`` when there is none)."""
    text = " ".join(clean(unit).split())
    lowered = text.lower()
    if lowered in _PERCENT:
        return "Per cent (%)"
    if lowered in _MONEY:
        return _MONEY[lowered]
    if lowered in _COUNT:
        return "Number"
    return text or "Value"


def _number(value: float | None) -> float | None:
    """A finite float, or None: NaN and infinities are gaps, as missing values are."""
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def build_spec(chart: TrendChart, *, width: int, height: int) -> dict[str, Any]:
    """The chart's Vega-Lite specification (a dict) at ``width`` x ``height`` pixels in all,
    title and legend included.

    Not validated against the Vega-Lite schema here (that costs more than drawing): its
    shape is fixed by this module, and the tests validate every kind of chart it makes."""
    if width < 120 or height < 80:
        raise ValueError(f"a chart needs at least 120 x 80 pixels, not {width} x {height}.")
    series = series_of(chart)
    body = _trend_layers(series, width) if series.has_values else _placeholder(series)
    spec: dict[str, Any] = body.to_dict(validate=False)
    spec.update(
        width=width,
        height=height,
        title=title_of(chart, width),
        background="white",
        padding=8,
        autosize={"type": "fit", "contains": "padding"},
        config=copy.deepcopy(PRINT_CONFIG),
    )
    return spec


def title_of(chart: TrendChart, width: int) -> dict[str, Any]:
    """The KPI's name (wrapped to two lines, then cut short) over its id and polarity."""
    name = " ".join(clean(chart.title).split()) or clean(chart.kpi_id)
    per_line = max(int((width - 16) / (_TITLE_SIZE * _CHAR_WIDTH * 1.1)), 10)
    lines = textwrap.wrap(name, per_line, max_lines=_MAX_TITLE_LINES, placeholder=" …") or [""]
    better = chart.higher_is_better
    polarity = HIGHER if better is True else LOWER if better is False else None
    words = [clean(chart.kpi_id)] + ([POLARITY_DESCRIPTIONS[polarity]] if polarity else [])
    return {"text": lines, "subtitle": " · ".join(w for w in words if w), "limit": width - 8}


def _trend_layers(series: Series, width: int) -> alt.LayerChart:
    import altair as alt
    import polars as pl

    x = _x_encoding(series.periods, width)
    y = _y_encoder(series)
    frame = pl.DataFrame(
        {"period": series.periods, "value": series.values, "status": series.words},
        schema={"period": pl.String, "value": pl.Float64, "status": pl.String},
    )
    layers: list[alt.Chart] = _reference_layers(series, x, y)
    layers.append(
        alt.Chart(frame).mark_line(color=SERIES_INK, strokeWidth=1.5).encode(x=x, y=y("value"))
    )
    layers.append(_point_layer(frame.filter(pl.col("value").is_not_null()), x, y("value")))
    return alt.LayerChart(layer=layers)


def _x_encoding(periods: list[str], width: int) -> alt.X:
    """Periods in their order, labelled as `period_labels` says."""
    import altair as alt

    angle, shown = period_labels(periods, width)
    axis = alt.Axis(labelAngle=angle, values=shown, labelLimit=120, title=None, grid=False)
    return alt.X("period:N", sort=periods, axis=axis, scale=alt.Scale(type="point"))


def period_labels(periods: list[str], width: int) -> tuple[int, list[str]]:
    """The period labels' angle and the periods labelled: rotated when they do not fit side
    by side, and only every k-th labelled (always the latest) when even rotated ones would
    overlap."""
    room = (width - _AXIS_AND_LEGEND) / max(len(periods), 1)
    widest = max((len(p) for p in periods), default=0) * _TEXT_SIZE * _CHAR_WIDTH
    angle = 0 if widest + 6 <= room else -40
    step = max(math.ceil(_ROTATED_LABEL_ROOM / room), 1) if angle else 1
    return angle, periods[::-1][::step][::-1]


def _y_encoder(series: Series) -> Callable[[str], alt.Y]:
    """The value axis for any layer's field: one scale, one title (the unit), one format.

    The scale is a band round the values, target and floor, not from zero: the change is
    what the reader looks for."""
    import altair as alt

    scale = alt.Scale(domain=list(value_band(series)), zero=False, nice=True)
    axis = alt.Axis(title=series.value_title, format=_Y_FORMAT)

    def encode(field: str) -> alt.Y:
        return alt.Y(f"{field}:Q", scale=scale, axis=axis)

    return encode


def value_band(series: Series) -> tuple[float, float]:
    """The value axis's range before rounding: the values, target and floor with a margin
    (8% of their spread; 5% of the level, or 1, when they are all one level)."""
    levels = [v for v in (*series.values, *series.targets, *series.floors) if v is not None]
    low, high = min(levels), max(levels)
    pad = (high - low) * 0.08 if high > low else abs(high) * 0.05 or 1.0
    return low - pad, high + pad


def _reference_layers(series: Series, x: alt.X, y: Callable[[str], alt.Y]) -> list[alt.Chart]:
    """The target and floor lines, stepped where they change; a level standing alone (no
    level beside it) is a short tick, since a line through one point draws nothing."""
    import altair as alt
    import polars as pl

    rows = [
        (period, name, level, alone(levels, i))
        for name, levels in ((TARGET, series.targets), (FLOOR, series.floors))
        for i, (period, level) in enumerate(zip(series.periods, levels, strict=True))
    ]
    frame = pl.DataFrame(
        rows,
        schema={"period": pl.String, "line": pl.String, "level": pl.Float64, "alone": pl.Boolean},
        orient="row",
    )
    present = [n for n in (TARGET, FLOOR) if frame.filter(pl.col("line") == n)["level"].count()]
    if not present:
        return []
    dashes: list[Sequence[float]] = [REFERENCE_DASHES[n] for n in present]
    dash_scale = alt.Scale(domain=present, range=dashes)
    dash = alt.StrokeDash(
        "line:N",
        scale=dash_scale,
        legend=alt.Legend(
            title=None, symbolType="stroke", symbolSize=400, symbolStrokeColor=REFERENCE_INK
        ),
    )
    lines = (
        alt.Chart(frame)
        .mark_line(interpolate="step", color=REFERENCE_INK, strokeWidth=1.3)
        .encode(x=x, y=y("level"), strokeDash=dash, detail="line:N")
    )
    lone = frame.filter(pl.col("alone"))
    if lone.is_empty():
        return [lines]
    # A flat rectangle's outline: a short line that keeps its dashes.
    ticks = alt.Chart(lone).mark_tick(
        thickness=0, fill=None, stroke=REFERENCE_INK, strokeWidth=1.3, opacity=1
    )
    tick_dash = alt.StrokeDash("line:N", scale=dash_scale, legend=None)  # the lines' legend
    return [lines, ticks.encode(x=x, y=y("level"), strokeDash=tick_dash)]


def alone(levels: list[float | None], i: int) -> bool:
    """A level with no level in the period before or after it."""
    if levels[i] is None:
        return False
    before = levels[i - 1] if i > 0 else None
    after = levels[i + 1] if i + 1 < len(levels) else None
    return before is None and after is None


def _point_layer(points: pl.DataFrame, x: alt.X, y: alt.Y) -> alt.Chart:
    """A point per value, in its status's ink and shape; one legend names both."""
    import altair as alt

    words = present_words(points.get_column("status").to_list())
    inks = [ink_of(w) for w in words]
    shapes = [shape_of(w) for w in words]
    legend = alt.Legend(title=None)
    layer: alt.Chart = (
        alt.Chart(points)
        .mark_point(filled=True, size=60, opacity=1, stroke=MARK_OUTLINE, strokeWidth=0.7)
        .encode(
            x=x,
            y=y,
            color=alt.Color("status:N", scale=alt.Scale(domain=words, range=inks), legend=legend),
            shape=alt.Shape("status:N", scale=alt.Scale(domain=words, range=shapes), legend=legend),
        )
    )
    return layer


_STATUS_OF_WORD = {word: status for status, word in STATUS_WORDS.items()}


def present_words(words: list[str]) -> list[str]:
    """The status words that occur, in the vocabulary's order, unknown ones last."""
    known = [STATUS_WORDS[s] for s in STATUSES if STATUS_WORDS[s] in words]
    unknown = sorted({w for w in words if w not in _STATUS_OF_WORD})
    return known + unknown


def ink_of(word: str) -> str:
    status = _STATUS_OF_WORD.get(word)
    return STATUS_INK[status] if status else UNKNOWN_STATUS_INK


def shape_of(word: str) -> str:
    status = _STATUS_OF_WORD.get(word)
    return STATUS_SHAPES[status] if status else UNKNOWN_STATUS_SHAPE


def _placeholder(series: Series) -> alt.Chart:
    """A message in the place of a chart with no value at all."""
    import altair as alt
    import polars as pl

    frame = pl.DataFrame({"message": [placeholder_text(series)]})
    layer: alt.Chart = (
        alt.Chart(frame)
        .mark_text(fontSize=_TITLE_SIZE, color=MUTED_TEXT_INK)
        .encode(text="message:N")
    )
    return layer


def placeholder_text(series: Series) -> str:
    """What a chart without any value says instead."""
    if not series.periods:
        return "No periods to show"
    span = series.periods[0]
    if len(series.periods) > 1:
        span += f" to {series.periods[-1]}"
    return f"No values recorded for {span}"


#: Print styling: white ground, the bundled font, small text, the legend right of the plot
#: (never over the points), and the whole picture fitted to the asked size. Set on the
#: specification itself: each of Altair's ``configure_*`` copies the whole chart.
PRINT_CONFIG: dict[str, Any] = {
    "font": FONT,
    "view": {"stroke": GRID_INK},
    "title": {
        "anchor": "start",
        "fontSize": _TITLE_SIZE,
        "color": TEXT_INK,
        "subtitleFontSize": _TEXT_SIZE,
        "subtitleColor": MUTED_TEXT_INK,
        "offset": 6,
    },
    "axis": {
        "labelFontSize": _TEXT_SIZE,
        "titleFontSize": _TEXT_SIZE,
        "labelColor": TEXT_INK,
        "titleColor": TEXT_INK,
        "gridColor": GRID_INK,
        "domainColor": MUTED_TEXT_INK,
        "tickColor": MUTED_TEXT_INK,
    },
    "legend": {"orient": "right", "labelFontSize": _TEXT_SIZE, "labelColor": TEXT_INK},
}
