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
what *scan* gives, whatever the source, so they compose into `pipeline`.
"""

from __future__ import annotations

import polars as pl

from qpr_tui.ingest.stages.columns import Plan
from qpr_tui.ingest.stages.organisations import organisations
from qpr_tui.ingest.stages.periods import periods
from qpr_tui.ingest.stages.text import WORD_FIELDS
from qpr_tui.ingest.stages.text import text as text_stage
from qpr_tui.ingest.stages.values import values
from qpr_tui.model import NUMBER_COLUMNS, TEXT_COLUMNS

_COMPANIONS = ("__missing", "__bad", "__decimal_comma", "__text")


def pipeline(scanned: pl.LazyFrame, plan: Plan, year_quarters: str) -> pl.LazyFrame:
    """Every stage after *scan*, as one lazy query; see `result_columns` for what it gives."""
    lf = organisations(scanned, plan)
    lf = periods(lf, plan, year_quarters)
    lf = values(lf, plan)
    lf = text_stage(lf, plan)
    return lf.select(result_columns(plan))


def result_columns(plan: Plan) -> list[str]:
    """The columns of one file's collected result, from which its frames and findings come."""
    numbers = [f"{name}{suffix}" for name in NUMBER_COLUMNS for suffix in ("", *_COMPANIONS)]
    return [
        "_row",
        "_maybe_short",
        "_home",
        *TEXT_COLUMNS,
        "polarity",
        "published_rag",
        "tolerance_type",
        "value_reason",
        *WORD_FIELDS.values(),
        "period",
        *([] if plan.wide else ["_period_text"]),
        "_value_col",
        *numbers,
    ]
