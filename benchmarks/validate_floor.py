"""What ``qpr validate FILE --json`` cannot do without, and nothing more: a floor to hold the
real command against (`benchmarks.validate --floor`).

    python -m benchmarks.validate_floor FILE > /dev/null

Three steps, each as lean as polars makes it:

- the read: ``pl.read_csv`` of every column as text, as the baseline does;
- the check for short rows: polars fills a record's missing last fields with blanks, so the
  lines of the records whose last field is blank are read again and their separators counted
  (quotes ignored: less work than qpr's, which counts only those outside quoted fields);
- the findings as the JSON qpr writes, through qpr's own writer: one finding per blank floor
  and one per blank value (on the benchmark files about as many findings, and as many bytes,
  as ``qpr validate`` writes).

It reads no period, cleans no number and runs none of the checks; its rows are never the
model's. So it says how much of the 1.5× goal is left for all of that.
"""

from __future__ import annotations

import os
import sys

import polars as pl

from qpr_tui.views.output import write_json

FLOOR_MESSAGE = (
    "the floor is blank here but given in other periods of {}, so {} cannot be rated Amber "
    "by its floor in {}; nothing was carried over from them"
)


def short_rows(path: str, rows: pl.DataFrame) -> pl.DataFrame:
    """(line, separators) of the records whose last field is blank and that have fewer
    fields than the header."""
    last = rows.columns[-1]
    maybe = rows.lazy().with_row_index("_row").filter(pl.col(last).is_null())
    lines = (maybe.select(pl.col("_row").cast(pl.Int64) + 2).collect().to_series()).implode()
    text = pl.scan_lines(path, name="text", glob=False).with_row_index("line", offset=1)
    separators = pl.col("text").str.count_matches(",", literal=True).alias("separators")
    found = text.filter(pl.col("line").cast(pl.Int64).is_in(lines)).select("line", separators)
    return found.filter(pl.col("separators") + 1 < rows.width).collect()


def findings(path: str, rows: pl.DataFrame) -> pl.DataFrame:
    """A finding per blank floor (a warning) and per blank value (a note), in the columns of
    ``qpr validate --json``."""
    lines = rows.lazy().with_row_index("_row").with_columns(pl.col("_row").cast(pl.Int64) + 2)

    def found(blank: str, severity: str, code: str, column: int, message: pl.Expr) -> pl.LazyFrame:
        return lines.filter(pl.col(blank).is_null()).select(
            pl.lit(severity).alias("severity"),
            pl.lit(code).alias("code"),
            message.alias("message"),
            pl.lit(path).alias("file"),
            pl.lit(None, dtype=pl.String).alias("sheet"),
            pl.col("_row").alias("line"),
            pl.lit(column).alias("column"),
            pl.lit(blank).alias("column_name"),
            pl.col("kpi_code").alias("kpi_id"),
            pl.col("period"),
        )

    floor = pl.format(FLOOR_MESSAGE, "kpi_code", "kpi_code", "period")
    floors = found("floor", "warning", "blank-floor", 9, floor)
    values = found("value", "info", "missing-value", 7, pl.lit("no value"))
    return pl.concat([floors, values]).collect()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m benchmarks.validate_floor FILE", file=sys.stderr)
        return 2
    path = args[0]
    rows = pl.read_csv(path, infer_schema=False)
    short = short_rows(path, rows)
    issues = findings(path, rows)
    del rows  # as qpr validate frees its rows before it writes
    counts = {"short_rows": short.height, "findings": issues.height}
    write_json({"files": [path], "counts": counts, "issues": issues})
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # as qpr validate ends: no teardown of what it read
