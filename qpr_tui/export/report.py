"""The full report as one rich renderable, recorded as HTML, SVG or plain text.

It is built from the same views the TUI and ``qpr summary`` use (`qpr_tui.views.summary`):
title block, RAG tiles with the changes since last quarter, Direction of Travel, the Red list
by directorate with each Red KPI's detail, the full KPI table, the cover-report text, and
the provenance (`report`, for HTML and text). The SVG is for a slide, so it is the one-page
picture (`slide`): title, RAG and DoT tiles, changes, the Red list and the provenance.
Every data string goes through `qpr_tui.views.text.safe`, never markup.
"""

from __future__ import annotations

import html
import io
from typing import TYPE_CHECKING, Any

import polars as pl
from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.terminal_theme import DEFAULT_TERMINAL_THEME
from rich.text import Text

from qpr_tui.analysis.summary import KpiLine
from qpr_tui.periods import label
from qpr_tui.views.headings import NO_DIRECTORATE, red_groups, scope_label
from qpr_tui.views.methods import describe_method
from qpr_tui.views.narrative import Narrative, write
from qpr_tui.views.numbers import format_value
from qpr_tui.views.style import dot_text, rag_text
from qpr_tui.views.summary import (
    dot_tiles,
    header_text,
    kpi_table,
    movers,
    narrative_renderable,
    rag_tiles,
    red_list,
    sparkline,
    transitions,
)
from qpr_tui.views.text import clean, safe
from qpr_tui.vocabulary import (
    AMBER,
    BLUE,
    DIRECTION_ARROWS,
    DIRECTION_LABELS,
    GREEN,
    NO_DATA,
    NOT_RATED,
    POLARITY_DESCRIPTIONS,
    RED,
    STATUS_GLYPHS,
    status_label,
)

if TYPE_CHECKING:
    from qpr_tui.analysis.summary import Analysis, Summary
    from qpr_tui.export.provenance import Provenance

#: Console width per format. 120 columns leaves the KPI table's indicator column room to be
#: read (at 100 it wraps every name onto five lines); text readers use a monospace font.
WIDTHS = {"html": 120, "svg": 120, "txt": 120}
#: Quarters shown in each Red KPI's history table, and in its sparkline.
HISTORY_QUARTERS = 5
SPARK_QUARTERS = 8


def _section(title: str, style: str = "bold") -> Rule:
    return Rule(Text(title, style=style), align="left", style="grey50")


def title_block(s: Summary, n: Narrative) -> Panel:
    return Panel(
        Group(
            safe(n.title, style="bold"),
            header_text(s),
            safe(n.intro, style="dim"),
        ),
        box=box.HEAVY,
        padding=(0, 1),
    )


def _facts(item: KpiLine, row: dict[str, Any]) -> Table:
    facts = Table(box=None, show_edge=False, pad_edge=False, padding=(0, 3, 0, 0))
    for name in ("Value", "Target", "Floor", "Last quarter", "Direction of Travel"):
        facts.add_column(name, style="", header_style="bold", no_wrap=True)
    value = Text(format_value(item.value, item.unit), style="bold")
    if item.value is None and row.get("value_reason"):
        value.append(f" ({clean(row['value_reason'])})", style="dim")
    facts.add_row(
        value,
        Text(format_value(item.target, item.unit)),
        Text(format_value(item.floor, item.unit)),
        rag_text(item.previous_rag) if item.previous_rag else Text("new this quarter"),
        dot_text(row.get("dot")),
    )
    return facts


def _history(analysis: Analysis, s: Summary, item: KpiLine) -> RenderableType:
    past = analysis.history(item.kpi_id).filter(pl.col("period") <= s.period)
    recent = past.tail(HISTORY_QUARTERS)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, title=None)
    table.add_column("Quarter", style="bold", no_wrap=True)
    for period in recent.get_column("period").to_list():
        table.add_column(label(period), justify="right", no_wrap=True)
    rows = list(recent.iter_rows(named=True))
    table.add_row("Value", *[Text(format_value(r["value"], item.unit)) for r in rows])
    table.add_row("Target", *[Text(format_value(r["target"], item.unit)) for r in rows])
    table.add_row("Floor", *[Text(format_value(r["floor"], item.unit)) for r in rows])
    table.add_row("RAG", *[rag_text(r["rag"]) for r in rows])
    values = past.tail(SPARK_QUARTERS).get_column("value").to_list()
    trend = Text.assemble(
        ("Trend ", "bold"),
        sparkline(values, SPARK_QUARTERS),
        (f"  last {min(len(values), SPARK_QUARTERS)} quarters", "dim"),
    )
    return Group(table, trend)


def red_detail(analysis: Analysis, s: Summary, item: KpiLine, row: dict[str, Any]) -> Panel:
    """One Red KPI: the figures, recent history, commentary and actions."""
    about = [clean(item.directorate) or NO_DIRECTORATE]
    if item.service_area and item.service_area != item.directorate:
        about.append(clean(item.service_area))
    polarity = POLARITY_DESCRIPTIONS.get(str(row.get("polarity") or ""), "")
    if polarity:
        about.append(polarity.capitalize())
    if row.get("owner"):
        about.append(f"Owner: {clean(row['owner'])}")
    parts: list[RenderableType] = [
        Text.assemble(safe(item.kpi_id, style="bold"), "  ", safe(item.indicator, style="bold")),
        Text(" · ".join(about), style="dim"),
        Text(""),
        _facts(item, row),
    ]
    if row.get("dot_detail"):
        parts.append(Text.assemble(("DoT: ", "dim"), safe(row["dot_detail"], style="dim")))
    parts += [Text(""), _history(analysis, s, item), Text("")]
    parts.append(
        Text.assemble(
            ("Commentary: ", "bold"),
            safe(item.commentary) if item.commentary else Text("none given", style="dim"),
        )
    )
    parts.append(
        Text.assemble(
            ("Actions: ", "bold"),
            safe(item.actions) if item.actions else Text("none given", style="dim"),
        )
    )
    title = Text.assemble(
        (f" {status_label(RED)} ", "bold white on red3"),
        " ",
        safe(item.kpi_id, style="bold"),
        " ",
    )
    return Panel(
        Group(*parts),
        title=title,
        title_align="left",
        border_style="red",
        box=box.ROUNDED,
        padding=(0, 1),
    )


def red_section(analysis: Analysis, s: Summary) -> list[RenderableType]:
    rows = {row["kpi_id"]: row for row in s.kpis.iter_rows(named=True)}
    parts: list[RenderableType] = [red_list(s)]
    for head, items in red_groups(s):
        parts += [Text(""), safe(head, style="bold red")]
        parts += [red_detail(analysis, s, item, rows.get(item.kpi_id, {})) for item in items]
    return parts


def provenance_table(p: Provenance) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for name, value in p.lines():
        table.add_row(name, safe(value))
    return table


def report(analysis: Analysis, s: Summary, p: Provenance) -> RenderableType:
    """Everything the HTML and text exports show, in reading order."""
    n = write(s)
    parts: list[RenderableType] = [
        title_block(s, n),
        Text(""),
        _section(f"RAG summary: {s.total} KPIs"),
        rag_tiles(s),
        Panel(movers(s), title="Changes since last quarter", title_align="left"),
    ]
    if s.transitions:
        parts.append(transitions(s))
    parts += [
        Text(""),
        _section("Direction of Travel"),
        dot_tiles(s),
        Text(f"Method: {describe_method(s.dot_config)}", style="dim"),
        Text(""),
        _section(f"{STATUS_GLYPHS[RED]} Red indicators ({len(s.red)})", style="bold red"),
        *red_section(analysis, s),
        Text(""),
        _section(f"All KPIs ({s.total})"),
        kpi_table(s),
    ]
    if s.rag.get(NO_DATA):
        parts.append(
            Text(
                f"{status_label(NO_DATA)}: the KPI had no value for {s.period_label}.",
                style="dim",
            )
        )
    parts += [
        Text(""),
        _section("Cover report text"),
        narrative_renderable(n),
        Text(""),
        _section("About this report"),
        provenance_table(p),
    ]
    return Group(*parts)


def slide(s: Summary, p: Provenance) -> RenderableType:
    """The one-page picture for a slide (SVG): the same views, without the long detail."""
    n = write(s)
    return Group(
        title_block(s, n),
        Text(""),
        _section(f"RAG summary: {s.total} KPIs"),
        rag_tiles(s),
        Panel(movers(s), title="Changes since last quarter", title_align="left"),
        _section("Direction of Travel"),
        dot_tiles(s),
        Text(""),
        _section(f"{STATUS_GLYPHS[RED]} Red indicators ({len(s.red)})", style="bold red"),
        red_list(s),
        Text(""),
        _section("About this report"),
        provenance_table(p),
    )


def _console(width: int) -> Console:
    # A private environment: NO_COLOR, COLUMNS or TERM of the caller must not change a file.
    return Console(
        record=True,
        width=width,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
        highlight=False,
        emoji=False,
        soft_wrap=False,
        _environ={},
    )


# Rich's own SVG template (the `code_format` of `Console.export_svg`) loads Fira Code from a
# CDN; exports must be self-contained, so this one names local monospace fonts instead. The
# placeholders are those `export_svg` fills; doubled braces are literal CSS braces.
SVG_FORMAT = """\
<svg class="rich-terminal" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">
    <!-- Generated with Rich https://www.textualize.io -->
    <style>

    .{unique_id}-matrix {{
        font-family: 'Fira Code', 'DejaVu Sans Mono', Menlo, Consolas, monospace;
        font-size: {char_height}px;
        line-height: {line_height}px;
        font-variant-east-asian: full-width;
    }}

    .{unique_id}-title {{
        font-size: 18px;
        font-weight: bold;
        font-family: arial;
    }}

    {styles}
    </style>

    <defs>
    <clipPath id="{unique_id}-clip-terminal">
      <rect x="0" y="0" width="{terminal_width}" height="{terminal_height}" />
    </clipPath>
    {lines}
    </defs>

    {chrome}
    <g transform="translate({terminal_x}, {terminal_y})" \
clip-path="url(#{unique_id}-clip-terminal)">
    {backgrounds}
    <g class="{unique_id}-matrix">
    {matrix}
    </g>
    </g>
</svg>
"""

_PRE_STYLE = (
    "font-family:'DejaVu Sans Mono',Menlo,Consolas,'Liberation Mono',"
    "'Courier New',monospace;font-size:13px;line-height:1.2;margin:0"
)
_CELL = "border:1px solid #999;padding:2px 6px;text-align:left;vertical-align:top"
_RAG_CSS = {
    BLUE: "background:#1f4e9c;color:#fff",
    GREEN: "background:#2e7d32;color:#fff",
    AMBER: "background:#ff8c00;color:#000",
    RED: "background:#c00000;color:#fff",
    NO_DATA: "color:#555",
    NOT_RATED: "color:#555",
}


def _rag_cell(status: str | None) -> str:
    if not status:
        return f'<td style="{_CELL}">–</td>'
    words = status_label(status)
    return (
        f'<td style="{_CELL};white-space:nowrap;{_RAG_CSS.get(status, "")}">'
        f"{html.escape(words)}</td>"
    )


def data_table(s: Summary) -> str:
    """The KPI table as a real HTML table: for screen readers, search and spreadsheets."""
    esc = html.escape
    head = (
        "KPI",
        "Indicator",
        "Directorate",
        "Service area",
        "Value",
        "Target",
        "Floor",
        "RAG",
        "Previous RAG",
        "Direction of Travel",
    )
    out = [
        f'<table style="border-collapse:collapse;font-size:13px">'
        f'<caption style="text-align:left">KPIs, {esc(s.period_label)}, '
        f"{esc(clean(scope_label(s.scope)))}</caption>",
        "<thead><tr>"
        + "".join(f'<th scope="col" style="{_CELL}">{esc(h)}</th>' for h in head)
        + "</tr></thead>",
        "<tbody>",
    ]
    for row in s.kpis.iter_rows(named=True):
        dot = row.get("dot")
        dot_words = f"{DIRECTION_ARROWS[dot]} {DIRECTION_LABELS[dot]}" if dot else "–"
        cells = [f'<th scope="row" style="{_CELL}">{esc(clean(row["kpi_id"]))}</th>']
        cells += [
            f'<td style="{_CELL}">{esc(clean(row[c]))}</td>'
            for c in ("indicator", "directorate", "service_area")
        ]
        cells += [
            f'<td style="{_CELL};text-align:right;white-space:nowrap">'
            f"{esc(format_value(row[c], row['unit']))}</td>"
            for c in ("value", "target", "floor")
        ]
        cells += [
            _rag_cell(row["rag"]),
            _rag_cell(row.get("previous_rag")),
            f'<td style="{_CELL}">{esc(dot_words)}</td>',
        ]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def html_document(code: str, s: Summary, n: Narrative, p: Provenance) -> str:
    theme = DEFAULT_TERMINAL_THEME
    esc = html.escape
    title = clean(n.title) + (f" – {clean(s.organisation)}" if s.organisation else "")
    body_style = (
        f"color:{theme.foreground_color.hex};"
        f"background-color:{theme.background_color.hex};margin:16px;"
        "font-family:Arial,Helvetica,sans-serif"
    )
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{esc(p.generator)}">
<meta name="dcterms.created" content="{esc(p.generated_at)}">
<title>{esc(title)}</title>
</head>
<body style="{body_style}">
<main>
<pre style="{_PRE_STYLE}"><code style="font-family:inherit">{code}</code></pre>
<details style="margin-top:16px">
<summary>The KPI table as an HTML table (for screen readers and copying into a spreadsheet)\
</summary>
{data_table(s)}
</details>
</main>
</body>
</html>
"""


def render_rich(fmt: str, analysis: Analysis, s: Summary, p: Provenance) -> str:
    console = _console(WIDTHS[fmt])
    console.print(slide(s, p) if fmt == "svg" else report(analysis, s, p))
    if fmt == "txt":
        text = console.export_text(styles=False)
        return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
    n = write(s)
    if fmt == "svg":
        title = clean(n.title) + (f" – {clean(s.organisation)}" if s.organisation else "")
        return console.export_svg(title=title, code_format=SVG_FORMAT)
    code = console.export_html(
        inline_styles=True, code_format="{code}", theme=DEFAULT_TERMINAL_THEME
    )
    return html_document(code, s, n, p)
