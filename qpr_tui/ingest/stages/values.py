"""Stage *values*: the number columns (value, target, floor, tolerance; previous and year-ago
values where the file has them) as numbers.

Inside the query each cell takes a plain cast, and ``x__text`` keeps the text of the cells it
cannot read (``85.2%``, ``n/a``, ``1,234`` ...). `clean` then runs the cleaning rules of
`qpr_tui.ingest.values` on the collected rows, each distinct odd text once, and writes the
numbers back by row (the rules are not worth running on every row, nor as a Python function
inside the query). For the rows that get findings it also adds ``x__missing`` (why a value
is missing), ``x__bad`` (text that is not a number), ``x__decimal_comma`` (``85,2`` read
as 85.2), ``x__provisional`` (``85.2*``) and ``x__ambiguous`` (a ``1,234`` that could mean
1.234); a number column the file does not have is null. Whether the comma is the decimal mark
is decided once per file from all its number cells (`marks`).

A column the scan read as numbers (`qpr_tui.ingest.stages.scan.TYPED`) has no text to keep;
``_non_finite`` marks a row where one of those holds ``inf`` or ``nan``, and the reader then
reads the file again as text (`needs_text`), since findings quote what the cell says.
"""

from __future__ import annotations

import polars as pl

from qpr_tui.ingest.stages.columns import CARRIED, Plan
from qpr_tui.ingest.values import Marks, clean_odd, decimal_marks, scatter
from qpr_tui.model import NUMBER_COLUMNS
from qpr_tui.vocabulary import UNUSABLE

_FIELDS = {
    "value": "",
    "missing": "__missing",
    "bad": "__bad",
    "decimal_comma": "__decimal_comma",
    "provisional": "__provisional",
    "ambiguous": "__ambiguous",
}


def values(lf: pl.LazyFrame, plan: Plan) -> pl.LazyFrame:
    """Add the file's number columns as plain numbers, and the text of their odd cells."""
    schema = lf.collect_schema()
    columns: list[pl.Expr] = []
    non_finite: list[pl.Expr] = []
    for name in (*NUMBER_COLUMNS, *CARRIED):
        if name != "value" and not plan.has(name):
            continue
        cells = pl.col("_value_text" if name == "value" else plan.column(name))
        typed = schema[cells.meta.output_name()] == pl.Float64
        cast = cells if typed else cells.cast(pl.Float64, strict=False)
        plain = cast.is_finite().fill_null(False)
        odd = ~plain & cells.is_not_null()
        columns.append(pl.when(plain).then(cast).alias(name))
        if typed:
            non_finite.append(odd)
        else:
            columns.append(pl.when(odd).then(cells).alias(f"{name}__text"))
    if non_finite:
        columns.append(pl.any_horizontal(non_finite).alias("_non_finite"))
    return lf.with_columns(columns)


def needs_text(result: pl.DataFrame) -> bool:
    """Whether a cell read as a number is not finite (see the module docstring)."""
    return "_non_finite" in result.columns and bool(result.get_column("_non_finite").any())


def marks(raw: pl.DataFrame, separator: str) -> Marks:
    """How the file writes its numbers (`qpr_tui.ingest.values.decimal_marks`), from the
    odd cells of every number column of all its rows."""
    texts = [
        raw.get_column(f"{name}__text").drop_nulls()
        for name in (*NUMBER_COLUMNS, *CARRIED)
        if f"{name}__text" in raw.columns
    ]
    return decimal_marks(pl.concat(texts) if texts else pl.Series([], dtype=pl.String), separator)


def clean(
    rows: pl.DataFrame, numbers_only: bool = False, marks: Marks | None = None
) -> pl.DataFrame:
    """The collected rows with their odd number cells cleaned (as the file's ``marks`` say)
    and, unless ``numbers_only`` (other organisations' rows, which need only their values),
    every number column with its companions (see the module docstring)."""
    names: tuple[str, ...] = ("value",) if numbers_only else NUMBER_COLUMNS
    # The value columns of other periods, where the file has them (see `CARRIED`).
    names += tuple(name for name in CARRIED if name in rows.columns and not numbers_only)
    added: list[pl.Expr] = []  # every column's in one step: polars writes them side by side
    for name in names:
        if name not in rows.columns:
            added.append(pl.lit(None, dtype=pl.Float64).alias(name))
        if f"{name}__text" not in rows.columns:
            added.append(pl.lit(None, dtype=pl.String).alias(f"{name}__text"))
        if not numbers_only:
            added += _companions(name, rows.columns)
    rows = rows.with_columns(added)
    for name in names:
        rows = _patch(rows, name, {"value": ""} if numbers_only else _FIELDS, marks)
    return rows


def _companions(name: str, columns: list[str]) -> list[pl.Expr]:
    """What a number column's cells say before the odd ones are cleaned (a cell of a column
    not among the rows' ``columns`` is blank)."""
    parts = (name, f"{name}__text")
    blank = pl.all_horizontal(pl.col(c).is_null() if c in columns else pl.lit(True) for c in parts)
    return [
        pl.when(blank).then(pl.lit("blank")).alias(f"{name}__missing"),
        pl.lit(False).alias(f"{name}__bad"),
        pl.lit(False).alias(f"{name}__decimal_comma"),
        pl.lit(False).alias(f"{name}__provisional"),
        pl.lit(False).alias(f"{name}__ambiguous"),
    ]


def _patch(
    rows: pl.DataFrame, name: str, fields: dict[str, str], marks: Marks | None
) -> pl.DataFrame:
    """Write the cleaned odd cells of number column ``name`` back by row."""
    odd = rows.get_column(f"{name}__text")
    positions = odd.is_not_null().arg_true()
    if positions.len() == 0:
        return rows
    cleaned = clean_odd(odd.gather(positions), marks)
    patch = cleaned.select(pl.col(field).alias(name + suffix) for field, suffix in fields.items())
    return rows.with_columns(scatter(rows.select(patch.columns), positions, patch))


def value_reason() -> pl.Expr:
    """Why a row's value is missing (null when it has one): the file's own reason column,
    else an unusable cell, else the missing-value marker."""
    reason = pl.coalesce(
        pl.col("_reason_text").str.to_lowercase(),
        pl.when(pl.col("value__bad")).then(pl.lit(UNUSABLE)),
        pl.col("value__missing"),
    )
    return pl.when(pl.col("value").is_null()).then(reason).alias("value_reason")
