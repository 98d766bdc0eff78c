"""What moved between quarters beyond the RAG: Direction of Travel changes, the gap to target
and how it moved (polarity-aware), and the same quarter a year before.

`with_moves` adds the columns to a period's KPI table; `dot_changes` and `biggest_moves`
pick the rows the Changes panel lists. Everything is polars expressions over the table.
"""

from __future__ import annotations

import polars as pl

from qpr_tui.vocabulary import DIRECTIONS, HIGHER, LOWER, TARGET

#: The most rows `biggest_moves` returns.
BIGGEST = 10
#: Quarters in a year: the same quarter last year is this many periods back.
YEAR = 4


def gap(value: pl.Expr, target: pl.Expr, polarity: pl.Expr) -> pl.Expr:
    """How far a value is beyond its target, in the KPI's units, better positive: above
    target for higher-is-better, below for lower-is-better, minus the distance for
    close-to-target; null without a value, a target or a good direction."""
    diff = value - target
    return (
        pl.when(polarity == HIGHER)
        .then(diff)
        .when(polarity == LOWER)
        .then(-diff)
        .when(polarity == TARGET)
        .then(-diff.abs())
        .otherwise(None)
    )


def with_moves(table: pl.DataFrame, previous: pl.DataFrame, year_ago: pl.DataFrame) -> pl.DataFrame:
    """``table`` (a period's KPIs, with ``previous_value``) plus ``gap``, ``previous_gap``,
    ``gap_change`` (better positive), ``gap_change_pct`` (the change as a percentage of
    the target, to compare KPIs of different units), ``previous_dot``, ``year_ago_value``
    and ``year_ago_rag``.

    ``previous`` holds ``kpi_id``, ``previous_target``, ``previous_dot`` of the quarter
    before; ``year_ago`` holds ``kpi_id``, ``year_ago_value``, ``year_ago_rag``."""
    joined = table.join(previous, on="kpi_id", how="left").join(year_ago, on="kpi_id", how="left")
    polarity = pl.col("polarity")
    moved = joined.with_columns(
        gap(pl.col("value"), pl.col("target"), polarity).alias("gap"),
        gap(pl.col("previous_value"), pl.col("previous_target"), polarity).alias("previous_gap"),
    ).with_columns((pl.col("gap") - pl.col("previous_gap")).alias("gap_change"))
    target = pl.col("target").abs()
    return moved.with_columns(
        pl.when(target > 0)
        .then(pl.col("gap_change") / target * 100)
        .otherwise(None)
        .alias("gap_change_pct")
    )


def previous_columns(rated: pl.DataFrame, dot: pl.DataFrame, period: int | None) -> pl.DataFrame:
    """``kpi_id``, ``previous_target``, ``previous_dot`` of ``period`` (none when None)."""
    schema = {"kpi_id": pl.String, "previous_target": pl.Float64, "previous_dot": pl.String}
    if period is None:
        return pl.DataFrame(schema=schema)
    targets = rated.filter(pl.col("period") == period).select(
        "kpi_id", pl.col("target").alias("previous_target")
    )
    dots = dot.select("kpi_id", pl.col("dot").alias("previous_dot"))
    return targets.join(dots, on="kpi_id", how="left")


def year_ago_columns(rated: pl.DataFrame, period: int) -> pl.DataFrame:
    """``kpi_id``, ``year_ago_value``, ``year_ago_rag`` of the same quarter a year before."""
    return rated.filter(pl.col("period") == period - YEAR).select(
        "kpi_id",
        pl.col("value").alias("year_ago_value"),
        pl.col("rag").alias("year_ago_rag"),
    )


def dot_changes(table: pl.DataFrame) -> pl.DataFrame:
    """KPIs whose Direction of Travel differs from the quarter before (both known): those
    that turned worse first, then those that turned better, in report order within each."""
    rank = {direction: i for i, direction in enumerate(DIRECTIONS)}
    changed = table.filter(
        pl.col("dot").is_not_null()
        & pl.col("previous_dot").is_not_null()
        & (pl.col("dot") != pl.col("previous_dot"))
    )
    now = pl.col("dot").replace_strict(rank, default=None, return_dtype=pl.Int64)
    before = pl.col("previous_dot").replace_strict(rank, default=None, return_dtype=pl.Int64)
    worse_first = pl.when(now > before).then(0).otherwise(1)
    return changed.with_row_index("_order").sort(worse_first, "_order").drop("_order")


def biggest_moves(table: pl.DataFrame, count: int = BIGGEST) -> pl.DataFrame:
    """The ``count`` KPIs whose gap to target moved most since the quarter before, measured
    as a share of the target so that KPIs of different units compare; biggest first."""
    return (
        table.filter(pl.col("gap_change_pct").is_not_null() & (pl.col("gap_change") != 0))
        .sort(pl.col("gap_change_pct").abs(), descending=True, maintain_order=True)
        .head(count)
    )
