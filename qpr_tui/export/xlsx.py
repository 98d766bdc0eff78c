"""The paper's data as an Excel workbook, for the analysts who circulate it.

Sheets: Summary (the RAG and Direction of Travel counts with their change, then the cover
report's text), Indicators (every KPI: figures as numbers in its unit's number format, RAG
cells filled, commentary and actions wrapped), History (one column per quarter, each value
filled with its RAG), Benchmark (when the data has peers) and Provenance. Each table is
written by polars' ``write_excel`` into one shared xlsxwriter workbook (an Excel table:
header, filter buttons), then the cells that need a per-cell format are written again.

A RAG cell is filled from `qpr_tui.export.palette` and keeps its glyph and word, so it reads
the same printed in black and white. Text is only ever text: the workbook never turns a
string into a formula, number or link, and text that looks like a formula (``=``, ``+``,
``-``, ``@``) is stored with Excel's quote prefix so that editing the cell keeps it text.
The creation time is the document's, so a fixed ``SOURCE_DATE_EPOCH`` / ``QPR_EXPORT_TIME``
gives the same bytes. xlsxwriter is imported only when a workbook is written.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl

from qpr_tui.document.model import (
    BulletList,
    Cell,
    ChangeCell,
    DirectionCell,
    HistoryPoint,
    NumberCell,
    NumberKind,
    Paragraph,
    StatusCell,
    Table,
)
from qpr_tui.document.tables import number_kind
from qpr_tui.export.palette import DOT_COLOURS, HEADER_FILL, RAG_FILLS, RULE
from qpr_tui.export.table import FORMULA_START
from qpr_tui.periods import UK, read_period
from qpr_tui.views.text import clean
from qpr_tui.vocabulary import (
    POLARITY_DESCRIPTIONS,
    PROVISIONAL_MARK,
    STATUS_GLYPHS,
    status_label,
)

if TYPE_CHECKING:
    from xlsxwriter import Workbook
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

    from qpr_tui.document.model import Document, KpiRecord

#: Excel's limits: characters in a cell, and in a custom property's text.
CELL_LIMIT = 32_767
PROPERTY_LIMIT = 255
#: The widest a column grows before its text wraps, in characters.
WRAP_AT = {
    "indicator": 44,
    "directorate": 24,
    "service_area": 24,
    "value_reason": 24,
    "owner": 24,
    "commentary": 50,
    "actions": 50,
    "note": 50,
}
TABLE_STYLE = "Table Style Light 1"
#: The number format of each kind of value (percentages are held in percent: 62.3 is 62.3%).
NUMBER_FORMATS: dict[NumberKind, str] = {
    "percent": '0.0"%"',
    "money": "£#,##0",
    "count": "#,##0",
    "number": "#,##0",
}
#: A change in a count: "+2", "−1", "0".
CHANGE_FORMAT = '+0;"−"0;0'


# ---- formats -------------------------------------------------------------------------------
def number_format(kind: NumberKind, unit: str, value: float | None, prefix: str = "") -> str:
    """The Excel number format of a value: its kind's format, decimals when the value has
    them (counts and other numbers), the unit after it when it is not a plain count, and
    ``prefix`` (a status glyph) before it. Literal text is backslash-escaped."""
    base = NUMBER_FORMATS[kind]
    fractional = value is not None and math.isfinite(value) and not float(value).is_integer()
    if kind in ("count", "number") and fractional:
        base = "#,##0.0#"
    if kind == "number" and unit.strip():
        base += _literal(" " + unit.strip())
    return _literal(prefix) + base if prefix else base


def _literal(text: str) -> str:
    """Text shown as it is inside a number format (each character backslash-escaped)."""
    return "".join("\\" + ch for ch in text)


class Formats:
    """The workbook's cell formats, made once per distinct set of properties."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self._made: dict[tuple[tuple[str, Any], ...], Format] = {}

    def get(self, **props: Any) -> Format:
        """The format with these xlsxwriter properties (on top of a thin rule, top-aligned)."""
        merged = {"valign": "top", "border": 1, "border_color": f"#{RULE}", **props}
        key = tuple(sorted(merged.items()))
        if key not in self._made:
            self._made[key] = self.workbook.add_format(merged)
        return self._made[key]

    def status(self, status: str | None, **props: Any) -> Format:
        """A RAG cell: filled with the status's colour (unknown or none: unfilled)."""
        fill = RAG_FILLS.get(status or "")
        return self.get(**props, **({"bg_color": f"#{fill}"} if fill else {}))

    def direction(self, direction: str | None) -> Format:
        colour = DOT_COLOURS.get(direction or "")
        return self.get(**({"font_color": f"#{colour}"} if colour else {}))


# ---- cells ---------------------------------------------------------------------------------
def cell_text(value: object) -> str:
    """A data value as one line of printable text that fits an Excel cell."""
    text = clean(value)
    if len(text) > CELL_LIMIT:
        note = " … (cut: an Excel cell holds 32,767 characters)"
        text = text[: CELL_LIMIT - len(note)] + note
    return text


def write_text(
    ws: Worksheet, row: int, col: int, value: object, formats: Formats, **props: Any
) -> None:
    """Text as text: a value that looks like a formula gets Excel's quote prefix."""
    text = cell_text(value)
    if text.startswith(FORMULA_START):
        props = {**props, "quote_prefix": True}
    ws.write_string(row, col, text, formats.get(**props))


def write_number(
    ws: Worksheet,
    row: int,
    col: int,
    cell: NumberCell,
    formats: Formats,
    *,
    prefix: str = "",
    fill: str | None = None,
) -> None:
    """A number in its unit's format; a missing value is a blank (filled when rated)."""
    value = cell.value
    props: dict[str, Any] = {"bg_color": f"#{fill}"} if fill else {}
    if value is None or not math.isfinite(value):
        ws.write_blank(row, col, None, formats.get(**props))
        return
    num_format = number_format(cell.kind, cell.unit, value, prefix)
    ws.write_number(row, col, value, formats.get(num_format=num_format, **props))


def write_cell(ws: Worksheet, row: int, col: int, cell: Cell, formats: Formats) -> None:
    """One of the document's table cells, as the kind of Excel cell it is."""
    if isinstance(cell, NumberCell):
        write_number(ws, row, col, cell, formats)
    elif isinstance(cell, ChangeCell):
        if cell.change is None:
            ws.write_string(row, col, cell.shown, formats.get(align="right"))
        else:
            ws.write_number(row, col, cell.change, formats.get(num_format=CHANGE_FORMAT))
    elif isinstance(cell, StatusCell):
        ws.write_string(row, col, cell.shown, formats.status(cell.status))
    elif isinstance(cell, DirectionCell):
        ws.write_string(row, col, cell.shown, formats.direction(cell.direction))
    else:
        write_text(ws, row, col, cell.shown, formats)


def excel_text(cell: Cell) -> str:
    """A cell's text as Excel shows it (numbers in their number format): sizes columns."""
    if not isinstance(cell, NumberCell):
        return cell_text(cell.shown)
    value = cell.value
    if value is None or not math.isfinite(value):
        return ""
    return number_text(value, cell.kind, cell.unit)


def number_text(value: float, kind: NumberKind, unit: str) -> str:
    """A finite number as its number format shows it in Excel."""
    if kind == "percent":
        return f"{value:,.1f}%"
    if kind == "money":
        return f"£{value:,.0f}"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    unit = unit.strip()
    return f"{text} {unit}" if kind == "number" and unit else text


# ---- tables ----------------------------------------------------------------------------------
def pixels(chars: int) -> int:
    """A column width in pixels for about ``chars`` characters of Calibri 11."""
    return 7 * chars + 14


def _unique(titles: Sequence[str]) -> list[str]:
    """Column headings made unique (an Excel table needs that): ``Value``, ``Value (2)``."""
    seen: dict[str, int] = {}
    out = []
    for title in titles:
        name = cell_text(title) or "Column"
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


@dataclass(frozen=True)
class SheetTable:
    """A table for a sheet: headings, rows of text (as the frame polars writes), widths in
    characters and the columns whose text wraps."""

    name: str
    headings: list[str]
    rows: list[list[str]]
    widths: list[int]
    wrapped: frozenset[int]


def sheet_table(
    name: str, headings: Sequence[str], rows: list[list[str]], wrap: dict[int, int]
) -> SheetTable:
    """Headings and rows with widths that fit the longest text (``wrap``: column -> the
    width, in characters, past which that column wraps instead)."""
    titles = _unique(headings)
    widths = []
    for col, title in enumerate(titles):
        longest = max([len(title), *(len(r[col]) for r in rows)])
        widths.append(max(6, min(longest, wrap.get(col, MAX_WIDTH)) + 1))
    return SheetTable(name, titles, rows, widths, frozenset(wrap))


#: The table's heading cells, and the formats of its wrapped and other columns (as polars'
#: ``write_excel`` gives them).
HEADER_FORMAT = {
    "bold": True,
    "bg_color": f"#{HEADER_FILL}",
    "text_wrap": True,
    "valign": "top",
    "border": 1,
    "border_color": f"#{RULE}",
}
WRAPPED_COLUMN = {"text_wrap": True, "valign": "top"}
PLAIN_COLUMN = {"valign": "vcenter"}
#: The widest a column that does not wrap grows, in characters.
MAX_WIDTH = 40
#: A row's height per line of text, in points (Calibri 11).
LINE_HEIGHT = 15


def row_lines(table: SheetTable, row: list[str]) -> int:
    """How many lines the row's wrapped cells take (Excel does not fit rows by itself)."""
    lines = [
        len(textwrap.wrap(row[c], max(table.widths[c] - 2, 1), break_on_hyphens=False))
        for c in table.wrapped
    ]
    return max([1, *lines])


def write_frame(
    wb: Workbook,
    sheet: str,
    table: SheetTable,
    *,
    position: tuple[int, int] = (0, 0),
    freeze: bool = True,
) -> Worksheet:
    """The table's frame through polars (an Excel table with a filter, header and widths),
    each row as tall as its wrapped text."""
    frame = pl.DataFrame(
        [
            pl.Series(title, [r[i] for r in table.rows], dtype=pl.String)
            for i, title in enumerate(table.headings)
        ]
    )
    frame.write_excel(
        wb,
        sheet,
        position=position,
        table_style=TABLE_STYLE,
        table_name=table.name,
        header_format=dict(HEADER_FORMAT),
        column_formats={table.headings[c]: dict(WRAPPED_COLUMN) for c in table.wrapped},
        column_widths={t: pixels(w) for t, w in zip(table.headings, table.widths, strict=True)},
        autofilter=True,
        freeze_panes=(position[0] + 1, 1) if freeze else None,
    )
    ws: Worksheet = wb.get_worksheet_by_name(sheet)
    for r, row in enumerate(table.rows, start=position[0] + 1):
        lines = row_lines(table, row)
        if lines > 1:
            ws.set_row(r, LINE_HEIGHT * lines)
    return ws


def write_model_table(
    wb: Workbook,
    formats: Formats,
    sheet: str,
    t: Table,
    name: str,
    *,
    row: int = 0,
    freeze: bool = True,
) -> int:
    """One of the document's tables at ``row``; returns the first row after it."""
    wide = {i: WRAP_AT["indicator"] for i, c in enumerate(t.columns) if c.wide}
    rows = [[excel_text(c) for c in r] for r in t.rows]
    table = sheet_table(name, [c.title for c in t.columns], rows, wide)
    ws = write_frame(wb, sheet, table, position=(row, 0), freeze=freeze)
    for r, cells in enumerate(t.rows, start=row + 1):
        for c, cell in enumerate(cells):
            if c in wide and not isinstance(cell, NumberCell | StatusCell | DirectionCell):
                write_text(ws, r, c, cell.shown, formats, text_wrap=True)
            else:
                write_cell(ws, r, c, cell, formats)
    return row + len(t.rows) + 1


# ---- the sheets ------------------------------------------------------------------------------
#: The Indicators sheet: each column's record key and heading.
INDICATOR_COLUMNS = (
    ("kpi_id", "KPI"),
    ("indicator", "Indicator"),
    ("directorate", "Directorate"),
    ("service_area", "Service area"),
    ("unit", "Unit"),
    ("polarity", "Polarity"),
    ("value", "Value"),
    ("target", "Target"),
    ("floor", "Floor"),
    ("rag", "RAG"),
    ("previous_rag", "Previous RAG"),
    ("dot", "Direction of Travel"),
    ("value_reason", "Why no value"),
    ("provisional", "Provisional"),
    ("owner", "Owner"),
    ("commentary", "Commentary"),
    ("actions", "Actions"),
    ("note", "Note for the meeting"),
    ("period", "Quarter"),
)
FIGURES = ("value", "target", "floor")
STATUS_KEYS = ("rag", "previous_rag")
#: Columns the sheet has only when some KPI has something in them.
OPTIONAL_COLUMNS = ("value_reason", "provisional", "note")


def indicator_text(key: str, value: object) -> str:
    """A KPI record's field written as text (every field but figures, statuses, direction)."""
    if key == "polarity":
        return POLARITY_DESCRIPTIONS.get(str(value or ""), str(value or ""))
    if key == "provisional":
        return PROVISIONAL_MARK if value else ""
    return "" if value is None else str(value)


@dataclass(frozen=True)
class BulkColumn:
    """A column of a big sheet: its heading, each cell's text as Excel shows it (which sizes
    the column and, when it wraps past ``wrap`` characters, the row) and each cell's XML."""

    heading: str
    texts: list[str]
    cells: list[str]
    wrap: int | None = None


class SheetCells:
    """Makes the cells of one big sheet: each distinct format's index is found once."""

    def __init__(self, formats: Formats, sheet: Worksheet) -> None:
        from qpr_tui.export.xlsx_rows import CellXml

        self.formats = formats
        self.xml = CellXml(sheet)
        self._indices: dict[tuple[tuple[str, Any], ...], int] = {}

    def xf(self, **props: Any) -> int:
        """The index of the format with these properties (see `Formats.get`)."""
        key = tuple(sorted(props.items()))
        index = self._indices.get(key)
        if index is None:
            index = self._indices[key] = self.formats.get(**props)._get_xf_index()
        return index

    def status_xf(self, status: str | None) -> int:
        fill = RAG_FILLS.get(status or "")
        return self.xf(**({"bg_color": f"#{fill}"} if fill else {}))


def text_column(
    heading: str, texts: list[str], cells: SheetCells, wrap: int | None = None
) -> BulkColumn:
    """Text as text (`write_text`): formula-like text gets Excel's quote prefix. Each
    distinct text is made once."""
    plain = cells.xf(**({"text_wrap": True} if wrap else {}))
    made: dict[str, str] = {}
    for raw in dict.fromkeys(texts):
        text = cell_text(raw)
        xf = plain
        if text.startswith(FORMULA_START):
            xf = cells.xf(**({"text_wrap": True} if wrap else {}), quote_prefix=True)
        made[raw] = cells.xml.string(text, xf)
    cells.xml.reused(len(texts) - len(made))
    return BulkColumn(heading, texts, list(map(made.__getitem__, texts)), wrap)


def figure_column(
    heading: str, values: list[Any], units: list[str], cells: SheetCells
) -> BulkColumn:
    """Figures as numbers in their unit's format (`write_number`); none: a blank."""
    texts: list[str] = []
    out: list[str] = []
    made: dict[tuple[str, bool], int] = {}
    kinds = UnitKinds()
    blank = cells.xml.blank(cells.xf())
    for value, unit in zip(values, units, strict=True):
        if value is None or not math.isfinite(value):
            texts.append("")
            out.append(blank)
            continue
        kind = kinds[unit]
        key = (unit, not float(value).is_integer())
        xf = made.get(key)
        if xf is None:
            xf = made[key] = cells.xf(num_format=number_format(kind, unit, value))
        texts.append(number_text(value, kind, unit))
        out.append(cells.xml.number(value, xf))
    return BulkColumn(heading, texts, out)


class UnitKinds(dict[str, NumberKind]):
    """Each unit's `number_kind`, found once: a big sheet has a few units in a million cells."""

    def __missing__(self, unit: str) -> NumberKind:
        kind = self[unit] = number_kind(unit)
        return kind


def labelled_column(
    heading: str, values: list[Any], cells: SheetCells, *, status: bool
) -> BulkColumn:
    """Statuses filled with their colour (``status``), or directions in theirs, as
    `write_cell` writes a `StatusCell` or a long `DirectionCell`: each distinct one made
    once."""
    texts: dict[Any, str] = {}
    made: dict[Any, str] = {}
    for value in dict.fromkeys(values):
        if status:
            cell: StatusCell | DirectionCell = StatusCell(value or None)
            xf = cells.status_xf(value or None)
        else:
            cell = DirectionCell(value or None, long=True)
            colour = DOT_COLOURS.get(value or "")
            xf = cells.xf(**({"font_color": f"#{colour}"} if colour else {}))
        texts[value] = cell_text(cell.shown)
        made[value] = cells.xml.string(cell.shown, xf)
    cells.xml.reused(len(values) - len(made))
    return BulkColumn(
        heading, list(map(texts.__getitem__, values)), list(map(made.__getitem__, values))
    )


def indicator_column(
    key: str, heading: str, records: Sequence[KpiRecord], cells: SheetCells
) -> BulkColumn:
    """One field of every KPI record as a column of the Indicators sheet."""
    values = [r.row.get(key) for r in records]
    if key in FIGURES:
        units = [str(r.row.get("unit") or "") for r in records]
        return figure_column(heading, values, units, cells)
    if key in STATUS_KEYS or key == "dot":
        return labelled_column(heading, values, cells, status=key != "dot")
    texts = {v: indicator_text(key, v) for v in dict.fromkeys(values)}
    return text_column(heading, list(map(texts.__getitem__, values)), cells, WRAP_AT.get(key))


def write_bulk(wb: Workbook, ws: Worksheet, name: str, columns: Sequence[BulkColumn]) -> None:
    """The columns as an Excel table at A1, as `write_frame` writes one (a filter, the
    heading frozen, widths that fit the text, each row as tall as its wrapped text)."""
    from xlsxwriter.utility import xl_col_to_name

    from qpr_tui.export.xlsx_rows import SheetRows

    titles = _unique([c.heading for c in columns])
    wrap = {i: c.wrap for i, c in enumerate(columns) if c.wrap}
    table = sheet_table(name, titles, [], wrap)
    widths = [
        max(6, min(max([len(title), *map(len, c.texts)]), c.wrap or MAX_WIDTH) + 1)
        for title, c in zip(titles, columns, strict=True)
    ]
    header, plain, wrapped = (
        wb.add_format(dict(f)) for f in (HEADER_FORMAT, PLAIN_COLUMN, WRAPPED_COLUMN)
    )
    specs = [
        {"header": t, "format": wrapped if i in wrap else plain, "header_format": header}
        for i, t in enumerate(table.headings)
    ]
    rows = len(columns[0].cells)
    options = {"style": TABLE_STYLE, "columns": specs, "name": name, "autofilter": True}
    ws.add_big_table(rows, len(columns) - 1, {**options, "header_row": True, "total_row": False})
    for col, width in enumerate(widths):
        ws.set_column_pixels(col, col, pixels(width), None, {})
    ws.freeze_panes(1, 1)
    heights = row_heights([columns[c].texts for c in wrap], [widths[c] for c in wrap], rows)
    letters = tuple(xl_col_to_name(c) for c in range(len(columns)))
    ws.attach(SheetRows(1, letters, [c.cells for c in columns], heights))


def row_heights(texts: list[list[str]], widths: list[int], rows: int) -> list[int | None]:
    """Each row's height in points when its wrapped cells take more than a line (`row_lines`):
    each column's distinct texts are wrapped once."""
    from qpr_tui.export.xlsx_rows import wrapped_lines

    cache: dict[tuple[str, int], int] = {}
    lines = [1] * rows
    for column, width in zip(texts, widths, strict=True):
        room = max(width - 2, 1)
        tall = {t: n for t in dict.fromkeys(column) if (n := wrapped_lines(t, room, cache)) > 1}
        if not tall:
            continue
        for row, text in enumerate(column):
            n = tall.get(text, 1)
            if n > lines[row]:
                lines[row] = n
    return [LINE_HEIGHT * n if n > 1 else None for n in lines]


def bulk_worksheet(wb: Workbook, name: str) -> Worksheet:
    from qpr_tui.export.xlsx_rows import bulk_sheet

    ws: Worksheet = wb.add_worksheet(name, worksheet_class=bulk_sheet())
    return ws


def indicators_sheet(wb: Workbook, formats: Formats, records: Sequence[KpiRecord]) -> None:
    """Every KPI of the period, one row each, with its commentary and actions."""
    columns = [
        (key, title)
        for key, title in INDICATOR_COLUMNS
        if key not in OPTIONAL_COLUMNS or any(r.row.get(key) for r in records)
    ]
    if not records:
        wrap = {i: WRAP_AT[k] for i, (k, _) in enumerate(columns) if k in WRAP_AT}
        write_frame(wb, "Indicators", sheet_table("Indicators", [t for _, t in columns], [], wrap))
        return
    ws = bulk_worksheet(wb, "Indicators")
    cells = SheetCells(formats, ws)
    bulk = [indicator_column(key, title, records, cells) for key, title in columns]
    write_bulk(wb, ws, "Indicators", bulk)


def history_periods(records: Sequence[KpiRecord]) -> list[str]:
    """Every quarter any KPI has a value or status for, oldest first."""
    return sorted(
        {p.period for r in records for p in r.history},
        key=lambda text: UK.quarter_of(read_period(text)),
    )


def rated_column(
    heading: str, points: list[HistoryPoint | None], units: list[str], cells: SheetCells
) -> BulkColumn:
    """A quarter of the History sheet: each value filled with its RAG, the status's glyph in
    its number format; no value: the status's glyph and word; no point: a blank."""
    texts: list[str] = []
    out: list[str] = []
    made: dict[tuple[str, str, bool], int] = {}
    kinds = UnitKinds()
    blank = cells.xml.blank(cells.xf())
    for point, unit in zip(points, units, strict=True):
        if point is None:
            texts.append("")
            out.append(blank)
            continue
        status, value = point.status, point.value
        if value is None:
            texts.append(status_label(status))
            out.append(cells.xml.string(texts[-1], cells.status_xf(status)))
            continue
        glyph = STATUS_GLYPHS.get(status)
        if not math.isfinite(value):
            texts.append(f"{glyph} " if glyph else "")
            out.append(cells.xml.blank(cells.status_xf(status)))
            continue
        kind = kinds[unit]
        key = (unit, status, not float(value).is_integer())
        xf = made.get(key)
        if xf is None:
            fill = RAG_FILLS.get(status)
            props: dict[str, Any] = {"bg_color": f"#{fill}"} if fill else {}
            prefix = f"{glyph} " if glyph else ""
            xf = made[key] = cells.xf(num_format=number_format(kind, unit, value, prefix), **props)
        number = number_text(value, kind, unit)
        texts.append(f"{glyph} {number}" if glyph else number)
        out.append(cells.xml.number(value, xf))
    return BulkColumn(heading, texts, out)


def history_sheet(wb: Workbook, formats: Formats, records: Sequence[KpiRecord]) -> None:
    """Each KPI's value in every quarter, each cell filled with that quarter's RAG."""
    periods = history_periods(records)
    headings = ["KPI", "Indicator", "Unit", *periods]
    if not records:
        write_frame(wb, "History", sheet_table("History", headings, [], {1: WRAP_AT["indicator"]}))
        return
    ws = bulk_worksheet(wb, "History")
    cells = SheetCells(formats, ws)
    units = [str(r.row.get("unit") or "") for r in records]
    ids, names = ([str(r.row.get(k) or "") for r in records] for k in ("kpi_id", "indicator"))
    columns = [
        text_column("KPI", ids, cells),
        text_column("Indicator", names, cells, WRAP_AT["indicator"]),
        text_column("Unit", units, cells),
    ]
    by_period = [{p.period: p for p in r.history} for r in records]
    for period in periods:
        points = [points.get(period) for points in by_period]
        columns.append(rated_column(period, points, units, cells))
    write_bulk(wb, ws, "History", columns)


def cover_lines(document: Document) -> list[tuple[str, int]]:
    """The cover report's key text, each line with its indent (a sub-item 1): the Summary
    and Recommendation paragraphs, then section 2 (the RAG method, the counts, where the
    Reds are, the Direction of Travel)."""
    performance = [s for s in document.sections if s.number == "2"]
    lines: list[tuple[str, int]] = []
    for block in (*document.front, *(b for s in performance for b in s.blocks)):
        if isinstance(block, Paragraph):
            parts = (block.number, block.lead, block.text.strip() or block.empty)
            lines.append((" ".join(p for p in parts if p), 0))
        elif isinstance(block, BulletList):
            for item in block.items:
                lines.append((f"• {item.text}", 0))
                lines += [(f"– {child}", 1) for child in item.children]
    return [(cell_text(line), indent) for line, indent in lines]


#: Characters of text in a line of the Summary sheet's cover text (cells A to D merged).
SUMMARY_LINE = 72


def summary_sheet(wb: Workbook, formats: Formats, document: Document) -> Worksheet:
    """The title, the RAG and Direction of Travel counts with their change, the cover text."""
    ws = bulk_worksheet(wb, "Summary")
    ws.write_string(0, 0, cell_text(document.title), formats.get(bold=True, font_size=14, border=0))
    about = " · ".join(x for x in (document.organisation, document.scope) if x)
    write_text(ws, 1, 0, about, formats, border=0)
    row = 3
    for kind, name in (("rag_summary", "RAGCounts"), ("dot_summary", "DirectionCounts")):
        for t in document.tables(kind)[:1]:
            ws.write_string(row, 0, cell_text(t.caption), formats.get(bold=True, border=0))
            row = write_model_table(wb, formats, "Summary", t, name, row=row + 1, freeze=False) + 1
    ws.write_string(row, 0, "Cover report", formats.get(bold=True, border=0))
    cover_text(ws, SheetCells(formats, ws), cover_lines(document), row + 1)
    return ws


def cover_text(ws: Worksheet, cells: SheetCells, lines: list[tuple[str, int]], first: int) -> None:
    """The cover report's lines from row ``first``, each across columns A to D (merged) and
    as tall as its wrapped text; written as rows of XML (a line per Red KPI: 60,000 lines at
    200,000 KPIs)."""
    from xlsxwriter.utility import xl_col_to_name

    from qpr_tui.export.xlsx_rows import SheetRows, wrapped_lines

    columns: list[list[str]] = [[], [], [], []]
    heights: list[int | None] = []
    cache: dict[tuple[str, int], int] = {}
    for line, indent in lines:
        props = {"text_wrap": True, "border": 0, "align": "left", "indent": indent}
        text = cell_text(line)
        quote = {"quote_prefix": True} if text.startswith(FORMULA_START) else {}
        columns[0].append(cells.xml.string(text, cells.xf(**props, **quote)))
        blank = cells.xml.blank(cells.xf(**props))
        for column in columns[1:]:
            column.append(blank)
        count = wrapped_lines(line, SUMMARY_LINE - 3 * indent, cache) if line.strip() else 1
        heights.append(LINE_HEIGHT * count if count > 1 else None)
    letters = tuple(xl_col_to_name(c) for c in range(4))
    ws.attach(SheetRows(first, letters, columns, heights))
    ws.merge_rows(first, len(lines), 3)


def provenance_sheet(wb: Workbook, formats: Formats, document: Document) -> None:
    """Where the workbook came from, one fact a row."""
    p = document.provenance
    facts = [("Organisation", p.organisation), ("Quarter", p.period), ("Scope", p.scope)]
    facts += p.lines()
    rows = [[cell_text(label), cell_text(value)] for label, value in facts]
    table = sheet_table("Provenance", ["Item", "Value"], rows, {1: 100})
    ws = write_frame(wb, "Provenance", table, freeze=False)
    for r, (label, value) in enumerate(rows, start=1):
        write_text(ws, r, 0, label, formats, bold=True)
        write_text(ws, r, 1, value, formats, text_wrap=True)


# ---- the workbook ----------------------------------------------------------------------------
def print_setup(ws: Worksheet, title: str, header_rows: int | None) -> None:
    """A4 landscape, one page wide, the heading row on every page, "Page X of Y"."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    if header_rows is not None:
        ws.repeat_rows(header_rows)
    ws.set_header("&L" + title.replace("&", "&&")[:200])
    ws.set_footer("&CPage &P of &N")


def property_parts(name: str, value: str) -> list[tuple[str, str]]:
    """A custom property within Excel's 255 characters: a longer text continues in
    ``name_2``, ``name_3``, ... so nothing is cut."""
    text = clean(value)
    if len(text) <= PROPERTY_LIMIT:
        return [(name, text)]
    chunks = [text[i : i + PROPERTY_LIMIT] for i in range(0, len(text), PROPERTY_LIMIT)]
    return [(name if n == 1 else f"{name}_{n}", chunk) for n, chunk in enumerate(chunks, 1)]


def set_properties(wb: Workbook, document: Document) -> None:
    """Title, subject, author, keywords, comments (the provenance) and custom ``qpr_*``."""
    p = document.properties
    wb.set_properties(
        {
            "title": clean(p.title),
            "subject": clean(p.subject),
            "author": clean(p.author),
            "company": clean(document.organisation),
            "category": clean(p.category),
            "keywords": clean(", ".join(p.keywords)),
            "comments": clean(p.comments),
            "created": p.created,
        }
    )
    for name, value in p.custom.items():
        for part, text in property_parts(name, value):
            wb.set_custom_property(part, text)


def render(document: Document) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    from xlsxwriter import Workbook

    buffer = io.BytesIO()
    options = {
        "in_memory": True,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
        "nan_inf_to_errors": True,
    }
    with Workbook(buffer, options) as wb:
        formats = Formats(wb)
        set_properties(wb, document)
        summary = summary_sheet(wb, formats, document)
        indicators_sheet(wb, formats, document.kpis)
        history_sheet(wb, formats, document.kpis)
        for t in document.tables("benchmark")[:1]:
            write_model_table(wb, formats, "Benchmark", t, "Benchmark")
        provenance_sheet(wb, formats, document)
        for ws in wb.worksheets():
            print_setup(ws, document.properties.title, None if ws is summary else 0)
        summary.activate()
    return buffer.getvalue()
