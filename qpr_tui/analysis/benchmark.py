"""Benchmarking: where the home organisation stands among others on each KPI.

Ranks are competition ranks (1 is best; tied values share the better rank), oriented by the
KPI's polarity (for close-to-target KPIs, nearer the home target is better). The quartile is
the rank's quarter of the field, ``ceil(rank * 4 / of)``: 1 is the best quarter, so the best
is always in the top quartile and the last in the bottom one. With fewer than four
organisations in the field there are no quarters and the quartile is null. Organisations with
no value for the period are left out of the field, and the home organisation gets no rank
when it has none.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from qpr_tui.vocabulary import DATA_ONLY, LOWER, TARGET

MIN_FOR_QUARTILES = 4  # fewer organisations with a value: no quartile

BENCH_SCHEMA = {
    "kpi_id": pl.String,
    "period": pl.Int32,
    "value": pl.Float64,
    "rank": pl.Int64,
    "of": pl.Int64,
    "quartile": pl.Int64,
    "median": pl.Float64,
    "p25": pl.Float64,
    "p75": pl.Float64,
    "minimum": pl.Float64,
    "maximum": pl.Float64,
}


@dataclass(frozen=True)
class PeerGroup:
    """The organisations compared: all of them, or a named group (with the home one)."""

    name: str | None
    members: frozenset[str] | None
    unknown: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return "all organisations" if self.name is None else f"peer group '{self.name}'"

    @property
    def warning(self) -> str | None:
        if not self.unknown:
            return None
        return (
            f"peer group '{self.name}' names {len(self.unknown)} organisation(s) not in "
            f"the data, left out: {', '.join(self.unknown)}"
        )


def peer_group(
    name: str | None, groups: dict[str, list[str]], organisations: list[str], home: str
) -> PeerGroup:
    """Resolve a peer group by name; ``None`` means all organisations."""
    if name is None:
        return PeerGroup(None, None)
    if name not in groups:
        from qpr_tui.errors import QprError

        known = ", ".join(groups) or "none are configured"
        raise QprError(f"there is no peer group '{name}' ([peer_groups] has: {known}).")
    present = set(organisations)
    unknown = tuple(m for m in groups[name] if m not in present)
    members = frozenset([home, *[m for m in groups[name] if m in present]])
    return PeerGroup(name, members, unknown)


def _oriented(polarity: pl.Expr, target: pl.Expr) -> pl.Expr:
    """Larger is better: value, minus value, or minus distance from the home target."""
    v = pl.col("value")
    return (
        pl.when(polarity == LOWER)
        .then(-v)
        .when(polarity == TARGET)
        .then(-(v - target).abs())
        .when(polarity == DATA_ONLY)
        .then(None)
        .otherwise(v)
    )


def benchmark(
    values: pl.DataFrame, kpis: pl.DataFrame, home: str, group: PeerGroup | None = None
) -> pl.DataFrame:
    """Per KPI and period: the home value, rank, field size, quartile and spread.

    ``values``: organisation, kpi_id, period, value (every organisation).
    ``kpis``: kpi_id, polarity, target (the home organisation's, one row per KPI and period,
    with a ``period`` column).
    """
    frame = values.filter(pl.col("value").is_not_null())
    if group is not None and group.members is not None:
        frame = frame.filter(pl.col("organisation").is_in(list(group.members)))
    frame = frame.join(
        kpis.select("kpi_id", "period", "polarity", "target"), on=["kpi_id", "period"], how="inner"
    )
    frame = frame.with_columns(_oriented(pl.col("polarity"), pl.col("target")).alias("_score"))
    keys = ["kpi_id", "period"]
    ranked = frame.with_columns(
        pl.col("_score")
        .rank(method="min", descending=True)
        .over(keys)
        .cast(pl.Int64)
        .alias("rank"),
        pl.len().over(keys).cast(pl.Int64).alias("of"),
    )
    spread = ranked.group_by(keys).agg(
        pl.col("value").median().alias("median"),
        pl.col("value").quantile(0.25, interpolation="linear").alias("p25"),
        pl.col("value").quantile(0.75, interpolation="linear").alias("p75"),
        pl.col("value").min().alias("minimum"),
        pl.col("value").max().alias("maximum"),
        pl.col("of").first(),
    )
    mine = ranked.filter(pl.col("organisation") == home).select(*keys, "value", "rank")
    out = (
        kpis.select(keys).unique().join(spread, on=keys, how="left").join(mine, on=keys, how="left")
    )
    out = out.with_columns(
        pl.when(pl.col("rank").is_not_null() & (pl.col("of") >= MIN_FOR_QUARTILES))
        .then((pl.col("rank") * 4 / pl.col("of")).ceil().clip(1, 4).cast(pl.Int64))
        .alias("quartile"),
        pl.col("of").fill_null(0),
    )
    return out.select(list(BENCH_SCHEMA)).sort(keys)
