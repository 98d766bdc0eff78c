"""Cells, columns and configuration that used to be misread or lost without a word."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from qpr_tui.cli import main
from qpr_tui.config import parse_config
from qpr_tui.errors import QprError
from qpr_tui.ingest.reader import load


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
