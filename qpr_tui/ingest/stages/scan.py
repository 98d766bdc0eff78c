"""Stage *scan*: the file's cells as text, one lazy frame for every source format.

Every later stage works on what this one gives, whatever the file was: the used input columns
as text named by `column_name` (``c0``, ``c1``, ...), ``_row`` (the 0-based index of the data
record), ``_line`` (where findings point: the file line of a text file's record if every
record is one line, which `qpr_tui.ingest.stages.lines` checks; a Parquet row's number) and
``_maybe_short`` (the record's last field is missing or empty, the only way a row with too few
fields can look). A workbook's sheet gives its rows below the header (``_line`` is the sheet
row) and ``_percent`` (a number cell was shown as a percentage; see
`qpr_tui.ingest.workbook.sheet_cells`). Rows with nothing in any used column (spacer lines)
are left out here. A byte-order mark at the start of a text file's line (where files were
joined end to end) is taken off the line's first cell, so that ``\ufeffA1`` is KPI ``A1``.

A text file's target, floor and tolerance columns can be read as numbers straight away
(``typed``): cheaper than text and a cast, but the collect then fails on the first cell that
is not a plain number, and the caller reads the file again as text (see `TYPED`).
"""

from __future__ import annotations

import polars as pl

from qpr_tui.errors import Location, QprError
from qpr_tui.ingest.stages.columns import Plan, column_name
from qpr_tui.ingest.textfile import TextFile
from qpr_tui.ingest.workbook import sheet_cells

_PARQUET_ROW = "\x00row"
# Number columns that are seldom anything but plain numbers.
TYPED = ("target", "floor", "tolerance")


def scan(
    tf: TextFile,
    plan: Plan,
    typed: bool = False,
    rows: pl.Expr | None = None,
    block: tuple[int, int] | None = None,
) -> pl.LazyFrame:
    """The lazy scan of ``tf``: see the module docstring for its columns. ``rows``: for a
    Parquet file, a filter on its own columns, applied in the Parquet reader (the rows keep
    their numbers). ``block``: for a text file, only the data records from the first number
    given, as many as the second (they keep their numbers)."""
    used = sorted({*plan.used(), *plan.unread})
    if tf.sheet is not None:
        return _without_unread(_scan_sheet(tf, plan, used), plan)
    if tf.parquet:
        # Parquet columns are typed; everything goes through the same text cleaning.
        # The row index is named so that no column of the file can share its name.
        lf = pl.scan_parquet(tf.path, glob=False, row_index_name=_PARQUET_ROW)
        check_text_types(lf.collect_schema(), tf, used)
        lf = lf if rows is None else lf.filter(rows)
        cells = [pl.col(tf.header[i]).cast(pl.String).alias(column_name(i)) for i in used]
        row = pl.col(_PARQUET_ROW).alias("_row")
        lf, maybe_short, first_line = lf.select(row, *cells), pl.lit(False), 1
    else:
        numbers = [plan.column(name) for name in TYPED if typed and plan.has(name)]
        lf = scan_text(tf, numbers, block).with_row_index("_row", offset=block[0] if block else 0)
        maybe_short = pl.col(column_name(len(tf.header) - 1)).is_null()
        first_line = 2  # the header is line 1
    names = [column_name(i) for i in used]
    schema = lf.collect_schema()
    first = column_name(0)
    cells = [
        _without_bom(n) if n == first and not tf.parquet and schema[n] == pl.String else pl.col(n)
        for n in names
    ]
    line = (pl.col("_row").cast(pl.Int64) + first_line).alias("_line")
    lf = lf.select("_row", line, *cells, maybe_short.alias("_maybe_short"))
    # Empty fields read as null, so a spacer line is null in every column.
    lf = lf.filter(~pl.all_horizontal(pl.col(n).is_null() for n in names))
    return _without_unread(lf, plan)


def _without_unread(lf: pl.LazyFrame, plan: Plan) -> pl.LazyFrame:
    """The scan without the cells only read to tell spacer lines (`Plan.unread`)."""
    return lf.drop([column_name(i) for i in sorted(plan.unread)]) if plan.unread else lf


def _without_bom(name: str) -> pl.Expr:
    """A text column without a leading U+FEFF (a cell left with nothing is blank, as empty
    cells are)."""
    stripped = pl.col(name).str.strip_chars_start("\ufeff")
    return pl.when(stripped != "").then(stripped).alias(name)


# Parquet types whose cells have no text of their own, in words.
_NOT_TEXT: dict[type[pl.DataType], str] = {
    pl.List: "lists",
    pl.Array: "lists",
    pl.Struct: "records",
    pl.Duration: "durations",
    pl.Binary: "bytes",
    pl.Object: "objects",
}


def check_text_types(schema: pl.Schema, tf: TextFile, used: list[int]) -> None:
    """Raise `QprError` naming the first used Parquet column whose type cannot be read as
    text; unused columns may be of any type."""
    for i in used:
        dtype = schema[tf.header[i]]
        kind = _NOT_TEXT.get(dtype.base_type())
        if kind is not None:
            raise QprError(
                f"the column holds {kind} ({dtype}), which cannot be read as text or numbers.",
                Location(tf.display, 0, i + 1, tf.header[i]),
                hint="Save that column as text or numbers, or map another column to its "
                "field in the configuration.",
            )


def _scan_sheet(tf: TextFile, plan: Plan, used: list[int]) -> pl.LazyFrame:
    assert tf.sheet is not None
    numbers = [plan.index[name] for name in ("value", *TYPED) if plan.has(name)]
    numbers += sorted(plan.periods) if plan.wide else []
    lf = sheet_cells(tf.sheet, numbers, used).lazy().with_row_index("_row")
    cells = [pl.col(column_name(i)) for i in used]
    lf = lf.select("_row", "_line", *cells, pl.lit(False).alias("_maybe_short"), "_percent")
    return lf.filter(~pl.all_horizontal(cell.is_null() for cell in cells))


def scan_text(
    tf: TextFile, numbers: list[str] | None = None, block: tuple[int, int] | None = None
) -> pl.LazyFrame:
    """Every field of a delimited text file as a String column ``c0``, ``c1``, ..., except
    the columns named in ``numbers``, read as Float64.

    A record with more fields than the header makes the collect fail (the reader then finds
    it); one with fewer reads its missing fields as null."""
    return pl.scan_csv(
        tf.source(),
        has_header=True,
        new_columns=[column_name(i) for i in range(len(tf.header))],
        separator=tf.separator,
        infer_schema=False,
        schema_overrides=dict.fromkeys(numbers or [], pl.Float64),
        raise_if_empty=False,
        truncate_ragged_lines=False,
        glob=False,  # a file name is a name, even with [ or *
        skip_rows_after_header=block[0] if block else 0,
        n_rows=block[1] if block else None,
    )
