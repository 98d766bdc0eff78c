from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from qpr_tui.config import parse_config
from qpr_tui.errors import QprError
from qpr_tui.ingest.reader import load
from qpr_tui.periods import label

LONG = """kpi_id,indicator,directorate,service_area,unit,polarity,period,value,target,floor
A1,Alpha,Dir A,Svc 1,%,H,2024/25 Q1,85.2%,80,70
A1,Alpha,Dir A,Svc 1,%,H,2024/25 Q2,n/a,80,70
B1,Beta,Dir B,,number,L,Jun-24,"1,234",1000,1500
B1,Beta,Dir B,,number,L,Sep-24,abc,1000,1500
"""


def codes(dataset) -> list[str]:
    return [i.code for i in dataset.issues]


def test_long_layout(write_csv) -> None:
    ds = load([write_csv(LONG)])
    f = ds.frame.sort("kpi_id", "period")
    assert f.height == 4
    assert [label(p) for p in f.get_column("period")] == ["2024/25 Q1", "2024/25 Q2"] * 2
    assert f.get_column("value").to_list() == [85.2, None, 1234.0, None]
    assert f.get_column("value_reason").to_list() == [None, "not available", None, "unusable value"]
    assert f.get_column("polarity").to_list() == ["H", "H", "L", "L"]
    bad = [i for i in ds.issues if i.code == "bad-value"]
    assert len(bad) == 1
    assert (bad[0].location.line, bad[0].location.column) == (5, 8)
    assert bad[0].location.file.endswith("data.csv")
    assert "line 5, column 8 (value)" in str(bad[0])
    missing = [i for i in ds.issues if i.code == "missing-value"]
    assert [(i.location.line, i.kpi_id) for i in missing] == [(3, "A1"), (5, "B1")] or [
        (i.location.line, i.kpi_id) for i in missing
    ] == [(3, "A1")]


def test_wide_layout(write_csv) -> None:
    text = (
        "KPI,Measure,Directorate,Target,Floor,2024/25 Q1,Q2 2024/25,Sep-23\n"
        "A1,Alpha,Dir A,80,70,81,79.5,\n"
        "B1,Beta,Dir B,10,20,-,12,9\n"
    )
    ds = load([write_csv(text)])
    assert ds.sources[0].layout == "wide"
    f = ds.frame.sort("kpi_id", "period")
    assert f.height == 6
    assert f.filter(pl.col("kpi_id") == "A1").get_column("value").to_list() == [None, 81.0, 79.5]
    missing = [i for i in ds.issues if i.code == "missing-value" and i.kpi_id == "B1"]
    assert (missing[0].location.line, missing[0].location.column) == (3, 6)
    assert missing[0].location.column_name == "2024/25 Q1"


def test_several_files_are_stacked_and_duplicates_name_both_places(write_csv) -> None:
    header = "kpi_id,indicator,period,value,target,floor\n"
    a = write_csv(header + "A1,Alpha,2024/25 Q1,1,2,0\nA1,Alpha,2024/25 Q2,1,2,0\n", "q1.csv")
    b = write_csv(header + "A1,Alpha,2024/25 Q3,1,2,0\n", "q3.csv")
    assert load([a, b]).frame.height == 3
    c = write_csv(header + "A1,Alpha,Sep-24,5,2,0\n", "dup.csv")
    with pytest.raises(QprError) as info:
        load([a, c])
    message = str(info.value)
    assert "q1.csv line 3" in message and "dup.csv line 2" in message
    assert "A1 2024/25 Q2" in message
    ds = load([a, c], strict=False)
    assert "duplicate" in codes(ds)


def test_utf8_bom_and_windows_1252(write_csv) -> None:
    text = "kpi_id,indicator,period,value,target,floor\nA1,Café £ – test,2024/25 Q1,£5,4,3\n"
    bom = load([write_csv(b"\xef\xbb\xbf" + text.encode("utf-8"), "bom.csv")])
    assert bom.frame.item(0, "indicator") == "Café £ – test"
    assert bom.sources[0].encoding == "utf-8-sig"
    cp = load([write_csv(text.encode("cp1252"), "cp.csv")])
    assert cp.frame.item(0, "indicator") == "Café £ – test"
    assert cp.frame.item(0, "value") == 5.0
    assert cp.sources[0].encoding == "windows-1252"


def test_semicolon_separated(write_csv) -> None:
    ds = load([write_csv("kpi_id;period;value;target\nA1;2024/25 Q1;85,5;80\n")])
    assert ds.frame.item(0, "value") == 85.5
    assert "decimal-comma" in codes(ds)


def test_user_aliases_from_toml(write_csv) -> None:
    path = write_csv("Ref,Name of measure,When,Outturn,Goal,Min\nA1,Alpha,Sep-24,5,4,3\n")
    with pytest.raises(QprError, match="no period column was found"):
        load([path])
    config = parse_config(
        '[columns]\nkpi_id = ["Ref"]\nindicator = ["Name of measure"]\n'
        'period = ["When"]\nvalue = "Outturn"\ntarget = ["Goal"]\n'
        'floor = ["Min"]\n'
    ).config
    ds = load([path], config)
    assert ds.frame.select("kpi_id", "indicator", "value", "target", "floor").row(0) == (
        "A1",
        "Alpha",
        5.0,
        4.0,
        3.0,
    )


def test_ambiguous_columns_are_an_error(write_csv) -> None:
    with pytest.raises(QprError, match="could both be the value column"):
        load([write_csv("kpi_id,period,actual,outturn\nA,Sep-24,1,2\n")])


def test_quoted_newlines_keep_true_line_numbers(write_csv) -> None:
    text = (
        "kpi_id,indicator,period,value,target,floor,commentary\n"
        'A1,Alpha,Sep-24,1,2,0,"two\nlines"\n'
        "A2,Beta,Sep-24,oops,2,0,ok\n"
    )
    ds = load([write_csv(text)])
    bad = next(i for i in ds.issues if i.code == "bad-value")
    assert bad.location.line == 4
    assert ds.frame.filter(pl.col("kpi_id") == "A1").item(0, "commentary") == "two lines"


def test_bad_periods_are_reported_and_left_out(write_csv) -> None:
    ds = load([write_csv("kpi_id,period,value,target\nA1,Sep-24,1,2\nA1,Qx,1,2\nA1,,1,2\n")])
    assert ds.frame.height == 1
    errors = [i for i in ds.issues if i.code == "bad-period"]
    assert [(i.location.line, i.location.column) for i in errors] == [(3, 2), (4, 2)] or sorted(
        (i.location.line, i.location.column) for i in errors
    ) == [(3, 2), (4, 2)]


def test_polarity_spellings_and_inference(write_csv) -> None:
    text = (
        "kpi_id,period,value,target,floor,polarity\n"
        "A,Sep-24,1,2,1,Aim to Max\nB,Sep-24,1,2,1,lower is better\n"
        "C,Sep-24,1,2,1,Goldilocks\nD,Sep-24,1,2,3,\nE,Sep-24,1,2,3,sideways\n"
    )
    ds = load([write_csv(text)])
    polarity = dict(ds.frame.select("kpi_id", "polarity").iter_rows())
    assert polarity == {"A": "H", "B": "L", "C": "T", "D": "L", "E": "L"}
    assert "unknown-polarity" in codes(ds) and "missing-polarity" in codes(ds)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\n\n", "the file is empty"),
        (b"kpi_id,period,value,target\n", "no data rows"),
        (b"foo,bar\n1,2\n", "no column names the KPI"),
        (b"kpi_id,indicator\nA,B\n", "no period or value column was found"),
        (b"kpi_id,period,value\nA,Sep-24,abc\nB,Sep-24,def\n", "no value in the file is a number"),
        (b"PK\x03\x04\x00\x00binary", "NUL bytes"),
        (b"kpi_id,period,value\nA,Sep-24,1\xff\x81\n", "neither UTF-8 nor Windows-1252"),
        (b"kpi_id,period,value\nA,Sep-24,1,2,3\n", "has 5 fields but the header has 3"),
    ],
)
def test_unusable_files(write_csv, content: bytes, message: str) -> None:
    with pytest.raises(QprError) as info:
        load([write_csv(content)])
    assert message in str(info.value)
    assert "data.csv" in str(info.value)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(QprError, match="does not exist"):
        load([tmp_path / "nope.csv"])
    with pytest.raises(QprError, match="directory"):
        load([tmp_path])


def test_input_file_is_not_modified(write_csv) -> None:
    path = write_csv(LONG)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    load([path])
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_parquet_gives_the_same_result_and_cites_rows(tmp_path: Path) -> None:
    from qpr_tui.analysis.summary import Analysis
    from tests.conftest import SAMPLE

    frame = pl.read_csv(SAMPLE, infer_schema_length=0).with_columns(
        pl.col("target").cast(pl.Float64)
    )
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) == 3)
        .then(pl.lit("oops"))
        .otherwise(pl.col("value"))
        .alias("value")
    )
    path = tmp_path / "sample.parquet"
    frame.write_parquet(path)
    parquet = Analysis(load([path])).summary()
    csv = Analysis(load([SAMPLE])).summary()
    assert (parquet.total, parquet.rag, parquet.dot) == (csv.total, csv.rag, csv.dot)
    bad = next(i for i in load([path]).issues if i.code == "bad-value")
    assert str(bad.location).endswith("row 4, column 10 (value)")
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(QprError, match="the Parquet file cannot be read"):
        load([tmp_path / "broken.parquet"])


def test_files_with_and_without_an_organisation_column_stack(write_csv) -> None:
    with_org = write_csv(
        "organisation,kpi_id,period,value,target,floor\n"
        "Kent,K1,2024/25 Q1,80,85,75\nSurrey,K1,2024/25 Q1,70,85,75\n",
        "a.csv",
    )
    without = write_csv("kpi_id,period,value,target,floor\nK1,2024/25 Q2,90,85,75\n", "b.csv")
    ds = load([with_org, without])
    assert ds.home == "Kent"
    assert ds.frame.get_column("organisation").to_list() == ["Kent", "Kent"]
    clash = write_csv("kpi_id,period,value,target,floor\nK1,2024/25 Q1,90,85,75\n", "c.csv")
    clash_message = r"K1 2024/25 Q1 is in \S*a.csv line 2 and in \S*c.csv line 2"
    with pytest.raises(QprError, match=clash_message):
        load([with_org, clash])


def test_padded_and_blank_organisations(write_csv) -> None:
    path = write_csv(
        "organisation,kpi_id,period,value,target\nKent,K1,Sep-24,1,2\n"
        "Kent ,K2,Sep-24,1,2\n,K3,Sep-24,1,2\n Surrey,K1,Sep-24,3,2\n"
    )
    ds = load([path])
    assert sorted(ds.frame.get_column("kpi_id")) == ["K1", "K2", "K3"]
    assert ds.peers is not None and ds.peers.get_column("organisation").to_list() == ["Surrey"]


def test_short_rows_are_reported(write_csv) -> None:
    ds = load([write_csv("kpi_id,period,value,target,floor\nK1,Sep-24,80,85,75\nK2,Sep-24,80\n\n")])
    short = [i for i in ds.issues if i.code == "short-row"]
    assert [(i.location.line, i.location.column, i.location.column_name) for i in short] == [
        (3, 4, "target")
    ]
    assert "this row has 3 fields but the header has 5" in short[0].message


def test_data_only_polarity_is_not_rated(write_csv) -> None:
    from qpr_tui.analysis.summary import Analysis

    path = write_csv(
        "kpi_id,polarity,period,value,target,floor\nC1,Data only,Jun-24,40,85,75\n"
        "C1,Data only,Sep-24,50,85,75\nC2,neutral,Sep-24,50,40,45\n"
    )
    ds = load([path])
    assert "missing-polarity" not in [i.code for i in ds.issues]
    s = Analysis(ds).summary()
    assert s.rag["not_rated"] == 2 and sum(s.dot.values()) == 0


def test_tolerance_type_spellings(write_csv) -> None:
    from qpr_tui.analysis.summary import Analysis

    path = write_csv(
        "kpi_id,polarity,period,value,target,tolerance,tolerance type\n"
        "A,H,Sep-24,6,10,5,points\nB,H,Sep-24,6,10,5,%\nC,H,Sep-24,6,10,5,banana\n"
    )
    ds = load([path])
    rags = dict(Analysis(ds).summary().kpis.select("kpi_id", "rag").iter_rows())
    assert rags == {"A": "amber", "B": "red", "C": "red"}
    bad = [i for i in ds.issues if i.code == "bad-tolerance-type"]
    assert [(i.location.line, i.location.column) for i in bad] == [(4, 7)]


def test_ambiguous_year_quarter_spelling_is_explained(write_csv) -> None:
    ds = load([write_csv("kpi_id,period,value,target\nA,2024-Q1,1,2\nA,2024-Q2,1,2\n")])
    note = next(i for i in ds.issues if i.code == "year-quarter")
    assert (
        "'2024-Q1' were read as the quarter of the financial year (2024-Q1 = 2024/25 Q1)"
        in note.message
    )
    assert (note.location.line, note.location.column) == (2, 2)


def test_simple_files_never_pay_for_the_slow_line_mapping(write_csv, monkeypatch) -> None:
    """Line numbers come from row numbers unless a record spans lines: the second reading of
    the file's lines (seconds on a big file) must not run for an ordinary benchmarking file."""
    from qpr_tui.ingest.stages import lines as line_stage

    def refuse(tf) -> list[int]:
        raise AssertionError("record_starts was called")

    path = write_csv(
        "organisation,kpi_id,period,value,target,tolerance type\n"
        "Surrey,K1,2024-Q1,1,2,\nKent,K1,2024-Q1,oops,2,points\n"
        "Kent,K2,2024-Q1,1,2,banana\n",
        "big.csv",
    )
    monkeypatch.setattr(line_stage, "record_starts", refuse)
    ds = load([path], organisation="Kent")
    lines = {i.code: i.location.line for i in ds.issues}
    assert lines["bad-value"] == 3 and lines["bad-tolerance-type"] == 4
    assert lines["year-quarter"] == 3


def test_short_rows_are_found_in_a_file_of_any_size(tmp_path) -> None:
    """A 21 MB file: its truncated row is named, as in a small one."""
    row = b"K%d,Indicator,2024/25 Q2,50,40,30,%s\n"
    rows = b"".join(row % (i, b"x" * 200) for i in range(100_000))
    path = tmp_path / "big.csv"
    path.write_bytes(
        b"kpi_id,indicator,period,value,target,floor,commentary\n" + rows + b"S1,Short,2024/25 Q2\n"
    )
    assert path.stat().st_size > 20 * 1024 * 1024
    short = [i for i in load([path]).issues if i.code == "short-row"]
    assert [(i.location.line, i.message) for i in short] == [
        (100_002, "this row has 3 fields but the header has 7; the missing ones were read as blank")
    ]
