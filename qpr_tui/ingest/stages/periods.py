"""Stage *periods*: the reporting period of each row.

``period`` is the period's ordinal (see `qpr_tui.periods`), null when the text is not a period;
each distinct spelling is parsed once. ``_value_col`` is the 1-based input column of the row's
value and ``_value_text`` that value as written. A long file keeps ``_period_text`` (the period
as written) for its findings. A wide file has its periods in the header, so this stage turns it
into one row per KPI per period.
"""

from __future__ import annotations

from functools import partial

import polars as pl

from qpr_tui.ingest.stages.columns import Plan, column_name
from qpr_tui.periods import PeriodError, parse_period


def periods(lf: pl.LazyFrame, plan: Plan, year_quarters: str) -> pl.LazyFrame:
    """Add ``period``, ``_value_col`` and ``_value_text`` (see the module docstring)."""
    if plan.wide:
        return _unpivot(lf, plan)
    text = pl.col(plan.column("period"))
    ordinals = text.map_batches(
        partial(_ordinals, year_quarters=year_quarters), return_dtype=pl.Int32, is_elementwise=True
    )
    return lf.with_columns(
        text.alias("_period_text"),
        ordinals.alias("period"),
        pl.lit(plan.index["value"] + 1, dtype=pl.Int32).alias("_value_col"),
        pl.col(plan.column("value")).alias("_value_text"),
    )


def reading(text: str | None, year_quarters: str) -> tuple[int | None, str]:
    """The ordinal a period spelling stands for, or None and why it does not stand for one."""
    if text is None or not text.strip():
        return None, "the period is blank"
    try:
        return parse_period(text, year_quarters), ""
    except PeriodError as exc:
        return None, exc.message


def _ordinals(texts: pl.Series, year_quarters: str) -> pl.Series:
    """Each spelling in ``texts`` parsed once, then mapped onto every row that uses it."""
    spellings = texts.drop_nulls().unique().to_list()
    mapping = {text: reading(text, year_quarters)[0] for text in spellings}
    return texts.replace_strict(mapping, default=None, return_dtype=pl.Int32)


def _unpivot(lf: pl.LazyFrame, plan: Plan) -> pl.LazyFrame:
    values = [column_name(i) for i in sorted(plan.periods)]
    keep = [name for name in lf.collect_schema().names() if name not in values]
    lf = lf.unpivot(on=values, index=keep, variable_name="_var", value_name="_value_text")
    column_of = {column_name(i): i + 1 for i in plan.periods}
    period_of = {column_name(i): period for i, period in plan.periods.items()}
    return lf.with_columns(
        pl.col("_var").replace_strict(column_of, return_dtype=pl.Int32).alias("_value_col"),
        pl.col("_var").replace_strict(period_of, return_dtype=pl.Int32).alias("period"),
    ).drop("_var")
