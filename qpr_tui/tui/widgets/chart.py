"""A line chart drawn with braille dots, with the target and floor as horizontal rules.

Plain text, so it needs no plotting library, prints in any terminal and stays readable without
colour: the value is a braille line with a RAG glyph at each quarter, the target a solid rule
(``─``), the floor a dashed one (``╌``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from qpr_tui.tui.palette import Palette, palette
from qpr_tui.vocabulary import (
    AMBER,
    BLUE,
    CORE_STATUSES,
    GREEN,
    NO_DATA,
    NOT_RATED,
    PERIOD_MARK,
    RED,
    STATUS_GLYPHS,
    STATUS_WORDS,
)

# Braille dot bits by (column, row) inside a 2x4 cell.
_BITS = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))


@dataclass(frozen=True)
class Series:
    """One KPI's history, oldest first."""

    labels: list[str]
    values: list[float | None]
    targets: list[float | None] = field(default_factory=list)
    floors: list[float | None] = field(default_factory=list)
    rags: list[str | None] = field(default_factory=list)
    unit: str = ""
    marker: int | None = None  # index of the period being viewed


def _fmt(value: float, unit: str) -> str:
    from qpr_tui.views.numbers import format_value

    return format_value(value, unit)


def _short(label: str) -> str:
    """``2024/25 Q2`` -> ``24/25 Q2`` to save room on the axis."""
    return label[2:] if len(label) > 8 and label[:2].isdigit() else label


def render_chart(
    series: Series, width: int, height: int, colours: Palette | None = None, legend: bool = True
) -> Text:
    """The chart as ``height`` lines of ``width`` cells."""
    n = len(series.values)
    present = [v for v in series.values if v is not None]
    if not present:
        return Text("No values to chart.", style="dim")
    legend_rows = 1 if legend else 0
    extras = [v for v in (*series.targets, *series.floors) if v is not None]
    lo, hi = min(present + extras), max(present + extras)
    if hi == lo:
        lo, hi = lo - 1.0, hi + 1.0
    pad = (hi - lo) * 0.06
    lo, hi = lo - pad, hi + pad
    top, bottom = _fmt(hi, series.unit), _fmt(lo, series.unit)
    axis_w = max(len(top), len(bottom)) + 1
    plot_w, plot_h = width - axis_w - 1, height - 2 - legend_rows
    if plot_w < 8 or plot_h < 2:
        return Text("(the chart needs more room)", style="dim")
    sub_w, sub_h = plot_w * 2, plot_h * 4

    def sx(i: int) -> int:
        return sub_w // 2 if n == 1 else round(i * (sub_w - 1) / (n - 1))

    def sy(v: float) -> int:
        return max(0, min(sub_h - 1, round((hi - v) / (hi - lo) * (sub_h - 1))))

    bits = [[0] * plot_w for _ in range(plot_h)]

    def dot(x: int, y: int) -> None:
        bits[y // 4][x // 2] |= _BITS[x % 2][y % 4]

    points = [(sx(i), sy(v)) for i, v in enumerate(series.values) if v is not None]
    previous: tuple[int, int] | None = None
    for i, v in enumerate(series.values):
        if v is None:
            previous = None
            continue
        x1, y1 = sx(i), sy(v)
        if previous is None:
            dot(x1, y1)
        else:
            x0, y0 = previous
            steps = max(abs(x1 - x0), abs(y1 - y0), 1)
            for s in range(steps + 1):
                dot(x0 + round((x1 - x0) * s / steps), y0 + round((y1 - y0) * s / steps))
        previous = (x1, y1)

    colours = colours or palette_default()
    chars: list[list[tuple[str, Style | str]]] = [
        [(chr(0x2800 + b), "bold") if b else (" ", "") for b in row] for row in bits
    ]

    def index_at(col: int) -> int:
        return 0 if n == 1 else max(0, min(n - 1, round((2 * col + 0.5) * (n - 1) / (sub_w - 1))))

    for values, char, style in (
        (series.floors, "╌", colours.fg[RED]),
        (series.targets, "─", colours.fg[GREEN]),
    ):
        if not values:
            continue
        for col in range(plot_w):
            v = values[index_at(col)]
            if v is None:
                continue
            line = sy(v) // 4
            if chars[line][col][0] in (" ", "─", "╌"):
                chars[line][col] = (char, style)
    if series.rags and plot_w >= 2 * n:
        for (x, y), (i, _v) in zip(
            points, [(i, v) for i, v in enumerate(series.values) if v is not None], strict=True
        ):
            status = series.rags[i] if i < len(series.rags) else None
            if status in STATUS_GLYPHS:
                chars[y // 4][x // 2] = (STATUS_GLYPHS[status], colours.fg.get(status, ""))
    marker_col = sx(series.marker) // 2 if series.marker is not None and n > 1 else None

    out = Text(no_wrap=True, overflow="crop")
    mid = _fmt((hi + lo) / 2, series.unit)
    for r, row in enumerate(chars):
        if r == 0:
            label = top
        elif r == plot_h - 1:
            label = bottom
        elif r == plot_h // 2 and plot_h >= 5:
            label = mid
        else:
            label = ""
        out.append(label.rjust(axis_w - 1) + " ", style="dim")
        out.append("┤" if label else "│", style="dim")
        for char, cell_style in row:
            out.append(char, style=cell_style)
        out.append("\n")
    axis = ["─"] * plot_w
    if marker_col is not None:
        axis[marker_col] = "┴"
    out.append(" " * (axis_w - 1) + " └", style="dim")
    out.append("".join(axis), style="dim")
    out.append("\n")
    out.append_text(_x_labels(series, axis_w + 1, plot_w, marker_col))
    if legend:
        out.append("\n")
        key = _legend(series, colours)
        key.rstrip()
        key.truncate(width, overflow="ellipsis")
        out.append_text(key)
    return out


def _x_labels(series: Series, indent: int, plot_w: int, marker_col: int | None) -> Text:
    line = [" "] * (indent + plot_w)
    if not series.labels:
        return Text("")
    first, last = _short(series.labels[0]), _short(series.labels[-1])

    def put(text: str, start: int) -> bool:
        start = max(0, min(start, len(line) - len(text)))
        if any(c != " " for c in line[max(0, start - 1) : start + len(text) + 1]):
            return False
        line[start : start + len(text)] = list(text)
        return True

    last_i = len(series.labels) - 1
    marked = series.marker if marker_col is not None else None
    put((PERIOD_MARK if marked == 0 else "") + first, indent)
    if last_i > 0:
        text = (PERIOD_MARK if marked == last_i else "") + last
        put(text, indent + plot_w - len(text))
    if marked is not None and marker_col is not None and 0 < marked < last_i:
        put(PERIOD_MARK + _short(series.labels[marked]), indent + marker_col)
    return Text("".join(line).rstrip(), style="dim")


def _legend(series: Series, colours: Palette) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append("⠒⠒ ", style="bold")
    text.append("value  ")
    target = next((v for v in reversed(series.targets) if v is not None), None)
    floor = next((v for v in reversed(series.floors) if v is not None), None)
    if target is not None:
        text.append("── ", style=colours.fg[GREEN])
        text.append(f"target {_fmt(target, series.unit)}  ")
    if floor is not None:
        text.append("╌╌ ", style=colours.fg[RED])
        text.append(f"floor {_fmt(floor, series.unit)}  ")
    if series.rags:
        for status in CORE_STATUSES:
            text.append(STATUS_GLYPHS[status], style=colours.fg[status])
            text.append(f" {STATUS_WORDS[status]} ")
    return text


def palette_default() -> Palette:
    """A palette for use outside an app (tests, exports): plain ANSI colours."""
    plain = {
        k: Style(color=c, bold=True)
        for k, c in ((BLUE, "blue"), (GREEN, "green"), (AMBER, "yellow"), (RED, "red"))
    }
    muted = Style(dim=True)
    return Palette(
        badge=dict(plain),
        fg={**plain, NO_DATA: muted, NOT_RATED: muted},
        accent=Style(bold=True),
        muted=muted,
    )


class TrendChart(Widget):
    """A widget that draws a `Series` to fit its size (redrawn on every resize)."""

    DEFAULT_CSS = """
    TrendChart { height: 12; min-height: 6; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.series: Series | None = None
        # The last chart drawn and what it was drawn for: a repaint of the screen (a layout
        # elsewhere, a screen switch) draws the same chart again.
        self._drawn: tuple[Series, int, int, Palette, Text] | None = None

    def set_series(self, series: Series | None) -> None:
        self.series = series
        self.refresh()

    def render(self) -> Text:
        series = self.series
        if series is None:
            return Text("")
        width, height = self.content_size.width, self.content_size.height
        if width <= 0 or height <= 0:
            return Text("")
        colours = palette(self.app)
        drawn = self._drawn
        if drawn is not None and drawn[0] is series and drawn[1:4] == (width, height, colours):
            return drawn[4]
        chart = render_chart(series, width, height, colours)
        self._drawn = (series, width, height, colours, chart)
        return chart
