"""Stage *text*: the KPI id, the text columns and the words that become codes.

``kpi_id`` is trimmed on every row (benchmarks match KPIs across organisations). The other text
columns are kept for the home organisation's rows only (other organisations' rows feed
benchmarks, which need ids, periods and numbers) and put on one line: line breaks and tabs
become spaces, the ends are trimmed. Polarity, published RAG and tolerance type words become
their codes (see `qpr_tui.ingest.words`), the words as written staying beside them for
findings. `complete` gives the collected rows the text columns the file does not have.
"""

from __future__ import annotations

import polars as pl

from qpr_tui.ingest.stages.columns import Plan
from qpr_tui.ingest.words import POLARITY_WORDS, RAG_WORDS, TOLERANCE_WORDS

# Text columns of the model other than organisation and kpi_id.
TEXT_FIELDS = (
    "indicator",
    "directorate",
    "service_area",
    "unit",
    "basis",
    "owner",
    "commentary",
    "actions",
)
# Canonical field -> the column that keeps its words as written.
WORD_FIELDS = {
    "polarity": "_polarity_text",
    "rag": "_rag_text",
    "reason": "_reason_text",
    "tolerance_type": "_tolerance_text",
}


def text(lf: pl.LazyFrame, plan: Plan) -> pl.LazyFrame:
    """Add ``kpi_id``, the file's text columns and the codes (see the module docstring)."""
    if plan.has("kpi_id"):
        kpi_id = pl.col(plan.column("kpi_id")).str.strip_chars()
    else:
        kpi_id = one_line(pl.col(plan.column("indicator")))
    kept: list[pl.Expr] = []
    for name in (*TEXT_FIELDS, *WORD_FIELDS):
        if plan.has(name):
            cells = one_line(_home_only(pl.col(plan.column(name)), plan))
            cells = cells.str.to_lowercase() if name == "tolerance_type" else cells
            kept.append(cells.alias(WORD_FIELDS.get(name, name)))
    codes = {
        "polarity": _code(pl.col("_polarity_text"), POLARITY_WORDS).alias("polarity"),
        "rag": _code(pl.col("_rag_text"), RAG_WORDS).alias("published_rag"),
        "tolerance_type": pl.col("_tolerance_text")
        .replace_strict(TOLERANCE_WORDS, default=None, return_dtype=pl.String)
        .alias("tolerance_type"),
    }
    lf = lf.with_columns(kpi_id.alias("kpi_id"), *kept)
    return lf.with_columns(code for name, code in codes.items() if plan.has(name))


def complete(rows: pl.DataFrame, plan: Plan) -> pl.DataFrame:
    """The collected rows with the text columns and codes the file does not have."""
    absent: list[pl.Expr] = []
    for name in (*TEXT_FIELDS, *WORD_FIELDS):
        if plan.has(name):
            continue
        # A file without indicator names shows the KPI id in their place.
        cells = pl.col("kpi_id") if name == "indicator" else pl.lit(None, dtype=pl.String)
        absent.append(cells.alias(WORD_FIELDS.get(name, name)))
    codes = {"polarity": "polarity", "rag": "published_rag", "tolerance_type": "tolerance_type"}
    absent += [
        pl.lit(None, dtype=pl.String).alias(column)
        for name, column in codes.items()
        if not plan.has(name)
    ]
    return rows.with_columns(absent)


def one_line(cells: pl.Expr) -> pl.Expr:
    """Text on one line: line breaks and tabs become spaces, the ends are trimmed."""
    return cells.str.replace_all(r"[\r\n\t]+", " ").str.strip_chars()


def _home_only(cells: pl.Expr, plan: Plan) -> pl.Expr:
    return pl.when(pl.col("_home")).then(cells) if plan.split else cells


def _code(words: pl.Expr, table: dict[str, str]) -> pl.Expr:
    return words.str.to_lowercase().replace_strict(table, default=None, return_dtype=pl.String)
