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
from qpr_tui.errors import Issue, Location, Severity
from qpr_tui.model import SourceFile, calendar_for

_KEYS = ["organisation", "kpi_id"]


def blank_thresholds(frame: pl.DataFrame, sources: list[SourceFile], config: Config) -> list[Issue]:
    """One warning per row whose target (or, under the floor rule, floor) is blank while
    other periods of the same KPI give one."""
    rows = _own_rows(frame, sources)
    given = rows.group_by(_KEYS).agg(
        pl.col("target").is_not_null().any().alias("_has_target"),
        pl.col("floor").is_not_null().any().alias("_has_floor"),
    )
    rows = rows.filter(pl.col("value").is_not_null()).join(given, on=_KEYS, how="left")
    no_target = pl.col("target").is_null() & pl.col("_has_target")
    no_floor = pl.col("floor").is_null() & pl.col("_has_floor") & _floor_rule(config)
    gaps = rows.filter(no_target | (no_floor & pl.col("target").is_not_null()))
    wanted = ["kpi_id", "period", "_file", "_line", "target", "floor"]
    gaps = gaps.select(wanted)
    label = calendar_for(config).label
    shown = {period: label(period) for period in gaps.get_column("period").unique()}
    places = {
        (number, column): source.location(0, column)
        for number, source in enumerate(sources)
        for column in ("target", "floor")
    }
    issues = []
    for kpi, period, file, line, target, floor in gaps.iter_rows():
        if target is None:
            blank = "target and floor are" if floor is None else "target is"
            why, column = f"so {kpi} is not rated in {shown[period]}", "target"
        else:
            blank, column = "floor is", "floor"
            why = f"so {kpi} cannot be rated Amber by its floor in {shown[period]}"
        issues.append(
            Issue(
                Severity.WARNING,
                f"blank-{column}",
                f"the {blank} blank here but given in other periods of {kpi}, {why}; "
                "nothing was carried over from them",
                _at(places[file, column], line),
                kpi_id=kpi,
                period=shown[period],
            )
        )
    return issues


def _at(place: Location, line: int) -> Location:
    """``place`` on ``line`` (`dataclasses.replace` costs more than the rest per finding)."""
    return Location(place.file, line, place.column, place.column_name, place.line_word, place.sheet)


def _floor_rule(config: Config) -> pl.Expr:
    """Whether a row's KPI is rated by the floor rule (its own ``[kpi."ID"]`` rule, else
    the configured one)."""
    rules = {kpi: rule.rule for kpi, rule in config.kpi.items() if rule.rule}
    if not rules:
        return pl.lit(config.rag.rule == "floor")
    rule = pl.col("kpi_id").replace_strict(rules, default=config.rag.rule, return_dtype=pl.String)
    return rule == "floor"


def _own_rows(frame: pl.DataFrame, sources: list[SourceFile]) -> pl.DataFrame:
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
        pairs = pl.DataFrame(
            carried, schema={"_file": pl.Int32, "_value_col": pl.Int32}, orient="row"
        )
        rows = rows.join(pairs, on=["_file", "_value_col"], how="anti")
    return rows
