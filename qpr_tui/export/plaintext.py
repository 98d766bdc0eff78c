"""The paper as plain text for email: the document model in lines of at most `WIDTH`.

Headings are underlined, paragraphs wrapped with their numbers hanging, header fields
aligned. A table is a grid when it fits the width; a wider one (the KPI tables, whose names
are long) is written one record per row: the KPI and its name, then the other columns as
``Title: value``. Data text is made safe by `qpr_tui.views.text.clean` (no control codes).
"""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING

from qpr_tui.document.model import (
    Block,
    BulletList,
    Cell,
    ContactCard,
    Fields,
    Figure,
    Note,
    Paragraph,
    Section,
    Table,
)
from qpr_tui.views.summary import sparkline
from qpr_tui.views.text import clean
from qpr_tui.vocabulary import DIRECTION_ARROWS, STATUS_GLYPHS

GLYPHS = (*STATUS_GLYPHS.values(), *DIRECTION_ARROWS.values())

if TYPE_CHECKING:
    from qpr_tui.document.model import Document

WIDTH = 100
GAP = "  "  # between grid columns
INDENT = "    "  # a record's continuation lines


# A space that wrapping must not break: between a status glyph or arrow and its word, inside a
# record's "Title: value". NUL cannot be in cleaned data (`clean` shows it as \x00).
_KEEP = "\x00"
_GLYPH_SPACE = re.compile(f"([{re.escape(''.join(GLYPHS))}]) ")


#: True when a text has none of the whitespace textwrap rewrites (a tab, a line break ...).
_ONE_LINE = re.compile(r"[^\t\n\x0b\x0c\r]*").fullmatch


def _fill(text: str, first: str, rest: str | None) -> list[str]:
    if text and text == text.strip() and len(first) + len(text) <= WIDTH and _ONE_LINE(text):
        return [(first + text).replace(_KEEP, " ")]  # what textwrap gives, in a tenth the time
    lines = textwrap.wrap(
        text,
        WIDTH,
        initial_indent=first,
        subsequent_indent=" " * len(first) if rest is None else rest,
        break_on_hyphens=False,
    )
    return [line.replace(_KEEP, " ") for line in lines] or [first.rstrip()]


def wrap(text: str, first: str = "", rest: str | None = None) -> list[str]:
    """``text`` wrapped to `WIDTH`, the first line starting with ``first`` and the others
    with ``rest`` (default: as far in as the text on the first); a glyph stays with its word."""
    return _fill(_GLYPH_SPACE.sub(rf"\1{_KEEP}", clean(text)), first, rest)


def _paragraph(p: Paragraph) -> list[str]:
    lead = " ".join(clean(x) for x in (p.number, p.lead) if x)
    text = p.text if p.text.strip() else (f"({p.empty})" if p.empty else "")
    hanging = " " * (len(p.number) + 1) if p.number and not p.lead else ""
    return [*wrap(text, f"{lead} " if lead else "", hanging), ""]


def _bullets(b: BulletList) -> list[str]:
    out: list[str] = []
    for item in b.items:
        out += wrap(item.text, "  - ")
        for child in item.children:
            out += wrap(child, "      - ")
    return [*out, ""]


def _fields(f: Fields) -> list[str]:
    width = max(len(clean(item.label)) for item in f.items) + 2
    out: list[str] = []
    for item in f.items:
        label = f"{clean(item.label) + ':':<{width}}"
        for n, value in enumerate(item.values):
            out += wrap(value, label if n == 0 else " " * width, " " * width)
    return [*out, ""]


def _cells(t: Table) -> list[list[str]]:
    return [[clean(cell.shown) for cell in row] for row in t.rows]


def _grid(t: Table, rows: list[list[str]], widths: list[int]) -> list[str]:
    def line(cells: list[str]) -> str:
        parts = [
            f"{c:>{w}}" if col.align == "right" else f"{c:<{w}}"
            for c, w, col in zip(cells, widths, t.columns, strict=True)
        ]
        return GAP.join(parts).rstrip()

    heads = [clean(c.title) for c in t.columns]
    return [line(heads), "─" * len(line(["─" * w for w in widths])), *map(line, rows)]


def _record(t: Table, row: tuple[Cell, ...]) -> list[str]:
    keys = [c.key for c in t.columns]
    lead = keys.index("kpi_id") if "kpi_id" in keys else 0
    wide = next((i for i, c in enumerate(t.columns) if c.wide and i != lead), None)
    first = clean(row[lead].shown)
    title = clean(row[wide].shown) if wide is not None else ""
    out = wrap(title, f"{first}  " if title else first, INDENT)
    rest = [
        clean(t.columns[i].title).replace(" ", _KEEP)
        + f":{_KEEP}"
        + _GLYPH_SPACE.sub(rf"\1{_KEEP}", clean(cell.shown))
        for i, cell in enumerate(row)
        if i not in (lead, wide) and clean(cell.shown).strip()
    ]
    return out + _fill("; ".join(rest), INDENT, INDENT)


def _table(t: Table) -> list[str]:
    out = [*wrap(t.caption), ""] if t.show_caption else []
    rows = _cells(t)
    widths = [
        max([len(clean(c.title)), *(len(r[i]) for r in rows)]) for i, c in enumerate(t.columns)
    ]
    if sum(widths) + len(GAP) * (len(widths) - 1) <= WIDTH:
        return [*out, *_grid(t, rows, widths), ""]
    for row in t.rows:
        out += _record(t, row)
    return [*out, ""]


def _figure(f: Figure) -> list[str]:
    chart = f.chart
    spark = sparkline(chart.values, len(chart.values)).plain
    span = f" ({chart.periods[0]} to {chart.periods[-1]})" if chart.periods else ""
    return [f"Trend: {spark}{span}", ""]


def block(b: Block) -> list[str]:
    """One block as lines (ending with a blank line)."""
    if isinstance(b, Paragraph):
        return _paragraph(b)
    if isinstance(b, BulletList):
        return _bullets(b)
    if isinstance(b, Fields):
        return _fields(b)
    if isinstance(b, Table):
        return _table(b)
    if isinstance(b, Figure):
        return _figure(b)
    if isinstance(b, ContactCard):
        return [clean(b.name), *(INDENT + clean(line) for line in b.lines), ""]
    if isinstance(b, Note):
        return [*wrap(b.text), ""]
    raise TypeError(f"no text for {type(b).__name__}")


UNDERLINE = {1: "═", 2: "─", 3: "┄"}


def section(s: Section, level: int = 2) -> list[str]:
    """A section and its subsections; headings underlined down to level 3."""
    head = wrap(s.heading)
    out = head + ([UNDERLINE[level] * len(head[-1])] if level in UNDERLINE else []) + [""]
    for b in s.blocks:
        out += block(b)
    for sub in s.sections:
        out += section(sub, level + 1)
    return out


def render(document: Document) -> str:
    """The whole paper as text: every line at most `WIDTH` wide (but for one long word)."""
    out = section(Section(document.title, document.front), level=1)
    for s in (*document.sections, *document.appendices, document.about):
        out += section(s)
    while out and not out[-1]:
        out.pop()
    return "\n".join(line.rstrip() for line in out) + "\n"
