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

from qpr_tui.vocabulary import HIGHER, LOWER, TARGET

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

FIELD_SCHEMA = {
    "organisation": pl.String,
    "kpi_id": pl.String,
    "period": pl.Int32,
    "value": pl.Float64,
    "rank": pl.Int64,
    "of": pl.Int64,
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
    """Larger is better: value, minus value, or minus distance from the home target; null
    when the KPI has no good direction or its polarity is unknown."""
    v = pl.col("value")
    return (
        pl.when(polarity == LOWER)
        .then(-v)
        .when(polarity == TARGET)
        .then(-(v - target).abs())
        .when(polarity == HIGHER)
        .then(v)
        .otherwise(None)
    )


def _field(values: pl.DataFrame, group: PeerGroup | None) -> pl.LazyFrame:
    """The organisations compared that have a value, one row each per KPI and period."""
    frame = values.lazy().filter(pl.col("value").is_not_null())
    if group is not None and group.members is not None:
        frame = frame.filter(pl.col("organisation").is_in(list(group.members)))
    return frame.select("organisation", "kpi_id", "period", "value")


def _directions(kpis: pl.DataFrame) -> pl.LazyFrame:
    """Per KPI and period: the polarity and target that orient the ranks, with ``_latest``,
    the KPI's polarity in the home organisation's latest row, for the periods the home has
    no row for (polarity belongs to the KPI; the target to the period)."""
    rows = kpis.lazy().select("kpi_id", "period", "polarity", "target")
    return rows.with_columns(
        pl.col("polarity").sort_by("period").last().over("kpi_id").alias("_latest")
    )


def field_ranks(
    values: pl.DataFrame, kpis: pl.DataFrame, group: PeerGroup | None = None
) -> pl.DataFrame:
    """Every compared organisation's value and rank per KPI and period (``FIELD_SCHEMA``).

    ``values``: organisation, kpi_id, period, value (every organisation; nulls leave the
    field). ``kpis``: kpi_id, period, polarity, target of the home organisation, whose
    polarity orients the ranks; a KPI with no good direction, or none known, gets no ranks.
    """
    keys = ["kpi_id", "period"]
    directions = _directions(kpis)
    latest = directions.select("kpi_id", "_latest").unique("kpi_id")
    frame = (
        _field(values, group)
        .join(directions.drop("_latest"), on=keys, how="left")
        .join(latest, on="kpi_id", how="left")
        .with_columns(pl.col("polarity").fill_null(pl.col("_latest")))
        .with_columns(_oriented(pl.col("polarity"), pl.col("target")).alias("_score"))
    )
    ranked = frame.with_columns(
        pl.col("_score")
        .rank(method="min", descending=True)
        .over(keys)
        .cast(pl.Int64)
        .alias("rank"),
        pl.len().over(keys).cast(pl.Int64).alias("of"),
    )
    return ranked.select(list(FIELD_SCHEMA)).collect().sort([*keys, "rank", "organisation"])


def _spread(field: pl.DataFrame) -> pl.DataFrame:
    """Median, quartiles, extremes and count of the field's values per KPI and period."""
    return field.group_by("kpi_id", "period").agg(
        pl.col("value").median().alias("median"),
        pl.col("value").quantile(0.25, interpolation="linear").alias("p25"),
        pl.col("value").quantile(0.75, interpolation="linear").alias("p75"),
        pl.col("value").min().alias("minimum"),
        pl.col("value").max().alias("maximum"),
        pl.len().cast(pl.Int64).alias("of"),
    )


def benchmark(
    values: pl.DataFrame, kpis: pl.DataFrame, home: str, group: PeerGroup | None = None
) -> pl.DataFrame:
    """Per KPI and period: the home value, rank, field size, quartile and spread.

    A row for every KPI and period that the field has a value for, whatever the home
    organisation has (its value and rank are then null), and for every KPI and period of
    ``kpis`` in a period of ``values`` (the field may then be empty: ``of`` 0). ``values``
    and ``kpis`` as for `field_ranks`: ``values`` holds the periods wanted, ``kpis`` may hold
    every period (for the polarity of a KPI the home has no row for in a period wanted).
    """
    keys = ["kpi_id", "period"]
    field = field_ranks(values, kpis, group)
    mine = field.filter(pl.col("organisation") == home).select(*keys, "value", "rank")
    home_keys = kpis.select(keys).join(values.select("period").unique(), on="period", how="semi")
    out = (
        pl.concat([home_keys, field.select(keys)])
        .unique()
        .join(_spread(field), on=keys, how="left")
        .join(mine, on=keys, how="left")
    )
    out = out.with_columns(
        pl.when(pl.col("rank").is_not_null() & (pl.col("of") >= MIN_FOR_QUARTILES))
        .then((pl.col("rank") * 4 / pl.col("of")).ceil().clip(1, 4).cast(pl.Int64))
        .alias("quartile"),
        pl.col("of").fill_null(0),
    )
    return out.select(list(BENCH_SCHEMA)).sort(keys)


def _home_rank(polarity: pl.Expr, target: pl.Expr) -> pl.Expr:
    """The home rank from the field's counts (`qpr_tui.ingest.field`): one more than the
    values better than the home value, as `field_ranks` ranks them."""
    return (
        pl.when(polarity == HIGHER)
        .then(pl.col("above"))
        .when(polarity == LOWER)
        .then(pl.col("below"))
        .when((polarity == TARGET) & target.is_not_null())
        .then(pl.col("closer"))
        .otherwise(None)
        + 1
    ).cast(pl.Int64)


def field_benchmark(stats: pl.DataFrame, present: pl.DataFrame, kpis: pl.DataFrame) -> pl.DataFrame:
    """`benchmark` from the field's statistics instead of its rows (a benchmarking file read
    for its home organisation; see `qpr_tui.ingest.field`).

    ``stats``: `FIELD_STATS_SCHEMA` rows of the KPIs and periods wanted, over the
    organisations compared; ``present``: the periods among them that any organisation has a
    row for; ``kpis`` as for `benchmark` (the home organisation's rows)."""
    keys = ["kpi_id", "period"]
    directions = _directions(kpis)
    latest = directions.select("kpi_id", "_latest").unique("kpi_id")
    field = stats.lazy().filter(pl.col("of") > 0)
    mine = (
        kpis.lazy()
        .filter(pl.col("value").is_not_null())
        .select(*keys, "value")
        .join(directions.drop("_latest"), on=keys, how="left")
        .join(latest, on="kpi_id", how="left")
        .with_columns(pl.col("polarity").fill_null(pl.col("_latest")))
        .join(field.select(*keys, "above", "below", "closer"), on=keys, how="inner")
        .select(*keys, "value", _home_rank(pl.col("polarity"), pl.col("target")).alias("rank"))
    )
    home_keys = kpis.lazy().select(keys).join(present.lazy(), on="period", how="semi")
    spread = field.select(*keys, "median", "p25", "p75", "minimum", "maximum", "of")
    out = (
        pl.concat([home_keys, field.select(keys)])
        .unique()
        .join(spread, on=keys, how="left")
        .join(mine, on=keys, how="left")
    )
    out = out.with_columns(
        pl.when(pl.col("rank").is_not_null() & (pl.col("of") >= MIN_FOR_QUARTILES))
        .then((pl.col("rank") * 4 / pl.col("of")).ceil().clip(1, 4).cast(pl.Int64))
        .alias("quartile"),
        pl.col("of").fill_null(0),
    )
    return out.select(list(BENCH_SCHEMA)).collect().sort(keys)
