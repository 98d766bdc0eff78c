"""Everything about one KPI: value against target and floor, gaps, RAG by quarter, chart,
commentary, actions, Direction of Travel and the history table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import Static

from qpr_tui.periods import Calendar, month_label
from qpr_tui.tui.kpi_text import gap, rag_strip
from qpr_tui.tui.palette import Palette, palette
from qpr_tui.tui.widgets.chart import Series, TrendChart
from qpr_tui.tui.widgets.frozen import content_width, show_frozen
from qpr_tui.tui.widgets.tables import VimScroll
from qpr_tui.views.numbers import format_value
from qpr_tui.views.text import clean, safe, safe_lines
from qpr_tui.vocabulary import (
    DIRECTION_LABELS,
    HIGHER,
    LOWER,
    NOT_RATED,
    POLARITY_DESCRIPTIONS,
    PROVISIONAL_MARK,
    TARGET,
)

if TYPE_CHECKING:
    import polars as pl

    from qpr_tui.tui.state import ViewState


def kpi_history(view: ViewState, kpi_id: str, upto: bool) -> list[dict[str, Any]]:
    """The KPI's rows oldest first, up to the viewed period when ``upto``."""
    rows = list(view.analysis.history(kpi_id).iter_rows(named=True))
    return [r for r in rows if r["period"] <= view.period] if upto else rows


def kpi_series(view: ViewState, kpi_id: str, upto: bool) -> Series:
    """The KPI's chart: its quarters (or years), or its months when it is monthly."""
    rows = kpi_history(view, kpi_id, upto)
    months = view.analysis.month_history(kpi_id)
    if months.height and rows:
        return _month_series(view, rows, months, upto)
    periods = [int(r["period"]) for r in rows]
    label = view.analysis.calendar.label
    return Series(
        labels=[label(p) for p in periods],
        values=[r["value"] for r in rows],
        targets=[r["target"] for r in rows],
        floors=[r["floor"] for r in rows],
        rags=[r["rag"] for r in rows],
        unit=str(rows[-1]["unit"]) if rows else "",
        marker=periods.index(view.period) if view.period in periods else None,
    )


def _month_series(
    view: ViewState, rows: list[dict[str, Any]], months: pl.DataFrame, upto: bool
) -> Series:
    """A monthly KPI's months, each with its quarter's target, floor and rating."""
    if upto:
        months = months.filter(pl.col("period") <= view.period)
    points = list(months.iter_rows(named=True))
    in_view = [i for i, point in enumerate(points) if point["period"] == view.period]
    return Series(
        labels=[month_label(p["month"]) for p in points],
        values=[p["value"] for p in points],
        targets=[p["target"] for p in points],
        floors=[p["floor"] for p in points],
        rags=[p["rag"] for p in points],
        unit=str(rows[-1]["unit"]),
        marker=in_view[-1] if in_view else None,
    )


def kpi_title(row: dict[str, Any], colours: Palette) -> Text:
    return Text.assemble(
        colours.rag(row.get("rag")),
        " ",
        safe(row["kpi_id"], style="bold"),
        "  ",
        safe(row["indicator"], style="bold"),
    )


def kpi_meta(row: dict[str, Any]) -> Text:
    parts = [p for p in (clean(row.get("directorate")), clean(row.get("service_area"))) if p]
    text = Text(" › ".join(parts), style="dim")
    for name in ("owner", "basis"):
        if row.get(name):
            text.append(f"  ·  {name}: ", style="dim")
            text.append(clean(row[name]), style="dim")
    return text


def dot_words(view: ViewState, row: dict[str, Any], colours: Palette) -> RenderableType:
    """Direction of Travel and how it was decided, in words."""
    from qpr_tui.views.methods import describe_method

    direction = row.get("dot")
    method = describe_method(view.analysis.config.dot, view.analysis.calendar.period_word)
    label = view.analysis.calendar.label(view.period)
    head = Text.assemble(("Direction of Travel ", "bold"), (label, "bold"), ": ")
    if not direction:
        head.append("none", style="dim")
        return Group(
            head,
            Text("No value this quarter, so no Direction of Travel.", style="dim"),
            Text(f"Method: {method}.", style="dim"),
        )
    head.append_text(colours.dot(direction))
    head.append(f" ({DIRECTION_LABELS.get(direction, direction)})", style="dim")
    polarity = {
        HIGHER: "Higher values are better for this indicator, so an upward trend is an "
        "improvement.",
        LOWER: "Lower values are better for this indicator, so the series is flipped before "
        "fitting: a falling value is an improvement.",
        TARGET: "Closeness to target is what counts for this indicator: the distance from "
        "target is analysed, and a shrinking distance is an improvement.",
    }.get(str(row.get("polarity")), "")
    lines: list[RenderableType] = [head, Text.assemble(("Method: ", "bold"), f"{method}.")]
    if row.get("dot_detail"):
        lines.append(Text.assemble(("Result: ", "bold"), safe(row["dot_detail"]), "."))
    if polarity:
        lines.append(Text(polarity, style="dim"))
    return Group(*lines)


WIDE_FACTS = 76  # columns from which the facts go two label/value pairs a line


class Facts:
    """Label/value pairs laid out when drawn: two a line at `WIDE_FACTS` columns or more,
    else one, so the height Textual measures is the height drawn and no pair is cut off."""

    def __init__(self, pairs: list[tuple[str, RenderableType]]) -> None:
        self.pairs = pairs

    def grid(self, per_line: int) -> Table:
        grid = Table.grid(padding=(0, 2))
        for _ in range(per_line):
            grid.add_column(style="dim", no_wrap=True)
            grid.add_column()
        for i in range(0, len(self.pairs), per_line):
            cells: list[RenderableType] = []
            for name, cell in self.pairs[i : i + per_line]:
                cells += [name, cell]
            grid.add_row(*cells)
        return grid

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.grid(2 if options.max_width >= WIDE_FACTS else 1)


def facts(view: ViewState, row: dict[str, Any], colours: Palette) -> Facts:
    """Value, target, floor, the gaps, last quarter, DoT, polarity and the quarter compared
    with."""
    unit, polarity = str(row.get("unit") or ""), str(row.get("polarity") or HIGHER)
    value = Text(format_value(row.get("value"), unit), style="bold")
    if row.get("provisional"):
        value.append(f"{PROVISIONAL_MARK} provisional", style="dim")
    if row.get("value") is None and row.get("value_reason"):
        value.append(f" ({clean(row['value_reason'])})", style="dim")
    previous = Text.assemble(
        format_value(row.get("previous_value"), unit),
        " ",
        colours.rag_plain(row.get("previous_rag")),
    )
    prev_period = view.analysis.previous(view.period)
    rag = colours.rag(row.get("rag"))
    # A KPI that is not rated has no gaps (a target of 0 may mean none); the rule says why.
    rated_value = None if row.get("rag") == NOT_RATED else row.get("value")
    if row.get("rag") == NOT_RATED and row.get("rag_rule"):
        rag.append(f" {clean(row['rag_rule'])}", style="dim")
    pairs: list[tuple[str, RenderableType]] = [
        ("Value", value),
        ("RAG", rag),
        ("Target", Text(format_value(row.get("target"), unit))),
        (
            "Gap to target",
            gap(rated_value, row.get("target"), polarity, unit, "target", colours),
        ),
        ("Floor", Text(format_value(row.get("floor"), unit))),
        ("Gap to floor", gap(rated_value, row.get("floor"), polarity, unit, "floor", colours)),
        ("Last quarter", previous),
        ("Direction", colours.dot(row.get("dot"))),
        ("Polarity", Text(POLARITY_DESCRIPTIONS.get(polarity, polarity))),
        (
            "Compared with",
            Text(view.analysis.calendar.label(prev_period) if prev_period is not None else "–"),
        ),
    ]
    return Facts(pairs)


def history_table(
    rows: list[dict[str, Any]], period: int, colours: Palette, calendar: Calendar
) -> Table:
    """Every quarter (or year), newest first; the viewed one is marked ``▶``."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    label = calendar.label
    for name, justify in (
        (calendar.period_word.title(), "left"),
        ("Value", "right"),
        ("Target", "right"),
        ("Floor", "right"),
        ("RAG", "left"),
    ):
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for r in reversed(rows):
        unit = str(r.get("unit") or "")
        mark = "▶ " if r["period"] == period else "  "
        table.add_row(
            Text(mark + label(int(r["period"])), style="bold" if r["period"] == period else ""),
            format_value(r["value"], unit),
            format_value(r["target"], unit),
            format_value(r["floor"], unit),
            colours.rag_plain(r["rag"]),
        )
    return table


def words(row: dict[str, Any]) -> RenderableType:
    parts: list[RenderableType] = []
    for name, title in (("commentary", "Commentary"), ("actions", "Actions")):
        text = clean(row.get(name)).strip()
        parts.append(Text(title, style="bold"))
        parts.append(safe(text) if text else Text("None given.", style="dim"))
        parts.append(Text(""))
    return Group(*parts[:-1])


def note_words(view: ViewState, kpi_id: str) -> Text:
    """The KPI's note for the meeting this quarter, or how to add one."""
    note = view.analysis.notes.get(kpi_id, view.period)
    if not note:
        return Text.assemble(("Note for the meeting: ", "bold"), ("none (m writes one)", "dim"))
    text = Text("Note for the meeting\n", style="bold")
    text.append_text(safe_lines(note))
    return text


class KpiDetail(VimScroll):
    """The detail of one KPI as of the viewed period (Red panel and KPI screen).

    Built once and refilled: each part is laid out at the widget's width and given the height
    of its lines (`show_frozen`), so showing another KPI repaints the parts and lays out the
    screen only where a part's height changes. A new width lays the parts out again."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.title_ = Static("", classes="kd-title")
        self.meta = Static("", classes="kd-meta")
        self.facts = Static("", classes="kd-facts")
        self.strip = Static("", classes="kd-strip")
        self.chart = TrendChart(classes="kd-chart")
        self.note = Static("", classes="kd-note")
        self.words = Static("", classes="kd-words")
        self.dot = Static("", classes="kd-dot")
        self.history = Static("", classes="kd-history")
        self.kpi_id: str | None = None
        # What is shown and the width it was laid out at, to lay it out again on a resize.
        self._shown: tuple[ViewState, str | None] | str | None = None
        self._width = 0

    def compose(self) -> ComposeResult:
        yield self.title_
        yield self.meta
        yield self.facts
        yield self.note
        yield self.strip
        yield self.chart
        yield self.words
        yield self.dot
        yield self.history

    def parts_width(self) -> int:
        """The width the parts are laid out at (before the first layout: a guess from the
        screen's, corrected on the first resize)."""
        return content_width(self, max(20, self.app.size.width - 8))

    def on_resize(self, event: Resize) -> None:
        if self._shown is not None and self.parts_width() != self._width:
            shown = self._shown
            if isinstance(shown, str):
                self.show_message(shown)
            else:
                self.show_kpi(*shown)

    def _put(self, widget: Static, renderable: RenderableType) -> None:
        show_frozen(widget, renderable, self._width)

    def show_message(self, message: str) -> None:
        self.kpi_id = None
        self._shown, self._width = message, self.parts_width()
        self._put(self.title_, Text(message, style="dim"))
        widgets = (self.meta, self.facts, self.strip, self.note, self.words, self.dot)
        for widget in (*widgets, self.history):
            self._put(widget, "")
        self.chart.set_series(None)
        self.chart.display = False

    def show_kpi(self, view: ViewState, kpi_id: str | None) -> None:
        if kpi_id is None:
            self.show_message("No indicator selected.")
            return
        colours = palette(self.app)
        label = view.analysis.calendar.label
        rows = kpi_history(view, kpi_id, upto=True)
        row = view.kpi_row(kpi_id)
        if row is None:
            if not rows:
                self.show_message(f"{clean(kpi_id)} has no data up to {label(view.period)}.")
                return
            row = {
                **rows[-1],
                "dot": None,
                "dot_detail": None,
                "previous_value": None,
                "previous_rag": None,
            }
            note = Text(
                f"Not reported in {label(view.period)}; the latest before it is "
                f"{label(int(rows[-1]['period']))}.",
                style="bold",
            )
        else:
            note = None
        self.kpi_id = kpi_id
        self._shown, self._width = (view, kpi_id), self.parts_width()
        self._put(self.title_, kpi_title(row, colours))
        self._put(self.meta, kpi_meta(row) if note is None else Group(kpi_meta(row), note))
        self._put(self.facts, facts(view, row, colours))
        labels = [label(int(r["period"])) for r in rows]
        self._put(self.strip, rag_strip(labels, [r["rag"] for r in rows], colours, limit=8))
        self.chart.display = True
        self.chart.set_series(kpi_series(view, kpi_id, upto=True))
        self._put(self.note, note_words(view, kpi_id))
        self._put(self.words, words(row))
        self._put(self.dot, dot_words(view, row, colours))
        self._put(
            self.history,
            Group(
                Text("History", style="bold"),
                history_table(rows, view.period, colours, view.analysis.calendar),
            ),
        )
