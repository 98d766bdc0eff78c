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
    configuration's word tables, the built-in ones by default)."""
    words = words or Words()
    columns: list[pl.Series | pl.Expr] = []
    for name in (*TEXT_FIELDS, *WORD_FIELDS):
        column = WORD_FIELDS.get(name, name)
        if plan.has(name):
            cells = on_one_line(rows.get_column(column))
            columns.append(cells.str.to_lowercase() if name == "tolerance_type" else cells)
        elif name == "indicator":  # a file without indicator names shows the KPI id
            columns.append(pl.col("kpi_id").alias(column))
        else:
            columns.append(pl.lit(None, dtype=pl.String).alias(column))
    rows = rows.with_columns(columns)
    return rows.with_columns(
        coded(rows.get_column("_polarity_text"), words.polarity).alias("polarity"),
        coded(rows.get_column("_rag_text"), words.rag).alias("published_rag"),
        pl.col("_tolerance_text")
        .replace_strict(TOLERANCE_WORDS, default=None, return_dtype=pl.String)
        .alias("tolerance_type"),
    )


def coded(cells: pl.Series, table: dict[str, str]) -> pl.Series:
    """`code` for a collected column: each distinct word looked up once (a column of
    800,000 cells holds a handful of words)."""
    distinct = cells.unique().drop_nulls()
    codes = distinct.to_frame().select(code(pl.col(cells.name), table)).to_series()
    return cells.replace_strict(distinct, codes, default=None, return_dtype=pl.String)


def on_one_line(cells: pl.Series) -> pl.Series:
    """`one_line` for a collected column: each distinct text once, and only the texts it
    changes are written back."""
    distinct = cells.unique()
    tidied = distinct.to_frame().select(one_line(pl.col(cells.name))).to_series()
    changed = distinct.ne_missing(tidied)
    if not changed.any():
        return cells
    return cells.replace(distinct.filter(changed), tidied.filter(changed))


def one_line(cells: pl.Expr) -> pl.Expr:
    """Text on one line: line breaks and tabs become spaces, the ends are trimmed."""
    return cells.str.replace_all(r"[\r\n\t]+", " ").str.strip_chars()


def _home_only(cells: pl.Expr, plan: Plan) -> pl.Expr:
    return pl.when(pl.col("_home")).then(cells) if plan.split else cells
