"""Workbooks (.xlsx, .ods) read through the same stages as CSV: sheets, headers found below
titles, exact numbers, percentages as shown, dates as periods, findings naming sheet, row and
column, and every mistake a user can make with a workbook as a clear message."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from qpr_tui.cli import main
from qpr_tui.config import Config, parse_config
from qpr_tui.config.files import settings_for
from qpr_tui.errors import Location, QprError, column_letter
from qpr_tui.ingest.reader import load
from qpr_tui.loading import SAMPLE, SAMPLE_CONFIG, SAMPLE_WORKBOOK
from qpr_tui.periods import label
from tests.core.workbooks import Formula, Pct, write_ods, write_xlsx

HEADER: list[object] = ["kpi_id", "indicator", "period", "value", "target", "floor", "polarity"]
TITLE: list[list[object]] = [["Kent County Council: QPR"], []]
Row = list[object]
REAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "real-data"


def by_kpi(ds, column: str) -> dict[str, object]:
    rows = ds.frame.select("kpi_id", column).rows()
    return dict(rows)


def findings(ds) -> list[str]:
    return [str(i) for i in ds.issues]


def config(text: str) -> Config:
    return parse_config(text).config


def test_column_letters() -> None:
    assert [column_letter(n) for n in (1, 6, 26, 27, 52, 703)] == ["A", "F", "Z", "AA", "AZ", "AAA"]


def test_location_in_a_sheet_and_in_a_csv_file() -> None:
    sheet = Location("kpis.xlsx", 14, 6, "value", sheet="People")
    assert str(sheet) == "kpis.xlsx, sheet 'People', row 14, column F (value)"
    assert str(Location("kpis.xlsx", sheet="People")) == "kpis.xlsx, sheet 'People'"
    assert str(Location("kpis.csv", 14, 6, "value")) == "kpis.csv, line 14, column 6 (value)"


def test_header_below_title_and_blank_rows(tmp_path: Path) -> None:
    rows: list[Row] = [*TITLE, HEADER, ["A1", "Alpha", "2024/25 Q2", 85, 80, 70, "H"]]
    ds = load([write_xlsx(tmp_path / "kpis.xlsx", {"People": rows})])
    assert by_kpi(ds, "value") == {"A1": 85.0}
    assert ds.frame.get_column("_line").to_list() == [4]
    (source,) = ds.sources
    assert (source.sheet, source.header_line, source.encoding) == ("People", 3, "xlsx")


def test_bad_cell_names_file_sheet_row_and_column(tmp_path: Path, capsys) -> None:
    rows: list[Row] = [*TITLE, ["Ref", *HEADER[1:]]]
    rows += [[f"A{i}", "Alpha", "2024/25 Q2", 85, 80, 70, "H"] for i in range(1, 11)]
    rows.append(["B1", "Beta", "2024/25 Q2", "eighty", 80, 70, "H"])
    path = write_xlsx(tmp_path / "kpis.xlsx", {"People": rows})
    ds = load([path])
    expected = (
        f"{path}, sheet 'People', row 14, column D (value): warning: the value 'eighty' is not "
        "a number, so it was treated as missing"
    )
    assert expected in findings(ds)
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "kpis.xlsx 'People'!D14" in out
    assert main(["summary", str(path)]) == 0
    assert f"qpr: {expected}" in capsys.readouterr().err


def test_numbers_stay_exact_and_texts_are_kept(tmp_path: Path) -> None:
    rows: list[Row] = [
        HEADER,
        ["A", "a", "2024/25 Q2", 1 / 3, 12345678.123456789, None, "H"],
        ["B", "b", "2024/25 Q2", 2 / 3, 1e-7, None, "H"],
    ]
    rows += [
        [kpi, kpi, "2024/25 Q2", text, 5, None, "H"]
        for kpi, text in (("C", "n/a"), ("D", "NA"), ("E", "#N/A"), ("F", "null"), ("G", "TBC"))
    ]
    rows.append(["H", "h", "2024/25 Q2", "None", 5, None, "H"])
    rows.append(["I", "i", "2024/25 Q2", 85, 80.0, None, "H"])  # whole numbers
    ds = load([write_xlsx(tmp_path / "kpis.xlsx", {"S": rows})])
    values, targets = by_kpi(ds, "value"), by_kpi(ds, "target")
    assert values["A"] == 1 / 3 and targets["A"] == 12345678.123456789
    assert values["B"] == 2 / 3 and targets["B"] == 1e-7
    assert (values["I"], targets["I"]) == (85.0, 80.0)
    reasons = by_kpi(ds, "value_reason")
    assert {k: reasons[k] for k in "CDEFGH"} == {
        "C": "not available",
        "D": "not available",
        "E": "not available",
        "F": "not available",
        "G": "awaiting",
        "H": "not available",
    }


def test_error_cells_are_findings_not_blanks(tmp_path: Path) -> None:
    rows: list[Row] = [
        [*TITLE[0]],
        ["kpi_id", "period", "value", "target"],
        ["A", "Sep-24", Formula("=1/0", "#DIV/0!"), 5],
        ["B", "Sep-24", Formula("=NA()", "#N/A"), Formula("=B9", "#REF!")],
        ["C", "Sep-24", None, 5],
        ["D", "Sep-24", Pct(0.5), 1],
    ]
    path = write_xlsx(tmp_path / "kpis.xlsx", {"S": rows})
    ds = load([path])
    assert by_kpi(ds, "value_reason") == {
        "A": "unusable value",
        "B": "not available",
        "C": "blank",
        "D": None,
    }
    text = findings(ds)
    assert (
        f"{path}, sheet 'S', row 3, column C (value): warning: the value '#DIV/0!' is not a "
        "number, so it was treated as missing"
    ) in text
    assert (
        f"{path}, sheet 'S', row 4, column D (target): error: the target '#REF!' is not a "
        "number, so it was treated as missing"
    ) in text


def test_percentages_are_read_as_shown(tmp_path: Path) -> None:
    rows: list[Row] = [
        ["kpi_id", "period", "value", "target", "floor"],
        ["A", "2024/25 Q2", Pct(0.853), Pct(0.8), Pct(0.7)],
        ["B", "2024/25 Q2", Pct(0.07), Pct(1), Pct(0.001)],
        ["C", "2024/25 Q2", 12.5, 10, 5],
    ]
    ds = load([write_xlsx(tmp_path / "kpis.xlsx", {"S": rows})])
    assert by_kpi(ds, "value") == {"A": 85.3, "B": 7.0, "C": 12.5}
    assert by_kpi(ds, "target") == {"A": 80.0, "B": 100.0, "C": 10.0}
    assert by_kpi(ds, "floor") == {"A": 70.0, "B": 0.1, "C": 5.0}
    assert by_kpi(ds, "unit") == {"A": "%", "B": "%", "C": ""}


def test_a_unit_the_file_gives_is_kept(tmp_path: Path) -> None:
    rows: list[Row] = [
        ["kpi_id", "unit", "period", "value", "target"],
        ["A", "rate", "Sep-24", Pct(0.5), 1],
    ]
    ds = load([write_xlsx(tmp_path / "kpis.xlsx", {"S": rows})])
    assert (by_kpi(ds, "unit"), by_kpi(ds, "value")) == ({"A": "rate"}, {"A": 50.0})


def test_dates_in_the_period_column_are_periods(tmp_path: Path) -> None:
    rows: list[Row] = [
        ["kpi_id", "period", "value", "target"],
        ["A", datetime.date(2024, 9, 30), 85, 80],
        ["A", datetime.date(2024, 6, 30), 84, 80],
    ]
    ds = load([write_xlsx(tmp_path / "kpis.xlsx", {"S": rows})])
    assert sorted(label(p) for p in ds.frame.get_column("period")) == ["2024/25 Q1", "2024/25 Q2"]


def test_wide_sheet_with_periods_in_the_header(tmp_path: Path) -> None:
    rows: list[Row] = [
        *TITLE,
        ["kpi_id", "target", "2024/25 Q1", "2024/25 Q2"],
        ["A", Pct(0.8), Pct(0.75), Pct(0.9)],
    ]
    ds = load([write_xlsx(tmp_path / "kpis.xlsx", {"S": rows})])
    frame = ds.frame.sort("period")
    assert frame.get_column("value").to_list() == [75.0, 90.0]
    assert frame.get_column("target").to_list() == [80.0, 80.0]


def test_sheets_are_stacked_and_the_others_noted(tmp_path: Path) -> None:
    people: list[Row] = [HEADER, ["A1", "Alpha", "2024/25 Q2", 85, 80, 70, "H"]]
    # The header in another place on each sheet.
    place: list[Row] = [*TITLE, [], [], HEADER, ["B1", "Beta", "2024/25 Q2", "x", 80, 70, "H"]]
    notes: list[Row] = [["Read me first"], ["This workbook holds the QPR."]]
    path = write_xlsx(
        tmp_path / "kpis.xlsx", {"People": people, "Notes": notes, "Place": place, "Empty": []}
    )
    ds = load([path])
    assert sorted(ds.frame.get_column("kpi_id")) == ["A1", "B1"]
    assert [(s.sheet, s.header_line) for s in ds.sources] == [("People", 1), ("Place", 5)]
    assert ds.frame.sort("kpi_id").get_column("_file").to_list() == [0, 1]
    text = findings(ds)
    assert (
        f"{path}, sheet 'Notes': info: the sheet has no KPI table (no row among its first 50 "
        "names the KPI and another known column), so it was skipped" in text
    )
    assert f"{path}, sheet 'Empty': info: the sheet is empty, so it was skipped" in text
    assert any(t.startswith(f"{path}, sheet 'Place', row 6, column D (value)") for t in text)


def test_a_benchmarking_workbook_keeps_the_first_organisation_in_full(tmp_path: Path) -> None:
    rows: list[Row] = [*TITLE, ["organisation", "kpi_id", "period", "value", "target"]]
    rows += [["Kent", "A", "Sep-24", 85, 80], ["Essex", "A", "Sep-24", 75, 80]]
    ds = load([write_xlsx(tmp_path / "kpis.xlsx", {"All": rows})])
    assert ds.home == "Kent"
    assert ds.frame.get_column("organisation").to_list() == ["Kent"]
    assert ds.peers is not None and ds.peers.get_column("organisation").to_list() == ["Essex"]


def test_configured_sheets_and_header_row(tmp_path: Path) -> None:
    decoy: list[Row] = [["kpi_id", "value"], ["(the KPI's code)", "(this quarter)"], HEADER]
    decoy.append(["A1", "Alpha", "2024/25 Q2", 85, 80, 70, "H"])
    other: list[Row] = [HEADER, ["B1", "Beta", "2024/25 Q2", 85, 80, 70, "H"]]
    path = write_xlsx(tmp_path / "kpis.xlsx", {"Other": other, "People": decoy})
    chosen = config('[files."*.xlsx"]\nsheets = ["People"]\nheader_row = 3\n')
    ds = load([path], chosen)
    assert by_kpi(ds, "value") == {"A1": 85.0}
    assert [(s.sheet, s.header_line) for s in ds.sources] == [("People", 3)]


def test_an_unknown_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "kpis.xlsx", {"People": [HEADER], "Place": [HEADER]})
    with pytest.raises(QprError) as info:
        load([path], config('[files."kpis.xlsx"]\nsheets = ["Poeple"]\n'))
    assert str(info.value) == (
        f"{path}: the workbook has no sheet 'Poeple'; its sheets are 'People', 'Place'. "
        'Correct [files."NAME"] sheets in the configuration.'
    )


def test_a_named_sheet_that_is_empty_is_an_error(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "kpis.xlsx",
        {"People": [HEADER, ["A", "a", "Sep-24", 1, 2, 1, "H"]], "Place": []},
    )
    with pytest.raises(QprError) as info:
        load([path], config('[files."kpis.xlsx"]\nsheets = ["People", "Place"]\n'))
    assert str(info.value) == f"{path}, sheet 'Place': the sheet is empty, so it was skipped."


def test_a_header_with_no_rows_below_it(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "kpis.xlsx", {"People": [*TITLE, HEADER]})
    with pytest.raises(QprError) as info:
        load([path])
    assert "no sheet has a KPI table (looked at 'People')" in str(info.value)
    chosen = config('[files."kpis.xlsx"]\nsheets = ["People"]\n')
    with pytest.raises(QprError) as info:
        load([path], chosen)
    assert str(info.value) == (
        f"{path}, sheet 'People': the sheet has a header in row 3 but no rows below it, so it "
        "was skipped."
    )


def test_header_findings_point_at_the_header_row(tmp_path: Path) -> None:
    rows: list[Row] = [*TITLE, ["kpi_id", "period", "value", "extra"], ["A", "Sep-24", 5, "x"]]
    path = write_xlsx(tmp_path / "kpis.xlsx", {"S": rows})
    text = findings(load([path]))
    assert (
        f"{path}, sheet 'S', row 3: warning: no target column: every KPI is shown as not rated"
        in text
    )
    assert f"{path}, sheet 'S', row 3, column D (extra): info: column 'extra' is not used" in text


def test_a_header_error_names_the_sheet_and_row(tmp_path: Path) -> None:
    rows: list[Row] = [*TITLE, ["kpi_id", "indicator", "period"], ["A", "a", "Sep-24"]]
    with pytest.raises(QprError) as info:
        load([write_xlsx(tmp_path / "kpis.xlsx", {"S": rows})])
    assert str(info.value).startswith(
        f"{tmp_path / 'kpis.xlsx'}, sheet 'S', row 3: no value column"
    )


def test_merged_header_cells(tmp_path: Path) -> None:
    rows: list[Row] = [
        ["kpi_id", "period", "value", None, "target"],
        ["A", "Sep-24", 85, 86, 80],
    ]
    path = write_xlsx(tmp_path / "kpis.xlsx", {"S": rows}, merges={"S": ["C1:D1"]})
    ds = load([path])
    assert by_kpi(ds, "value") == {"A": 85.0}
    assert (
        f"{path}, sheet 'S', row 1, column C (value): warning: the header cell 'value' is merged "
        "across columns C to D; only column C has that name, so the others are not used "
        "(un-merge the cells and give each column its own header)"
    ) in findings(ds)


def test_a_header_merged_down_over_two_rows(tmp_path: Path) -> None:
    rows: list[Row] = [
        ["kpi_id", "period", "value", "target"],
        [None, None, "(actual)", "(aim)"],
        ["A", "Sep-24", 85, 80],
    ]
    path = write_xlsx(tmp_path / "kpis.xlsx", {"S": rows}, merges={"S": ["A1:A2", "B1:B2"]})
    ds = load([path])
    assert by_kpi(ds, "value") == {"A": 85.0}
    assert not [i for i in ds.issues if i.code == "missing-kpi"]
    assert (
        f"{path}, sheet 'S', row 1: warning: the header is merged down over rows 1 to 2; the "
        "rows below row 2 are read as data"
    ) in findings(ds)


def test_a_column_with_data_but_no_header(tmp_path: Path) -> None:
    rows: list[Row] = [["kpi_id", "period", "value", None, "target"], ["A", "Sep-24", 85, 86, 80]]
    path = write_xlsx(tmp_path / "kpis.xlsx", {"S": rows})
    assert (
        f"{path}, sheet 'S', row 1, column D: warning: column D holds data but its header "
        "(row 1) is blank, so it is not used"
    ) in findings(load([path]))


def test_a_damaged_workbook(tmp_path: Path) -> None:
    path = tmp_path / "kpis.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)))
    with pytest.raises(QprError) as info:
        load([path])
    assert str(info.value).startswith(
        f"{path}: the workbook cannot be read: it is damaged or not a .xlsx file ("
    )
    assert str(info.value).endswith(
        "Open it in the spreadsheet and save it again, or save it as 'CSV UTF-8'."
    )


def test_an_encrypted_workbook(tmp_path: Path) -> None:
    # An encrypted .xlsx is an OLE container (as .xls is) with an EncryptionInfo stream.
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptionInfo".encode("utf-16-le")
    for name in ("kpis.xlsx", "kpis.xls"):
        path = tmp_path / name
        path.write_bytes(ole)
        with pytest.raises(QprError) as info:
            load([path])
        assert str(info.value) == (
            f"{path}: the workbook is password-protected (encrypted), so it cannot be read. Open "
            "it in the spreadsheet, remove the password (or save a copy without one) and load "
            "that."
        )


def test_a_csv_named_xlsx_is_read_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "kpis.xlsx"
    path.write_text("kpi_id,period,value,target\nA,Sep-24,85,80\n", encoding="utf-8")
    before = path.read_bytes()
    ds = load([path])
    assert by_kpi(ds, "value") == {"A": 85.0}
    assert (
        f"{path}: warning: the file is named .xlsx but holds text, not a workbook; it was read "
        "as CSV"
    ) in findings(ds)
    assert path.read_bytes() == before


def test_a_workbook_named_csv_is_read_as_a_workbook(tmp_path: Path) -> None:
    xlsx = write_xlsx(
        tmp_path / "kpis.xlsx", {"S": [HEADER, ["A", "a", "Sep-24", 85, 80, 70, "H"]]}
    )
    misnamed = tmp_path / "kpis.csv"
    misnamed.write_bytes(xlsx.read_bytes())
    assert by_kpi(load([misnamed]), "value") == {"A": 85.0}


def test_input_workbooks_are_not_modified(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "kpis.xlsx", {"S": [HEADER, ["A", "a", "Sep-24", Pct(0.5), 1, 0.5, "H"]]}
    )
    before, stamp = path.read_bytes(), path.stat().st_mtime_ns
    load([path])
    assert (path.read_bytes(), path.stat().st_mtime_ns) == (before, stamp)


def test_opendocument_spreadsheet(tmp_path: Path) -> None:
    rows: list[Row] = [
        ["Kent County Council"],
        [],
        ["kpi_id", "period", "value", "target"],
        ["A", "2024/25 Q2", Pct(0.853), Pct(0.8)],
        ["B", "2024/25 Q2", 1 / 3, "n/a"],
        ["C", "2024/25 Q2", "abc", 5],
    ]
    path = write_ods(tmp_path / "kpis.ods", {"People": rows})
    ds = load([path])
    assert by_kpi(ds, "value") == {"A": 85.3, "B": 1 / 3, "C": None}
    assert by_kpi(ds, "unit") == {"A": "%", "B": "", "C": ""}
    assert ds.sources[0].encoding == "ods"
    assert any(
        t.startswith(f"{path}, sheet 'People', row 6, column C (value): warning")
        for t in findings(ds)
    )


def test_files_settings_match_by_name_or_pattern() -> None:
    chosen = config(
        '[files."*.xlsx"]\nsheets = ["A"]\n[files."kpis.xlsx"]\nsheets = ["B"]\n'
        '[files."q?_*.xlsx"]\nheader_row = 2\n'
    )
    assert settings_for(chosen, "/data/kpis.xlsx").sheets == ["B"]
    assert settings_for(chosen, "other.xlsx").sheets == ["A"]
    assert settings_for(chosen, "kpis.csv").sheets == []
    assert settings_for(Config(), "kpis.xlsx").header_row is None


def test_sample_workbook_has_the_same_summary_as_the_csv(capsys) -> None:
    summaries = []
    for path in (SAMPLE, SAMPLE_WORKBOOK):
        assert main(["summary", "--json", str(path), "--config", str(SAMPLE_CONFIG)]) == 0
        captured = capsys.readouterr()
        assert captured.err == ""
        summaries.append(json.loads(captured.out))
    assert summaries[0] == summaries[1]
    assert summaries[1]["total"] == 40


def test_sample_workbook_rows_equal_the_csv_rows() -> None:
    csv, workbook = (load([path]) for path in (SAMPLE, SAMPLE_WORKBOOK))
    columns = [c for c in csv.frame.columns if c not in ("_file", "_line")]
    key = ["kpi_id", "period"]
    assert csv.frame.select(columns).sort(key).equals(workbook.frame.select(columns).sort(key))
    assert [s.sheet for s in workbook.sources] == [
        "Customer Services",
        "Governance and Law",
        "GET",
        "CYPE",
        "Adult Social Care and Health",
    ]
    assert {s.header_line for s in workbook.sources} == {3}


def test_real_workbook_is_read_without_a_traceback(capsys) -> None:
    path = (REAL / "oflog" / "ASC_dynamic_template.xlsx").resolve()
    if not path.exists():
        pytest.skip(f"the real data is not here ({path})")
    assert main(["summary", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    assert f"qpr: error: {path}: no sheet has a KPI table (looked at 'Sheet1')" in err


def test_a_binary_workbook_says_its_percentages_read_as_stored() -> None:
    # No library here writes .xls; the note is checked on its own (LibreOffice's .xls of the
    # sample loads with it, its percentages as fractions).
    from qpr_tui.ingest.workbook import _binary_note

    assert str(_binary_note("kpis.xls", "xls")) == (
        "kpis.xls: info: the number formats of an .xls workbook are not read, so a percentage "
        "stored as a fraction reads as the fraction (0.853, not 85.3); save it as .xlsx to have "
        "it read as shown"
    )


def test_dates_heading_the_columns_of_a_wide_sheet(tmp_path: Path) -> None:
    quarters = [datetime.date(2024, 6, 30), datetime.date(2024, 9, 30)]
    rows: list[Row] = [["kpi_id", "target", *quarters], ["A", 80, 75, 90]]
    ds = load([write_xlsx(tmp_path / "kpis.xlsx", {"S": rows})])
    frame = ds.frame.sort("period")
    assert [label(p) for p in frame.get_column("period")] == ["2024/25 Q1", "2024/25 Q2"]
    assert frame.get_column("value").to_list() == [75.0, 90.0]


def test_provenance_cites_the_workbook_once_with_its_sheets(tmp_path: Path, capsys) -> None:
    people: list[Row] = [HEADER, ["A1", "Alpha", "2024/25 Q2", 85, 80, 70, "H"]]
    place: list[Row] = [HEADER, ["B1", "Beta", "2024/25 Q2", 85, 80, 70, "H"]]
    path = write_xlsx(tmp_path / "kpis.xlsx", {"People": people, "Notes": [["x"]], "Place": place})
    out = tmp_path / "paper.json"
    assert main(["export", "-f", "json", "-o", str(out), str(path)]) == 0
    (cited,) = json.loads(out.read_text(encoding="utf-8"))["provenance"]["inputs"]
    assert (cited["name"], cited["encoding"], cited["sheets"]) == (
        "kpis.xlsx",
        "xlsx",
        ["People", "Place"],
    )
    assert cited["bytes"] == path.stat().st_size
    markdown = tmp_path / "paper.md"
    assert main(["export", "-f", "md", "-o", str(markdown), str(path)]) == 0
    assert "bytes, xlsx; sheets 'People', 'Place')" in markdown.read_text(encoding="utf-8")
    capsys.readouterr()


def test_a_sheet_whose_rows_are_all_blank_where_read(tmp_path: Path) -> None:
    # Rows with something only in columns that are not read: the sheet has no data rows.
    rows: list[Row] = [*TITLE, ["kpi_id", "period", "value", "extra"], [None, None, None, "x"]]
    with pytest.raises(QprError) as info:
        load([write_xlsx(tmp_path / "kpis.xlsx", {"S": rows})])
    assert str(info.value) == (
        f"{tmp_path / 'kpis.xlsx'}, sheet 'S', row 4: the file has a header but no data rows."
    )


def test_a_macro_workbook_reads_as_a_workbook(tmp_path: Path) -> None:
    rows: list[Row] = [HEADER, ["A", "a", "Sep-24", Pct(0.5), Pct(0.4), Pct(0.3), "H"]]
    xlsm = tmp_path / "kpis.xlsm"
    xlsm.write_bytes(write_xlsx(tmp_path / "kpis.xlsx", {"S": rows}).read_bytes())
    ds = load([xlsm])
    assert (by_kpi(ds, "value"), ds.sources[0].encoding) == ({"A": 50.0}, "xlsx")
