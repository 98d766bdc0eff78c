"""The screenshot: the summary as the terminal shows it, recorded as one SVG picture.

Built from the same rich views the TUI and ``qpr summary`` use (`qpr_tui.views.summary`),
for a slide: title, RAG and DoT tiles, changes, the Red list and the provenance (`slide`).
Every data string goes through `qpr_tui.views.text.safe`, never markup. The paper formats
are written from the document model instead (`qpr_tui.document`).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from qpr_tui.views.narrative import Narrative, write
from qpr_tui.views.summary import (
    dot_tiles,
    header_text,
    movers,
    rag_tiles,
    red_list,
)
from qpr_tui.views.text import clean, safe
from qpr_tui.vocabulary import (
    RED,
    STATUS_GLYPHS,
)

if TYPE_CHECKING:
    from qpr_tui.analysis.summary import Summary
    from qpr_tui.document.provenance import Provenance

#: Console width of the picture: 120 columns leaves the Red list's names room to be read.
WIDTH = 120


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


def provenance_table(p: Provenance) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for name, value in p.lines():
        table.add_row(name, safe(value))
    return table


#: Red KPIs, and changes of each kind, a slide lists (a line under each list says how many
#: more there are): a slide of thousands is not readable, and Rich measures every row.
SLIDE_ROWS = 40


def slide_cuts(s: Summary) -> list[str]:
    """What the slide leaves out, as `qpr_tui.export.left_out` says it (empty: nothing)."""
    longest = max(len(s.red), len(s.new_red), len(s.no_longer_red), len(s.changes))
    if longest <= SLIDE_ROWS:
        return []
    return [
        f"The slide lists the first {SLIDE_ROWS} of the {len(s.red):,} Red KPIs and the first "
        f"{SLIDE_ROWS} changes of each kind ({len(s.changes):,} in all), each list followed by "
        "how many more there are: a slide of every one would not be readable. The paper and "
        "the xlsx and json exports list them all."
    ]


def slide(s: Summary, p: Provenance) -> RenderableType:
    """The one-page picture for a slide (SVG): the same views, without the long detail."""
    n = write(s)
    return Group(
        title_block(s, n),
        Text(""),
        _section(f"RAG summary: {s.total} KPIs"),
        rag_tiles(s),
        Panel(movers(s, SLIDE_ROWS), title="Changes since last quarter", title_align="left"),
        _section("Direction of Travel"),
        dot_tiles(s),
        Text(""),
        _section(f"{STATUS_GLYPHS[RED]} Red indicators ({len(s.red)})", style="bold red"),
        red_list(s, limit=SLIDE_ROWS),
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


def render_svg(s: Summary, p: Provenance) -> str:
    """The one-page picture of the summary as SVG, as the terminal shows it."""
    console = _console(WIDTH)
    console.print(slide(s, p))
    n = write(s)
    title = clean(n.title) + (f" – {clean(s.organisation)}" if s.organisation else "")
    return console.export_svg(title=title, code_format=SVG_FORMAT)
