"""Other organisations of a Parquet benchmarking file, kept as the field's statistics.

A national file (every council, a thousand metrics, a hundred quarters: 40M rows) cannot be
held row by row next to the home organisation's. For such a file the reader reads the home
organisation's rows only (the Parquet scan filters them; see `home_rows`), and the other
organisations' rows stay a lazy query over the file (`peer_rows`) that one streaming
aggregation turns into what benchmarking needs, per KPI and period (`field_statistics`): how
many organisations have a value, the median, quartiles and extremes, and how many values lie
above, below and nearer the home target than the home value (from which `analysis.benchmark`
takes the home rank for any polarity).

The lean path is taken only where it gives exactly what the full read gives: a long Parquet
file with organisation, KPI id, period and value columns, values stored as numbers (no cell
to clean) and every period spelling a quarter (no months to fold into quarters); other files
are read in full. Two rows of one organisation for the same KPI and period are found by the
same aggregation (organisations are told apart by a 64-bit hash of their name), and then
listed by `duplicate_rows` as the full read lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from qpr_tui.ingest.stages.columns import Plan
from qpr_tui.ingest.stages.periods import reading
from qpr_tui.ingest.textfile import TextFile
from qpr_tui.periods import Calendar
from qpr_tui.vocabulary import QUARTER

KEYS = ["kpi_id", "period"]

# Per KPI and period, over the organisations compared (the home one included).
FIELD_STATS_SCHEMA: dict[str, type[pl.DataType] | pl.DataType] = {
    "kpi_id": pl.String,
    "period": pl.Int32,
    "rows": pl.Int64,  # rows, with a value or not
    "organisations": pl.Int64,  # distinct organisations among them
    "of": pl.Int64,  # rows with a value
    "median": pl.Float64,
    "p25": pl.Float64,
    "p75": pl.Float64,
    "minimum": pl.Float64,
    "maximum": pl.Float64,
    "above": pl.Int64,  # values above the home value
    "below": pl.Int64,  # values below it
    "closer": pl.Int64,  # values nearer the home target than the home value
}

# Columns a lean read cannot give as the full read does (values carried from other columns).
_CARRIED = ("previous_value", "year_ago_value")


@dataclass(frozen=True)
class PeerScan:
    """Other organisations' rows of one Parquet file as lazy queries, never collected in
    full: ``rows`` (organisation, kpi_id, period, value), ``lined`` the same with ``_line``
    (the Parquet row), and ``raw`` with the KPI id and period as written (``_kpi_text``,
    ``_period_text``: grouping by them spares trimming and mapping every row). ``periods``
    maps each spelling that is a quarter to its ordinal; ``file_index`` is the file's place in
    `Dataset.sources`."""

    rows: pl.LazyFrame
    lined: pl.LazyFrame
    raw: pl.LazyFrame
    periods: pl.DataFrame
    file_index: int
    names: pl.LazyFrame  # the organisation column's distinct names, in order, as written
    home: str


def lean_source(tf: TextFile, plan: Plan) -> bool:
    """Whether ``tf`` is read for its home organisation only (see the module docstring)."""
    wanted = ("organisation", "kpi_id", "period", "value")
    if not (tf.parquet and plan.split and plan.home is not None) or plan.wide:
        return False
    if plan.fixed or plan.catalogue or not all(plan.has(name) for name in wanted):
        return False
    if any(plan.has(name) for name in _CARRIED):
        return False
    schema = pl.scan_parquet(tf.path, glob=False).collect_schema()
    return schema[tf.header[plan.index["value"]]].is_numeric()


def home_rows(column: str, home: str) -> pl.Expr:
    """The rows of ``column`` (organisation names) that are the home organisation's: a
    blank name is, as the stage *organisations* reads it."""
    name = pl.col(column).cast(pl.String)
    trimmed = name.str.strip_chars()
    return name.is_null() | (name == home) | (trimmed == "") | (trimmed == home)


def _quarters(lf: pl.LazyFrame, column: str, calendar: Calendar) -> pl.DataFrame | None:
    """Each distinct spelling of the period column that is a quarter, with its ordinal; None
    when one is a month or a year."""
    texts = lf.select(pl.col(column).cast(pl.String).unique()).collect().to_series()
    spellings: list[str] = []
    quarters: list[int] = []
    for text in texts.drop_nulls().to_list():
        found = reading(text, calendar)[0]
        if found is not None and found.frequency != QUARTER:
            return None
        if found is not None:
            spellings.append(text)
            quarters.append(calendar.quarter_of(found))
    return pl.DataFrame(
        {"_period_text": spellings, "period": quarters},
        schema={"_period_text": pl.String, "period": pl.Int32},
    )


def peer_rows(tf: TextFile, plan: Plan, calendar: Calendar, file_index: int) -> PeerScan | None:
    """The other organisations' rows with a readable period, as lazy queries; None when a
    period spelling is not a quarter (months are folded by the full read)."""
    lf = pl.scan_parquet(tf.path, glob=False)
    header = {
        name: tf.header[plan.index[name]] for name in ("organisation", "kpi_id", "period", "value")
    }
    periods = _quarters(lf, header["period"], calendar)
    if periods is None:
        return None

    def raw(frame: pl.LazyFrame, *extra: str) -> pl.LazyFrame:
        return frame.filter(~home_rows(header["organisation"], str(plan.home))).select(
            pl.col(header["organisation"]).cast(pl.String).str.strip_chars().alias("organisation"),
            pl.col(header["kpi_id"]).cast(pl.String).alias("_kpi_text"),
            pl.col(header["period"]).cast(pl.String).alias("_period_text"),
            pl.col(header["value"]).cast(pl.Float64).alias("value"),
            *extra,
        )

    def rows(frame: pl.LazyFrame, *extra: str) -> pl.LazyFrame:
        # Rows whose period cannot be read are left out, as the full read leaves them.
        return frame.join(
            periods.lazy(), on="_period_text", how="inner", maintain_order="left"
        ).select(
            "organisation",
            pl.col("_kpi_text").str.strip_chars().alias("kpi_id"),
            "period",
            "value",
            *extra,
        )

    lined = rows(raw(lf.with_row_index("_line", offset=1), "_line"), "_line")
    names = lf.select(pl.col(header["organisation"]).cast(pl.String).unique(maintain_order=True))
    return PeerScan(rows(raw(lf)), lined, raw(lf), periods, file_index, names, str(plan.home))


def field_statistics(
    peers: pl.LazyFrame, home: pl.DataFrame, members: frozenset[str] | None = None
) -> pl.DataFrame:
    """`FIELD_STATS_SCHEMA` per KPI and period over the home organisation's rows (``home``:
    the model's frame) and the other organisations' (``peers``: `PeerScan.rows`; only
    ``members`` when given), in one streaming aggregation."""
    if members is not None:
        peers = peers.filter(pl.col("organisation").is_in(sorted(members)))
    rows = pl.concat([peers, home.lazy().select("organisation", *KEYS, "value")])
    return _aggregate(rows, _home_values(home), KEYS).collect(engine="streaming")


def whole_field(scan: PeerScan, home: pl.DataFrame) -> tuple[pl.DataFrame, list[str]]:
    """`field_statistics` of every organisation, and the other organisations' names in the
    order of their first rows, from one pass over the file.

    The rows are grouped by KPI id and period as written, and the groups then named by the
    trimmed id and the quarter; when that would join groups (an id written with spaces, a
    quarter spelt two ways) the statistics are taken again from the trimmed, mapped rows."""
    spelling = _spelling(scan.periods)
    if spelling is None:
        return field_statistics(scan.rows, home), organisations(scan)
    texts = home.join(spelling, on="period", how="left").with_columns(
        pl.col("_period_text").fill_null(pl.format("\x00{}", pl.col("period"))),
        pl.col("kpi_id").alias("_kpi_text"),
    )
    own = texts.lazy().select("organisation", "_kpi_text", "_period_text", "value")
    mine = _home_values(texts, ["_kpi_text", "_period_text"])
    grouped = _aggregate(pl.concat([scan.raw, own]), mine, ["_kpi_text", "_period_text"])
    stats = grouped.collect(engine="streaming")
    if (stats.get_column("_kpi_text") != stats.get_column("_kpi_text").str.strip_chars()).any():
        return field_statistics(scan.rows, home), organisations(scan)
    named = stats.join(scan.periods, on="_period_text", how="inner")
    named = named.with_columns(pl.col("_kpi_text").alias("kpi_id"))
    return _typed(named.lazy()).collect(), organisations(scan)


def _spelling(periods: pl.DataFrame) -> pl.DataFrame | None:
    """period -> its one spelling; None when a quarter is spelt in more than one way."""
    if periods.get_column("period").n_unique() < periods.height:
        return None
    return periods.select("period", "_period_text")


def _home_values(home: pl.DataFrame, keys: list[str] = KEYS) -> pl.DataFrame:
    mine = home.select(*keys, pl.col("value").alias("_home"), pl.col("target").alias("_target"))
    return mine.unique(keys, keep="first", maintain_order=True)


def _aggregate(rows: pl.LazyFrame, mine: pl.DataFrame, keys: list[str]) -> pl.LazyFrame:
    """The statistics of ``rows`` (organisation, ``keys``, value) per ``keys``, against the
    home value and target of ``mine``.

    The values and the organisations' hashes are gathered into one list per group, and the
    median, quartiles and distinct organisations taken from the lists: the same numbers as
    the group-by's own ``median`` and ``quantile``, which hold a copy of the values each."""
    v, h, t = pl.col("value"), pl.col("_home"), pl.col("_target")
    counts = [pl.len().alias("rows"), v.count().alias("of")]
    counts.append(pl.col("organisation").hash().n_unique().alias("organisations"))
    counts += [(v > h).sum().alias("above"), (v < h).sum().alias("below")]
    counts.append(((v - t).abs() < (h - t).abs()).sum().alias("closer"))
    lists = [v.drop_nulls().alias("_values")]
    joined = rows.join(mine.lazy(), on=keys, how="left")
    values = pl.col("_values").list
    stats = (
        joined.group_by(keys)
        .agg(*counts, *lists)
        .with_columns(
            values.median().alias("median"),
            values.eval(pl.element().quantile(0.25, interpolation="linear"))
            .list.first()
            .alias("p25"),
            values.eval(pl.element().quantile(0.75, interpolation="linear"))
            .list.first()
            .alias("p75"),
            values.min().alias("minimum"),
            values.max().alias("maximum"),
        )
    )
    stats = stats.drop("_values")
    return stats if keys != KEYS else _typed(stats)


def _typed(stats: pl.LazyFrame) -> pl.LazyFrame:
    return stats.select(pl.col(name).cast(dtype) for name, dtype in FIELD_STATS_SCHEMA.items())


def organisations(scan: PeerScan) -> list[str]:
    """The other organisations, in the order of their first rows (the distinct names as
    written are few: they are trimmed here, not on every row)."""
    written = scan.names.collect(engine="streaming").to_series().drop_nulls().to_list()
    trimmed = (name.strip() for name in written)
    return list(dict.fromkeys(name for name in trimmed if name and name != scan.home))


def duplicate_rows(scan: PeerScan, stats: pl.DataFrame) -> pl.DataFrame:
    """The other organisations' rows of the KPIs and periods where one organisation has
    several (``organisation``, ``kpi_id``, ``period``, ``_file``, ``_line``), for
    `combine.duplicates`; empty when there are none."""
    repeated = stats.filter(pl.col("organisations") < pl.col("rows")).select(KEYS)
    if repeated.height == 0:
        return pl.DataFrame(schema=_DUPLICATE_SCHEMA)
    return (
        scan.lined.join(repeated.lazy(), on=KEYS, how="semi")
        .select(
            "organisation",
            *KEYS,
            pl.lit(scan.file_index, dtype=pl.Int32).alias("_file"),
            pl.col("_line").cast(pl.Int64),
        )
        .collect()
    )


_DUPLICATE_SCHEMA: dict[str, type[pl.DataType] | pl.DataType] = {
    "organisation": pl.String,
    "kpi_id": pl.String,
    "period": pl.Int32,
    "_file": pl.Int32,
    "_line": pl.Int64,
}
