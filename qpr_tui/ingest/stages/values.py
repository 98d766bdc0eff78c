"""Stage *values*: the number columns (value, target, floor, tolerance) as numbers.

Inside the query each cell takes a plain cast, and the cells it cannot read (``85.2%``,
``n/a``, ``1,234`` ...) keep their text. `clean` then runs the cleaning rules of
`qpr_tui.ingest.values` on the collected result, each distinct odd text once, and writes the
numbers back by row (the rules are not worth running on every row, nor as a Python function
inside the query). Each number column ``x`` comes with ``x__missing`` (why a value is missing),
``x__bad`` (text that is not a number), ``x__decimal_comma`` (``85,2`` read as 85.2) and
``x__text`` (the odd cell as written, which findings quote).
"""

from __future__ import annotations

import polars as pl

from qpr_tui.ingest.stages.columns import Plan
from qpr_tui.ingest.values import clean_odd, scatter
from qpr_tui.model import NUMBER_COLUMNS

_FIELDS = {"value": "", "missing": "__missing", "bad": "__bad", "decimal_comma": "__decimal_comma"}


def values(lf: pl.LazyFrame, plan: Plan) -> pl.LazyFrame:
    """Add the number columns and their companions, the odd cells not yet cleaned.

    A column the scan read as numbers has no text to clean; its non-finite cells (``inf``,
    ``nan``) are marked bad, and the reader reads the file again as text (`needs_text`)."""
    schema = lf.collect_schema()
    columns: list[pl.Expr] = []
    for name in NUMBER_COLUMNS:
        cells = _cells(name, plan)
        typed = name != "value" and plan.has(name) and schema[plan.column(name)] == pl.Float64
        cast = cells if typed else cells.cast(pl.Float64, strict=False)
        plain = cast.is_finite().fill_null(False)
        odd = ~plain & cells.is_not_null()
        columns += [
            pl.when(plain).then(cast).alias(name),
            pl.when(cells.is_null()).then(pl.lit("blank")).alias(f"{name}__missing"),
            (odd if typed else pl.lit(False)).alias(f"{name}__bad"),
            pl.lit(False).alias(f"{name}__decimal_comma"),
            (pl.lit(None, dtype=pl.String) if typed else pl.when(odd).then(cells)).alias(
                f"{name}__text"
            ),
        ]
    return lf.with_columns(columns)


def needs_text(result: pl.DataFrame) -> bool:
    """Whether a collected result, not yet cleaned, has number cells that were read as
    numbers but are not finite: only a read as text keeps what they say."""
    return any(result.get_column(f"{name}__bad").any() for name in NUMBER_COLUMNS)


def clean(
    frame: pl.DataFrame, names: tuple[str, ...] = NUMBER_COLUMNS, numbers_only: bool = False
) -> pl.DataFrame:
    """The collected result with the odd cells of number columns ``names`` cleaned (see the
    module docstring); ``numbers_only`` writes back the numbers and not their companions."""
    fields = {"value": ""} if numbers_only else _FIELDS
    for name in names:
        odd = frame.get_column(f"{name}__text")
        rows = odd.is_not_null().arg_true()
        if rows.len():
            cleaned = clean_odd(odd.gather(rows))
            patch = cleaned.select(
                pl.col(field).alias(name + suffix) for field, suffix in fields.items()
            )
            frame = frame.with_columns(scatter(frame.select(patch.columns), rows, patch))
    return frame


def _cells(name: str, plan: Plan) -> pl.Expr:
    """The text cells of number column ``name`` (null when the file has no such column)."""
    if name == "value":
        return pl.col("_value_text")
    return pl.col(plan.column(name)) if plan.has(name) else pl.lit(None, dtype=pl.String)


def value_reason() -> pl.Expr:
    """Why a row's value is missing (null when it has one): the file's own reason column,
    else an unusable cell, else the missing-value marker."""
    reason = pl.coalesce(
        pl.col("_reason_text").str.to_lowercase(),
        pl.when(pl.col("value__bad")).then(pl.lit("unusable value")),
        pl.col("value__missing"),
    )
    return pl.when(pl.col("value").is_null()).then(reason).alias("value_reason")
