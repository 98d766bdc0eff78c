"""Data-quality checks over a loaded dataset.

The loader already reports what it met while reading (unusable values, missing values,
duplicate rows, unknown periods and polarities). These checks look across rows: thresholds
that change within a financial year, floors on the wrong side of their target, published RAG
that disagrees with the computed one, stale KPIs, gaps, outliers and impossible percentages.
Each finding names the file, line and column it comes from.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

import polars as pl

from qpr_tui.analysis.summary import Analysis
from qpr_tui.errors import Issue, Severity
from qpr_tui.findings import SEVERITY_RANK, Findings, worst_first
from qpr_tui.model import Dataset
from qpr_tui.vocabulary import (
    HIGHER,
    LETTER_TO_STATUS,
    LOWER,
    NO_DATA,
    NOT_RATED,
    STATUS_WORDS,
    YEAR,
)

SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
# A value this many typical quarter-to-quarter movements away from its neighbours' median
# is reported as an outlier.
OUTLIER_STEPS = 8.0
PERCENT_UNITS = {"%", "percent", "percentage"}


def _issue(
    ds: Dataset, row: dict[str, object], severity: Severity, code: str, message: str, column: str
) -> Issue:
    source = ds.sources[int(row["_file"])]  # type: ignore[call-overload]
    period = row.get("period")
    return Issue(
        severity,
        code,
        message,
        source.location(int(row["_line"]), column),  # type: ignore[call-overload]
        kpi_id=str(row.get("kpi_id", "")),
        period=ds.calendar.label(int(period)) if period is not None else "",  # type: ignore[call-overload]
    )


def threshold_changes(ds: Dataset, rated: pl.DataFrame) -> list[Issue]:
    """Targets are set at the start of the financial year: a change mid-year is suspect."""
    issues: list[Issue] = []
    frame = rated.sort("period").with_columns((pl.col("period") // 4).alias("_fy"))
    for column in ("target", "floor"):
        changed = frame.with_columns(
            pl.col(column).shift(1).over("kpi_id", "_fy").alias("_prev")
        ).filter(
            pl.col("_prev").is_not_null()
            & pl.col(column).is_not_null()
            & (pl.col("_prev") != pl.col(column))
        )
        for row in changed.iter_rows(named=True):
            issues.append(
                _issue(
                    ds,
                    row,
                    Severity.WARNING,
                    f"{column}-changed",
                    f"the {column} changes within {ds.calendar.financial_year(row['period'])} "
                    f"(from {row['_prev']:g} to {row[column]:g} in "
                    f"{ds.calendar.label(row['period'])})",
                    column,
                )
            )
    return issues


def floor_side(ds: Dataset, rated: pl.DataFrame) -> list[Issue]:
    wrong = rated.filter(
        pl.col("target").is_not_null()
        & pl.col("floor").is_not_null()
        & (
            ((pl.col("polarity") == HIGHER) & (pl.col("floor") > pl.col("target")))
            | ((pl.col("polarity") == LOWER) & (pl.col("floor") < pl.col("target")))
        )
    )
    issues = []
    for row in wrong.group_by("kpi_id", maintain_order=True).first().iter_rows(named=True):
        side = "above" if row["polarity"] == HIGHER else "below"
        better = "higher" if row["polarity"] == HIGHER else "lower"
        issues.append(
            _issue(
                ds,
                row,
                Severity.ERROR,
                "floor-wrong-side",
                f"the floor ({row['floor']:g}) is {side} the target ({row['target']:g}) although "
                f"{better} is better: check the polarity or swap them",
                "floor",
            )
        )
    return issues


def published_rag(ds: Dataset, rated: pl.DataFrame) -> list[Issue]:
    """Published RAG that disagrees with the computed one. A published "not rated" agrees
    with a KPI that is not rated or has no data; a rated one disagrees with both."""
    status = pl.col("published_rag").replace_strict(
        LETTER_TO_STATUS, default=None, return_dtype=pl.String
    )
    unrated = pl.col("rag").is_in([NOT_RATED, NO_DATA])
    differ = (
        rated.filter(pl.col("published_rag").is_not_null())
        .with_columns(status.alias("_published"))
        .filter(
            (pl.col("_published") != pl.col("rag"))
            & ~((pl.col("_published") == NOT_RATED) & unrated)
        )
    )
    return [
        _issue(
            ds,
            row,
            Severity.WARNING,
            "rag-mismatch",
            f"published RAG is {STATUS_WORDS[row['_published']]} but the rules give "
            f"{STATUS_WORDS[row['rag']]} ({_figures(row)})",
            "rag",
        )
        for row in differ.iter_rows(named=True)
    ]


def _figures(row: dict[str, object]) -> str:
    """Value, target and floor as a disagreement names them (those the row has)."""
    shown = [
        f"{name} {row[name]:g}" for name in ("value", "target", "floor") if row[name] is not None
    ]
    return ", ".join(shown) or "no value"


def stale(ds: Dataset, rated: pl.DataFrame) -> list[Issue]:
    latest = rated.get_column("period").max()
    with_values = rated.filter(pl.col("value").is_not_null())
    last = with_values.sort("period").group_by("kpi_id", maintain_order=True).last()
    # An annual KPI is stale only once a later year's value is due.
    annual = pl.col("frequency") == YEAR
    old = last.filter((pl.col("period") < latest) & ~(annual & (latest - pl.col("period") < 4)))
    label = ds.calendar.label
    return [
        _issue(
            ds,
            row,
            Severity.WARNING,
            "stale",
            f"the latest value is for {label(row['period'])}, older than the latest "
            f"period in the data ({label(int(latest))})",  # type: ignore[arg-type]
            "value",
        )
        for row in old.iter_rows(named=True)
    ]


def gaps(ds: Dataset, rated: pl.DataFrame) -> list[Issue]:
    issues = []
    label = ds.calendar.label
    spans = rated.group_by("kpi_id", maintain_order=True).agg(
        pl.col("period").sort(),
        pl.col("_file").first(),
        pl.col("_line").first(),
        (pl.col("frequency") == YEAR).all().alias("_annual"),
    )
    for kpi, periods, file, line, annual in spans.iter_rows():
        step = 4 if annual else 1
        missing = [p for p in range(periods[0], periods[-1] + 1, step) if p not in set(periods)]
        if missing:
            shown = ", ".join(label(p) for p in missing[:4]) + ("…" if len(missing) > 4 else "")
            issues.append(
                Issue(
                    Severity.INFO,
                    "gap",
                    f"{kpi} has no row for {len(missing)} period(s) inside its series: {shown}",
                    ds.sources[file].location(line, "period"),
                    kpi_id=kpi,
                )
            )
    return issues


def outliers(ds: Dataset, rated: pl.DataFrame) -> list[Issue]:
    """Values far from their neighbours: a spike against the local median of five quarters,
    measured in the KPI's typical quarter-to-quarter movement, so steady trends never flag."""
    v = pl.col("value")
    series = rated.filter(v.is_not_null()).sort("period")
    local = v.rolling_median(window_size=5, center=True, min_samples=3).over("kpi_id")
    typical = v.diff().abs().median().over("kpi_id")
    flagged = series.with_columns(
        local.alias("_local"),
        typical.alias("_typical"),
        v.count().over("kpi_id").alias("_n"),
    ).filter(
        (pl.col("_n") >= 6)
        & (pl.col("_typical") > 0)
        & ((v - pl.col("_local")).abs() > OUTLIER_STEPS * pl.col("_typical"))
    )
    return [
        _issue(
            ds,
            row,
            Severity.WARNING,
            "outlier",
            f"{row['value']:g} is far outside this KPI's own history (nearby quarters "
            f"are around {row['_local']:g}); check for a typing or unit error",
            "value",
        )
        for row in flagged.iter_rows(named=True)
    ]


def percentages(ds: Dataset, rated: pl.DataFrame) -> list[Issue]:
    pct = rated.filter(
        pl.col("unit").str.strip_chars().str.to_lowercase().is_in(list(PERCENT_UNITS))
    )
    issues = []
    for column in ("value", "target", "floor"):
        bad = pct.filter((pl.col(column) < 0) | (pl.col(column) > 100))
        issues += [
            _issue(
                ds,
                row,
                Severity.WARNING,
                "percent-range",
                f"the {column} {row[column]:g}% is outside 0–100",
                column,
            )
            for row in bad.iter_rows(named=True)
        ]
    return issues


def find_issues(analysis: Analysis) -> Findings:
    """Every finding: the configuration's, the loader's and the cross-row checks', most
    severe first."""
    ds = analysis.dataset
    rated = analysis.rated
    found: list[Findings | list[Issue]] = [list(analysis.config_source.warnings), ds.issues]
    for check in (threshold_changes, floor_side, published_rag, stale, gaps, outliers, percentages):
        found.append(check(ds, rated))
    return worst_first(Findings.concat(found))


_CACHE: WeakKeyDictionary[Analysis, Findings] = WeakKeyDictionary()


def cached_issues(analysis: Analysis) -> Findings:
    """`find_issues`, computed once per loaded analysis (the TUI asks often)."""
    if analysis not in _CACHE:
        _CACHE[analysis] = find_issues(analysis)
    return _CACHE[analysis]


def counted(analysis: Analysis) -> str:
    """Whose rows the findings cover, in words, so that the app's totals and those of
    ``qpr validate`` (which reads every organisation's rows) can be compared."""
    from qpr_tui.views.text import clean

    home = clean(analysis.organisation) or "the home organisation"
    others = len(analysis.organisations) - 1
    if not analysis.has_peers:
        return "counted over every row"
    if analysis.dataset.home is not None:  # loaded for the home organisation
        return (
            f"counted over the rows of {home}, the home organisation ('qpr validate' also "
            f"counts the other {others:,} organisations')"
        )
    return (
        f"counted over the rows of all {others + 1:,} organisations (the checks across "
        f"quarters: {home}'s only)"
    )


def counts(issues: Findings) -> dict[str, int]:
    """How many findings of each severity, most severe first."""
    tally = dict(issues.frame.get_column("severity").value_counts().iter_rows())
    return {s.value: int(tally.get(s.value, 0)) for s in SEVERITY_ORDER}


def flagged_kpis(issues: Findings) -> dict[str, Severity]:
    """The worst finding per KPI (for flags in the TUI's tables)."""
    rank = pl.col("severity").replace_strict(SEVERITY_RANK, return_dtype=pl.Int8)
    worst = (
        issues.frame.filter(pl.col("kpi_id") != "")
        .group_by("kpi_id", maintain_order=True)
        .agg(rank.min().alias("_rank"))
    )
    severity = {rank: Severity(value) for value, rank in SEVERITY_RANK.items()}
    return {kpi: severity[rank] for kpi, rank in worst.iter_rows()}
