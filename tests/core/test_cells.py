"""Cells, columns and configuration that used to be misread or lost without a word."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qpr_tui.cli import main
from qpr_tui.config import parse_config
from qpr_tui.errors import QprError
from qpr_tui.ingest.reader import load
from qpr_tui.ingest.values import Marks, _rules, clean_odd
from tests.core.test_ingest_stages import _SPREADSHEET_NUMBERS


def test_headers_differing_by_case_are_settled_by_the_hinted_alias(write_csv) -> None:
    path = write_csv("kpi_id,period,Value,value\nA1,Sep-24,85,86\n")
    with pytest.raises(QprError) as caught:
        load([path])
    hint = caught.value.hint
    assert hint == (
        'Rename one, or say which in the configuration: [columns] value = ["Value"] '
        "(written exactly as its header)."
    )
    config = parse_config('[columns]\nvalue = ["Value"]\n').config
    assert load([path], config).frame.item(0, "value") == 85.0
    config = parse_config('[columns]\nvalue = ["value"]\n').config
    assert load([path], config).frame.item(0, "value") == 86.0


def test_headers_differing_by_spaces_and_underscores(write_csv) -> None:
    path = write_csv("kpi_id,period,value,target value,target_value\nA1,Sep-24,85,80,70\n")
    with pytest.raises(QprError, match="could both be the target column") as caught:
        load([path])
    assert '[columns] target = ["target value"]' in str(caught.value.hint)
    config = parse_config('[columns]\ntarget = ["target_value"]\n').config
    assert load([path], config).frame.item(0, "target") == 70.0


def _parquet(tmp_path: Path, **extra: list[object]) -> Path:
    path = tmp_path / "kpis.parquet"
    columns: dict[str, list[object]] = {
        "kpi_id": ["A1", "A2"],
        "period": ["Sep-24", "Sep-24"],
        "value": [1.0, 2.0],
        "target": [1.0, 1.0],
    }
    pl.DataFrame({**columns, **extra}).write_parquet(path)
    return path


@pytest.mark.parametrize(
    ("column", "cells", "words"),
    [
        ("indicator", [["a"], ["b"]], "lists (List(String))"),
        ("value", [dt.timedelta(days=1), dt.timedelta(hours=2)], "durations (Duration("),
        ("commentary", [{"a": 1}, {"a": 2}], "records (Struct("),
    ],
)
def test_parquet_column_that_cannot_be_text_is_named(
    tmp_path: Path, column: str, cells: list[object], words: str
) -> None:
    path = _parquet(tmp_path, **{column: cells})
    with pytest.raises(QprError) as caught:
        load([path])
    position = list(pl.read_parquet_schema(path)).index(column) + 1
    assert str(caught.value.location) == f"{path}, column {position} ({column})"
    assert caught.value.message.startswith(f"the column holds {words}")
    assert "which cannot be read as text or numbers" in caught.value.message


def test_parquet_unused_columns_of_any_type_are_ignored(tmp_path: Path, capsys) -> None:
    path = _parquet(tmp_path, tags=[[1, 2], [3]], wait=[dt.timedelta(days=1)] * 2)
    dataset = load([path])
    assert dataset.frame.height == 2
    unused = sorted(i.message for i in dataset.issues if "is not used" in i.message)
    assert unused == ["column 'tags' is not used", "column 'wait' is not used"]
    assert main(["summary", str(path), "--json"]) == 0
    path = _parquet(tmp_path, indicator=[["a"], ["b"]])
    assert main(["summary", str(path)]) == 2
    err = capsys.readouterr().err
    assert "column 5 (indicator): the column holds lists" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rag = 5\n", "line 1: rag must be a table, not a number (5)"),
        ('kpi = "x"\n', 'line 1: kpi must be a table of [kpi."ID"] tables, not a string ("x")'),
        ("kpi.X = 3\n", "line 1: [kpi] X must be a table, not a number (3)"),
        ("[kpi]\nX = 3\n", "line 2: [kpi] X must be a table, not a number (3)"),
        (
            "columns = []\n",
            "line 1: columns must be a table of column = [header names], not a list",
        ),
        ('files."a" = 1\n', "line 1: [files] a must be a table, not a number (1)"),
        ("[[rag]]\n", "line 1: rag must be a table, not a list"),
        ('[files."a"]\ncolumns = 2\n', "line 2: [files.a] columns must be a table of column"),
    ],
)
def test_sections_of_the_wrong_type_name_key_and_line(
    tmp_path: Path, capsys, text: str, message: str
) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(text, encoding="utf-8")
    assert main(["summary", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert f"qpr: error: {config}, {message}" in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


WIDE = (
    "kpi_id,indicator,polarity,target,floor,Jun-24,Sep-24 *,Dec-24 (provisional)\n"
    "A1,Alpha,H,80,70,81,82,83\n"
    "A2,Beta,H,80,70,81,82,60\n"
)


def test_wide_headings_with_a_remark_are_provisional_periods(write_csv) -> None:
    dataset = load([write_csv(WIDE)])
    frame = dataset.frame.sort("kpi_id", "period")
    assert frame.height == 6
    assert frame.get_column("value").to_list() == [81.0, 82.0, 83.0, 81.0, 82.0, 60.0]
    assert frame.get_column("provisional").to_list() == [False, True, True] * 2
    notes = [str(i) for i in dataset.issues if i.code == "provisional-column"]
    assert notes == [
        f"{dataset.sources[0].display}, line 1, column 7 (Sep-24 *): info: column 'Sep-24 *' "
        "was read as the period 'Sep-24' (2024/25 Q2), its values marked provisional (†)",
        f"{dataset.sources[0].display}, line 1, column 8 (Dec-24 (provisional)): info: column "
        "'Dec-24 (provisional)' was read as the period 'Dec-24' (2024/25 Q3), its values "
        "marked provisional (†)",
    ]
    assert not [i for i in dataset.issues if i.code == "unused-column"]


def test_a_provisional_heading_and_a_plain_one_for_one_period_clash(write_csv) -> None:
    path = write_csv("kpi_id,target,Dec-24,Dec-24 (provisional)\nA1,80,81,82\n")
    with pytest.raises(QprError, match="name the same period"):
        load([path])


def test_a_long_file_with_a_remark_in_a_heading_keeps_it_unused(write_csv) -> None:
    path = write_csv("kpi_id,period,value,target,Dec-24 (provisional)\nA1,Sep-24,1,2,3\n")
    dataset = load([path])
    assert not dataset.frame.get_column("provisional").any()
    assert "column 'Dec-24 (provisional)' is not used" in [i.message for i in dataset.issues]


BLANKS = (
    "kpi_id,indicator,polarity,period,value,target,floor\n"
    "A1,Alpha,H,Jun-24,85,80,70\n"
    "A1,Alpha,H,Sep-24,85,,\n"
    "A1,Alpha,H,Dec-24,75,80,70\n"
    "B1,Beta,H,Jun-24,85,80,70\n"
    "B1,Beta,H,Sep-24,75,80,\n"
    "C1,Gamma,H,Jun-24,85,,70\n"
    "C1,Gamma,H,Sep-24,,80,70\n"
    "D1,Delta,H,Sep-24,5,,\n"
    "E1,Epsilon,H,Jun-24,,,\n"
    "E1,Epsilon,H,Sep-24,5,80,70\n"
)


def _blanks(dataset) -> list[tuple[str, int, int, str]]:
    return [
        (i.code, i.location.line, i.location.column, i.message)
        for i in dataset.issues
        if i.code.startswith("blank-")
    ]


def test_a_target_or_floor_blank_in_one_period_only_is_a_warning(write_csv) -> None:
    dataset = load([write_csv(BLANKS)])
    assert _blanks(dataset) == [
        (
            "blank-target",
            3,
            6,
            "the target and floor are blank here but given in other periods of A1, so A1 is "
            "not rated in 2024/25 Q2; nothing was carried over from them",
        ),
        (
            "blank-floor",
            6,
            7,
            "the floor is blank here but given in other periods of B1, so B1 cannot be rated "
            "Amber by its floor in 2024/25 Q2; nothing was carried over from them",
        ),
        (
            "blank-target",
            7,
            6,
            "the target is blank here but given in other periods of C1, so C1 is not rated "
            "in 2024/25 Q1; nothing was carried over from them",
        ),
    ]
    assert all(i.severity.name == "WARNING" for i in dataset.issues if i.code.startswith("blank"))
    # Nothing is carried over: A1 stays not rated in Q2.
    a1 = dataset.frame.filter(pl.col("kpi_id") == "A1").sort("period")
    assert a1.get_column("target").to_list() == [80.0, None, 80.0]


def test_blank_floors_do_not_matter_under_the_tolerance_rule(write_csv) -> None:
    config = parse_config('[rag]\nrule = "tolerance"\ntolerance = 5\n').config
    codes = [code for code, *_ in _blanks(load([write_csv(BLANKS)], config))]
    assert codes == ["blank-target", "blank-target"]
    config = parse_config('[kpi."B1"]\nrule = "tolerance"\ntolerance = 5\n').config
    codes = [code for code, *_ in _blanks(load([write_csv(BLANKS)], config))]
    assert codes == ["blank-target", "blank-target"]


def test_a_target_given_by_configuration_leaves_no_gap(write_csv) -> None:
    config = parse_config('[kpi."A1"]\ntarget = 80\nfloor = 70\n').config
    assert [kpi for *_, kpi in _blanks(load([write_csv(BLANKS)], config)) if "A1" in kpi] == []


def test_one_file_per_quarter_with_a_blank_target(write_csv) -> None:
    head = "kpi_id,polarity,period,value,target,floor\n"
    first = write_csv(head + "A1,H,Jun-24,85,80,70\n", "q1.csv")
    second = write_csv(head + "A1,H,Sep-24,85,,70\n", "q2.csv")
    found = [(i.location.file, i.location.line) for i in load([first, second]).issues]
    assert (str(second), 2) in found
    issue = next(i for i in load([first, second]).issues if i.code == "blank-target")
    assert str(issue.location) == f"{second}, line 2, column 5 (target)"


def test_values_carried_from_a_last_quarter_column_need_no_target(write_csv) -> None:
    text = "kpi_id,polarity,period,value,previous_value,target,floor\nA1,H,Sep-24,85,84,80,70\n"
    dataset = load([write_csv(text)])
    assert dataset.frame.height == 2
    assert _blanks(dataset) == []


def _numbers(dataset) -> list[tuple[str, float | None, float | None, float | None]]:
    frame = dataset.frame.sort("kpi_id")
    return list(frame.select("kpi_id", "value", "target", "floor").iter_rows())


def test_semicolons_and_decimal_commas_make_the_comma_the_decimal_mark(write_csv) -> None:
    text = (
        "kpi_id;indicator;polarity;period;value;target;floor\n"
        "A1;Alpha;H;Sep-24;1,234;1,5;1,2\n"
        "A2;Beta;H;Sep-24;1.234,5;1000;900\n"
        "A3;Gamma;H;Sep-24;1,234,567;1;0\n"
    )
    dataset = load([write_csv(text)])
    assert _numbers(dataset) == [
        ("A1", 1.234, 1.5, 1.2),
        ("A2", 1234.5, 1000.0, 900.0),
        ("A3", 1234567.0, 1.0, 0.0),
    ]
    commas = [
        (i.location.line, i.location.column) for i in dataset.issues if i.code == "decimal-comma"
    ]
    assert sorted(commas) == [(2, 5), (2, 6), (2, 7), (3, 5)]
    assert not [i for i in dataset.issues if i.code == "ambiguous-number"]


def test_a_thousands_comma_in_doubt_is_a_warning_with_its_cell(write_csv) -> None:
    text = "kpi_id;polarity;period;value;target;floor\nA1;H;Sep-24;1,234;1000;900\n"
    dataset = load([write_csv(text)])
    assert _numbers(dataset) == [("A1", 1234.0, 1000.0, 900.0)]
    doubt = [str(i) for i in dataset.issues if i.code == "ambiguous-number"]
    assert doubt == [
        f"{dataset.sources[0].display}, line 2, column 4 (value): warning: the value '1,234' "
        "was read as 1234, but it could mean 1.234 (the file is separated by semicolons, as "
        "where the comma is the decimal mark); write it without the thousands comma, or with "
        "a decimal point"
    ]


def test_a_comma_separated_file_with_decimal_commas_elsewhere_doubts_its_thousands(
    write_csv,
) -> None:
    text = (
        "kpi_id,polarity,period,value,target,floor\n"
        'A1,H,Sep-24,"85,2",80,70\n'
        'B1,L,Sep-24,"1,234","1,000",1500\n'
    )
    dataset = load([write_csv(text)])
    assert _numbers(dataset) == [("A1", 85.2, 80.0, 70.0), ("B1", 1234.0, 1000.0, 1500.0)]
    doubt = [
        (i.location.line, i.location.column, i.message)
        for i in dataset.issues
        if i.code == "ambiguous-number"
    ]
    assert [(line, column) for line, column, _ in doubt] == [(3, 4), (3, 5)]
    assert "(the file uses decimal commas elsewhere)" in doubt[0][2]


def test_thousands_commas_alone_are_not_in_doubt(write_csv) -> None:
    text = 'kpi_id,polarity,period,value,target\nA1,H,Sep-24,"1,234","1,000"\n'
    dataset = load([write_csv(text)])
    assert _numbers(dataset) == [("A1", 1234.0, 1000.0, None)]
    assert not [i for i in dataset.issues if i.code in ("ambiguous-number", "decimal-comma")]


def test_other_organisations_rows_follow_the_files_decimal_mark(write_csv) -> None:
    text = (
        "organisation;kpi_id;polarity;period;value;target;floor\n"
        "Kent;A1;H;Sep-24;1,5;1,2;1\n"
        "Surrey;A1;H;Sep-24;1,234;;\n"
    )
    dataset = load([write_csv(text)], organisation="Kent")
    assert dataset.peers is not None
    peers = dataset.peers.filter(pl.col("organisation") == "Surrey")
    assert peers.get_column("value").to_list() == [1.234]


@given(
    st.lists(_SPREADSHEET_NUMBERS, min_size=1, max_size=20),
    st.sampled_from([Marks(), Marks(comma=True), Marks(doubt="why")]),
)
def test_the_cheap_tier_agrees_with_the_full_rules_under_every_mark(
    cells: list[str], marks: Marks
) -> None:
    series = pl.Series(cells, dtype=pl.String)
    assert clean_odd(series, marks).equals(_rules(series, marks))
