"""The rows of the big sheets (Indicators, History) written as their XML in one piece.

xlsxwriter keeps an object per cell and writes each one when the workbook closes, about
10 µs a cell: 40 s for the 4.6 million cells of 200,000 KPIs. Here each cell is made as the
text of its ``<c>`` element (its format's index and its value) and the rows are joined as
text; `bulk_sheet` is a worksheet that writes that text below its heading row. The heading,
the Excel table, widths, panes and print set-up stay xlsxwriter's, and strings still go to
the workbook's shared-string table, so the workbook holds the same cells as one written
cell by cell. xlsxwriter is imported only when a workbook is written.
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

#: Excel's limit on a cell's text, in UTF-16 code units (xlsxwriter cuts longer text).
UTF16_LIMIT = 32_767


@dataclass(frozen=True)
class SheetRows:
    """The rows below a sheet's heading: ``cells`` holds each column's cells as the XML
    after a ``<c>``'s reference, ``heights`` each row's height in points (None: the
    default height)."""

    first: int  # zero-based index of the first row
    letters: tuple[str, ...]  # each column's letters (A, B, ..., AA)
    cells: Sequence[Sequence[str]]
    heights: Sequence[int | None]

    def xml(self) -> str:
        """The ``<row>`` elements, each with its cells (joined by polars: one string of
        tens of millions of characters at 200,000 KPIs)."""
        import polars as pl

        number = pl.col("row")
        height = pl.col("height")
        frame = pl.DataFrame(
            [
                pl.Series("row", range(self.first + 1, self.first + 1 + len(self.heights))),
                pl.Series("height", self.heights, dtype=pl.Int64),
                *(pl.Series(f"c{i}", cells, dtype=pl.String) for i, cells in enumerate(self.cells)),
            ]
        ).with_columns(number.cast(pl.String))
        tall = pl.concat_str(pl.lit('" ht="'), height.cast(pl.String), pl.lit('" customHeight="1'))
        parts = [
            pl.lit('<row r="'),
            number,
            pl.when(height.is_null()).then(pl.lit("")).otherwise(tall),
        ]
        parts.append(pl.lit('">'))
        for i, letter in enumerate(self.letters):
            parts += [pl.lit(f'<c r="{letter}'), number, pl.lit('"'), pl.col(f"c{i}")]
        parts.append(pl.lit("</row>"))
        rows = frame.select(pl.concat_str(parts).str.join("")).item()
        return str(rows)


@functools.cache
def bulk_sheet() -> type[Worksheet]:
    """A worksheet class that writes `SheetRows` (attached with ``attach``) below the cells
    written to it the usual way (its heading)."""
    from xlsxwriter.worksheet import Worksheet

    class BulkSheet(Worksheet):  # type: ignore[misc]
        rows: SheetRows | None = None

        def add_big_table(self, last_row: int, last_col: int, options: dict[str, Any]) -> None:
            """An Excel table at A1 down to ``last_row``: xlsxwriter marks each cell of a
            table's range to refuse overlaps (4.6 million for 200,000 KPIs), so the table is
            added over its first two rows and its ranges widened; the sheet has no other
            table and no merged cells."""
            from xlsxwriter.utility import xl_range

            self.add_table(0, 0, min(last_row, 1), last_col, options)
            table = self.tables[-1]
            whole = xl_range(0, 0, last_row, last_col)
            for key in ("range", "a_range", "autofilter"):
                if key in table:
                    table[key] = whole

        def merge_rows(self, first: int, count: int, last_col: int) -> None:
            """Merge columns A to ``last_col`` of each of ``count`` rows from ``first``,
            rows that hold no other merge or table (`merge_range` checks each cell)."""
            self.merge.extend([row, 0, row, last_col] for row in range(first, first + count))

        def attach(self, rows: SheetRows) -> None:
            self.rows = rows
            if rows.heights:
                self._check_dimensions(rows.first + len(rows.heights) - 1, len(rows.letters) - 1)

        def _write_sheet_data(self) -> None:
            rows = self.rows
            if rows is None or not rows.heights:
                super()._write_sheet_data()
                return
            self._xml_start_tag("sheetData")
            last: int = self.dim_rowmax  # type: ignore[has-type]
            self.dim_rowmax = rows.first - 1  # xlsxwriter's own rows: the heading
            try:
                self._write_rows()
            finally:
                self.dim_rowmax = last
            self.fh.write(rows.xml())
            self._xml_end_tag("sheetData")

    return BulkSheet


class CellXml:
    """Cells as XML for one sheet: each format's index looked up once, strings added to the
    workbook's shared-string table as xlsxwriter adds them."""

    def __init__(self, sheet: Worksheet) -> None:
        self._strings: Any = sheet.str_table

    def string(self, text: str, xf: int) -> str:
        """A text cell (cut as xlsxwriter cuts text over Excel's limit)."""
        if len(text) > UTF16_LIMIT // 2 and len(text.encode("utf-16-le")) // 2 > UTF16_LIMIT:
            text = utf16_cut(text)
        index = self._strings._get_shared_string_index(text)
        return f' s="{xf}" t="s"><v>{index}</v></c>'

    def reused(self, times: int) -> None:
        """Count ``times`` more uses of strings already made (the table's total of uses)."""
        self._strings.count += times

    @staticmethod
    def number(value: float, xf: int) -> str:
        """A number cell, written as xlsxwriter writes one."""
        return f' s="{xf}"><v>{value:.16G}</v></c>'

    @staticmethod
    def blank(xf: int) -> str:
        """An empty cell with a format."""
        return f' s="{xf}"/>'


def utf16_cut(text: str) -> str:
    """The text cut to Excel's limit of UTF-16 code units, never inside a surrogate pair."""
    units = text.encode("utf-16-le")[: UTF16_LIMIT * 2]
    return units.decode("utf-16-le", "ignore")


def wrapped_lines(text: str, width: int, cache: dict[tuple[str, int], int]) -> int:
    """How many lines ``textwrap.wrap(text, width, break_on_hyphens=False)`` gives: text
    without tabs that fits the width takes at most one, the rest is wrapped once each."""
    if len(text) <= width and "\t" not in text:
        return 1
    key = (text, width)
    lines = cache.get(key)
    if lines is None:
        lines = cache[key] = len(textwrap.wrap(text, width, break_on_hyphens=False))
    return lines
