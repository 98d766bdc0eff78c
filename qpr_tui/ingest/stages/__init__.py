"""The ingest of one file as named stages, composed into one lazy query collected once.

    columns        the header -> a `Plan` (pure; `stages.columns`)
    scan           the file -> its cells as text (`stages.scan`; the only stage that knows
                   the file format)
    organisations  whose row each row is (`stages.organisations`)
    periods        the period of each row (`stages.periods`)
    values         the number columns (`stages.values`)
    text           the text columns and the words that become codes (`stages.text`)
    findings       file, line and column of every problem, from the collected result
                   (`stages.findings`; line numbers from `stages.lines`)

Each stage from *organisations* to *text* is a function ``LazyFrame -> LazyFrame`` that takes
what *scan* gives, whatever the source, so they compose into `pipeline`. Three of them finish
on the collected rows (`finish`, `finish_peers`): where their rules are Python (period
spellings, number cells that a cast cannot read, text put on one line: each distinct text
once), and where only the rows that get findings need the result (the companions of number
columns, the codes).
"""

from __future__ import annotations

import polars as pl

from qpr_tui.ingest.stages import periods as period_stage
from qpr_tui.ingest.stages import text as text_stage
from qpr_tui.ingest.stages import values as value_stage
from qpr_tui.ingest.stages.columns import Plan, column_name
from qpr_tui.ingest.stages.organisations import organisations
from qpr_tui.ingest.values import Marks
from qpr_tui.ingest.words import Words
from qpr_tui.periods import Calendar


def pipeline(
    scanned: pl.LazyFrame, plan: Plan, known: period_stage.Known, calendar: Calendar
) -> pl.LazyFrame:
    """Every stage after *scan*, as one lazy query: the rows with the columns the stages
    add (the scanned cells themselves are dropped). ``known`` maps the period spellings
    already read (see `qpr_tui.ingest.stages.periods`)."""
    lf = organisations(scanned, plan)
    lf = period_stage.periods(lf, plan, known, calendar)
    lf = value_stage.values(lf, plan)
    lf = text_stage.text(lf, plan)
    cells = {column_name(i) for i in plan.used()} | {"_value_text"}
    return lf.select(name for name in lf.collect_schema().names() if name not in cells)


def finish(
    rows: pl.DataFrame,
    plan: Plan,
    calendar: Calendar,
    words: Words | None = None,
    marks: Marks | None = None,
) -> pl.DataFrame:
    """The collected rows that get findings, with their periods read, their odd number
    cells cleaned and every column of the model (``words``: the configuration's word
    tables; ``marks``: how the file writes numbers, `value_stage.marks`)."""
    rows = value_stage.clean(period_stage.finish(rows, plan, calendar), marks=marks)
    if plan.provisional:  # a wide file's column headed as provisional
        marked = pl.col("_value_col").is_in(sorted(i + 1 for i in plan.provisional))
        rows = rows.with_columns(pl.col("value__provisional") | marked)
    return text_stage.finish(rows, plan, words)


def finish_peers(
    rows: pl.DataFrame, plan: Plan, calendar: Calendar, marks: Marks | None = None
) -> pl.DataFrame:
    """`finish` for other organisations' rows, which need only their periods and values
    (``_period_text`` and ``value__text`` may be absent: nothing to read in them)."""
    rows = period_stage.with_frequency(rows)
    if "_period_text" in rows.columns:
        rows = period_stage.resolve(rows, calendar)
    return value_stage.clean(rows, numbers_only=True, marks=marks)
