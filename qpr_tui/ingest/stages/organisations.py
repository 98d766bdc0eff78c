"""Stage *organisations*: whose row each row is.

``organisation`` is the trimmed name; a blank one is the home organisation's row, and a file
without the column belongs to the home organisation (so its rows stack with, and are checked
against, that organisation's rows from other files). ``_home`` marks the rows that get the full
treatment: all of them, unless the plan splits a benchmarking file (`Plan.split`).
"""

from __future__ import annotations

import polars as pl

from qpr_tui.ingest.stages.columns import Plan


def organisations(lf: pl.LazyFrame, plan: Plan) -> pl.LazyFrame:
    """Add ``organisation`` and ``_home`` (see the module docstring)."""
    if plan.has("organisation"):
        lf = lf.with_columns(
            pl.col(plan.column("organisation")).str.strip_chars().alias("organisation")
        )
        if plan.home is not None:
            name = pl.col("organisation")
            blank = name.is_null() | (name == "")
            lf = lf.with_columns(
                pl.when(blank).then(pl.lit(plan.home)).otherwise(name).alias("organisation")
            )
    else:
        lf = lf.with_columns(pl.lit(plan.home or "", dtype=pl.String).alias("organisation"))
    home = pl.col("organisation") == plan.home if plan.split else pl.lit(True)
    return lf.with_columns(home.alias("_home"))
