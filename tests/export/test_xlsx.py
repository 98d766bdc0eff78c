"""The Excel workbook, read back with openpyxl: its sheets, RAG fills with glyph and word,
figures as numbers in their unit's format, frozen headings, filters, print setup, the
properties with the provenance, text that is never a formula, and the same bytes twice."""

from __future__ import annotations

import io
import re
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qpr_tui.analysis.summary import Analysis, Scope
from qpr_tui.config import parse_config
from qpr_tui.document import build_document
from qpr_tui.export import render_bytes, write_export
from qpr_tui.export.palette import RAG_FILLS
from qpr_tui.export.xlsx import (
    CELL_LIMIT,
    PROPERTY_LIMIT,
    cell_text,
    history_periods,
    number_format,
    property_parts,
)
from qpr_tui.export.xlsx_rows import utf16_cut, wrapped_lines
from qpr_tui.ingest.reader import load
from qpr_tui.vocabulary import PROVISIONAL_MARK, STATUS_WORDS, status_label

from .conftest import HYPERLINK, NOW, NOW_TEXT, Loaded
from .test_formats import EXPECTED_2_2_TO_2_4, SUMMARY_PARAGRAPH

FILLS = {f"FF{fill}" for fill in RAG_FILLS.values()}
PEERS = "organisation,kpi_id,indicator,unit,polarity,period,value,target,floor\n" + "".join(
    f"{org},UP,Up name,%,H,{period},{value},50,40\n"
    for period, values in (("Jun-24", (10, 20, 30, 40, 50)), ("Sep-24", (70, 90, 60, 35, 10)))
    for org, value in zip(("Home", "A", "B", "C", "D"), values, strict=True)
)


def open_book(blob: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(blob))


@pytest.fixture(scope="module")
def blob(sample: Loaded) -> bytes:
    return render_bytes(sample.analysis, "xlsx", sample.period, Scope(), now=NOW)


@pytest.fixture(scope="module")
def book(blob: bytes) -> openpyxl.Workbook:
    return open_book(blob)


def header(ws) -> list[str]:
    return [c.value for c in ws[1]]


def column(ws, title: str) -> list:
    index = header(ws).index(title) + 1
    return [ws.cell(row, index) for row in range(2, ws.max_row + 1)]


# ---- sheets and cells ------------------------------------------------------------------------
def test_the_sheets(book) -> None:
    assert book.sheetnames == ["Summary", "Indicators", "History", "Provenance"]
    assert book.active.title == "Summary"


def test_rag_cells_are_filled_and_labelled(book) -> None:
    ws = book["Indicators"]
    filled = [c for row in ws.iter_rows(min_row=2) for c in row if c.fill.fgColor.rgb in FILLS]
    assert len(filled) >= 40
    rag = column(ws, "RAG")
    assert len(rag) == 40
    for cell in rag:
        word = cell.value.split(" ", 1)[1]
        status = next(k for k, w in STATUS_WORDS.items() if w == word)
        assert cell.value == status_label(status)  # glyph and word: survives grey printing
        assert cell.fill.fgColor.rgb == f"FF{RAG_FILLS[status]}"
    words = [c.value for c in rag]
    assert words.count(status_label("red")) == 8 and words.count(status_label("green")) == 16


def test_figures_are_numbers_in_their_units_format(book, sample: Loaded) -> None:
    ws = book["Indicators"]
    units = [c.value for c in column(ws, "Unit")]
    values = column(ws, "Value")
    wanted = {"%": '0.0"%"', "£": "£#,##0", "number": "#,##0"}
    for unit, cell in zip(units, values, strict=True):
        if cell.value is None:
            continue
        assert isinstance(cell.value, int | float) and cell.data_type == "n"
        assert cell.number_format == wanted[unit], (unit, cell.coordinate)
    by_kpi = {c.value: v for c, v in zip(column(ws, "KPI"), values, strict=True)}
    assert by_kpi["CS07"].value == 62.3
    assert by_kpi["EC03"].value == 1_511_000 and by_kpi["EC03"].number_format == "£#,##0"
    assert by_kpi["PH01"].value == 30_401
    no_value = [c.value for c, v in zip(column(ws, "RAG"), values, strict=True) if v.value is None]
    assert no_value == [status_label("no_data")]


def test_indicators_keep_commentary_and_actions_wrapped(book) -> None:
    ws = book["Indicators"]
    commentary = column(ws, "Commentary")
    assert commentary[0].value.startswith("Callers continue to rate Contact Point advisors")
    assert all(c.alignment.wrap_text for c in commentary + column(ws, "Actions"))
    assert header(ws)[:3] == ["KPI", "Indicator", "Directorate"]
    assert "Direction of Travel" in header(ws) and "Owner" in header(ws)


def test_frozen_headings_filters_and_widths(book) -> None:
    for name in ("Indicators", "History"):
        ws = book[name]
        assert ws.freeze_panes == "B2", name
        (table,) = ws.tables.values()
        assert table.autoFilter is not None and table.ref.startswith("A1:"), name
    ws = book["Indicators"]
    assert ws.tables["Indicators"].ref == "A1:Q41"
    widths = {c: ws.column_dimensions[c].width for c in "ABGJ"}
    assert widths["A"] >= len("SCS06") and widths["G"] >= len("£1,511,000")
    assert 30 < widths["B"] < 52  # the indicator wraps rather than running on
    assert widths["J"] >= len("○ No data")


def test_print_setup(book) -> None:
    for ws in book.worksheets:
        assert ws.page_setup.paperSize == 9, ws.title  # A4
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth in (None, 1)  # one page wide (1 is the default)
        assert ws.page_setup.fitToHeight == 0
        assert ws.oddFooter.center.text == "Page &P of &N"
    assert book["Indicators"].print_title_rows == "$1:$1"
    assert book["Summary"].print_title_rows is None


def test_history_has_a_column_per_quarter_each_cell_filled(book) -> None:
    ws = book["History"]
    heads = header(ws)
    assert heads[:3] == ["KPI", "Indicator", "Unit"]
    quarters = heads[3:]
    assert quarters[0] == "2020/21 Q3" and quarters[-1] == "2024/25 Q2" and len(quarters) == 16
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "CS07")
    last = row[-1]
    assert last.value == 62.3 and last.fill.fgColor.rgb == f"FF{RAG_FILLS['red']}"
    assert last.number_format == '\\■\\ 0.0"%"'  # the glyph before the number, a number still
    values = [c for r in ws.iter_rows(min_row=2, min_col=4) for c in r if c.value is not None]
    assert len(values) > 500 and all(c.fill.fgColor.rgb in FILLS for c in values)


def test_history_quarters_sort_by_time() -> None:
    from qpr_tui.document.model import HistoryPoint, KpiRecord

    def record(*periods: str) -> KpiRecord:
        return KpiRecord({}, tuple(HistoryPoint(p, 1.0, None, None, "green") for p in periods))

    records = [record("2024/25 Q1", "2024/25 Q2"), record("2023/24 Q4", "2024/25 Q1")]
    assert history_periods(records) == ["2023/24 Q4", "2024/25 Q1", "2024/25 Q2"]


def test_summary_counts_and_cover_text(book) -> None:
    ws = book["Summary"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0][0] == "Quarterly Performance Report, Quarter 2, 2024/25"
    assert [status_label("green"), 16, 17, -1] in [r[:4] for r in rows]
    assert [status_label("red"), 8, 8, 0] in [r[:4] for r in rows]
    text = [r[0] for r in rows if isinstance(r[0], str)]
    assert text[2].startswith("RAG status, ") and any(
        t.startswith("Summary: The purpose") for t in text
    )
    assert SUMMARY_PARAGRAPH in text
    first = next(i for i, t in enumerate(text) if t.startswith("2.2. "))
    last = next(i for i, t in enumerate(text) if t.startswith("2.4. "))
    lines = [re.sub(r"^(• |– )", "", t) for t in text[first : last + 1]]
    assert lines == EXPECTED_2_2_TO_2_4.splitlines()
    child = next(r[0] for r in ws.iter_rows() if str(r[0].value).startswith("– "))
    assert child.alignment.indent == 1 and child.alignment.wrap_text
    change = next(r for r in ws.iter_rows() if r[0].value == status_label("green"))[3]
    assert change.number_format == '+0;"−"0;0'


def test_provenance_sheet_and_properties(book, sample: Loaded) -> None:
    sha = sample.analysis.dataset.sources[0].sha256
    facts = {r[0].value: r[1].value for r in book["Provenance"].iter_rows(min_row=2)}
    assert sha in facts["Input"] and facts["Generated"].startswith(NOW_TEXT)
    assert facts["Configuration"].startswith("kcc.toml (SHA-256 ")
    p = book.properties
    assert p.title == "Quarterly Performance Report, Quarter 2, 2024/25 – Kent County Council"
    assert p.subject == "Quarterly Performance Report, 2024/25 Q2"
    assert p.creator == "Kent County Council"
    assert p.keywords == "QPR, performance, 2024/25 Q2, All directorates"
    assert sha in p.description and p.category == "Performance report"
    assert p.created.isoformat() == "2025-01-09T09:30:00"
    custom = {prop.name: prop.value for prop in book.custom_doc_props.props}
    assert sha in custom["qpr_inputs"] and custom["qpr_generated_at"] == NOW_TEXT
    assert all(len(v) <= PROPERTY_LIMIT for v in custom.values())


# ---- safety and limits -----------------------------------------------------------------------
def test_formula_like_text_stays_text(hostile: Loaded) -> None:
    blob = render_bytes(hostile.analysis, "xlsx", hostile.period, Scope(), now=NOW)
    book = open_book(blob)
    ws = book["Indicators"]
    cells = {c.value: c for r in ws.iter_rows(min_row=2) for c in r if isinstance(c.value, str)}
    for text in (HYPERLINK, "-Finance", "@SUM(A1)", "+3"):
        assert cells[text].data_type == "s" and cells[text].quotePrefix, text
    assert not cells["Plain"].quotePrefix
    values = {r[0].value: r[6].value for r in ws.iter_rows(min_row=2)}
    assert values["H2"] == -5.2  # a negative number stays a number
    assert cells["=1+1 said \\x1b[31mred\\x1b[0m"].quotePrefix  # control codes made visible
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(n) for n in sheets)
        assert not any("hyperlink" in n for n in archive.namelist())


def test_long_custom_properties_continue_rather_than_being_cut() -> None:
    text = "x" * 300 + "y" * 300
    parts = property_parts("qpr_inputs", text)
    assert [name for name, _ in parts] == ["qpr_inputs", "qpr_inputs_2", "qpr_inputs_3"]
    assert "".join(v for _, v in parts) == text
    assert all(len(v) <= PROPERTY_LIMIT for _, v in parts)
    assert property_parts("qpr_x", "short") == [("qpr_x", "short")]


def test_a_cell_longer_than_excel_allows_says_it_was_cut() -> None:
    text = cell_text("a" * 40_000)
    assert len(text) == CELL_LIMIT
    assert text.endswith(" … (cut: an Excel cell holds 32,767 characters)")
    assert cell_text("line one\nline two") == "line one line two"


@pytest.mark.parametrize(
    ("kind", "unit", "value", "wanted"),
    [
        ("percent", "%", 62.3, '0.0"%"'),
        ("money", "£", 1_511_000.0, "£#,##0"),
        ("count", "number", 30_401.0, "#,##0"),
        ("count", "number", 2.5, "#,##0.0#"),
        ("number", "days", 12.0, "#,##0\\ \\d\\a\\y\\s"),
        ("number", 'in "x"', 1.5, '#,##0.0#\\ \\i\\n\\ \\"\\x\\"'),
        ("percent", "%", None, '0.0"%"'),
    ],
)
def test_number_formats(kind, unit, value, wanted) -> None:
    assert number_format(kind, unit, value) == wanted


def test_benchmark_sheet_when_there_are_peers(tmp_path: Path) -> None:
    data = tmp_path / "peers.csv"
    data.write_text(PEERS, encoding="utf-8")
    config = parse_config('organisation = "Home"\n').config
    analysis = Analysis(load([str(data)], config, organisation="Home"), "Home")
    document = build_document(analysis, None, Scope(), now=NOW)
    from qpr_tui.export.xlsx import render

    book = open_book(render(document))
    assert book.sheetnames == ["Summary", "Indicators", "History", "Benchmark", "Provenance"]
    ws = book["Benchmark"]
    assert header(ws) == ["KPI", "Indicator", "Value", "Rank", "Quartile", "Median", "Middle half"]
    row = [c.value for c in ws[2]]
    assert row[:5] == ["UP", "Up name", 70, "2 of 5", "second quartile"]
    assert ws["C2"].number_format == '0.0"%"' and ws.freeze_panes == "B2"


# ---- files -----------------------------------------------------------------------------------
def test_same_bytes_when_the_time_is_fixed(
    sample: Loaded, blob: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    again = render_bytes(sample.analysis, "xlsx", sample.period, Scope(), now=NOW)
    assert again == blob
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1736415000")  # NOW
    first = write_export(sample.analysis, "xlsx", tmp_path / "a.xlsx", sample.period, Scope())
    second = write_export(sample.analysis, "xlsx", tmp_path / "b.xlsx", sample.period, Scope())
    assert first.read_bytes() == second.read_bytes() == blob


def test_written_atomically_and_never_over_an_input(sample: Loaded, tmp_path: Path) -> None:
    from qpr_tui.errors import QprError

    target = tmp_path / "paper.xlsx"
    path = write_export(sample.analysis, "excel", target, sample.period, Scope(), now=NOW)
    assert path == target.absolute() and target.read_bytes()[:2] == b"PK"
    assert [p.name for p in tmp_path.iterdir()] == ["paper.xlsx"]  # no temporary file left
    with pytest.raises(QprError, match="already exists"):
        write_export(sample.analysis, "xlsx", target, sample.period, Scope(), now=NOW)
    with pytest.raises(QprError, match="is one of this report's input files"):
        write_export(
            sample.analysis, "xlsx", sample.files[0], sample.period, Scope(), force=True, now=NOW
        )


def test_a_provisional_value_is_marked_in_its_own_column(tmp_path: Path, book) -> None:
    assert "Provisional" not in header(book["Indicators"])  # no KPI of the sample is
    path = tmp_path / "provisional.csv"
    path.write_text(
        "kpi_id,indicator,unit,period,value,target,floor\n"
        "A1,Alpha,%,2024/25 Q1,60.5*,80,70\nA2,Beta,%,2024/25 Q1,90,80,70\n",
        encoding="utf-8",
    )
    analysis = Analysis(load([path]))
    ws = open_book(render_bytes(analysis, "xlsx", None, Scope(), now=NOW))["Indicators"]
    marks = {
        row[0].value: row[header(ws).index("Provisional")].value for row in ws.iter_rows(min_row=2)
    }
    assert marks == {"A1": PROVISIONAL_MARK, "A2": ""}
    assert column(ws, "Value")[0].value == 60.5


@given(
    st.text(alphabet=st.sampled_from("ab \t-x\u00a0"), max_size=120),
    st.integers(min_value=1, max_value=60),
)
def test_the_line_count_of_a_wrapped_cell_is_textwraps(text: str, width: int) -> None:
    wanted = len(textwrap.wrap(text, width, break_on_hyphens=False))
    assert max(1, wrapped_lines(text, width, {})) == max(1, wanted)


def test_rows_are_as_tall_as_their_wrapped_text_and_every_cell_is_counted(
    book, blob: bytes
) -> None:
    ws = book["Indicators"]
    (note,) = (c for c in ws[1] if c.value == "Commentary")
    # The width in characters the column was sized with: 7 pixels a character and 14 more
    # (`pixels`), which Excel holds as (pixels - 5) / 7.
    room = round(ws.column_dimensions[note.column_letter].width - 9 / 7) - 2
    tallest = 1
    for cell in column(ws, "Commentary"):
        lines = len(textwrap.wrap(cell.value, room, break_on_hyphens=False))
        height = ws.row_dimensions[cell.row].height
        assert height is None or height % 15 == 0, cell.row
        assert (height or 15) >= 15 * lines, cell.row
        tallest = max(tallest, lines)
    assert tallest > 1
    # The shared-string table counts each use of a string (and the small tables' first
    # writing of cells written again).
    strings = zipfile.ZipFile(io.BytesIO(blob)).read("xl/sharedStrings.xml").decode()
    count = int(re.search(r'count="(\d+)"', strings).group(1))  # type: ignore[union-attr]
    uses = 0
    for name in zipfile.ZipFile(io.BytesIO(blob)).namelist():
        if name.startswith("xl/worksheets/sheet"):
            uses += zipfile.ZipFile(io.BytesIO(blob)).read(name).decode().count(' t="s"')
    assert count >= uses > 0


def test_text_past_excels_utf16_limit_is_cut_between_characters() -> None:
    text = "😀" * 20_000  # 40,000 UTF-16 code units
    cut = utf16_cut(text)
    assert len(cut.encode("utf-16-le")) // 2 == 32_766 and cut == "😀" * 16_383


def test_unit_kinds_are_number_kind_found_once() -> None:
    from qpr_tui.document.tables import number_kind
    from qpr_tui.export.xlsx import UnitKinds

    kinds = UnitKinds()
    units = ["%", " £ ", "", "days", "Percent", "%"]
    assert [kinds[u] for u in units] == [number_kind(u) for u in units]
    assert sorted(kinds) == sorted(set(units))
