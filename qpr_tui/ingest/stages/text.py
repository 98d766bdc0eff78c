"""Stage *text*: the KPI id, the text columns and the words that become codes.

``kpi_id`` is trimmed on every row (benchmarks match KPIs across organisations). The other text
columns are kept for the home organisation's rows only (other organisations' rows feed
benchmarks, which need ids, periods and numbers). `finish` then works on the collected rows
that keep them: text is put on one line (line breaks and tabs become spaces, the ends are
trimmed; each distinct text once, as most columns repeat a few values), and polarity,
published RAG and tolerance type words become their codes (see `qpr_tui.ingest.words`), the
words as written staying beside them for findings.
"""

from __future__ import annotations

import polars as pl

from qpr_tui.ingest.stages.columns import Plan
from qpr_tui.ingest.words import TOLERANCE_WORDS, Words, code
from qpr_tui.model import TEXT_COLUMNS

# Text columns of the model other than organisation and kpi_id (which every row keeps).
TEXT_FIELDS = tuple(c for c in TEXT_COLUMNS if c not in ("organisation", "kpi_id"))
# Text columns no finding reads: `qpr_tui.ingest.reader.load` can leave them unread.
UNREPORTED = ("commentary", "actions")
# Canonical field -> the column that keeps its words as written.
WORD_FIELDS = {
    "polarity": "_polarity_text",
    "rag": "_rag_text",
    "reason": "_reason_text",
    "tolerance_type": "_tolerance_text",
}


def text(lf: pl.LazyFrame, plan: Plan) -> pl.LazyFrame:
    """Add ``kpi_id`` and the file's text columns (see the module docstring)."""
    if plan.has("kpi_id"):
        kpi_id = pl.col(plan.column("kpi_id")).str.strip_chars()
    else:
        kpi_id = one_line(pl.col(plan.column("indicator")))
    kept = [
        _home_only(pl.col(plan.column(name)), plan).alias(WORD_FIELDS.get(name, name))
        for name in (*TEXT_FIELDS, *WORD_FIELDS)
        if plan.has(name)
    ]
    return lf.with_columns(kpi_id.alias("kpi_id"), *kept)


def finish(rows: pl.DataFrame, plan: Plan, words: Words | None = None) -> pl.DataFrame:
    """The collected rows with every text column on one line and the codes (``words``: the
    configuration's word tables, the built-in ones by default). Each distinct text is tidied
    and coded once (a column of 800,000 cells holds a handful of words), and the columns are
    read and written side by side, each by a thread of polars'."""
    words = words or Words()
    tables = {"polarity": words.polarity, "rag": words.rag}
    codes = {"polarity": "polarity", "rag": "published_rag", "tolerance_type": "tolerance_type"}
    kept = [WORD_FIELDS.get(name, name) for name in (*TEXT_FIELDS, *WORD_FIELDS) if plan.has(name)]
    found = rows.select(pl.col(column).unique().implode() for column in kept)
    columns: list[pl.Expr] = []
    coded: list[pl.Expr] = []  # after the texts, as the model orders them
    for name in (*TEXT_FIELDS, *WORD_FIELDS):
        column = WORD_FIELDS.get(name, name)
        if not plan.has(name):
            shown = pl.col("kpi_id") if name == "indicator" else pl.lit(None, dtype=pl.String)
            columns.append(shown.alias(column))  # a file without indicator names shows the id
            if name in codes:
                coded.append(pl.lit(None, dtype=pl.String).alias(codes[name]))
            continue
        distinct = found.get_column(column).explode()
        tidied = distinct.to_frame().select(one_line(pl.col(column))).to_series()
        if name == "tolerance_type":
            tidied = tidied.str.to_lowercase()
        changed = distinct.ne_missing(tidied)
        cells = pl.col(column)
        if changed.any():
            cells = cells.replace(distinct.filter(changed), tidied.filter(changed))
        columns.append(cells.alias(column))
        if name in codes:
            coded.append(_coded(column, distinct, tidied, tables.get(name)).alias(codes[name]))
    return rows.with_columns(*columns, *coded)


def _coded(
    column: str, distinct: pl.Series, tidied: pl.Series, table: dict[str, str] | None
) -> pl.Expr:
    """The code of each cell of ``column``, from its ``distinct`` texts as written and
    ``tidied``; ``table``: a word table (`code`), or None for the tolerance type's words."""
    given = distinct.is_not_null()
    words = tidied.filter(given)
    if table is None:
        known = words.replace_strict(TOLERANCE_WORDS, default=None, return_dtype=pl.String)
    else:
        known = words.to_frame().select(code(pl.col(words.name), table)).to_series()
    return pl.col(column).replace_strict(
        distinct.filter(given), known, default=None, return_dtype=pl.String
    )


def one_line(cells: pl.Expr) -> pl.Expr:
    """Text on one line: line breaks and tabs become spaces, the ends are trimmed."""
    return cells.str.replace_all(r"[\r\n\t]+", " ").str.strip_chars()


def _home_only(cells: pl.Expr, plan: Plan) -> pl.Expr:
    return pl.when(pl.col("_home")).then(cells) if plan.split else cells
