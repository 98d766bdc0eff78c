"""Direction of Travel: is each KPI improving, stable, or getting worse?

Polarity is folded in first: the series analysed is the value (higher is better), minus the
value (lower is better), or minus the distance from target (close to target), so "up" always
means "better" and one set of rules serves every KPI.

Methods (``[dot] method``):

- ``regression`` (KCC since 2020/21, the default): an ordinary least squares slope over the
  last ``window`` quarters up to the reported one; a positive or negative trend only when the
  slope's two-sided p-value is below ``significance`` and at least ``min_points`` values exist.
- ``previous``: the change since the previous quarter.
- ``year``: the change since the same quarter a year earlier.
- ``spc``: NHS "Making Data Count" rules on the whole series (astronomical point, shift,
  trend, two of three beyond two sigma); below 15 points it falls back to regression and
  says so.

A KPI with no value in the reported quarter gets no Direction of Travel.

A monthly KPI's direction comes from its months (`qpr_tui.model.Dataset.months`): the window
is ``window * 3`` months ending at its latest month in the quarter, ``previous`` compares with
the month before, ``year`` with the same month a year earlier. In a dataset of annual KPIs
the periods are years: ``window`` years, the previous year.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise

import polars as pl

from qpr_tui.analysis.stats import t_two_sided_p
from qpr_tui.config import DotConfig
from qpr_tui.periods import UK, Calendar, month_ordinal
from qpr_tui.vocabulary import DATA_ONLY, LOWER, NEGATIVE, POSITIVE, STABLE, TARGET

KEYS = ["organisation", "kpi_id"]
SPC_MIN_POINTS = 15


@dataclass(frozen=True)
class Unit:
    """The periods a series is measured in: ``step`` ordinals apart, ``per_window`` of them
    for each period of ``[dot] window``, ``per_year`` in a year."""

    word: str
    step: int
    per_window: int
    per_year: int


QUARTERS = Unit("quarter", 1, 1, 4)
YEARS = Unit("year", 4, 1, 1)
MONTHS = Unit("month", 1, 3, 12)

DOT_SCHEMA = {
    "organisation": pl.String,
    "kpi_id": pl.String,
    "dot": pl.String,
    "dot_detail": pl.String,
    "slope": pl.Float64,
    "p_value": pl.Float64,
    "n_points": pl.Int32,
}


def better_expr() -> pl.Expr:
    """The value oriented so that larger always means better."""
    v = pl.col("value")
    return (
        pl.when(pl.col("polarity") == LOWER)
        .then(-v)
        .when(pl.col("polarity") == TARGET)
        .then(-(v - pl.col("target")).abs())
        .when(pl.col("polarity") == DATA_ONLY)
        .then(None)
        .otherwise(v)
    )


def _window(rated: pl.DataFrame, period: int, first: int) -> pl.DataFrame:
    return rated.filter(
        pl.col("period").is_between(first, period) & pl.col("value").is_not_null()
    ).with_columns(better_expr().alias("_y"))


def _current(rated: pl.DataFrame, period: int) -> pl.DataFrame:
    """KPIs that get a Direction of Travel: a value this period and a good direction."""
    return rated.filter(
        (pl.col("period") == period)
        & pl.col("value").is_not_null()
        & (pl.col("polarity") != DATA_ONLY)
    ).select(KEYS)


def regression(
    rated: pl.DataFrame, period: int, cfg: DotConfig, unit: Unit = QUARTERS
) -> pl.DataFrame:
    """OLS slope of the better-oriented value against the period's number, per KPI."""
    first = period - (cfg.window * unit.per_window - 1) * unit.step
    points = _window(rated, period, first).drop_nulls("_y")
    x, y = pl.col("period").cast(pl.Float64) / unit.step, pl.col("_y")
    stats = points.group_by(KEYS).agg(
        pl.len().alias("n"),
        ((x - x.mean()) * (y - y.mean())).sum().alias("sxy"),
        ((x - x.mean()) ** 2).sum().alias("sxx"),
        ((y - y.mean()) ** 2).sum().alias("syy"),
    )
    stats = _current(rated, period).join(stats, on=KEYS, how="left").with_row_index("_row")
    needed = max(cfg.min_points, 3)
    n = pl.col("n").fill_null(0)
    few = (n < needed) | pl.col("sxx").is_null() | (pl.col("sxx") == 0)
    too_few = stats.filter(few).select(
        "_row",
        *KEYS,
        pl.lit(STABLE).alias("dot"),
        pl.concat_str(
            pl.lit("too few points for a trend ("),
            n.cast(pl.String),
            pl.lit(f" of {needed} needed)"),
        ).alias("dot_detail"),
        pl.lit(None, pl.Float64).alias("slope"),
        pl.lit(None, pl.Float64).alias("p_value"),
        n.cast(pl.Int32).alias("n_points"),
    )
    trends = stats.filter(~few)
    rows = [
        (row, org, kpi, *_trend(n, sxy, sxx, syy, cfg, unit))
        for row, org, kpi, n, sxy, sxx, syy in trends.iter_rows()
    ]
    fitted = pl.DataFrame(rows, schema={"_row": stats.schema["_row"], **DOT_SCHEMA}, orient="row")
    return pl.concat([too_few, fitted]).sort("_row").drop("_row")


def _trend(
    n: int, sxy: float, sxx: float, syy: float, cfg: DotConfig, unit: Unit
) -> tuple[str, str, float, float, int]:
    """A KPI's direction from its regression sums: the slope and its two-sided p-value
    against the configured significance."""
    slope = sxy / sxx
    rss = max(syy - slope * sxy, 0.0)
    if slope == 0:
        p = 1.0
    elif rss <= 1e-12 * max(syy, 1e-300):
        p = 0.0
    else:
        t = slope / math.sqrt(rss / (n - 2) / sxx)
        p = t_two_sided_p(t, n - 2)
    if p < cfg.significance:
        direction = POSITIVE if slope > 0 else NEGATIVE
    else:
        direction = STABLE
    detail = (
        f"slope {slope:+.3g} per {unit.word} (better-is-up) over {n} {unit.word}s, "
        f"p = {p:.3f} vs {cfg.significance:g}"
    )
    return direction, detail, slope, p, n


def compare(
    rated: pl.DataFrame, period: int, cfg: DotConfig, lag: int, unit: Unit = QUARTERS
) -> pl.DataFrame:
    """Two-point comparison with the value ``lag`` ordinals earlier."""
    now = _window(rated, period, period).select(*KEYS, "_y", "value")
    then = _window(rated, period - lag, period - lag).select(
        *KEYS, pl.col("_y").alias("_y0"), pl.col("value").alias("_v0")
    )
    joined = _current(rated, period).join(now, on=KEYS, how="left").join(then, on=KEYS, how="left")
    what = f"the previous {unit.word}" if lag == unit.step else f"the same {unit.word} last year"
    rows = []
    for org, kpi, y, _v, y0, v0 in joined.iter_rows():
        if y0 is None or y is None:
            rows.append((org, kpi, STABLE, f"no value for {what} to compare with", None, None, 1))
            continue
        change = y - y0
        allowed = cfg.stable_tolerance / 100 * abs(v0)
        direction = (
            STABLE if abs(change) <= allowed + 1e-12 else (POSITIVE if change > 0 else NEGATIVE)
        )
        detail = f"change of {change:+.3g} (better-is-up) since {what}"
        if cfg.stable_tolerance:
            detail += f"; changes within {cfg.stable_tolerance:g}% count as stable"
        rows.append((org, kpi, direction, detail, change, None, 2))
    return pl.DataFrame(rows, schema=DOT_SCHEMA, orient="row")


@dataclass(frozen=True)
class SpcResult:
    direction: str
    rule: str
    mean: float
    upper: float
    lower: float


def spc_classify(ys: list[float], shift: int = 7, trend: int = 7) -> SpcResult:
    """Classify the last point of a better-is-up series by the Making Data Count rules.

    Precedence follows NHS guidance: trend, then shift, then two of three, then a single
    point outside the process limits.
    """
    n = len(ys)
    mean = sum(ys) / n
    moving = [abs(b - a) for a, b in pairwise(ys)]
    mr = sum(moving) / len(moving) if moving else 0.0
    upper, lower = mean + 2.66 * mr, mean - 2.66 * mr
    near_up, near_low = mean + 1.773 * mr, mean - 1.773 * mr

    def result(direction: str, rule: str) -> SpcResult:
        return SpcResult(direction, rule, mean, upper, lower)

    tail = ys[-trend:]
    if len(tail) == trend:
        steps = [b - a for a, b in pairwise(tail)]
        if all(s > 0 for s in steps):
            return result(POSITIVE, f"trend: {trend} points rising")
        if all(s < 0 for s in steps):
            return result(NEGATIVE, f"trend: {trend} points falling")
    run = ys[-shift:]
    if len(run) == shift:
        if all(y > mean for y in run):
            return result(POSITIVE, f"shift: {shift} points above the mean")
        if all(y < mean for y in run):
            return result(NEGATIVE, f"shift: {shift} points below the mean")
    last3 = ys[-3:]
    if len(last3) == 3 and mr > 0:
        if all(y > mean for y in last3) and sum(y > near_up for y in last3) >= 2:
            return result(POSITIVE, "two of three points beyond two sigma, above the mean")
        if all(y < mean for y in last3) and sum(y < near_low for y in last3) >= 2:
            return result(NEGATIVE, "two of three points beyond two sigma, below the mean")
    if mr > 0 and ys[-1] > upper:
        return result(POSITIVE, "latest point above the upper process limit")
    if mr > 0 and ys[-1] < lower:
        return result(NEGATIVE, "latest point below the lower process limit")
    return result(STABLE, "common cause variation")


def spc(rated: pl.DataFrame, period: int, cfg: DotConfig, unit: Unit = QUARTERS) -> pl.DataFrame:
    series = (
        _window(rated, period, -(2**30))
        .drop_nulls("_y")
        .sort("period")
        .group_by(KEYS, maintain_order=True)
        .agg(pl.col("_y"))
    )
    fallback = regression(rated, period, cfg, unit)
    fallback_map = {(r[0], r[1]): r for r in fallback.iter_rows()}
    current = _current(rated, period).join(series, on=KEYS, how="left")
    rows = []
    for org, kpi, ys in current.iter_rows():
        ys = ys or []
        if len(ys) < SPC_MIN_POINTS:
            base = fallback_map[(org, kpi)]
            rows.append(
                (
                    org,
                    kpi,
                    base[2],
                    f"{len(ys)} points, fewer than the "
                    f"{SPC_MIN_POINTS} SPC needs, so regression was used: {base[3]}",
                    base[4],
                    base[5],
                    base[6],
                )
            )
            continue
        res = spc_classify(list(ys), cfg.spc_shift, cfg.spc_trend)
        rows.append(
            (org, kpi, res.direction, f"SPC ({len(ys)} points): {res.rule}", None, None, len(ys))
        )
    return pl.DataFrame(rows, schema=DOT_SCHEMA, orient="row")


def direction_of_travel(
    rated: pl.DataFrame,
    period: int,
    cfg: DotConfig,
    months: pl.DataFrame | None = None,
    calendar: Calendar = UK,
) -> pl.DataFrame:
    """One row per KPI with a value in ``period``: ``dot`` and a plain-words ``dot_detail``.

    ``months`` (organisation, kpi_id, month, value) are the monthly KPIs' months: their
    direction comes from them (see the module docstring)."""
    found = _method(rated, period, cfg, YEARS if calendar.annual else QUARTERS)
    if months is None or months.height == 0:
        return found
    series = monthly_series(rated, months, period, calendar)
    if series.height == 0:
        return found
    latest = calendar.end_month(period)
    by_month = _method(series, month_ordinal(latest.year, latest.month), cfg, MONTHS)
    by_month = by_month.join(found.select(KEYS), on=KEYS, how="semi")
    return pl.concat([found.join(by_month.select(KEYS), on=KEYS, how="anti"), by_month])


def _method(rated: pl.DataFrame, period: int, cfg: DotConfig, unit: Unit) -> pl.DataFrame:
    if cfg.method == "previous":
        return compare(rated, period, cfg, unit.step, unit)
    if cfg.method == "year":
        return compare(rated, period, cfg, unit.step * unit.per_year, unit)
    if cfg.method == "spc":
        return spc(rated, period, cfg, unit)
    return regression(rated, period, cfg, unit)


def monthly_series(
    rated: pl.DataFrame, months: pl.DataFrame, period: int, calendar: Calendar
) -> pl.DataFrame:
    """The months up to quarter ``period`` of the KPIs with a month in it, as rows shaped
    like ``rated`` (``period`` holds the month), each KPI's latest month in the quarter moved
    to the quarter's last month (so a quarter reported on its second month is still current)
    with its earlier months moved with it; polarity and target are the quarter's."""
    shifted = pl.col("month") - (calendar.year_start - 1)
    quarter = (shifted // 12 * 4 + shifted % 12 // 3).alias("_quarter")
    series = months.with_columns(quarter).filter(pl.col("_quarter") <= period)
    latest = (
        series.filter(pl.col("_quarter") == period)
        .group_by(KEYS)
        .agg(pl.col("month").max().alias("_latest"))
    )
    end = calendar.end_month(period)
    attrs = rated.filter(pl.col("period") == period).select(*KEYS, "polarity", "target")
    return (
        series.join(latest, on=KEYS)
        .join(attrs, on=KEYS)
        .select(
            *KEYS,
            (pl.col("month") + month_ordinal(end.year, end.month) - pl.col("_latest"))
            .cast(pl.Int32)
            .alias("period"),
            "value",
            "polarity",
            "target",
        )
    )
