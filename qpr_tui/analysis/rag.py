"""Red / Amber / Green rating.

The default is KCC's rule: Green when the target is achieved or exceeded, Amber when the
floor standard is achieved but not the target, Red when the floor is not achieved; "achieved"
includes equality, and lower-is-better KPIs mirror the comparisons. Other councils' rules
(tolerance instead of a floor, a Blue band, a value equal to target rated Amber, a target of 0
meaning no target) are configuration, globally or per KPI. Everything
is one polars expression, so rating 800,000 rows costs about as much as reading them.
"""

from __future__ import annotations

import polars as pl

from qpr_tui.config import Config
from qpr_tui.vocabulary import (
    AMBER,
    BLUE,
    DATA_ONLY,
    GREEN,
    HIGHER,
    NO_DATA,
    NOT_DUE,
    NOT_RATED,
    POLARITY_DESCRIPTIONS,
    RED,
    TARGET,
)

_EPS = 1e-9


def _rule_columns(frame: pl.DataFrame, config: Config) -> pl.DataFrame:
    """Attach the rule in force for each row: per-KPI config, then the file, then global."""
    rag = config.rag
    rule = pl.lit(rag.rule)
    tol = pl.coalesce(pl.col("tolerance"), pl.lit(rag.tolerance, dtype=pl.Float64))
    tol_type = pl.coalesce(pl.col("tolerance_type"), pl.lit(rag.tolerance_type))
    blue = pl.lit(rag.blue, dtype=pl.Float64)
    equal = pl.lit(rag.equal_to_target)
    zero = pl.lit(rag.zero_target)
    if config.kpi:
        ids = list(config.kpi)
        overrides = pl.DataFrame(
            {
                "kpi_id": ids,
                "_o_rule": [config.kpi[k].rule for k in ids],
                "_o_tol": [config.kpi[k].tolerance for k in ids],
                "_o_tol_type": [config.kpi[k].tolerance_type for k in ids],
                "_o_blue": [config.kpi[k].blue for k in ids],
                "_o_equal": [config.kpi[k].equal_to_target for k in ids],
                "_o_zero": [config.kpi[k].zero_target for k in ids],
            },
            schema={
                "kpi_id": pl.String,
                "_o_rule": pl.String,
                "_o_tol": pl.Float64,
                "_o_tol_type": pl.String,
                "_o_blue": pl.Float64,
                "_o_equal": pl.String,
                "_o_zero": pl.String,
            },
        )
        frame = frame.join(overrides, on="kpi_id", how="left")
        rule = pl.coalesce(pl.col("_o_rule"), rule)
        tol = pl.coalesce(pl.col("_o_tol"), tol)
        tol_type = pl.coalesce(pl.col("_o_tol_type"), tol_type)
        blue = pl.coalesce(pl.col("_o_blue"), blue)
        equal = pl.coalesce(pl.col("_o_equal"), equal)
        zero = pl.coalesce(pl.col("_o_zero"), zero)
    frame = frame.with_columns(
        rule.alias("_rule"),
        tol.alias("_tol"),
        tol_type.alias("_tol_type"),
        blue.alias("_blue"),
        (equal == "amber").alias("_equal_amber"),
        ((zero == "no target") & (pl.col("target") == 0)).fill_null(False).alias("_zero_none"),
    )
    return frame.drop([c for c in frame.columns if c.startswith("_o_")])


def rag_expr(close_band: float = 5.0) -> pl.Expr:
    """The RAG status of each row, given the rule columns from `_rule_columns`."""
    v, t, f = pl.col("value"), pl.col("target"), pl.col("floor")
    pol = pl.col("polarity")
    higher = pol == HIGHER
    close = pol == TARGET
    # Signed margin by which the value beats a threshold; >= 0 means "achieved".
    eps = pl.max_horizontal(t.abs(), pl.lit(1.0)) * _EPS

    def beats(threshold: pl.Expr) -> pl.Expr:
        return pl.when(higher).then(v - threshold).otherwise(threshold - v) >= -eps

    on_target = pl.col("_equal_amber") & ((v - t).abs() <= eps)

    allowance = (
        pl.when(pl.col("_tol_type") == "absolute")
        .then(pl.col("_tol"))
        .otherwise(pl.col("_tol") / 100 * t.abs())
    )
    blue_margin = (
        pl.when(pl.col("_tol_type") == "absolute")
        .then(pl.col("_blue"))
        .otherwise(pl.col("_blue") / 100 * t.abs())
    )
    shortfall = pl.when(higher).then(t - v).otherwise(v - t)
    within_tol = pl.col("_tol").is_not_null() & (shortfall <= allowance + eps)
    use_floor = (pl.col("_rule") == "floor") & f.is_not_null()
    directional = (
        pl.when(pl.col("_blue").is_not_null() & (-shortfall >= blue_margin - eps))
        .then(pl.lit(BLUE))
        .when(on_target)
        .then(pl.lit(AMBER))
        .when(beats(t))
        .then(pl.lit(GREEN))
        .when(use_floor)
        .then(pl.when(beats(f)).then(pl.lit(AMBER)).otherwise(pl.lit(RED)))
        .when(within_tol)
        .then(pl.lit(AMBER))
        .otherwise(pl.lit(RED))
    )
    distance = (v - t).abs()
    green_band = close_band / 100 * t.abs()
    amber_band = pl.coalesce((f - t).abs(), allowance)
    close_to_target = (
        pl.when(distance <= green_band + eps)
        .then(pl.lit(GREEN))
        .when(amber_band.is_not_null() & (distance <= amber_band + eps))
        .then(pl.lit(AMBER))
        .otherwise(pl.lit(RED))
    )
    return (
        pl.when(v.is_null())
        .then(pl.lit(NO_DATA))
        .when(t.is_null() | pl.col("_zero_none") | (pol == DATA_ONLY))
        .then(pl.lit(NOT_RATED))
        .when(close)
        .then(close_to_target)
        .otherwise(directional)
    )


def rate(frame: pl.DataFrame, config: Config) -> pl.DataFrame:
    """Add ``rag`` (one of the vocabulary's `STATUSES`) and ``rag_rule`` (a short
    description) to every row."""
    frame = _rule_columns(frame, config)
    described = (
        pl.when(pl.col("polarity") == DATA_ONLY)
        .then(pl.lit(POLARITY_DESCRIPTIONS[DATA_ONLY]))
        .when(pl.col("target").is_null())
        .then(pl.lit("no target"))
        .when(pl.col("_zero_none"))
        .then(pl.lit("no target: a target of 0 means none"))
        .when(pl.col("polarity") == TARGET)
        .then(pl.lit("close to target"))
        .when((pl.col("_rule") == "floor") & pl.col("floor").is_not_null())
        .then(pl.lit("floor"))
        .when(pl.col("_tol").is_not_null())
        .then(pl.format("tolerance {} {}", pl.col("_tol"), pl.col("_tol_type")))
        .otherwise(pl.lit("target only"))
    )
    frame = frame.with_columns(
        rag_expr(config.rag.close_band).alias("rag"), described.alias("rag_rule")
    )
    return _not_due(frame, config).drop("_rule", "_tol", "_tol_type", "_blue")


def _not_due(frame: pl.DataFrame, config: Config) -> pl.DataFrame:
    """An annual KPI before its year ends is not rated (left out of the ratings' totals),
    or no data with ``[periods] not_due = "no data"``."""
    if "value_reason" not in frame.columns:
        return frame
    status = NO_DATA if config.periods.not_due == "no data" else NOT_RATED
    due = pl.col("value_reason") == NOT_DUE
    return frame.with_columns(
        pl.when(due).then(pl.lit(status)).otherwise(pl.col("rag")).alias("rag"),
        pl.when(due).then(pl.lit(NOT_DUE)).otherwise(pl.col("rag_rule")).alias("rag_rule"),
    )


def rate_one(
    value: float | None,
    target: float | None,
    floor: float | None,
    polarity: str = HIGHER,
    config: Config | None = None,
) -> str:
    """Rate a single value (for tests and explanations; the same expression as `rate`)."""
    frame = pl.DataFrame(
        {
            "kpi_id": ["x"],
            "value": [value],
            "target": [target],
            "floor": [floor],
            "polarity": [polarity],
            "tolerance": [None],
            "tolerance_type": [None],
        },
        schema={
            "kpi_id": pl.String,
            "value": pl.Float64,
            "target": pl.Float64,
            "floor": pl.Float64,
            "polarity": pl.String,
            "tolerance": pl.Float64,
            "tolerance_type": pl.String,
        },
    )
    return str(rate(frame, config or Config()).item(0, "rag"))
