"""Stage *periods*: the reporting period of each row.

``period`` is the period's ordinal (see `qpr_tui.periods`), null when the text is not a period.
``_value_col`` is the 1-based input column of the row's value and ``_value_text`` that value as
written. A wide file has its periods in the header, so this stage turns it into one row per KPI
per period. A long file keeps ``_period_text`` (the period as written); `resolve` then parses
each distinct spelling once on the collected result (the parser is Python, and a Python
function inside a polars query costs more than the whole mapping).
"""

from __future__ import annotations

import polars as pl

from qpr_tui.ingest.stages.columns import Plan, column_name
from qpr_tui.periods import PeriodError, parse_period


def periods(lf: pl.LazyFrame, plan: Plan) -> pl.LazyFrame:
    """Add ``_value_col`` and ``_value_text``, and ``period`` (wide) or ``_period_text``
    (long; see `resolve`)."""
    if plan.wide:
        return _unpivot(lf, plan)
    return lf.with_columns(
        pl.col(plan.column("period")).alias("_period_text"),
        pl.lit(plan.index["value"] + 1, dtype=pl.Int32).alias("_value_col"),
        pl.col(plan.column("value")).alias("_value_text"),
    )


def resolve(frame: pl.DataFrame, year_quarters: str) -> pl.DataFrame:
    """A long file's collected result with ``period``: each distinct spelling parsed once,
    then looked up for every row."""
    texts = frame.get_column("_period_text")
    spellings = texts.drop_nulls().unique()
    ordinals = pl.Series(
        [reading(text, year_quarters)[0] for text in spellings.to_list()], dtype=pl.Int32
    )
    lookup = pl.DataFrame({"_period_text": spellings, "period": ordinals})
    found = texts.to_frame().join(lookup, on="_period_text", how="left", maintain_order="left")
    return frame.with_columns(found.get_column("period"))


def reading(text: str | None, year_quarters: str) -> tuple[int | None, str]:
    """The ordinal a period spelling stands for, or None and why it does not stand for one."""
    if text is None or not text.strip():
        return None, "the period is blank"
    try:
        return parse_period(text, year_quarters), ""
    except PeriodError as exc:
        return None, exc.message


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
