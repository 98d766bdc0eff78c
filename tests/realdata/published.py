"""Published benchmarks, reproduced: compare qpr_tui's figures with what the publishers printed.

Each ``*_mismatches`` function takes an `Analysis` (however its `Dataset` was loaded: through
the ingest, or built directly from the file by `oflog_dataset` / `lgbf_dataset`) and the
published file, and returns the rows where qpr_tui disagrees with the publisher (an empty
frame when every published figure is reproduced). ``period_of`` turns the file's period text
into the dataset's period; by default `qpr_tui.periods.parse_period`.

- Oflog's adult social care file: ``MEDIAN`` per measure and year, the median over the
  authorities with a value (nulls excluded), against `Analysis.benchmark`'s ``median``.
- LGBF's quarterly file: ``ScotRank`` per indicator, period and council against
  `Analysis.field_ranks` (every council's competition rank, oriented by the polarity in the
  indicator catalogue); ``FamilyRank`` against the same ranks within each family group
  (``Key_CodePeriodFamilyGroupDType``) taken as a peer group.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl

from qpr_tui.analysis.benchmark import PeerGroup
from qpr_tui.analysis.summary import Analysis
from qpr_tui.config import Config
from qpr_tui.model import SCHEMA, Dataset, SourceFile
from qpr_tui.periods import ordinal, parse_period
from qpr_tui.vocabulary import DATA_ONLY, HIGHER, LOWER

REAL_DATA = (Path(__file__).resolve().parents[2] / ".." / "shared" / "real-data").resolve()
OFLOG = REAL_DATA / "oflog" / "ASC_data.csv"
LGBF_VALUES = REAL_DATA / "lgbf" / "Indicator Data - Real - Quarterly.csv"
LGBF_INFO = REAL_DATA / "lgbf" / "Indicator Information.csv"

#: Relative difference below which a recomputed median equals the published one (the
#: publisher's medians are printed from floating-point arithmetic done in another order).
MEDIAN_TOLERANCE = 1e-9

#: The publishers' ranking words and the polarity they mean.
OFLOG_POLARITY = {"desc": HIGHER, "asc": LOWER}
LGBF_POLARITY = {"Descending": HIGHER, "Ascending": LOWER}

PeriodOf = Callable[[str], int]


def _period_of(analysis: Analysis, period_of: PeriodOf | None) -> PeriodOf:
    if period_of is not None:
        return period_of
    quarters = analysis.config.year_quarters
    return lambda text: parse_period(text, quarters)


def _periods(frame: pl.DataFrame, column: str, period_of: PeriodOf) -> pl.DataFrame:
    """``frame`` with ``period``: each distinct text of ``column`` parsed once."""
    texts = frame.get_column(column).unique().to_list()
    table = pl.DataFrame(
        {column: texts, "period": [period_of(t) for t in texts]},
        schema={column: pl.String, "period": pl.Int32},
    )
    return frame.join(table, on=column, how="left")


# ---- Oflog --------------------------------------------------------------------------------
def oflog_published(path: Path = OFLOG) -> pl.DataFrame:
    """Code, Financial year, MEDIAN: one published median per measure and year."""
    frame = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    return (
        frame.select("Code", "Financial year", pl.col("MEDIAN").cast(pl.Float64))
        .unique()
        .sort("Code", "Financial year")
    )


def oflog_median_mismatches(
    analysis: Analysis, path: Path = OFLOG, period_of: PeriodOf | None = None
) -> pl.DataFrame:
    """Measures and years whose benchmark median is not the published ``MEDIAN``."""
    published = _periods(oflog_published(path), "Financial year", _period_of(analysis, period_of))
    computed = pl.concat(
        [analysis.benchmark(p) for p in published.get_column("period").unique().to_list()]
    ).select(pl.col("kpi_id").alias("Code"), "period", "median")
    compared = published.join(computed, on=["Code", "period"], how="left")
    difference = (pl.col("median") - pl.col("MEDIAN")).abs()
    agrees = (pl.col("median") == pl.col("MEDIAN")) | (
        difference <= MEDIAN_TOLERANCE * pl.col("MEDIAN").abs()
    )
    return compared.filter(~agrees.fill_null(False))


def oflog_dataset(path: Path = OFLOG) -> Dataset:
    """Oflog's file as a `Dataset`, built with polars alone (years as periods, Q4 ordinals)."""
    raw = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    start = pl.col("Financial year").str.slice(0, 4).cast(pl.Int32)
    frame = raw.select(
        pl.col("Local authority name").alias("organisation"),
        pl.col("Code").alias("kpi_id"),
        pl.col("Measure").alias("indicator"),
        pl.col("Entity_Name").alias("directorate"),
        (start * 4 + 3).cast(pl.Int32).alias("period"),
        pl.col("Value").cast(pl.Float64).alias("value"),
        pl.col("rank_order")
        .str.to_lowercase()
        .replace_strict(OFLOG_POLARITY, default=DATA_ONLY)
        .alias("polarity"),
        (pl.int_range(pl.len()) + 2).cast(pl.Int64).alias("_line"),
    )
    return _dataset(frame, path, raw.columns)


def oflog_period(text: str) -> int:
    """``2016-17`` -> the period `oflog_dataset` gives that year."""
    return ordinal(int(text[:4]), 4)


# ---- LGBF ---------------------------------------------------------------------------------
def lgbf_published(path: Path = LGBF_VALUES) -> pl.DataFrame:
    """Code, LocalAuthority, Period, family, Value, ScotRank, FamilyRank: one row each."""
    frame = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    return frame.select(
        "Code",
        "LocalAuthority",
        "Period",
        pl.col("Key_CodePeriodFamilyGroupDType").str.extract(r"(Family Group \d+)").alias("family"),
        pl.col("Value").cast(pl.Float64),
        pl.col("ScotRank").cast(pl.Float64).cast(pl.Int64),
        pl.col("FamilyRank").cast(pl.Float64).cast(pl.Int64),
    )


def lgbf_families(path: Path = LGBF_VALUES) -> dict[str, list[str]]:
    """Each family group and its councils, as a ``[peer_groups]`` table would list them."""
    pairs = lgbf_published(path).select("family", "LocalAuthority").unique()
    grouped = pairs.group_by("family").agg(pl.col("LocalAuthority").sort()).sort("family")
    return {str(row[0]): list(row[1]) for row in grouped.iter_rows()}


def _rank_mismatches(
    ranks: pl.DataFrame, published: pl.DataFrame, column: str, period_of: PeriodOf
) -> pl.DataFrame:
    published = _periods(published, "Period", period_of)
    ours = ranks.select(
        pl.col("kpi_id").alias("Code"),
        pl.col("organisation").alias("LocalAuthority"),
        "period",
        "rank",
    )
    compared = published.join(ours, on=["Code", "LocalAuthority", "period"], how="left")
    return compared.filter((pl.col("rank") != pl.col(column)).fill_null(True))


def lgbf_scotrank_mismatches(
    analysis: Analysis, path: Path = LGBF_VALUES, period_of: PeriodOf | None = None
) -> pl.DataFrame:
    """Published rows whose ``ScotRank`` is not qpr_tui's rank among every council."""
    return _rank_mismatches(
        analysis.field_ranks(), lgbf_published(path), "ScotRank", _period_of(analysis, period_of)
    )


def lgbf_familyrank_mismatches(
    analysis: Analysis, path: Path = LGBF_VALUES, period_of: PeriodOf | None = None
) -> pl.DataFrame:
    """Published rows whose ``FamilyRank`` is not qpr_tui's rank within the council's family
    group taken as a peer group."""
    published = lgbf_published(path)
    period = _period_of(analysis, period_of)
    parts = []
    for name, members in lgbf_families(path).items():
        ranks = analysis.field_ranks(group=PeerGroup(name, frozenset(members)))
        parts.append(
            _rank_mismatches(
                ranks, published.filter(pl.col("family") == name), "FamilyRank", period
            )
        )
    return pl.concat(parts)


def lgbf_dataset(values: Path = LGBF_VALUES, info: Path = LGBF_INFO) -> Dataset:
    """LGBF's values joined to its catalogue's polarity, as a `Dataset` built with polars."""
    raw = pl.read_csv(values, infer_schema=False, encoding="utf8-lossy")
    catalogue = pl.read_csv(info, infer_schema=False, encoding="utf8-lossy").select(
        pl.col("Code_Sortable").alias("Code"),
        pl.col("Title").alias("indicator"),
        pl.col("Ranking_Type").replace_strict(LGBF_POLARITY, default=DATA_ONLY).alias("polarity"),
    )
    period = pl.col("Period")
    frame = raw.with_row_index("_row").join(catalogue, on="Code", how="left", maintain_order="left")
    frame = frame.select(
        pl.col("LocalAuthority").alias("organisation"),
        pl.col("Code").alias("kpi_id"),
        "indicator",
        (period.str.slice(0, 4).cast(pl.Int32) * 4 + period.str.slice(-1).cast(pl.Int32) - 1)
        .cast(pl.Int32)
        .alias("period"),
        pl.col("Value").cast(pl.Float64).alias("value"),
        pl.col("polarity").fill_null(DATA_ONLY),
        (pl.col("_row") + 2).cast(pl.Int64).alias("_line"),
        pl.lit("%").alias("unit"),
    )
    return _dataset(frame, values, raw.columns)


def lgbf_period(text: str) -> int:
    """``2018-19;Q1`` -> the period `lgbf_dataset` gives it."""
    return ordinal(int(text[:4]), int(text[-1]))


def _dataset(frame: pl.DataFrame, path: Path, header: list[str]) -> Dataset:
    """``frame`` completed to the model's schema (text "" and numbers null when absent)."""
    filled = [
        pl.lit("" if dtype == pl.String else None, dtype=dtype).alias(name)
        for name, dtype in SCHEMA.items()
        if name not in frame.columns
    ]
    frame = frame.with_columns(filled).with_columns(
        pl.when(pl.col("value").is_null()).then(pl.lit("no data")).alias("value_reason"),
        pl.lit(0, dtype=pl.Int32).alias("_file"),
    )
    source = SourceFile(
        path=str(path),
        display=path.name,
        size=path.stat().st_size,
        encoding="utf-8",
        layout="long",
        rows=frame.height,
        header=header,
        columns={},
    )
    typed = frame.select(pl.col(name).cast(dtype) for name, dtype in SCHEMA.items())
    return Dataset(typed, [source], Config())
