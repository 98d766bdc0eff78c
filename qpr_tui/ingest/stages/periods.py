"""Stage *periods*: the reporting period of each row.

``period`` is the quarter the row is reported in (see `qpr_tui.periods`), null when the text is
not a period; ``_freq`` is the frequency its spelling names (a month, a quarter or a year) and
``_month`` the month's ordinal when it names a month (months are told from quarters, and folded
into them, once all files are read: `qpr_tui.ingest.frequency`). ``_value_col`` is the 1-based
input column of the row's value and ``_value_text`` that value as written. A wide file has its
periods in the header, so this stage turns it into one row per KPI per period. A file without a
period column has one period for all its rows (`Plan.fixed`), and a catalogue
(`Plan.catalogue`) none: it describes KPIs, not their values.

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
from qpr_tui.periods import Calendar, PeriodError, PeriodReading, read_period
from qpr_tui.vocabulary import MONTH, QUARTER

# Known spellings mapped inside the query: ten years of quarters.
KNOWN_LIMIT = 40
# The columns this stage adds for a row's period, and their types.
PERIOD_COLUMNS = {"period": pl.Int32, "_freq": pl.String, "_month": pl.Int32}

Known = dict[str, tuple[int, str, int | None]]


def known_spellings(sample: list[list[str]], plan: Plan, calendar: Calendar) -> Known:
    """The period spellings in ``sample`` (records from the file's head) that are periods,
    the most frequent first, at most `KNOWN_LIMIT` of them, each with its `columns_of`."""
    if plan.wide or plan.fixed or plan.catalogue:
        return {}
    column = plan.index["period"]
    counts = Counter(record[column] for record in sample if column < len(record))
    readings = {text: reading(text, calendar)[0] for text, _ in counts.most_common()}
    known = {text: columns_of(found, calendar) for text, found in readings.items() if found}
    return dict(list(known.items())[:KNOWN_LIMIT])


def columns_of(found: PeriodReading, calendar: Calendar) -> tuple[int, str, int | None]:
    """A reading as the values of `PERIOD_COLUMNS`: its quarter, frequency and month."""
    month = found.ordinal if found.frequency == MONTH else None
    return calendar.quarter_of(found), found.frequency, month


def periods(lf: pl.LazyFrame, plan: Plan, known: Known, calendar: Calendar) -> pl.LazyFrame:
    """Add `PERIOD_COLUMNS`, ``_value_text`` and, in a wide file, ``_value_col``; in a long
    file ``period`` is null where `resolve` has work to do (see the module docstring)."""
    if plan.wide:
        return _unpivot(lf, plan, calendar)
    if plan.fixed or plan.catalogue:
        return lf.with_columns(
            *_fixed_columns(plan, calendar),
            pl.lit(None, dtype=pl.String).alias("_period_text"),
            (pl.col(plan.column("value")) if plan.fixed else pl.lit(None, dtype=pl.String)).alias(
                "_value_text"
            ),
        )
    text = pl.col(plan.column("period"))
    kept = pl.when(pl.col("_home") | pl.col("period").is_null()).then(text)
    looked_up = [
        _lookup(text, {spelling: cols[i] for spelling, cols in known.items()}, dtype).alias(name)
        for i, (name, dtype) in enumerate(PERIOD_COLUMNS.items())
    ]
    if all(frequency == QUARTER for _, frequency, _ in known.values()):
        # The usual file, all quarters: one lookup, and `with_frequency` adds the rest to the
        # collected rows (cheaper than carrying them through the query).
        looked_up = looked_up[:1]
    return lf.with_columns(looked_up).with_columns(
        kept.alias("_period_text"), pl.col(plan.column("value")).alias("_value_text")
    )


def _lookup(text: pl.Expr, known: dict[str, object], dtype: type[pl.DataType]) -> pl.Expr:
    """The value of each known spelling, null for the others."""
    found = pl.lit(None, dtype=dtype)
    for spelling, value in reversed(known.items()):
        found = pl.when(text == spelling).then(pl.lit(value, dtype=dtype)).otherwise(found)
    return found


def _fixed_columns(plan: Plan, calendar: Calendar) -> list[pl.Expr]:
    """`PERIOD_COLUMNS` of a file whose rows share one period (none for a catalogue)."""
    values = columns_of(plan.fixed.reading, calendar) if plan.fixed else (None, None, None)
    return [
        pl.lit(value, dtype=dtype).alias(name)
        for value, (name, dtype) in zip(values, PERIOD_COLUMNS.items(), strict=True)
    ]


def with_frequency(rows: pl.DataFrame) -> pl.DataFrame:
    """The collected rows with ``_freq`` and ``_month``, when the query left them out (every
    known spelling was a quarter)."""
    if "_freq" in rows.columns:
        return rows
    quarter = pl.when(pl.col("period").is_not_null()).then(pl.lit(QUARTER))
    return rows.with_columns(quarter.alias("_freq"), pl.lit(None, dtype=pl.Int32).alias("_month"))


def finish(rows: pl.DataFrame, plan: Plan, calendar: Calendar) -> pl.DataFrame:
    """The collected rows with ``period`` and ``_value_col`` (a long file's is one column)."""
    if plan.wide:
        return rows
    if plan.catalogue:
        return rows.with_columns(pl.lit(None, dtype=pl.Int32).alias("_value_col"))
    if not plan.fixed:
        rows = resolve(with_frequency(rows), calendar)
    return rows.with_columns(pl.lit(plan.index["value"] + 1, dtype=pl.Int32).alias("_value_col"))


def resolve(frame: pl.DataFrame, calendar: Calendar) -> pl.DataFrame:
    """A long file's collected rows with the periods the query did not know: each distinct
    spelling parsed once, then written back to every row that has it."""
    unknown = frame.get_column("period").is_null() & frame.get_column("_period_text").is_not_null()
    rows = unknown.arg_true()
    if rows.len() == 0:
        return frame
    texts = frame.get_column("_period_text").gather(rows)
    spellings = texts.unique()
    readings = [reading(text, calendar)[0] for text in spellings.to_list()]
    values = [columns_of(found, calendar) if found else (None, None, None) for found in readings]
    written = []
    for i, (name, dtype) in enumerate(PERIOD_COLUMNS.items()):
        column = pl.Series([v[i] for v in values], dtype=dtype)
        found = texts.replace_strict(spellings, column, return_dtype=dtype)
        written.append(frame.get_column(name).scatter(rows, found))
    return frame.with_columns(written)


def reading(text: str | None, calendar: Calendar) -> tuple[PeriodReading | None, str]:
    """What a period spelling stands for, or None and why it does not stand for a period."""
    if text is None or not text.strip():
        return None, "the period is blank"
    try:
        return read_period(text, calendar), ""
    except PeriodError as exc:
        return None, exc.message


def _unpivot(lf: pl.LazyFrame, plan: Plan, calendar: Calendar) -> pl.LazyFrame:
    values = [column_name(i) for i in sorted(plan.periods)]
    keep = [name for name in lf.collect_schema().names() if name not in values]
    lf = lf.unpivot(on=values, index=keep, variable_name="_var", value_name="_value_text")
    column_of = {column_name(i): i + 1 for i in plan.periods}
    added = [pl.col("_var").replace_strict(column_of, return_dtype=pl.Int32).alias("_value_col")]
    for i, (name, dtype) in enumerate(PERIOD_COLUMNS.items()):
        mapping = {
            column_name(c): columns_of(found, calendar)[i] for c, found in plan.periods.items()
        }
        added.append(pl.col("_var").replace_strict(mapping, return_dtype=dtype).alias(name))
    return lf.with_columns(added).drop("_var")
