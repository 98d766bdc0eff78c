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
what *scan* gives, whatever the source, so they compose into `pipeline`. Two of them finish on
the collected result (`finish`), because their rules are Python: period spellings and number
cells that a cast cannot read, each distinct text parsed once.
"""

from __future__ import annotations

import polars as pl

from qpr_tui.ingest.stages import periods as period_stage
from qpr_tui.ingest.stages import values as value_stage
from qpr_tui.ingest.stages.columns import Plan
from qpr_tui.ingest.stages.organisations import organisations
from qpr_tui.ingest.stages.text import WORD_FIELDS
from qpr_tui.ingest.stages.text import text as text_stage
from qpr_tui.model import NUMBER_COLUMNS, TEXT_COLUMNS

_COMPANIONS = ("__missing", "__bad", "__decimal_comma", "__text")


def pipeline(scanned: pl.LazyFrame, plan: Plan) -> pl.LazyFrame:
    """Every stage after *scan*, as one lazy query; see `result_columns` for what it gives."""
    lf = organisations(scanned, plan)
    lf = period_stage.periods(lf, plan)
    lf = value_stage.values(lf, plan)
    lf = text_stage(lf, plan)
    return lf.select(result_columns(plan))


def finish(result: pl.DataFrame, plan: Plan, year_quarters: str) -> pl.DataFrame:
    """The collected rows with their periods read and their odd number cells cleaned."""
    if not plan.wide:
        result = period_stage.resolve(result, year_quarters)
    return value_stage.clean(result)


def finish_peers(rows: pl.DataFrame, plan: Plan, year_quarters: str) -> pl.DataFrame:
    """`finish` for other organisations' rows, which need only their periods and values."""
    if not plan.wide:
        rows = period_stage.resolve(rows, year_quarters)
    return value_stage.clean(rows, ("value",), numbers_only=True)


def result_columns(plan: Plan) -> list[str]:
    """The columns of one file's collected result, from which its frames and findings come."""
    numbers = [f"{name}{suffix}" for name in NUMBER_COLUMNS for suffix in ("", *_COMPANIONS)]
    return [
        "_row",
        "_line",
        "_maybe_short",
        "_home",
        *TEXT_COLUMNS,
        "polarity",
        "published_rag",
        "tolerance_type",
        *WORD_FIELDS.values(),
        "period" if plan.wide else "_period_text",
        "_value_col",
        *numbers,
    ]
