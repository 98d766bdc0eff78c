"""Stage *periods*: the reporting period of each row.

``period`` is the period's ordinal (see `qpr_tui.periods`), null when the text is not a period.
``_value_col`` is the 1-based input column of the row's value and ``_value_text`` that value as
written. A wide file has its periods in the header, so this stage turns it into one row per KPI
per period. A file without a period column has one period for all its rows (`Plan.fixed`), and
a catalogue (`Plan.catalogue`) none: it describes KPIs, not their values.

In a long file each distinct spelling is parsed once, in Python (a Python function inside a
polars query would cost more than the whole mapping): the spellings seen in the file's first
64 KiB (`known_spellings`) are mapped inside the query, and `resolve` parses the others on the
collected rows. ``_period_text`` (the period as written) is kept for those rows and for the
rows that get findings. The query compares each row with the known spellings in turn
(``replace_strict`` would do it in one lookup, but holds on to the whole input while it runs),
so only the first `KNOWN_LIMIT` are mapped there.
"""

from __future__ import annotations

from collections import Counter

import polars as pl

from qpr_tui.ingest.stages.columns import Plan, column_name
from qpr_tui.periods import PeriodError, parse_period

# Known spellings mapped inside the query: ten years of quarters.
KNOWN_LIMIT = 40


def known_spellings(sample: list[list[str]], plan: Plan, year_quarters: str) -> dict[str, int]:
    """The period spellings in ``sample`` (records from the file's head) that are periods,
    the most frequent first, at most `KNOWN_LIMIT` of them."""
    if plan.wide or plan.fixed or plan.catalogue:
        return {}
    column = plan.index["period"]
    counts = Counter(record[column] for record in sample if column < len(record))
    readings = {text: reading(text, year_quarters)[0] for text, _ in counts.most_common()}
    known = {text: period for text, period in readings.items() if period is not None}
    return dict(list(known.items())[:KNOWN_LIMIT])


def periods(lf: pl.LazyFrame, plan: Plan, known: dict[str, int]) -> pl.LazyFrame:
    """Add ``period``, ``_value_text`` and, in a wide file, ``_value_col``; in a long file
    ``period`` is null where `resolve` has work to do (see the module docstring)."""
    if plan.wide:
        return _unpivot(lf, plan)
    if plan.fixed or plan.catalogue:
        period = plan.fixed.period if plan.fixed else None
        value = pl.col(plan.column("value")) if plan.fixed else pl.lit(None, dtype=pl.String)
        return lf.with_columns(
            pl.lit(period, dtype=pl.Int32).alias("period"),
            pl.lit(None, dtype=pl.String).alias("_period_text"),
            value.alias("_value_text"),
        )
    text = pl.col(plan.column("period"))
    kept = pl.when(pl.col("_home") | pl.col("period").is_null()).then(text)
    return lf.with_columns(_lookup(text, known).alias("period")).with_columns(
        kept.alias("_period_text"), pl.col(plan.column("value")).alias("_value_text")
    )


def _lookup(text: pl.Expr, known: dict[str, int]) -> pl.Expr:
    """The ordinal of each known spelling, null for the others."""
    period = pl.lit(None, dtype=pl.Int32)
    for spelling, ordinal in reversed(known.items()):
        period = pl.when(text == spelling).then(pl.lit(ordinal, dtype=pl.Int32)).otherwise(period)
    return period


def finish(rows: pl.DataFrame, plan: Plan, year_quarters: str) -> pl.DataFrame:
    """The collected rows with ``period`` and ``_value_col`` (a long file's is one column)."""
    if plan.wide:
        return rows
    if plan.catalogue:
        return rows.with_columns(pl.lit(None, dtype=pl.Int32).alias("_value_col"))
    if not plan.fixed:
        rows = resolve(rows, year_quarters)
    return rows.with_columns(pl.lit(plan.index["value"] + 1, dtype=pl.Int32).alias("_value_col"))


def resolve(frame: pl.DataFrame, year_quarters: str) -> pl.DataFrame:
    """A long file's collected rows with the periods the query did not know: each distinct
    spelling parsed once, then written back to every row that has it."""
    unknown = frame.get_column("period").is_null() & frame.get_column("_period_text").is_not_null()
    rows = unknown.arg_true()
    if rows.len() == 0:
        return frame
    texts = frame.get_column("_period_text").gather(rows)
    spellings = texts.unique()
    ordinals = pl.Series(
        [reading(text, year_quarters)[0] for text in spellings.to_list()], dtype=pl.Int32
    )
    found = texts.replace_strict(spellings, ordinals, return_dtype=pl.Int32)
    return frame.with_columns(frame.get_column("period").scatter(rows, found))


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
