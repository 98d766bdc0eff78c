"""Every file in tests/data/bad has an exact expected outcome on the command line.

Unusable input: ``qpr summary`` exits 2 with one clear line naming the file (and the line and
column where there is one). Usable but flawed input: exit 0, findings on stderr, and
``qpr validate`` exits 1.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qpr_tui.cli import main

BAD = Path(__file__).resolve().parent / "data" / "bad"

UNUSABLE = {
    "empty.csv": "empty.csv: the file is empty. Expected a header line",
    "header_only.csv": "header_only.csv, line 2: the file has a header but no data rows.",
    "no_recognisable_columns.csv": "no_recognisable_columns.csv, line 1: no column names the KPI",
    "missing_value_column.csv": "missing_value_column.csv, line 1: no value column was found",
    "text_everywhere.csv": "text_everywhere.csv, line 2, column 6 (value): no value in the file "
    "is a number",
    "binary.xlsx": "binary.xlsx: the workbook cannot be read: it is damaged or not a .xlsx file",
    "damaged_sheet.xlsx": "damaged_sheet.xlsx, sheet 'Customer Services': the sheet cannot be "
    "read: its contents are damaged (Xlsx error: Xml error: syntax error: tag not closed: `>` "
    "not found before end of input). Open the workbook in the spreadsheet and save it again",
    "not_text.csv": "not_text.csv, line 2, column 11: the file is neither UTF-8 nor "
    "Windows-1252 text (byte 0x81 cannot be decoded)",
    "nul_bytes.csv": "nul_bytes.csv, line 2, column 12: the file contains NUL bytes",
    "unbalanced_quotes.csv": "unbalanced_quotes.csv, line 3: the file is not valid CSV",
    "ragged_rows.csv": "ragged_rows.csv, line 4, column 5: this row has 6 fields but the "
    "header has 4",
    "duplicate_headers.csv": "duplicate_headers.csv, line 1, column 4: 'value' (column 3) and "
    "'value' (column 4) could both be the value column",
    "duplicate_rows.csv": "A1 2024/25 Q2 is in tests/data/bad/duplicate_rows.csv line 2 and in "
    "tests/data/bad/duplicate_rows.csv line 3",
    "duplicate_headers_case.csv": "duplicate_headers_case.csv, line 1, column 4: 'Value' (column "
    "3) and 'value' (column 4) could both be the value column. Rename one, or say which in the "
    'configuration: [columns] value = ["Value"] (written exactly as its header).',
    "list_column.parquet": "list_column.parquet, column 3 (value): the column holds lists "
    "(List(Float64)), which cannot be read as text or numbers.",
    "cp1252_after_head_ragged.csv": "cp1252_after_head_ragged.csv, line 2, column 6: this row "
    "has 6 fields but the header has 5",
    "stray_quote.csv": "stray_quote.csv, line 2, column 2: the file is not valid CSV: this field "
    "has a quote in the middle of its text; a quote may only enclose a whole field",
}

# file -> (texts expected on stderr from `summary`, the summary's total, `validate` exit code)
USABLE = {
    "missing_target_floor.csv": (
        ["line 1: warning: no target column: every KPI is shown as not rated"],
        1,
        1,
    ),
    "missing_floor.csv": ([], 1, 0),
    "mixed_decimal_commas.csv": (
        ["line 2, column 6 (value): warning: the value uses a decimal comma"],
        2,
        1,
    ),
    "thousands_of_columns.csv": ([], 1, 1),
    "one_megabyte_line.csv": ([], 1, 1),
    "unknown_periods.csv": (
        [
            "line 3, column 2 (period): error: 'Q5 2024' is not a period",
            "line 4, column 2 (period): error: 'last month' is not a period",
        ],
        1,
        1,
    ),
    "periods_out_of_order.csv": ([], 1, 1),
    "negative_and_infinite.csv": (
        [
            "line 3, column 4 (value): warning: the value 'inf' is not a number",
            "line 5, column 4 (value): warning: the value '1e999' is not a number",
        ],
        3,
        1,
    ),
    "hostile.csv": ([], 5, 0),
    "semicolon_decimal_commas.csv": (
        [
            "line 2, column 5 (value): warning: the value uses a decimal comma",
            "line 2, column 6 (target): warning: the target uses a decimal comma",
            "line 2, column 7 (floor): warning: the floor uses a decimal comma",
        ],
        1,
        1,
    ),
    "semicolon_thousands.csv": (
        [
            "line 2, column 5 (value): warning: the value '1,234' was read as 1234, but it could "
            "mean 1.234 (the file is separated by semicolons"
        ],
        1,
        1,
    ),
    "blank_target_one_quarter.csv": (
        [
            "line 3, column 7 (target): warning: the target and floor are blank here but given "
            "in other periods of A1, so A1 is not rated in 2024/25 Q2"
        ],
        1,
        1,
    ),
    "wide_provisional_column.csv": ([], 1, 0),
    "utf16_unicode_text.csv": ([], 1, 0),
    "cr_only_line_endings.csv": ([], 1, 0),
    "mixed_line_endings.csv": ([], 2, 0),
    "bom_inside.csv": ([], 1, 0),
    "hostile_unit.csv": ([], 1, 0),
    "stray_future_period.csv": (
        [
            "line 5, column 5 (period): error: the period '2100/01 Q1' is not a plausible year "
            "(1900 to 2099 are); this row was left out"
        ],
        2,
        1,
    ),
    "year_alone.csv": ([], 1, 0),
}


def rel(name: str) -> str:
    return f"tests/data/bad/{name}"


@pytest.fixture(autouse=True)
def _repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD.parents[2])


def test_corpus_is_complete() -> None:
    on_disk = {p.name for p in BAD.iterdir() if p.suffix in (".csv", ".xlsx", ".parquet")}
    assert on_disk == set(UNUSABLE) | set(USABLE)


@pytest.mark.parametrize("name", sorted(UNUSABLE))
def test_unusable_input_exits_2_with_one_clear_line(capsys, name: str) -> None:
    before = (BAD / name).read_bytes()
    assert main(["summary", rel(name)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"qpr: error: {rel(name)}") or name == "duplicate_rows.csv"
    assert UNUSABLE[name] in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert (BAD / name).read_bytes() == before
    assert main(["validate", rel(name)]) == (1 if name == "duplicate_rows.csv" else 2)


@pytest.mark.parametrize("name", sorted(USABLE))
def test_usable_flawed_input(capsys, name: str) -> None:
    expected_err, total, validate_code = USABLE[name]
    assert main(["summary", rel(name), "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["total"] == total
    for text in expected_err:
        assert f"qpr: {rel(name)}, {text}" in captured.err
    assert main(["validate", rel(name)]) == validate_code


@pytest.mark.parametrize(
    "name", ["utf16_unicode_text.csv", "cr_only_line_endings.csv", "bom_inside.csv"]
)
def test_encodings_and_line_endings_keep_one_history(capsys, name: str) -> None:
    """Each file holds one KPI in two quarters: read as such, its direction compares them."""
    assert main(["summary", rel(name), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["period"], data["previous_period"]) == ("2024/25 Q2", "2024/25 Q1")
    assert (data["rag"]["red"], data["rag_previous"]["green"]) == (1, 1)


def test_periods_out_of_order_are_ordered(capsys) -> None:
    assert main(["summary", rel("periods_out_of_order.csv"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["period"], data["previous_period"]) == ("2024/25 Q2", "2024/25 Q1")
    assert (data["rag"]["green"], data["rag_previous"]["amber"]) == (1, 1)


def test_semicolon_decimal_commas_are_read_as_decimals(capsys) -> None:
    assert main(["summary", rel("semicolon_decimal_commas.csv"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rag"]["amber"] == 1  # 1.234 is between the floor 1.2 and the target 1.5


def test_a_blank_target_in_one_quarter_leaves_it_not_rated(capsys) -> None:
    assert (
        main(["summary", rel("blank_target_one_quarter.csv"), "--json", "--period", "Sep-24"]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["rag"]["not_rated"] == 1


def test_a_provisional_wide_column_is_the_latest_period(capsys) -> None:
    assert main(["summary", rel("wide_provisional_column.csv"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["period"], data["rag"]["amber"]) == ("2024/25 Q3", 1)
    assert main(["validate", rel("wide_provisional_column.csv"), "--json"]) == 0
    issues = json.loads(capsys.readouterr().out)["issues"]
    assert [(i["code"], i["line"], i["column"]) for i in issues] == [("provisional-column", 1, 8)]
    assert issues[0]["message"].startswith(
        "column 'Dec-24 (provisional)' was read as the period 'Dec-24' (2024/25 Q3)"
    )


def test_config_section_of_the_wrong_type_gives_its_key_and_line(capsys) -> None:
    assert main(["summary", "--config", rel("wrong_type_config.toml")]) == 2
    err = capsys.readouterr().err
    assert err == (
        "qpr: error: tests/data/bad/wrong_type_config.toml, line 2: rag must be a table, "
        "not a number (5)\n"
    )


@pytest.mark.parametrize(
    ("name", "period", "previous"),
    [
        ("stray_future_period.csv", "2024/25 Q2", "2024/25 Q1"),  # not the stray 2100/01 Q1
        ("year_alone.csv", "2024/25", "2023/24"),  # a financial year, not "month 25"
    ],
)
def test_the_report_period(capsys, name: str, period: str, previous: str) -> None:
    assert main(["summary", rel(name), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["period"], data["previous_period"]) == (period, previous)


def test_a_hostile_unit_is_shown_escaped(capsys, tmp_path: Path) -> None:
    shown = "% \\x1b]52;c;SGVsbG8="  # the rest is cut to the column's width
    assert main(["summary", rel("hostile_unit.csv")]) == 0
    out = capsys.readouterr().out
    assert f"60 {shown}" in out and "\x1b" not in out and "\x07" not in out
    for fmt in ("txt", "md", "html"):
        paper = tmp_path / f"paper.{fmt}"
        assert main(["export", rel("hostile_unit.csv"), "-f", fmt, "-o", str(paper)]) == 0
        text = paper.read_text(encoding="utf-8")
        assert "52;c;SGVsbG8=" in text and "\x1b" not in text and "\x07" not in text, fmt


def test_directory_missing_and_unreadable(capsys, tmp_path: Path, monkeypatch) -> None:
    assert main(["summary", str(tmp_path)]) == 2
    assert "this is a directory, not a file" in capsys.readouterr().err
    assert main(["summary", str(tmp_path / "gone.csv")]) == 2
    assert "gone.csv: the file does not exist" in capsys.readouterr().err
    locked = tmp_path / "locked.csv"
    locked.write_text("kpi_id,period,value\nA,Sep-24,1\n")
    original = Path.open

    def deny(self: Path, *args, **kwargs):
        if self == locked:
            raise PermissionError(13, "Permission denied")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    assert main(["summary", str(locked)]) == 2
    assert "locked.csv: the file cannot be read (permission denied)" in capsys.readouterr().err


def test_broken_toml_gives_its_line(capsys) -> None:
    assert main(["summary", "--config", rel("broken_config.toml")]) == 2
    err = capsys.readouterr().err
    assert "broken_config.toml, line 3, column 14: the configuration is not valid TOML" in err


def test_unknown_config_keys_are_named(capsys) -> None:
    assert main(["summary", "--config", rel("unknown_keys.toml"), "--json"]) == 0
    err = capsys.readouterr().err
    assert "unknown key 'colour' was ignored" in err
    assert "unknown key 'windw' in [dot] was ignored" in err


def test_hostile_text_is_shown_literally_and_never_raw(capsys) -> None:
    assert main(["summary", rel("hostile.csv")]) == 0
    out = capsys.readouterr().out
    assert "[red]Red[/] [/] [bold]markup" in out
    assert "\x1b]" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x1b]0;pwned\\x07" in out
    assert "\\u202e" in out
    assert main(["summary", rel("hostile.csv"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert any(r["indicator"].startswith("[red]Red[/]") for r in data["red"])


@pytest.mark.parametrize("fmt", ["html", "svg", "txt", "md", "csv", "json"])
def test_hostile_text_never_reaches_an_export_raw(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    assert main(["export", rel("hostile.csv"), "--format", fmt, "--output", str(out)]) == 0
    data = out.read_text(encoding="utf-8-sig")
    for raw in ("\x1b", "\x07", "\x08", "\u202e", "\u200f"):
        assert raw not in data, (fmt, repr(raw))
    if fmt == "json":
        assert json.loads(data)["red"][1]["indicator"].startswith("OSC \x1b]0;pwned")
    if fmt == "csv":
        assert "'=HYPERLINK" in data


def test_validate_json_escapes_hostile_text(capsys) -> None:
    main(["validate", rel("hostile.csv"), "--json"])
    out = capsys.readouterr().out
    assert "\u202e" not in out and "\x1b" not in out
    json.loads(out)
