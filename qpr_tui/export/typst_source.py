"""The document model as typst source, for the PDF (`qpr_tui.export.pdf`).

The source is the document's settings (title, colours from `qpr_tui.export.palette`, the
file's metadata), the paper's layout (``paper.typ``, package data) and the paper itself as
calls of that layout's functions. Every data text is a typst string literal (`string`)
passed as an argument: typst never reads data as markup or code, so ``#import``, ``*``,
``$``, ``<``, ``@``, ``[``, ``]`` and ``\\`` print as written. The charts are not in the
source: each is an SVG in ``sys.inputs`` under the key its call names, as is the provenance
JSON that the PDF carries as an attached file.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.resources import files
from typing import TYPE_CHECKING

from qpr_tui.document.model import (
    Block,
    BulletList,
    Cell,
    ChangeCell,
    ContactCard,
    DirectionCell,
    Fields,
    Figure,
    Note,
    NumberCell,
    Paragraph,
    Section,
    StatusCell,
    Table,
)
from qpr_tui.export.font_metrics import FontMetrics, metrics
from qpr_tui.export.palette import DOT_COLOURS, HEADER_FILL, RAG_FILLS, RULE
from qpr_tui.export.pdf import FONT_FILES, FONT_FOLDER
from qpr_tui.export.typst_rows import row_height
from qpr_tui.views.text import clean

if TYPE_CHECKING:
    from qpr_tui.document.model import Document

#: The ``sys.inputs`` key of the attached provenance JSON.
PROVENANCE_KEY = "qpr-provenance"
#: The deepest heading level typst is given (deeper sections stay at this level).
DEEPEST = 6


def string(value: object) -> str:
    """A data text as a typst string literal, shown exactly as written (control characters
    made visible by `clean`, backslashes and quotes escaped)."""
    text = clean(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def array(items: Sequence[str]) -> str:
    """Typst code for an array of already-written values: ``()``, ``(a,)``, ``(a, b)``."""
    if len(items) == 1:
        return f"({items[0]},)"
    return "(" + ", ".join(items) + ")"


def _colours(name: str, colours: dict[str, str]) -> str:
    pairs = ", ".join(f"{string(key)}: rgb({string('#' + hex_)})" for key, hex_ in colours.items())
    return f"#let {name} = ({pairs or ':'})"


def _date(moment: datetime) -> str:
    m = moment.astimezone(timezone.utc)
    return (
        f"datetime(year: {m.year}, month: {m.month}, day: {m.day}, "
        f"hour: {m.hour}, minute: {m.minute}, second: {m.second})"
    )


def settings(document: Document) -> str:
    """The document's own settings: running title, colours and the PDF's metadata (title,
    author, keywords carrying the provenance, subject, date)."""
    p = document.properties
    keywords = [*p.keywords, *(f"{name}={value}" for name, value in p.custom.items())]
    authors = [string(p.author)] if p.author.strip() else []
    return "\n".join(
        [
            f"#let qpr-title = {string(p.title)}",
            _colours("qpr-rag-fills", RAG_FILLS),
            _colours("qpr-dot-colours", DOT_COLOURS),
            f'#let qpr-header-fill = rgb("#{HEADER_FILL}")',
            f'#let qpr-rule = rgb("#{RULE}")',
            f"#set document(title: {string(p.title)}, author: {array(authors)}, "
            f"keywords: {array([string(k) for k in keywords])}, "
            f"description: {string(p.subject)}, date: {_date(p.created)})",
            f'#pdf.attach("provenance.json", bytes(sys.inputs.at("{PROVENANCE_KEY}")), '
            'mime-type: "application/json", '
            'description: "Where this report came from: inputs, configuration, rules, time")',
        ]
    )


# ---- tables ----------------------------------------------------------------------------------
def cell(c: Cell, row_header: bool = False) -> str:
    """One table cell: a status shaded, a direction coloured, a row's name in bold."""
    if isinstance(c, StatusCell):
        return f"qpr-rag({string(c.status or '')}, {string(c.shown)})"
    if isinstance(c, DirectionCell):
        return f"qpr-dot({string(c.direction or '')}, {string(c.shown)})"
    if row_header and not isinstance(c, NumberCell | ChangeCell):
        return f"strong({string(c.shown)})"
    return string(c.shown)


#: A column whose longest text is longer than this (in characters) shares the spare width
#: instead of taking its text's width, so that it wraps.
LONG_TEXT = 24
#: What ``paper.typ`` sets a table in: text size, a cell's inset left and right and above and
#: below (points), the leading between lines (em), and the width of an A4 page's text (210 mm
#: less two margins of 17 mm).
TABLE_TEXT_PT = 8.0
CELL_INSET_PT = 4.0
CELL_INSET_Y_PT = 3.0
LEADING_EM = 0.45
TEXT_WIDTH_PT = (210 - 2 * 17) * 72 / 25.4
#: The least width left to each column that shares the spare width.
SHARE_PT = 60.0


def column_widths(t: Table) -> list[str]:
    """Typst column widths: short columns as wide as their widest text (a length measured in
    the shipped fonts, so typst need not lay out the column's cells to find it, or ``auto``
    when a text needs another font); the wide column and any other long-text column share
    the rest (the wide one more), so none is squeezed out. When the short columns leave the
    others too little, they are all ``auto`` and typst narrows them."""
    widths: list[str] = []
    measured: list[float] = []
    for n, column in enumerate(t.columns):
        cells = [row[n] for row in t.rows if n < len(row)]
        if column.wide:
            widths.append("3fr")
        elif max((len(c.shown) for c in cells), default=0) > LONG_TEXT:
            widths.append("2fr")
        else:
            width = _text_width(t, n, column.title, cells)
            widths.append("auto" if width is None else f"{width:.1f}pt")
            measured.append(width or 0.0)
    shares = sum(w.endswith("fr") for w in widths)
    if sum(measured) + shares * SHARE_PT > TEXT_WIDTH_PT:
        return ["auto" if w.endswith("pt") else w for w in widths]
    return widths


def _fonts() -> tuple[FontMetrics, FontMetrics]:
    regular, bold = (metrics(FONT_FOLDER / name) for name in FONT_FILES)
    return regular, bold


def _bold(t: Table, n: int, c: Cell) -> bool:
    """Whether cell ``c`` of column ``n`` is set in bold (a row's name, as `cell` sets it)."""
    return t.row_headers and n == 0 and not isinstance(c, NumberCell | ChangeCell)


def _text_width(t: Table, n: int, title: str, cells: list[Cell]) -> float | None:
    """The width column ``n`` needs for its heading and cells on one line each (points,
    rounded up to a tenth), or None when a text has a character the fonts lack."""
    regular, bold = _fonts()
    texts = {(title, bold)}
    texts.update((c.shown, bold if _bold(t, n, c) else regular) for c in cells)
    widths = [font.width(clean(text), TABLE_TEXT_PT) for text, font in texts]
    if any(w is None for w in widths):
        return None
    widest = max(w for w in widths if w is not None)
    return math.ceil((widest + 2 * CELL_INSET_PT) * 10 + 1) / 10


def _points(widths: list[str]) -> list[float] | None:
    """Each column's width in points, the spare width shared by the ``fr`` columns; None
    when a column is ``auto`` (typst decides)."""
    if "auto" in widths:
        return None
    fixed = sum(float(w.removesuffix("pt")) for w in widths if w.endswith("pt"))
    shares = sum(float(w.removesuffix("fr")) for w in widths if w.endswith("fr"))
    spare = TEXT_WIDTH_PT - fixed
    return [
        float(w.removesuffix("pt"))
        if w.endswith("pt")
        else spare * float(w.removesuffix("fr")) / shares
        for w in widths
    ]


def row_heights(t: Table, widths: list[str]) -> list[str] | None:
    """Each row's height, the heading row's first (`qpr_tui.export.typst_rows`), when every
    column's width is known; None when a column is ``auto``."""
    points = _points(widths)
    if points is None:
        return None
    regular, bold = _fonts()
    inner = [p - 2 * CELL_INSET_PT for p in points]
    leading = LEADING_EM * TABLE_TEXT_PT
    rows = [[(clean(c.title), bold) for c in t.columns]]
    rows += [
        [(clean(c.shown), bold if _bold(t, n, c) else regular) for n, c in enumerate(row)]
        for row in t.rows
    ]
    return [row_height(texts, inner, TABLE_TEXT_PT, leading, CELL_INSET_Y_PT) for texts in rows]


def table(t: Table) -> str:
    """A table: its columns (long text wraps in the spare width), heading row and cells."""
    widths = column_widths(t)
    heights = row_heights(t, widths)
    columns = array(widths)
    rows = "auto" if heights is None else array(heights)
    aligns = array([c.align for c in t.columns])
    header = array([string(c.title) for c in t.columns])
    cells = [
        ", ".join(cell(c, row_header=t.row_headers and n == 0) for n, c in enumerate(row))
        for row in t.rows
    ]
    body = "".join(f",\n  {row}" for row in cells)
    return (
        f"#qpr-table(caption: {string(t.caption)}, show-caption: "
        f"{'true' if t.show_caption else 'false'}, columns: {columns}, rows: {rows}, "
        f"aligns: {aligns}, header: {header}{body})"
    )


# ---- blocks ----------------------------------------------------------------------------------
@dataclass
class Inputs:
    """What the source reads from ``sys.inputs``: each chart's SVG under its own key."""

    values: dict[str, str] = field(default_factory=dict)

    def chart(self, svg: str) -> str:
        key = f"qpr-chart-{len(self.values) + 1}"
        self.values[key] = svg
        return key


def paragraph(p: Paragraph) -> str:
    return (
        f"#qpr-par(number: {string(p.number)}, lead: {string(p.lead)}, "
        f"body: {string(p.text)}, empty: {string(p.empty)})"
    )


def bullets(b: BulletList) -> str:
    items = [f"({string(i.text)}, {array([string(c) for c in i.children])})" for i in b.items]
    return f"#qpr-bullets({', '.join(items)})"


def fields(f: Fields) -> str:
    items = [f"({string(i.label)}, {array([string(v) for v in i.values])})" for i in f.items]
    return f"#qpr-fields({', '.join(items)})"


def figure(f: Figure, inputs: Inputs) -> str:
    """A chart: drawn now as SVG (`qpr_tui.export.charts`), read by typst from its input."""
    from qpr_tui.export import charts

    key = inputs.chart(charts.render_svg(f.chart))
    return f"#qpr-chart({string(key)}, {string(f.caption)})"


def block(b: Block, inputs: Inputs) -> str:
    """One block as a call of the layout's functions."""
    if isinstance(b, Paragraph):
        return paragraph(b)
    if isinstance(b, BulletList):
        return bullets(b)
    if isinstance(b, Fields):
        return fields(b)
    if isinstance(b, Table):
        return table(b)
    if isinstance(b, Figure):
        return figure(b, inputs)
    if isinstance(b, ContactCard):
        return f"#qpr-contact({string(b.name)}, {array([string(x) for x in b.lines])})"
    if isinstance(b, Note):
        return f"#qpr-note({string(b.text)})"
    raise TypeError(f"no typst for {type(b).__name__}")


#: More rows than this do not fit on one page of the paper.
PAGE_OF_ROWS = 40


def starts_page(s: Section) -> bool:
    """A section with a chart (a Red KPI, a group of trends) starts a new page, and so does
    a section with a table longer than a page, which would cross a page anyway (typst lays
    out the stretches between page breaks side by side, one a core, so an appendix of long
    tables is set in a fraction of the time), and a heading whose first subsection starts
    one, to stay with it."""
    if any(isinstance(b, Figure) for b in s.blocks):
        return True
    if any(isinstance(b, Table) and len(b.rows) > PAGE_OF_ROWS for b in s.blocks):
        return True
    return not s.blocks and bool(s.sections) and starts_page(s.sections[0])


def section(s: Section, inputs: Inputs, level: int = 2, *, on_new_page: bool = False) -> list[str]:
    """A section's heading, blocks and subsections; an appendix, and a section with a chart,
    on a new page (``on_new_page``: its parent's heading has just started one)."""
    breaks = s.appendix or (starts_page(s) and not on_new_page)
    lines = ["#pagebreak(weak: true)"] if breaks else []
    lines.append(f"#heading(level: {min(level, DEEPEST)}, {string(s.heading)})")
    lines += [block(b, inputs) for b in s.blocks]
    fresh = (breaks or on_new_page) and not s.blocks
    for n, sub in enumerate(s.sections):
        lines += section(sub, inputs, level + 1, on_new_page=fresh and n == 0)
    return lines


def layout() -> str:
    """The paper's page and building blocks (``paper.typ``)."""
    return files("qpr_tui.export").joinpath("paper.typ").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Source:
    """Typst source and the ``sys.inputs`` it reads (charts, provenance)."""

    text: str
    inputs: dict[str, str]


def build_source(document: Document) -> Source:
    """The whole paper as typst source, with its inputs."""
    inputs = Inputs()
    lines = [f"#heading(level: 1, {string(document.title)})"]
    lines += [block(b, inputs) for b in document.front]
    for top in (*document.sections, *document.appendices):
        lines += section(top, inputs)
    lines += ["#pagebreak(weak: true)", *section(document.about, inputs)]
    text = "\n".join([settings(document), layout(), *lines]) + "\n"
    values = {**inputs.values, PROVENANCE_KEY: document.provenance.json_text()}
    return Source(text, values)
