"""Rich renderables for the QPR summary: tiles, the Red list, the KPI table, movers, text."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import Any

import polars as pl
from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from qpr_tui.analysis.summary import KpiLine, Summary
from qpr_tui.views.hanging import Hanging
from qpr_tui.views.headings import red_groups, scope_label
from qpr_tui.views.methods import describe_method
from qpr_tui.views.narrative import Narrative, write
from qpr_tui.views.numbers import (
    format_range,
    format_value,
    home_value,
    ordinal_rank,
    quartile_label,
)
from qpr_tui.views.style import DOT_STYLES, RAG_FG, dot_text, rag_text
from qpr_tui.views.text import clean, safe
from qpr_tui.vocabulary import (
    ALWAYS_COUNTED,
    CORE_STATUSES,
    DECREASE_MARK,
    DIRECTIONS,
    INCREASE_MARK,
    RED,
    STABLE,
    STATUS_GLYPHS,
    STATUSES,
    status_label,
)

SPARK = "▁▂▃▄▅▆▇█"
SPARK_WIDTH = 8  # quarters a sparkline shows


def sparkline(values: Iterable[float | None], width: int = SPARK_WIDTH) -> Text:
    points = [v for v in values][-width:]
    present = [v for v in points if v is not None]
    if not present:
        return Text("")
    lo, hi = min(present), max(present)
    span = hi - lo or 1.0
    chars = [" " if v is None else SPARK[int((v - lo) / span * (len(SPARK) - 1))] for v in points]
    return Text("".join(chars), style="cyan")


def _delta(current: int, previous: int | None, word: str = "quarter") -> Text:
    """The change since the previous period (``word``: a quarter, or a year)."""
    if previous is None:
        return Text(f"no previous {word}", style="dim")
    diff = current - previous
    if diff == 0:
        return Text(f"= same as last {word}", style="dim")
    arrow = INCREASE_MARK if diff > 0 else DECREASE_MARK
    return Text(f"{arrow} {diff:+,d} vs last {word}")


def rag_tiles(s: Summary) -> Table:
    """One tile per status: glyph and word, count, change since the previous quarter."""
    grid = Table.grid(expand=True, padding=(0, 1))
    keys = [k for k in STATUSES if k in ALWAYS_COUNTED or s.rag.get(k)]
    for _ in keys:
        grid.add_column(ratio=1)
    cells = []
    for key in keys:
        prev = s.rag_previous.get(key) if s.rag_previous else None
        body = Group(
            Text(f"{s.rag.get(key, 0):,}", style="bold", justify="center"),
            Text.assemble(
                _delta(s.rag.get(key, 0), prev, s.calendar.period_word), justify="center"
            ),
        )
        title = Text(status_label(key), style=f"bold {RAG_FG[key]}")
        cells.append(Panel(body, title=title, border_style=RAG_FG[key], box=box.ROUNDED))
    grid.add_row(*cells)
    return grid


def dot_tiles(s: Summary) -> Table:
    grid = Table.grid(expand=True, padding=(0, 1))
    for _ in DIRECTIONS:
        grid.add_column(ratio=1)
    cells = []
    for key in DIRECTIONS:
        prev = s.dot_previous.get(key) if s.dot_previous else None
        body = Group(
            Text(f"{s.dot[key]:,}", style="bold", justify="center"),
            Text.assemble(_delta(s.dot[key], prev, s.calendar.period_word), justify="center"),
        )
        title = Text.assemble(dot_text(key), " trend" if key != STABLE else "")
        cells.append(Panel(body, title=title, box=box.ROUNDED, border_style=DOT_STYLES[key]))
    grid.add_row(*cells)
    return grid


def red_list(s: Summary, detail: bool = True, limit: int | None = None) -> RenderableType:
    """The Red indicators grouped under the cover report's headings (the first ``limit``,
    then a line that says how many more there are)."""
    if not s.red:
        return Text("No indicators are rated Red.", style="green")
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
    table.add_column("KPI", no_wrap=True)
    table.add_column("Indicator", ratio=1)
    table.add_column("Value", justify="right", no_wrap=True)
    table.add_column("Target", justify="right", no_wrap=True)
    table.add_column("Floor", justify="right", no_wrap=True)
    if detail:
        table.add_column("Last qtr", no_wrap=True)
    room = len(s.red) if limit is None else limit
    for head, every in red_groups(s):
        items = every[: max(room, 0)]
        room -= len(items)
        if not items:
            break
        table.add_row(Text(""), safe(head, style="bold"), end_section=False)
        for item in items:
            cells: list[RenderableType] = [
                safe(item.kpi_id),
                safe(item.indicator, limit=240),
                Text(format_value(item.value, item.unit)),
                Text(format_value(item.target, item.unit)),
                Text(format_value(item.floor, item.unit)),
            ]
            if detail:
                cells.append(rag_text(item.previous_rag) if item.previous_rag else Text("new"))
            table.add_row(*cells)
    if limit is not None and len(s.red) > limit:
        table.add_row(Text(""), Text(more_line(len(s.red) - limit, "Red KPIs"), style="italic"))
    return table


def more_line(count: int, what: str) -> str:
    """The line under a list cut short."""
    return f"… and {count:,} more {what}: the paper and the xlsx and json exports list them all"


def red_list_text(s: Summary, width: int, limit: int | None = None) -> Text:
    """The Red list as fixed-width lines (one per KPI, names cut to fit).

    The same content as `red_list`, laid out by hand: a Rich table re-measures every cell
    each time it is drawn, which is too slow for the TUI's quarter-by-quarter browsing.
    """
    if not s.red:
        return Text("No indicators are rated Red.", style="green")
    rows = [
        (
            clean(i.kpi_id),
            clean(i.indicator),
            format_value(i.value, i.unit),
            format_value(i.target, i.unit),
            format_value(i.floor, i.unit),
            i,
        )
        for i in s.red
    ]
    heads = ("KPI", "Indicator", "Value", "Target", "Floor", "Last qtr")
    widths = [max(len(heads[c]), *(len(str(r[c])) for r in rows)) for c in (0, 2, 3, 4)]
    last = 9
    name_width = max(12, width - sum(widths) - last - 2 * 5)
    text = Text(no_wrap=True, overflow="crop", end="")

    def line(kpi: str, name: str, value: str, target: str, floor: str) -> str:
        return (
            f"{kpi:<{widths[0]}}  {name:<{name_width}}  {value:>{widths[1]}}  "
            f"{target:>{widths[2]}}  {floor:>{widths[3]}}  "
        )

    text.append(line(*heads[:5]) + heads[5], style="bold")
    text.append("\n" + "─" * min(width, len(line(*heads[:5])) + last))
    shown = 0
    for head, items in red_groups(s):
        if limit is not None and shown >= limit:
            break
        text.append("\n" + " " * (widths[0] + 2))
        text.append(clean(head), style="bold")
        for item in items:
            if limit is not None and shown >= limit:
                break
            shown += 1
            kpi, name, value, target, floor, _ = next(r for r in rows if r[5] is item)
            names = textwrap.wrap(name, name_width, max_lines=3, placeholder=" …") or [""]
            text.append("\n" + line(kpi, names[0], value, target, floor))
            text.append_text(
                rag_text(item.previous_rag) if item.previous_rag else Text("new", style="dim")
            )
            for more in names[1:]:
                text.append("\n" + " " * (widths[0] + 2) + more)
    if shown < len(s.red):
        text.append(f"\n… and {len(s.red) - shown:,} more Red indicators", style="bold")
    return text


def movers(s: Summary, limit: int | None = None) -> RenderableType:
    """The changes of RAG status, in three lists (each cut to its first ``limit``)."""
    parts: list[RenderableType] = []

    def block(title: str, items: list[KpiLine], style: str) -> None:
        parts.append(Text(f"{title} ({len(items)})", style=f"bold {style}"))
        if not items:
            parts.append(Text("  none", style="dim"))
        for item in items[:limit]:
            lead = Text.assemble("  ", safe(item.kpi_id, style="bold"), " ")
            change = Text.assemble("  ", rag_text(item.previous_rag), " → ", rag_text(item.rag))
            parts.append(Hanging(lead, safe(item.indicator, limit=90), change))
        if limit is not None and len(items) > limit:
            parts.append(Text(f"  {more_line(len(items) - limit, 'KPIs')}", style="italic"))

    block("New Reds", s.new_red, "red")
    block("No longer Red", s.no_longer_red, "green")
    # By id, not by a search of the lists per change (quadratic with tens of thousands).
    listed = {i.kpi_id for i in (*s.new_red, *s.no_longer_red)}
    others = [i for i in s.changes if i.kpi_id not in listed]
    block("Other RAG changes", others, "")
    return Group(*parts)


def transitions(s: Summary) -> Table:
    """From/to counts of RAG status between the previous quarter and this one."""
    used = [k for k in STATUSES if any(k in pair for pair in s.transitions)] or list(CORE_STATUSES)
    table = Table(
        title=f"From previous {s.calendar.period_word} (rows) to this one (columns)"
        if s.calendar.annual
        else "From previous quarter (rows) to this quarter (columns)",
        box=box.SIMPLE_HEAVY,
        title_justify="left",
    )
    table.add_column("from \\ to")
    for key in used:
        table.add_column(status_label(key), justify="right")
    for a in used:
        row: list[RenderableType] = [Text(status_label(a))]
        for b in used:
            n = s.transitions.get((a, b), 0)
            style = "bold" if a != b and n else ("dim" if not n else "")
            row.append(Text(f"{n:,}", style=style))
        table.add_row(*row)
    return table


def kpi_table(s: Summary, rows: list[dict[str, Any]] | None = None) -> Table:
    """The full KPI table (for text and HTML output)."""
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False)
    for name, justify in (
        ("KPI", "left"),
        ("Indicator", "left"),
        ("Value", "right"),
        ("Target", "right"),
        ("Floor", "right"),
        ("RAG", "left"),
        ("Prev", "left"),
        ("DoT", "left"),
    ):
        table.add_column(
            name,
            justify=justify,  # type: ignore[arg-type]
            ratio=1 if name == "Indicator" else None,
            no_wrap=name != "Indicator",
        )
    for row in rows if rows is not None else s.kpis.iter_rows(named=True):
        table.add_row(
            safe(row["kpi_id"]),
            safe(row["indicator"]),
            Text(format_value(row["value"], row["unit"])),
            Text(format_value(row["target"], row["unit"])),
            Text(format_value(row["floor"], row["unit"])),
            rag_text(row["rag"]),
            rag_text(row.get("previous_rag")),
            dot_text(row.get("dot")),
        )
    return table


def narrative_renderable(n: Narrative) -> RenderableType:
    parts: list[RenderableType] = [safe(n.summary), Text("")]
    parts.append(Text.assemble(("2.2 ", "bold"), safe(n.rag_intro)))
    parts += [Hanging(Text("  • "), safe(b)) for b in n.rag_bullets]
    parts.append(Text(""))
    parts.append(Text.assemble(("2.3 ", "bold"), safe(n.red_intro)))
    for head, names in n.red_groups:
        parts.append(Hanging(Text("  • "), safe(head, style="bold")))
        parts += [Hanging(Text("      – "), safe(name)) for name in names]
    parts.append(Text(""))
    parts.append(Text.assemble(("2.4 ", "bold"), safe(n.dot)))
    return Group(*parts)


def header_text(s: Summary) -> Text:
    org = clean(s.organisation) or "QPR"
    text = Text.assemble((org, "bold"), "  ·  ", (s.period_label, "bold cyan"))
    if s.previous_label:
        text.append(f"  (compared with {s.previous_label})", style="dim")
    if not s.scope.is_all:
        text.append("  ·  ")
        text.append(clean(scope_label(s.scope)), style="bold")
    return text


def summary_report(s: Summary) -> RenderableType:
    """Everything `qpr summary` prints."""
    n = write(s)
    return Group(
        Panel(header_text(s), box=box.HEAVY),
        Text(f"{s.total:,} KPIs", style="bold"),
        rag_tiles(s),
        Text("Direction of Travel", style="bold"),
        dot_tiles(s),
        Text(f"DoT method: {describe_method(s.dot_config, s.calendar.period_word)}", style="dim"),
        Panel(
            red_list(s),
            title=Text(f"{STATUS_GLYPHS[RED]} Red indicators ({len(s.red):,})", style="bold red"),
            border_style="red",
        ),
        Panel(movers(s), title=f"Changes since last {s.calendar.period_word}"),
        Panel(narrative_renderable(n), title="Cover report text"),
    )


def benchmark_table(
    s: Summary, bench: pl.DataFrame, group_label: str, organisations: int, limit: int | None = None
) -> RenderableType:
    """Where the home organisation stands on each KPI in the summary's period."""
    by_kpi = {row["kpi_id"]: row for row in bench.iter_rows(named=True)}
    table = Table(
        title=Text(
            f"Benchmark: {clean(s.organisation)} against {group_label} "
            f"({organisations} organisations in the data), {s.period_label}",
            style="bold",
        ),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        expand=True,
    )
    for name, justify in (
        ("KPI", "left"),
        ("Indicator", "left"),
        ("Value", "right"),
        ("Rank", "right"),
        ("Quartile", "left"),
        ("Median", "right"),
        ("Middle half", "right"),
    ):
        table.add_column(
            name,
            justify=justify,  # type: ignore[arg-type]
            ratio=1 if name == "Indicator" else None,
            min_width=20 if name == "Indicator" else None,
            no_wrap=name != "Indicator",
        )
    rows = list(s.kpis.iter_rows(named=True))
    for row in rows[:limit] if limit else rows:
        b = by_kpi.get(row["kpi_id"])
        if b is None:
            continue
        unit = row["unit"]
        table.add_row(
            safe(row["kpi_id"]),
            safe(row["indicator"], limit=80),
            Text(home_value(b["value"], unit)),
            Text(ordinal_rank(b["rank"], b["of"])),
            Text(
                quartile_label(b["quartile"]),
                style={1: "green", 4: "red"}.get(b["quartile"] or 0, ""),
            ),
            Text(format_value(b["median"], unit)),
            Text(format_range(b["p25"], b["p75"], unit)),
        )
    return table
