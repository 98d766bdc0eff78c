"""The PDF's table layout done ahead of typst: short columns given as lengths measured in the
shipped fonts (never narrower than typst's own measure, so a cell that fits on one line with
``auto`` still does), rows given their heights (typst's own, measured), and a section whose
table is longer than a page starting one."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import pypdf
import pytest
import typst

from qpr_tui.analysis.summary import Scope
from qpr_tui.document import build_document
from qpr_tui.document.model import (
    Column,
    NumberCell,
    Section,
    StatusCell,
    Table,
    TextCell,
)
from qpr_tui.export.font_metrics import metrics
from qpr_tui.export.pdf import FONT_FILES, FONT_FOLDER, font_folder, render
from qpr_tui.export.typst_rows import line_count
from qpr_tui.export.typst_source import (
    CELL_INSET_PT,
    PAGE_OF_ROWS,
    TABLE_TEXT_PT,
    Inputs,
    column_widths,
    row_heights,
    section,
    starts_page,
    string,
)
from qpr_tui.vocabulary import STATUS_GLYPHS, status_label

from .conftest import NOW, Loaded, stand_in_charts

#: Texts the tables hold: status words with their glyphs, figures, kerned capitals.
TEXTS = (
    *(status_label(s) for s in STATUS_GLYPHS),
    "KPI0001",
    "Previous RAG",
    "Direction of Travel",
    "1,234.5 %",
    "£1.51m",
    "WAVE AV To Tyyy LTA Yo",
    "↑ Improving ↓ Worsening → Stable",
    "12.3 days – —",
)


def typst_widths(texts: tuple[str, ...]) -> list[tuple[float, float]]:
    """Typst's own measure of each text, regular and bold, at the tables' size."""
    measures = "\n".join(
        f"#context [#metadata((measure(text({string(t)})).width.pt(), "
        f'measure(text(weight: "bold", {string(t)})).width.pt())) <m>]'
        for t in texts
    )
    source = f'#set text(font: "DejaVu Sans", size: {TABLE_TEXT_PT}pt)\n{measures}'
    folder = str(font_folder())
    found = typst.query(  # type: ignore[misc]
        source.encode("utf-8"),
        "<m>",
        field="value",
        font_paths=[folder],
        ignore_system_fonts=True,
    )
    return [(float(a), float(b)) for a, b in json.loads(found)]


def test_measured_widths_are_typsts_or_a_little_wider() -> None:
    regular, bold = (metrics(FONT_FOLDER / name) for name in FONT_FILES)
    for text, (theirs, theirs_bold) in zip(TEXTS, typst_widths(TEXTS), strict=True):
        ours, ours_bold = regular.width(text, TABLE_TEXT_PT), bold.width(text, TABLE_TEXT_PT)
        assert ours is not None and ours_bold is not None
        # Kerning only narrows typst's runs: the sum of advances is never narrower.
        assert theirs - 0.01 <= ours <= theirs * 1.1 + 0.5, text
        assert theirs_bold - 0.01 <= ours_bold <= theirs_bold * 1.1 + 0.5, text


def test_a_character_the_fonts_lack_has_no_width() -> None:
    regular = metrics(FONT_FOLDER / FONT_FILES[0])
    assert regular.width("漢字", 8) is None
    assert regular.width("", 8) == 0


def kpi_table(rows: int, value: str = "98.8%") -> Table:
    columns = (
        Column("KPI", "kpi_id"),
        Column("Indicator", "indicator", wide=True),
        Column("Value", "value", align="right"),
        Column("RAG", "rag"),
    )
    cells = tuple(
        (
            TextCell(f"K{n:03}"),
            TextCell("Callers rated well"),
            NumberCell(98.8, value),
            StatusCell(s),
        )
        for n, s in zip(range(rows), ["red", "green", "amber"] * rows, strict=False)
    )
    return Table("kpis", "KPIs", columns, cells)


def test_short_columns_are_as_wide_as_their_widest_text_in_bold_or_regular() -> None:
    regular, bold = (metrics(FONT_FOLDER / name) for name in FONT_FILES)
    widths = column_widths(kpi_table(3))
    assert widths[1] == "3fr"
    needed = {
        0: bold.width("K002", TABLE_TEXT_PT),  # the row headers are bold
        2: max(bold.width("Value", TABLE_TEXT_PT) or 0, regular.width("98.8%", TABLE_TEXT_PT) or 0),
        3: regular.width(status_label("amber"), TABLE_TEXT_PT),
    }
    for n, width in needed.items():
        assert width is not None
        given = float(widths[n].removesuffix("pt"))
        assert width + 2 * CELL_INSET_PT < given <= width + 2 * CELL_INSET_PT + 0.3, n


def test_a_text_the_fonts_cannot_set_leaves_its_column_to_typst() -> None:
    widths = column_widths(kpi_table(3, value="漢字"))
    assert widths[2] == "auto" and widths[0].endswith("pt") and widths[3].endswith("pt")


def test_short_columns_too_wide_for_the_page_are_all_left_to_typst() -> None:
    wide = "W" * 24  # short by the character count, far too wide in points
    columns = tuple(Column(f"C{n}", f"c{n}") for n in range(8))
    table = Table("kpis", "Wide", (Column("Name", "name", wide=True), *columns), ())
    rows = ((TextCell("x"), *(TextCell(wide) for _ in columns)),)
    widths = column_widths(Table(table.kind, table.caption, table.columns, rows))
    assert widths == ["3fr", *["auto"] * 8]


def test_a_section_with_a_table_longer_than_a_page_starts_one() -> None:
    long = Section("Long", blocks=(kpi_table(PAGE_OF_ROWS + 1),))
    short = Section("Short", blocks=(kpi_table(PAGE_OF_ROWS),))
    assert starts_page(long) and not starts_page(short)
    parent = Section("Directorate", sections=(long, short))
    assert starts_page(parent)  # its heading goes with its first subsection
    lines = section(parent, Inputs())
    assert lines[0] == "#pagebreak(weak: true)"
    assert lines.count("#pagebreak(weak: true)") == 1  # the first one keeps its parent's


@pytest.fixture(scope="module")
def long_tables_paper(sample: Loaded) -> list[str]:
    """The sample's paper with three long tables, each in its own section, for its body."""
    parts = tuple(Section(f"Area {n}", blocks=(kpi_table(PAGE_OF_ROWS + 5),)) for n in range(3))
    document = build_document(sample.analysis, sample.period, Scope(), now=NOW)
    document = replace(document, sections=(Section("Tables", sections=parts),), appendices=())
    with stand_in_charts():
        blob = render(document)
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(blob)).pages]


def test_each_long_table_begins_a_page_with_its_heading(long_tables_paper: list[str]) -> None:
    tops = [text.split("\n")[1:3] for text in long_tables_paper if text.count("\n") > 2]
    # The first area keeps its parent's heading: both head the page the parent starts.
    assert ["Tables", "Area 0"] in tops
    assert [top[0] for top in tops].count("Area 1") == 1
    assert [top[0] for top in tops].count("Area 2") == 1


def test_the_measures_are_those_the_layout_sets_tables_in() -> None:
    from qpr_tui.export.typst_source import CELL_INSET_Y_PT, LEADING_EM, TEXT_WIDTH_PT, layout

    text = layout()
    assert f"#show table: set text(size: {TABLE_TEXT_PT:g}pt)" in text
    assert f"inset: (x: {CELL_INSET_PT:g}pt, y: {CELL_INSET_Y_PT:g}pt)" in text
    assert f"#show table: set par(leading: {LEADING_EM:g}em)" in text
    assert 'paper: "a4"' in text and "x: 17mm" in text
    assert round(TEXT_WIDTH_PT, 1) == 498.9


# ---- row heights -----------------------------------------------------------------------------
REGULAR = metrics(FONT_FOLDER / FONT_FILES[0])


def test_line_count_breaks_at_spaces_as_first_fit_does() -> None:
    one = REGULAR.width("Number of", 8)
    assert one is not None
    assert line_count("", REGULAR, 8, 50) == 0
    assert line_count("Number", REGULAR, 8, 50) == 1
    assert line_count("Number of", REGULAR, 8, one) == 1
    assert line_count("Number of cases", REGULAR, 8, one) == 2
    assert line_count("Number of cases (Finance)", REGULAR, 8, one) == 3


def test_line_count_gives_up_where_typst_could_break_otherwise() -> None:
    wide = REGULAR.width("Number of", 8)
    assert wide is not None
    assert line_count("Supercalifragilistic", REGULAR, 8, 30) is None  # wider than the cell
    narrow = REGULAR.width("ab", 8)
    assert narrow is not None
    assert line_count("a  b", REGULAR, 8, 100) == 1  # it fits: nothing to break
    assert line_count("ab  ab", REGULAR, 8, narrow) is None  # two spaces to break at
    assert line_count(" ab", REGULAR, 8, narrow) is None
    assert line_count("漢字", REGULAR, 8, 100) is None
    # No break before closing punctuation, nor after an opening bracket, even at a space:
    assert line_count("Number of , cases", REGULAR, 8, wide) is None
    assert line_count("Number ( of cases", REGULAR, 8, wide) is None
    assert line_count("Number of ), cases", REGULAR, 8, 500) == 1  # fits: nothing to break


def typst_row_heights(table: Table) -> list[float]:
    """Typst's own height of each row of ``table`` at the widths the PDF gives its columns:
    its tallest cell's text measured in a block of the cell's width, and the insets."""
    from qpr_tui.export.typst_source import CELL_INSET_Y_PT, LEADING_EM, _bold, _points

    points = _points(column_widths(table))
    assert points is not None
    rows = [[(c.title, True) for c in table.columns]]
    rows += [[(c.shown, _bold(table, n, c)) for n, c in enumerate(r)] for r in table.rows]
    measures = [
        f"#context [#metadata(measure(block(width: {points[n] - 2 * CELL_INSET_PT}pt, "
        f'text(weight: "{"bold" if bold else "regular"}", {string(text)}))).height.pt()) <m>]'
        for row in rows
        for n, (text, bold) in enumerate(row)
    ]
    source = (
        f'#set text(font: "DejaVu Sans", size: {TABLE_TEXT_PT}pt)\n'
        f"#set par(leading: {LEADING_EM}em)\n" + "\n".join(measures)
    )
    folder = str(font_folder())
    found = typst.query(  # type: ignore[misc]
        source.encode("utf-8"), "<m>", field="value", font_paths=[folder], ignore_system_fonts=True
    )
    heights = iter(json.loads(found))
    return [max(next(heights) for _ in row) + 2 * CELL_INSET_Y_PT for row in rows]


TRICKY_NAMES = (
    "Number of potholes repaired (Early Help)",
    "% of calls answered within 20 seconds",
    "Households in temporary accommodation / 1,000",
    "Use of agency staff – spend against budget, £m",
    "Children “looked after” per 10,000 under-18s",
    "Rate of A&E attendances (per 100,000) [provisional]",
    "Long-term-unemployed residents re-entering employment within six months",
    "Percentage",
    "x " * 40,
)


def tricky_table() -> Table:
    columns = (
        Column("KPI", "kpi_id"),
        Column("Indicator", "indicator", wide=True),
        Column("Value", "value", align="right"),
        Column("Direction of Travel", "direction"),
    )
    rows = tuple(
        (TextCell(f"K{n}"), TextCell(name.strip()), NumberCell(1.0, "12.5%"), TextCell("→ Stable"))
        for n, name in enumerate(TRICKY_NAMES)
    )
    return Table("kpis", "Tricky", columns, rows)


def test_given_row_heights_are_typsts_own(sample: Loaded) -> None:
    document = build_document(sample.analysis, sample.period, Scope(), now=NOW)
    tables = [b for s in document.walk() for b in s.blocks if isinstance(b, Table)]
    tables.append(tricky_table())
    measured = 0
    for table in tables:
        given = row_heights(table, column_widths(table))
        if given is None:
            continue
        for ours, theirs in zip(given, typst_row_heights(table), strict=True):
            if ours != "auto":
                # Never lower than typst's (the text would run out of its row); in practice
                # the same, to the hundredth of a point it is rounded up to.
                assert theirs <= float(ours.removesuffix("pt")) <= theirs + 0.011
                measured += 1
    assert measured > 100


def test_a_row_whose_lines_cannot_be_counted_is_left_to_typst() -> None:
    table = kpi_table(2)
    odd = (TextCell("K9"), TextCell("漢字の指標"), NumberCell(1.0, "1"), StatusCell("red"))
    given = row_heights(
        Table(table.kind, table.caption, table.columns, (*table.rows, odd)), column_widths(table)
    )
    assert given is not None and given[-1] == "auto" and "auto" not in given[:-1]


def test_no_row_heights_when_a_column_is_left_to_typst() -> None:
    table = kpi_table(3, value="漢字")
    assert row_heights(table, column_widths(table)) is None
    assert "rows: auto" in table_source(table)


def table_source(table: Table) -> str:
    from qpr_tui.export.typst_source import table as typst_table

    return typst_table(table)
