"""Targets and floors blank in some periods of a KPI that has them in others.

A KPI whose target is blank in one quarter only is "not rated" in that quarter, and one whose
floor is blank cannot be Amber by its floor: both change the report without a word in the
file. Nothing is carried over from the other periods (which target applies is the council's
decision); each such cell is a warning with its file, line and column, so the gap is seen.
Only rows with a value count: without one the KPI is "no data" whatever its target.
"""

from __future__ import annotations

import polars as pl

from qpr_tui.config import Config
from qpr_tui.errors import Severity
from qpr_tui.findings import Findings, from_rows
from qpr_tui.model import SourceFile, calendar_for

_KEYS = ["organisation", "kpi_id"]
_WANTED = ["kpi_id", "period", "_file", "_line", "target", "floor"]


def blank_thresholds(frame: pl.DataFrame, sources: list[SourceFile], config: Config) -> Findings:
    """One warning per row whose target (or, under the floor rule, floor) is blank while
    other periods of the same KPI give one."""
    rows = _own_rows(frame.lazy().select("organisation", *_WANTED, "value", "_value_col"), sources)
    given = rows.group_by(_KEYS).agg(
        pl.col("target").is_not_null().any().alias("_has_target"),
        pl.col("floor").is_not_null().any().alias("_has_floor"),
    )
    # Only rows with a value and a blank threshold can be findings: the join is theirs alone.
    blank = pl.col("target").is_null() | pl.col("floor").is_null()
    rows = rows.filter(pl.col("value").is_not_null() & blank)
    rows = rows.join(given, on=_KEYS, how="left", maintain_order="left")
    no_target = pl.col("target").is_null() & pl.col("_has_target")
    no_floor = pl.col("floor").is_null() & pl.col("_has_floor") & _floor_rule(config)
    gaps = rows.filter(no_target | (no_floor & pl.col("target").is_not_null())).select(_WANTED)
    return _findings(gaps.collect(), sources, config)


def _findings(gaps: pl.DataFrame, sources: list[SourceFile], config: Config) -> Findings:
    """The warnings for the rows of `blank_thresholds`, written by polars."""
    label = calendar_for(config).label
    shown = {period: label(period) for period in gaps.get_column("period").unique()}
    period = pl.col("period").replace_strict(shown, return_dtype=pl.String)
    kpi, target, floor = pl.col("kpi_id"), pl.col("target"), pl.col("floor")
    no_target = target.is_null()
    blank = (
        pl.when(no_target & floor.is_null())
        .then(pl.lit("target and floor are"))
        .when(no_target)
        .then(pl.lit("target is"))
        .otherwise(pl.lit("floor is"))
    )
    why = (
        pl.when(no_target)
        .then(pl.format("so {} is not rated in {}", kpi, period))
        .otherwise(pl.format("so {} cannot be rated Amber by its floor in {}", kpi, period))
    )
    column = pl.when(no_target).then(pl.lit("target")).otherwise(pl.lit("floor"))
    words = gaps.select(
        kpi,
        period.alias("_period"),
        "_file",
        "_line",
        column.alias("_column"),
        pl.format(
            "the {} blank here but given in other periods of {}, {}; nothing was carried over "
            "from them",
            blank,
            kpi,
            why,
        ).alias("_message"),
    ).join(_places(sources), on=["_file", "_column"], how="left", maintain_order="left")
    return from_rows(
        words,
        severity=Severity.WARNING.value,
        code=pl.format("blank-{}", pl.col("_column")),
        message=pl.col("_message"),
        file=pl.col("_display"),
        sheet=pl.col("_sheet"),
        line=pl.col("_line"),
        column=pl.col("_number"),
        column_name=pl.col("_name"),
        line_word=pl.col("_word"),
        kpi_id=kpi,
        period=pl.col("_period"),
    )


def _places(sources: list[SourceFile]) -> pl.DataFrame:
    """Each file's target and floor columns, as `SourceFile.location` names them."""
    places = [
        (number, column, place.file, place.sheet, place.column, place.column_name, place.line_word)
        for number, source in enumerate(sources)
        for column in ("target", "floor")
        for place in [source.location(0, column)]
    ]
    schema = {
        "_file": pl.Int32,
        "_column": pl.String,
        "_display": pl.String,
        "_sheet": pl.String,
        "_number": pl.Int64,
        "_name": pl.String,
        "_word": pl.String,
    }
    return pl.DataFrame(places, schema=schema, orient="row")


def _floor_rule(config: Config) -> pl.Expr:
    """Whether a row's KPI is rated by the floor rule (its own ``[kpi."ID"]`` rule, else
    the configured one)."""
    rules = {kpi: rule.rule for kpi, rule in config.kpi.items() if rule.rule}
    if not rules:
        return pl.lit(config.rag.rule == "floor")
    rule = pl.col("kpi_id").replace_strict(rules, default=config.rag.rule, return_dtype=pl.String)
    return rule == "floor"


def _own_rows(frame: pl.LazyFrame, sources: list[SourceFile]) -> pl.LazyFrame:
    """The rows read from a file's own cells: not values carried from a "last quarter"
    column (`qpr_tui.ingest.carried`), which have no target of their own, nor rows of a
    file without a target column (a finding of its own says so)."""
    carried = [
        (number, column)
        for number, source in enumerate(sources)
        for name, column in source.columns.items()
        if name in ("previous_value", "year_ago_value")
    ]
    with_target = [n for n, source in enumerate(sources) if "target" in source.columns]
    rows = frame.filter(pl.col("_file").is_in(with_target))
    if carried:
        pairs = pl.LazyFrame(
            carried, schema={"_file": pl.Int32, "_value_col": pl.Int32}, orient="row"
        )
        rows = rows.join(pairs, on=["_file", "_value_col"], how="anti", maintain_order="left")
    return rows
