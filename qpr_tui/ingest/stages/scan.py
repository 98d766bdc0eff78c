"""Stage *scan*: the file's cells as text, one lazy frame for every source format.

Every later stage works on what this one gives, whatever the file was: the used input columns
as text named by `column_name` (``c0``, ``c1``, ...), ``_row`` (the 0-based index of the data
record, from which the line is known) and ``_maybe_short`` (the record's last field is missing
or empty, the only way a row with too few fields can look). Rows with nothing in any used
column (spacer lines) are left out here.
"""

from __future__ import annotations

import polars as pl

from qpr_tui.ingest.stages.columns import Plan, column_name
from qpr_tui.ingest.textfile import TextFile


def scan(tf: TextFile, plan: Plan) -> pl.LazyFrame:
    """The lazy scan of ``tf``: see the module docstring for its columns."""
    used = plan.used()
    if tf.parquet:
        # Parquet columns are typed; everything goes through the same text cleaning.
        lf = pl.scan_parquet(tf.path).select(
            pl.col(tf.header[i]).cast(pl.String).alias(column_name(i)) for i in used
        )
        lf, maybe_short = lf.with_row_index("_row"), pl.lit(False)
    else:
        lf = scan_text(tf).with_row_index("_row")
        maybe_short = pl.col(column_name(len(tf.header) - 1)).is_null()
    cells = [pl.col(column_name(i)) for i in used]
    lf = lf.select("_row", *cells, maybe_short.alias("_maybe_short"))
    # Empty fields read as null, so a spacer line is null in every column.
    return lf.filter(~pl.all_horizontal(cell.is_null() for cell in cells))


def scan_text(tf: TextFile) -> pl.LazyFrame:
    """Every field of a delimited text file as a String column ``c0``, ``c1``, ...

    A record with more fields than the header makes the collect fail (the reader then finds
    it); one with fewer reads its missing fields as null."""
    return pl.scan_csv(
        tf.source(),
        has_header=True,
        new_columns=[column_name(i) for i in range(len(tf.header))],
        separator=tf.separator,
        infer_schema=False,
        raise_if_empty=False,
        truncate_ragged_lines=False,
    )
