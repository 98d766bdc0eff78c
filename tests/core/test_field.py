"""A Parquet benchmarking file read for one home organisation: the other organisations are
kept as the field's statistics (`qpr_tui.ingest.field`), and every benchmark is the one the
full read of the same rows gives."""

from __future__ import annotations

import random
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from qpr_tui.analysis.summary import Analysis
from qpr_tui.config import parse_config
from qpr_tui.errors import QprError
from qpr_tui.ingest.reader import load

GROUPS = '[peer_groups]\nnear = ["Org 2", "Org 3", "Org 9", "Nowhere"]\n'


def _rows(seed: int = 7) -> pl.DataFrame:
    """Ten organisations, KPIs of each polarity (a close-to-target one without a target in
    one quarter), missing values, ties, names written with spaces and the home organisation's
    rows also under a blank name."""
    rng = random.Random(seed)
    records = []
    kpis = [("UP", "H", 50.0), ("DOWN", "L", 20.0), ("NEAR", "T", 30.0), ("DATA", "N", None)]
    for org in range(10):
        for kpi, polarity, target in kpis:
            for quarter in ("2024/25 Q1", "2024/25 Q2", "2024/25 Q3"):
                value = None if rng.random() < 0.15 else float(rng.randrange(10, 60, 5))
                name = f"Org {org}" if org else ("" if quarter.endswith("Q3") else "Home")
                records.append(
                    {
                        "organisation": f" {name} " if org == 4 else name,
                        "kpi_id": kpi,
                        "polarity": polarity,
                        "period": quarter,
                        "value": value,
                        "target": None if (kpi == "NEAR" and quarter.endswith("Q2")) else target,
                    }
                )
    return pl.DataFrame(records)


def _both(tmp_path: Path, frame: pl.DataFrame, config: str = "") -> tuple[Analysis, Analysis]:
    """The Parquet file read for its home organisation, and the same rows as CSV."""
    parquet, csv = tmp_path / "field.parquet", tmp_path / "field.csv"
    frame.write_parquet(parquet)
    frame.write_csv(csv)
    loaded = parse_config(config).config
    lean = Analysis(load([parquet], loaded, organisation="Home"))
    full = Analysis(load([csv], loaded, organisation="Home"))
    return lean, full


def test_the_field_statistics_give_the_benchmarks_of_the_full_read(tmp_path: Path) -> None:
    lean, full = _both(tmp_path, _rows(), GROUPS)
    assert lean.dataset.peer_field is not None and lean.dataset.peers is None
    assert full.dataset.peer_field is None and full.dataset.peers is not None
    assert lean.organisations == full.organisations
    assert lean.organisations[:2] == ["Home", "Org 1"]
    for group in (None, lean.peer_group("near")):
        for period in lean.periods:
            assert_frame_equal(lean.benchmark(period, group), full.benchmark(period, group))
        for kpi in ("UP", "DOWN", "NEAR", "DATA"):
            assert_frame_equal(
                lean.benchmark_history(kpi, group), full.benchmark_history(kpi, group)
            )
    assert lean.peer_group("near").unknown == ("Nowhere",)
    assert_frame_equal(lean.field_ranks(), full.field_ranks())


def test_ranks_follow_each_polarity(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "organisation": ["Home", "A", "B", "C"] * 3,
            "kpi_id": ["UP"] * 4 + ["DOWN"] * 4 + ["NEAR"] * 4,
            "polarity": ["H"] * 4 + ["L"] * 4 + ["T"] * 4,
            "period": ["2024/25 Q2"] * 12,
            "value": [70.0, 90.0, 70.0, 10.0] * 2 + [48.0, 55.0, 49.0, 60.0],
            "target": [50.0] * 12,
        }
    )
    lean, _ = _both(tmp_path, frame)
    ranks = dict(lean.benchmark(lean.latest).select("kpi_id", "rank").iter_rows())
    # 90 > 70 = 70 > 10; 10 < 70; 49 and 48 lie nearer 50 than 55 and 60
    assert ranks == {"UP": 2, "DOWN": 2, "NEAR": 2}


def test_a_repeated_row_of_another_organisation_is_an_error_naming_both_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frame = _rows()
    repeated = pl.concat([frame, frame.filter(pl.col("organisation") == "Org 3").head(1)])
    path = tmp_path / "repeated.parquet"
    repeated.write_parquet(path)
    with pytest.raises(QprError) as raised:
        load([path], organisation="Home")
    lean = load([path], organisation="Home", strict=False)
    assert lean.peer_field is not None
    monkeypatch.setattr("qpr_tui.ingest.reader.lean_source", lambda tf, plan: False)
    with pytest.raises(QprError) as in_full:
        load([path], organisation="Home")
    full = load([path], organisation="Home", strict=False)
    assert str(raised.value) == str(in_full.value)
    assert str(raised.value).startswith(
        f"the same KPI and period appear twice: UP 2024/25 Q1 is in {path} line 37 and in "
        f"{path} line {repeated.height}."
    )
    duplicates = [i for i in lean.issues if i.code == "duplicate"]
    assert duplicates == [i for i in full.issues if i.code == "duplicate"]
    assert len(duplicates) == 1


@pytest.mark.parametrize("name", [" Org 4 ", "Org 4", "Org 4  "])
def test_one_organisation_written_two_ways_repeating_a_row_is_the_full_read_s_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    frame = _rows()
    again = frame.filter(pl.col("organisation") == " Org 4 ").tail(1)
    repeated = pl.concat([frame, again.with_columns(organisation=pl.lit(name))])
    path = tmp_path / "repeated.parquet"
    repeated.write_parquet(path)
    with pytest.raises(QprError) as raised:
        load([path], organisation="Home")
    monkeypatch.setattr("qpr_tui.ingest.reader.lean_source", lambda tf, plan: False)
    with pytest.raises(QprError) as in_full:
        load([path], organisation="Home")
    assert str(raised.value) == str(in_full.value)
    assert f"line {repeated.height}." in str(raised.value)


def test_infinite_and_nan_values_are_ranked_as_the_full_read_ranks_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frame = _rows().with_columns(
        value=pl.when(pl.col("organisation").is_in(["Org 2", "Home"]) & (pl.col("kpi_id") == "UP"))
        .then(float("inf"))
        .when((pl.col("organisation") == "Org 3") & (pl.col("kpi_id") != "DOWN"))
        .then(float("nan"))
        .when((pl.col("organisation") == "Org 5") & (pl.col("kpi_id") == "NEAR"))
        .then(float("-inf"))
        .otherwise(pl.col("value"))
    )
    path = tmp_path / "odd.parquet"
    frame.write_parquet(path)
    config = parse_config(GROUPS).config
    lean = Analysis(load([path], config, organisation="Home"))
    monkeypatch.setattr("qpr_tui.ingest.reader.lean_source", lambda tf, plan: False)
    full = Analysis(load([path], config, organisation="Home"))
    assert lean.dataset.peer_field is not None and full.dataset.peer_field is None
    for group in (None, lean.peer_group("near")):
        for period in lean.periods:
            assert_frame_equal(lean.benchmark(period, group), full.benchmark(period, group))


def test_a_home_organisation_not_in_the_file_is_named_with_the_others(tmp_path: Path) -> None:
    path = tmp_path / "field.parquet"
    _rows().filter(pl.col("organisation") != "").write_parquet(path)
    with pytest.raises(QprError) as raised:
        load([path], organisation="Kent")
    assert str(raised.value).startswith(
        "the home organisation 'Kent' is not in the data, which has 10: Home, Org 1, Org 2, "
        "Org 3, Org 4 and 5 more."
    )


@pytest.mark.parametrize(
    "change",
    [
        pl.col("period").replace({"2024/25 Q3": "Dec-24"}),  # a month: folded by the full read
        pl.col("value").cast(pl.String),  # text values: cleaned by the full read
    ],
)
def test_files_the_statistics_cannot_stand_for_are_read_in_full(
    tmp_path: Path, change: pl.Expr
) -> None:
    path = tmp_path / "field.parquet"
    _rows().with_columns(change).write_parquet(path)
    dataset = load([path], organisation="Home")
    assert dataset.peer_field is None and dataset.peers is not None


def test_a_parquet_column_named_like_the_row_index_is_read(tmp_path: Path) -> None:
    path = tmp_path / "rows.parquet"
    frame = _rows().with_columns(pl.int_range(pl.len()).alias("_row"))
    frame.write_parquet(path)
    dataset = load([path], organisation="Home")
    assert dataset.peer_field is not None
    assert dataset.frame.get_column("_line").head(3).to_list() == [1, 2, 3]


@pytest.mark.parametrize(
    "change",
    [
        # another organisation writes a KPI id with spaces
        pl.when((pl.col("organisation") == "Org 5") & (pl.col("kpi_id") == "UP"))
        .then(pl.lit(" UP "))
        .otherwise(pl.col("kpi_id"))
        .alias("kpi_id"),
        # and a quarter two ways
        pl.when(pl.col("organisation") == "Org 6")
        .then(pl.col("period").str.replace(r"^(\d{4}/\d{2}) (Q\d)$", "$2 $1"))
        .otherwise(pl.col("period"))
        .alias("period"),
    ],
)
def test_ids_and_quarters_written_differently_are_grouped_as_the_full_read_groups_them(
    tmp_path: Path, change: pl.Expr
) -> None:
    lean, full = _both(tmp_path, _rows().with_columns(change))
    assert lean.dataset.peer_field is not None
    for period in lean.periods:
        assert_frame_equal(lean.benchmark(period), full.benchmark(period))
