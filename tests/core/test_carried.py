"""Previous-period and year-ago value columns: the periods they fill and which value wins."""

from __future__ import annotations

import polars as pl

from qpr_tui.config import parse_config
from qpr_tui.ingest.reader import load
from qpr_tui.periods import label, parse_period

Q1 = parse_period("2024/25 Q1")


def values_of(ds, kpi: str) -> dict[str, float | None]:
    rows = ds.frame.filter(pl.col("kpi_id") == kpi).sort("period")
    return {label(p): v for p, v in rows.select("period", "value").iter_rows()}


def test_last_quarter_fills_the_period_before(write_csv) -> None:
    path = write_csv(
        "kpi_id,period,value,last quarter,target,rag\nA1,2024/25 Q1,10,8,9,G\n"
        "B2,2024/25 Q1,5,,4,G\n"
    )
    ds = load([path])
    assert values_of(ds, "A1") == {"2023/24 Q4": 8.0, "2024/25 Q1": 10.0}
    assert values_of(ds, "B2") == {"2024/25 Q1": 5.0}
    carried = ds.frame.filter(pl.col("period") == Q1 - 1).row(0, named=True)
    # The target stays; the published status is about the row's own quarter.
    assert (carried["target"], carried["published_rag"]) == (9.0, None)
    assert (carried["_line"], carried["_value_col"]) == (2, 4)
    assert ds.sources[0].columns["previous_value"] == 4


def test_same_period_last_year_fills_four_quarters_back(write_csv) -> None:
    loaded = parse_config('[columns]\nyear_ago_value = ["LY"]\n')
    path = write_csv("kpi_id,period,value,LY\nA1,2024/25 Q1,10,7\n")
    ds = load([path], loaded.config)
    assert values_of(ds, "A1") == {"2023/24 Q1": 7.0, "2024/25 Q1": 10.0}


def test_a_value_for_its_own_period_wins_with_a_note(write_csv) -> None:
    first = write_csv("kpi_id,period,value\nA1,2024/25 Q1,10\nB2,2024/25 Q1,4\n", name="q1.csv")
    second = write_csv(
        "kpi_id,period,value,previous value\nA1,2024/25 Q2,12,11\nB2,2024/25 Q2,5,4\n",
        name="q2.csv",
    )
    ds = load([first, second])
    assert values_of(ds, "A1") == {"2024/25 Q1": 10.0, "2024/25 Q2": 12.0}
    [note] = [i for i in ds.issues if i.code == "restated-value"]
    assert note.message == (
        f"A1 2024/25 Q1 is 10 in {first} line 2 column 3 (value) and 11 in {second} line 2 "
        "column 4 (previous value); the value given for its own period was used"
    )
    assert (note.location.file, note.location.line, note.location.column) == (str(second), 2, 4)
    assert not [i for i in ds.issues if i.code == "duplicate"]


def test_a_carried_value_fills_a_row_that_has_none(write_csv) -> None:
    first = write_csv("kpi_id,period,value,target\nA1,2024/25 Q1,n/a,9\n", name="q1.csv")
    second = write_csv("kpi_id,period,value,last quarter\nA1,2024/25 Q2,12,11\n", name="q2.csv")
    ds = load([first, second])
    row = ds.frame.filter(pl.col("period") == Q1).row(0, named=True)
    assert (row["value"], row["value_reason"], row["target"]) == (11.0, None, 9.0)
    assert (row["_file"], row["_line"], row["_value_col"]) == (1, 2, 4)
    [note] = [i for i in ds.issues if i.code == "carried-value"]
    assert note.message == (
        f"A1 2024/25 Q1 has no value in {first} line 2 column 3 (value); 11 from {second} "
        "line 2 column 4 (last quarter) was used"
    )


def test_two_carried_values_for_one_period_keep_the_first_files(write_csv) -> None:
    first = write_csv("kpi_id,period,value,last quarter\nA1,2024/25 Q2,12,11\n", name="a.csv")
    second = write_csv("kpi_id,period,value,year ago\nA1,2025/26 Q1,14,10\n", name="b.csv")
    ds = load([first, second])
    assert values_of(ds, "A1")["2024/25 Q1"] == 11.0
    [note] = [i for i in ds.issues if i.code == "restated-value"]
    assert note.message.endswith("(year ago); the first file's was used")


def test_a_previous_value_that_is_not_a_number_is_a_finding(write_csv) -> None:
    path = write_csv("kpi_id,period,value,last quarter\nA1,2024/25 Q2,12,soon\n")
    ds = load([path])
    [bad] = [i for i in ds.issues if i.code == "bad-previous_value"]
    assert bad.message == "the previous value 'soon' is not a number, so it was treated as missing"
    assert (bad.location.line, bad.location.column) == (2, 4)
    assert values_of(ds, "A1") == {"2024/25 Q2": 12.0}
