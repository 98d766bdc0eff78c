"""Stage *text*: the KPI id, the text columns and the words that become codes.

``kpi_id`` is trimmed on every row (benchmarks match KPIs across organisations). The other text
columns are kept for the home organisation's rows only (other organisations' rows feed
benchmarks, which need ids, periods and numbers) and put on one line: line breaks and tabs
become spaces, the ends are trimmed. Polarity, published RAG and tolerance type words become
their codes (see `qpr_tui.ingest.words`); the words as written stay beside them for findings.
"""

from __future__ import annotations

import polars as pl

from qpr_tui.ingest.stages.columns import Plan
from qpr_tui.ingest.words import POLARITY_WORDS, RAG_WORDS, TOLERANCE_WORDS

# Text columns of the model other than organisation and kpi_id.
TEXT_FIELDS = ("indicator", "directorate", "service_area", "unit", "basis", "owner")
LONG_TEXT_FIELDS = ("commentary", "actions")
# Canonical field -> the column that keeps its words as written.
WORD_FIELDS = {
    "polarity": "_polarity_text",
    "rag": "_rag_text",
    "reason": "_reason_text",
    "tolerance_type": "_tolerance_text",
}


def text(lf: pl.LazyFrame, plan: Plan) -> pl.LazyFrame:
    """Add the text columns and the codes (see the module docstring)."""
    if plan.has("kpi_id"):
        kpi_id = pl.col(plan.column("kpi_id")).str.strip_chars()
    else:
        kpi_id = one_line(pl.col(plan.column("indicator")))
    lf = lf.with_columns(kpi_id.alias("kpi_id"))
    texts = [
        _home_text(name, plan).alias(WORD_FIELDS.get(name, name))
        for name in (*TEXT_FIELDS, *LONG_TEXT_FIELDS, *WORD_FIELDS)
    ]
    lf = lf.with_columns(texts)
    return lf.with_columns(
        _code(pl.col("_polarity_text"), POLARITY_WORDS).alias("polarity"),
        _code(pl.col("_rag_text"), RAG_WORDS).alias("published_rag"),
        pl.col("_tolerance_text")
        .replace_strict(TOLERANCE_WORDS, default=None, return_dtype=pl.String)
        .alias("tolerance_type"),
    )


def one_line(cells: pl.Expr) -> pl.Expr:
    """Text on one line: line breaks and tabs become spaces, the ends are trimmed."""
    return cells.str.replace_all(r"[\r\n\t]+", " ").str.strip_chars()


def _home_text(name: str, plan: Plan) -> pl.Expr:
    if not plan.has(name):
        # A file without indicator names shows the KPI id in its place.
        return pl.col("kpi_id") if name == "indicator" else pl.lit(None, dtype=pl.String)
    cells = pl.col(plan.column(name))
    if plan.split:
        cells = pl.when(pl.col("_home")).then(cells)
    cells = one_line(cells)
    return cells.str.to_lowercase() if name == "tolerance_type" else cells


def _code(words: pl.Expr, table: dict[str, str]) -> pl.Expr:
    return words.str.to_lowercase().replace_strict(table, default=None, return_dtype=pl.String)
