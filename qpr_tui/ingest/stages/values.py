"""Stage *values*: the number columns (value, target, floor, tolerance) as numbers.

Inside the query each cell takes a plain cast; only the cells the cast cannot read (``85.2%``,
``n/a``, ``1,234`` ...) go through the cleaning rules of `qpr_tui.ingest.values`. Each number
column ``x`` comes with ``x__missing`` (why a value is missing), ``x__bad`` (text that is not
a number), ``x__decimal_comma`` (``85,2`` read as 85.2) and ``x__text`` (the cell as written,
kept for the bad ones, which findings quote).
"""

from __future__ import annotations

import polars as pl

from qpr_tui.ingest.stages.columns import Plan
from qpr_tui.ingest.values import NUMBER_FIELDS, clean_cells
from qpr_tui.model import NUMBER_COLUMNS

_CELLS = pl.Struct(NUMBER_FIELDS)


def values(lf: pl.LazyFrame, plan: Plan) -> pl.LazyFrame:
    """Add the number columns and their companions (see the module docstring)."""
    cells = {name: _cells(name, plan) for name in NUMBER_COLUMNS}
    lf = lf.with_columns(
        expr.map_batches(_clean, return_dtype=_CELLS, is_elementwise=True).alias(f"_{name}_cells")
        for name, expr in cells.items()
        if expr is not None
    )
    columns: list[pl.Expr] = []
    for name, expr in cells.items():
        if expr is None:  # the file has no such column
            columns += [
                pl.lit(None, dtype=pl.Float64).alias(name),
                pl.lit(None, dtype=pl.String).alias(f"{name}__missing"),
                pl.lit(False).alias(f"{name}__bad"),
                pl.lit(False).alias(f"{name}__decimal_comma"),
                pl.lit(None, dtype=pl.String).alias(f"{name}__text"),
            ]
            continue
        field = pl.col(f"_{name}_cells").struct.field
        columns += [
            field("value").alias(name),
            field("missing").alias(f"{name}__missing"),
            field("bad").alias(f"{name}__bad"),
            field("decimal_comma").alias(f"{name}__decimal_comma"),
            pl.when(field("bad")).then(expr).alias(f"{name}__text"),
        ]
    return lf.with_columns(columns).drop(
        f"_{name}_cells" for name in cells if cells[name] is not None
    )


def _cells(name: str, plan: Plan) -> pl.Expr | None:
    """The text cells of number column ``name``, or None when the file has no such column."""
    if name == "value":
        return pl.col("_value_text")
    return pl.col(plan.column(name)) if plan.has(name) else None


def _clean(cells: pl.Series) -> pl.Series:
    return clean_cells(cells).to_struct(cells.name)
