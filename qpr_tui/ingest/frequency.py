"""Frequencies: which rows are months, quarters or years, and months folded into quarters.

Runs on the rows of all files together, since a KPI's months may come from several files.
A spelling such as ``Sep-24`` names a month; a KPI whose month spellings are all quarter-end
months (``Jun-24``, ``Sep-24``, ...: how charts label quarters) is quarterly, a KPI with other
months is monthly, and ``[kpi."ID"] frequency`` decides for a KPI's month spellings.

The QPR is quarterly: a monthly KPI's quarter is its latest month in that quarter (that month's
row and line), or the sum or mean of its months (``[kpi."ID"] quarter_value``); its months are
kept for its trend. A month and a quarter of the same KPI for the same quarter are a finding:
the quarter's own row is rated, the months are not folded into it. An annual KPI is reported in
the last quarter of its financial year; in the year's earlier quarters it is "not due".
"""

from __future__ import annotations

import polars as pl

from qpr_tui.config import Config
from qpr_tui.errors import Issue, Severity
from qpr_tui.ingest.combine import duplicates
from qpr_tui.model import MONTHS_SCHEMA, SCHEMA, SourceFile
from qpr_tui.periods import Calendar, month_label
from qpr_tui.periods import label as quarter_label
from qpr_tui.vocabulary import MONTH, NOT_DUE, QUARTER, YEAR

_KPI = ["organisation", "kpi_id"]
_QUARTER = [*_KPI, "period"]


def decide(frame: pl.DataFrame, config: Config, calendar: Calendar) -> pl.DataFrame:
    """Add ``frequency`` to every row (from ``_freq``, the frequency its spelling names); a
    month read as a year moves to its financial year's last quarter."""
    configured = {kpi: rule.frequency for kpi, rule in config.kpi.items() if rule.frequency}
    # Lazily: the eager engine would copy every column of a big file's rows into one chunk.
    if not (frame.get_column("_freq") == MONTH).any():
        return frame.lazy().with_columns(pl.col("_freq").alias("frequency")).collect()
    is_month = pl.col("_freq") == MONTH
    month_number = pl.col("_month") % 12 + 1
    quarter_end = (month_number - calendar.year_start + 12) % 3 == 2
    names_quarters = (quarter_end | ~is_month).all().over(_KPI)
    inferred = pl.when(names_quarters).then(pl.lit(QUARTER)).otherwise(pl.lit(MONTH))
    given = pl.col("kpi_id").replace_strict(configured, default=None, return_dtype=pl.String)
    frequency = pl.when(is_month).then(pl.coalesce(given, inferred)).otherwise(pl.col("_freq"))
    year_end = pl.col("period") // 4 * 4 + 3
    return frame.with_columns(frequency.alias("frequency")).with_columns(
        pl.when(is_month & (pl.col("frequency") == YEAR))
        .then(year_end)
        .otherwise(pl.col("period"))
        .cast(pl.Int32)
        .alias("period")
    )


def fold_months(
    frame: pl.DataFrame, config: Config, sources: list[SourceFile]
) -> tuple[pl.DataFrame, pl.DataFrame, list[Issue], list[Issue]]:
    """The rows with each monthly KPI's months folded into quarters, the months themselves
    (`qpr_tui.model.MONTHS_SCHEMA`), the duplicate months (errors, as duplicate quarters
    are) and the other findings (months beside a quarter's own value)."""
    monthly = frame.lazy().filter(pl.col("frequency") == MONTH).collect()
    months = monthly.select(
        *_KPI, pl.col("_month").alias("month"), "value", "_file", "_line"
    ).select(list(MONTHS_SCHEMA))
    if monthly.height == 0:
        return frame.lazy().select(list(SCHEMA)).collect(), months, [], []
    rest = frame.filter(pl.col("frequency") != MONTH)
    repeated = duplicates(months, sources, ("organisation", "kpi_id", "month"), month_label)
    quarters = rest.select(
        *_QUARTER, pl.col("_file").alias("_qfile"), pl.col("_line").alias("_qline")
    )
    clashing = monthly.join(quarters, on=_QUARTER, how="inner")
    folded = _fold(monthly.join(quarters, on=_QUARTER, how="anti"), config)
    # In file order: a folded quarter where its first month is.
    joined = pl.concat(
        [
            rest.select(*SCHEMA, pl.col("_line").alias("_first")),
            folded.select(*SCHEMA, "_first"),
        ]
    )
    joined = joined.sort("_file", "_first", maintain_order=True).drop("_first")
    return joined, months.sort([*_KPI, "month"]), repeated, _clashes(clashing, sources)


def _fold(monthly: pl.DataFrame, config: Config) -> pl.DataFrame:
    """One row per KPI per quarter: the latest month's row, its value by ``quarter_value``."""
    chosen = {kpi: rule.quarter_value for kpi, rule in config.kpi.items() if rule.quarter_value}
    how = pl.col("kpi_id").replace_strict(chosen, default="last", return_dtype=pl.String)
    carried = [c for c in SCHEMA if c not in (*_QUARTER, "value", "value_reason")]
    value = pl.col("value")
    grouped = (
        monthly.sort([*_KPI, "_month"])
        .group_by(_QUARTER, maintain_order=True)
        .agg(
            *(pl.col(c).last() for c in carried),
            pl.col("_line").min().alias("_first"),
            value.last().alias("_last"),
            value.sum().alias("_sum"),
            value.mean().alias("_mean"),
            value.null_count().alias("_gaps"),
            pl.col("value_reason").last().alias("_reason"),
            how.first().alias("_how"),
        )
    )
    by_rule = (
        pl.when(pl.col("_how") == "sum")
        .then(pl.when(pl.col("_gaps") == 0).then(pl.col("_sum")))
        .when(pl.col("_how") == "mean")
        .then(pl.col("_mean"))
        .otherwise(pl.col("_last"))
    )
    gap = (pl.col("_how") == "sum") & (pl.col("_gaps") > 0) & pl.col("_last").is_not_null()
    reason = pl.when(gap).then(pl.lit("a month of the quarter has no value"))
    return grouped.with_columns(
        by_rule.alias("value"),
        reason.otherwise(pl.when(by_rule.is_null()).then(pl.col("_reason"))).alias("value_reason"),
    )


def _clashes(clashing: pl.DataFrame, sources: list[SourceFile]) -> list[Issue]:
    """One error per KPI and quarter given both as months and as the quarter itself."""
    grouped = clashing.group_by(_QUARTER, maintain_order=True).agg(
        pl.col("_file"), pl.col("_line"), pl.col("_qfile").first(), pl.col("_qline").first()
    )
    issues = []
    for _org, kpi, period, files, lines, qfile, qline in grouped.iter_rows():
        months = ", ".join(
            f"{sources[f].display} line {line}" for f, line in zip(files, lines, strict=True)
        )
        issues.append(
            Issue(
                Severity.ERROR,
                "month-and-quarter",
                f"{kpi} {quarter_label(period)} is given as a quarter "
                f"({sources[qfile].display} line {qline}) and as months ({months}); the "
                "quarter's own value was used and the months were not folded into it",
                sources[files[0]].location(lines[0], "period"),
                kpi_id=kpi,
                period=quarter_label(period),
            )
        )
    return issues


def not_due(frame: pl.DataFrame) -> pl.DataFrame:
    """Rows for annual KPIs in the quarters before their financial year ends (quarters that
    the data has, from the KPI's first year on): no value, "not due"."""
    annual = frame.lazy().filter(pl.col("frequency") == YEAR).collect()
    if annual.height == 0 or annual.height == frame.height:
        return frame
    quarters = frame.select(pl.col("period").unique()).filter(pl.col("period") % 4 != 3)
    latest = (
        annual.sort("period")
        .group_by(_KPI, maintain_order=True)
        .agg(pl.all().exclude("period").last(), pl.col("period").min().alias("_first"))
    )
    due = (
        latest.join(quarters, how="cross")
        .filter(pl.col("period") // 4 >= pl.col("_first") // 4)
        .join(frame, on=_QUARTER, how="anti")
    )
    empty = ("value", "target", "floor", "tolerance", "published_rag", "tolerance_type")
    rows = due.with_columns(
        *(pl.lit(None, dtype=SCHEMA[c]).alias(c) for c in empty),
        pl.lit(NOT_DUE).alias("value_reason"),
        pl.lit("").alias("commentary"),
        pl.lit("").alias("actions"),
    ).select(list(SCHEMA))
    return pl.concat([frame, rows])
