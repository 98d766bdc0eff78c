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
same aggregation (each group gathers a small number per organisation, given to the distinct
names as written, and counts the distinct ones), and then listed by `duplicate_rows` as the
full read lists them.

The aggregation holds as little per row as it can, since exact medians need every value of a
group at once: the KPI ids and periods as categoricals, the organisation as that number, the
value; the home value and target are joined to the groups, not to the rows.
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
    "organisations": pl.Int64,  # distinct organisations among them (null for a peer group)
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
    full: ``rows`` (organisation, kpi_id, period, value) and ``lined`` the same with
    ``_line`` (the Parquet row); ``source`` is the file's scan and ``columns`` its columns of
    organisation, kpi_id, period and value (`coded_rows` reads them as written: grouping by
    them spares trimming and mapping every row). ``periods`` maps each spelling that is a
    quarter to its ordinal; ``file_index`` is the file's place in `Dataset.sources`."""

    rows: pl.LazyFrame
    lined: pl.LazyFrame
    source: pl.LazyFrame
    columns: dict[str, str]
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
            _finite(header["value"]).alias("value"),
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
    home = str(plan.home)
    return PeerScan(rows(raw(lf)), lined, lf, header, periods, file_index, names, home)


def coded_rows(scan: PeerScan, written: list[str]) -> pl.LazyFrame:
    """The other organisations' rows of ``scan`` as the aggregation holds them: ``_org`` a
    number per organisation (trimmed: names written with spaces are one organisation; the
    home organisation's rows left out, as `home_rows` tells them), ``_kpi_text`` and
    ``_period_text`` as written, as categoricals, and ``value``. ``written``: the distinct
    names as written (`PeerScan.names`, without null), which every row's name is one of."""
    number = _numbers(written, scan.home)
    name = pl.col(scan.columns["organisation"]).cast(pl.String).cast(pl.Enum(written))
    return scan.source.select(
        pl.lit(number).gather(name.to_physical()).alias("_org"),
        _category(scan.columns["kpi_id"]).alias("_kpi_text"),
        _category(scan.columns["period"]).alias("_period_text"),
        _finite(scan.columns["value"]).alias("value"),
    ).filter(pl.col("_org").is_not_null())


def _finite(column: str) -> pl.Expr:
    """The values of ``column`` as numbers; ``inf`` and ``nan`` are missing, as the full read
    reads them."""
    number = pl.col(column).cast(pl.Float64)
    return pl.when(number.is_finite()).then(number)


def _category(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.String).cast(pl.Categorical)


def _numbers(written: list[str], home: str) -> pl.Series:
    """Per name of ``written``: the place of its trimmed spelling among the other
    organisations' (from 1: 0 is the home organisation's number), null for a name of the home
    organisation. Trimmed and told as the rows' own expressions would (`home_rows`)."""
    names = pl.DataFrame({"name": written}, schema={"name": pl.String})
    marked = names.select(
        pl.col("name").str.strip_chars().alias("trimmed"), home_rows("name", home).alias("home")
    )
    places: dict[str, int] = {}
    numbers: list[int | None] = []
    for trimmed, is_home in marked.iter_rows():
        numbers.append(None if is_home else places.setdefault(trimmed, len(places) + 1))
    small = len(places) < 2**16  # two bytes a row, held for every row of the file
    return pl.Series("_org", numbers, dtype=pl.UInt16 if small else pl.UInt32)


def field_statistics(
    peers: pl.LazyFrame, home: pl.DataFrame, members: frozenset[str] | None = None
) -> pl.DataFrame:
    """`FIELD_STATS_SCHEMA` per KPI and period over the home organisation's rows (``home``:
    the model's frame) and the other organisations' (``peers``: `PeerScan.rows`; only
    ``members`` when given, and then without ``organisations``: the whole field's statistics
    tell the repeated rows), in one streaming aggregation."""
    if members is not None:
        peers = peers.filter(pl.col("organisation").is_in(sorted(members)))
    rows = pl.concat([peers, home.lazy().select("organisation", *KEYS, "value")])
    numbered = rows.select(
        pl.col("organisation").cast(pl.Categorical).to_physical().alias("_org"), *KEYS, "value"
    )
    stats = _aggregate(numbered, _home_values(home), KEYS, repeats=members is None)
    return stats.collect(engine="streaming")


def whole_field(scan: PeerScan, home: pl.DataFrame) -> tuple[pl.DataFrame, list[str]]:
    """`field_statistics` of every organisation, and the other organisations' names in the
    order of their first rows, from one pass over the file.

    The rows are grouped by KPI id and period as written, and the groups then named by the
    trimmed id and the quarter; when that would join groups (an id written with spaces, a
    quarter spelt two ways) the statistics are taken again from the trimmed, mapped rows."""
    written = scan.names.collect(engine="streaming").to_series().drop_nulls().to_list()
    names = _others(written, scan.home)
    spelling = _spelling(scan.periods)
    if spelling is None:
        return field_statistics(scan.rows, home), names
    texts = home.join(spelling, on="period", how="left").with_columns(
        pl.col("_period_text").fill_null(pl.format("\x00{}", pl.col("period"))),
        pl.col("kpi_id").alias("_kpi_text"),
    )
    others = coded_rows(scan, written)
    number = others.collect_schema()["_org"]
    own = texts.lazy().select(
        pl.lit(0, dtype=number).alias("_org"), *map(_category, _TEXTS), "value"
    )
    mine = _home_values(texts, _TEXTS).with_columns(map(_category, _TEXTS))
    grouped = _aggregate(pl.concat([others, own]), mine, _TEXTS)
    stats = grouped.collect(engine="streaming").with_columns(pl.col(_TEXTS).cast(pl.String))
    if (stats.get_column("_kpi_text") != stats.get_column("_kpi_text").str.strip_chars()).any():
        return field_statistics(scan.rows, home), names
    named = stats.join(scan.periods, on="_period_text", how="inner")
    named = named.with_columns(pl.col("_kpi_text").alias("kpi_id"))
    return _typed(named.lazy()).collect(), names


_TEXTS = ["_kpi_text", "_period_text"]  # the KPI id and period as written


def _spelling(periods: pl.DataFrame) -> pl.DataFrame | None:
    """period -> its one spelling; None when a quarter is spelt in more than one way."""
    if periods.get_column("period").n_unique() < periods.height:
        return None
    return periods.select("period", "_period_text")


def _home_values(home: pl.DataFrame, keys: list[str] = KEYS) -> pl.DataFrame:
    mine = home.select(*keys, pl.col("value").alias("_home"), pl.col("target").alias("_target"))
    return mine.unique(keys, keep="first", maintain_order=True)


def _aggregate(
    rows: pl.LazyFrame, mine: pl.DataFrame, keys: list[str], repeats: bool = True
) -> pl.LazyFrame:
    """The statistics of ``rows`` (``_org``: a number per organisation, ``keys``, value) per
    ``keys``, against the home value and target of ``mine``; ``repeats``: with the number of
    distinct organisations (null without).

    Each group gathers its values and organisations' numbers into lists, and the median,
    quartiles, distinct organisations and the counts against the home value are taken from
    the lists: the same numbers as the group-by's own ``median``, ``quantile`` and
    ``n_unique``, which hold a copy of the rows or a set each, and as comparing every row
    with a home value joined to it, which holds the home value and target per row."""
    v = pl.col("value")
    gathered = [pl.len().alias("rows"), v.count().alias("of"), v.drop_nulls().alias("_values")]
    if repeats:
        gathered.append(pl.col("_org").alias("_orgs"))
    distinct = pl.col("_orgs").list.n_unique() if repeats else pl.lit(None, dtype=pl.Int64)
    values = pl.col("_values").list
    stats = (
        rows.group_by(keys)
        .agg(*gathered)
        .join(mine.lazy(), on=keys, how="left")
        .with_columns(
            distinct.alias("organisations"),
            values.median().alias("median"),
            values.eval(pl.element().quantile(0.25, interpolation="linear"))
            .list.first()
            .alias("p25"),
            values.eval(pl.element().quantile(0.75, interpolation="linear"))
            .list.first()
            .alias("p75"),
            values.min().alias("minimum"),
            values.max().alias("maximum"),
            *_against_home(),
        )
    )
    stats = stats.drop("_values", "_home", "_target", *(["_orgs"] if repeats else []))
    return stats if keys != KEYS else _typed(stats)


def _against_home() -> list[pl.Expr]:
    """How many of a group's values lie above, below and nearer the home target than the
    home value: the home value (and target) put ahead of the values and compared there, by
    the expressions a row would be compared with."""
    e = pl.element()
    value_first = pl.concat_list("_home", "_values").list
    target_first = pl.concat_list("_target", "_home", "_values").list
    closer = (e.slice(2) - e.first()).abs() < (e.get(1) - e.first()).abs()
    return [
        value_first.eval((e.slice(1) > e.first()).sum()).list.first().alias("above"),
        value_first.eval((e.slice(1) < e.first()).sum()).list.first().alias("below"),
        target_first.eval(closer.sum()).list.first().alias("closer"),
    ]


def _typed(stats: pl.LazyFrame) -> pl.LazyFrame:
    return stats.select(pl.col(name).cast(dtype) for name, dtype in FIELD_STATS_SCHEMA.items())


def organisations(scan: PeerScan) -> list[str]:
    """The other organisations, in the order of their first rows."""
    written = scan.names.collect(engine="streaming").to_series().drop_nulls().to_list()
    return _others(written, scan.home)


def _others(written: list[str], home: str) -> list[str]:
    """The distinct names as written, trimmed, without blanks and ``home`` (the names are
    few: they are trimmed here, not on every row)."""
    trimmed = (name.strip() for name in written)
    return list(dict.fromkeys(name for name in trimmed if name and name != home))


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
