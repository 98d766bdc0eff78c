"""The Word paper, read back with python-docx: the cover text matches the reference report's
2.2 to 2.4, the RAG cells are shaded and labelled, there is a picture per Red KPI, headings
use Word's heading styles, the pages are A4 and numbered, the properties carry the
provenance, and a council's template gives its styles (or gets the ones it lacks)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsmap, qn
from docx.shared import Pt, RGBColor
from docx.table import _Cell

from qpr_tui.analysis.summary import Analysis, Scope
from qpr_tui.config import parse_config
from qpr_tui.document import build_document
from qpr_tui.errors import QprError
from qpr_tui.export import render_bytes, write_document
from qpr_tui.export.word_parts import ZIP_TIME
from qpr_tui.ingest.reader import load
from qpr_tui.loading import SAMPLE
from qpr_tui.views.text import clean

from .conftest import NOW, Loaded, stand_in_charts
from .docx_outline import cell_fill, open_docx
from .test_formats import EXPECTED_2_2_TO_2_4, SUMMARY_PARAGRAPH, _normalise

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def paper(sample: Loaded) -> bytes:
    """The sample's paper with the real chart pictures (one export for the module)."""
    return render_bytes(sample.analysis, "docx", sample.period, Scope(), now=NOW)


def texts(blob: bytes) -> list[str]:
    return [p.text for p in open_docx(blob).paragraphs]


def test_cover_text_matches_the_reference_report(paper: bytes) -> None:
    lines = texts(paper)
    first = next(i for i, t in enumerate(lines) if t.startswith("2.2. "))
    last = next(i for i, t in enumerate(lines) if t.startswith("2.4. "))
    assert _normalise(lines[first : last + 1]) == EXPECTED_2_2_TO_2_4.splitlines()
    assert SUMMARY_PARAGRAPH in lines


def test_rag_cells_are_shaded_and_labelled(paper: bytes) -> None:
    d = open_docx(paper)
    shaded = [
        cell
        for table in d.tables
        for row in table.rows[1:]
        for cell in row.cells
        if cell_fill(cell) in ("C6EFCE", "FFEB9C", "FFC7CE", "EDEDED")
    ]
    assert len(shaded) >= 40
    words = {cell_fill(c): c.text for c in shaded}
    assert words["FFC7CE"] == "■ Red" and words["C6EFCE"] == "● Green"  # glyph and word too
    header = d.tables[0].rows[0]._tr
    assert header.trPr is not None and header.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None


def test_a_chart_picture_per_red_kpi(paper: bytes) -> None:
    d = open_docx(paper)
    assert len(d.inline_shapes) == 8
    with zipfile.ZipFile(io.BytesIO(paper)) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert media and all(archive.read(n).startswith(PNG) for n in media)
    captions = [p.text for p in d.paragraphs if p.style is not None and p.style.name == "Caption"]
    assert any(c.startswith("CS07: Percentage of complaints") for c in captions)


def test_headings_pages_and_properties(paper: bytes, sample: Loaded) -> None:
    d = open_docx(paper)
    styles = {p.text: p.style.name for p in d.paragraphs if p.style is not None}
    assert styles["Quarterly Performance Report, Quarter 2, 2024/25"] == "Title"
    assert styles["1. Introduction"] == "Heading 1"
    assert styles["Appendix 2: Red indicators, Quarter 2, 2024/25"] == "Heading 1"
    assert styles["Customer Services"] == "Heading 2"
    appendix = next(p for p in d.paragraphs if p.text.startswith("Appendix 1"))
    assert appendix.paragraph_format.page_break_before
    section = d.sections[0]
    assert section.page_width is not None and round(section.page_width.mm) == 210
    assert section.page_height is not None and round(section.page_height.mm) == 297
    footer = section.footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and "Page " in footer
    core = d.core_properties
    sha = sample.analysis.dataset.sources[0].sha256
    assert core.title == "Quarterly Performance Report, Quarter 2, 2024/25 – Kent County Council"
    assert core.author == "Kent County Council" and core.identifier == sha
    assert sha in core.comments and core.created is not None
    with zipfile.ZipFile(io.BytesIO(paper)) as archive:
        custom = archive.read("docProps/custom.xml").decode("utf-8")
        stamps = {info.date_time for info in archive.infolist()}
    assert 'name="qpr_inputs"' in custom and sha in custom and "kcc.toml" in custom
    assert stamps == {ZIP_TIME}


def test_the_same_paper_gives_the_same_bytes(sample: Loaded) -> None:
    with stand_in_charts():
        first = render_bytes(sample.analysis, "docx", sample.period, Scope(), now=NOW)
        second = render_bytes(sample.analysis, "docx", sample.period, Scope(), now=NOW)
    assert first == second


def test_hostile_text_is_written_as_text(hostile: Loaded) -> None:
    with stand_in_charts():
        blob = render_bytes(hostile.analysis, "docx", hostile.period, Scope(), now=NOW)
    body = "\n".join(texts(blob)) + "\n".join(
        c.text for t in open_docx(blob).tables for r in t.rows for c in r.cells
    )
    assert "<script>alert(1)</script>" in body and "[red]act[/]" in body
    assert "\x1b" not in body and "\\x1b[31m" in body


# ---- a council's template ---------------------------------------------------------------
def council_template(path: Path, *, lacking: tuple[str, ...] = ()) -> Path:
    """A stand-in council template: purple Arial headings, its own text and footer."""
    d = docx.Document()
    d.styles["Normal"].font.name = "Arial"
    d.styles["Heading 1"].font.color.rgb = RGBColor(0x5B, 0x1F, 0x69)
    d.styles["Heading 1"].font.size = Pt(18)
    for name in lacking:
        element = d.styles[name].element
        element.getparent().remove(element)
    d.add_paragraph("Letterhead text that must not reach the paper")
    d.sections[0].footer.paragraphs[0].text = "Template footer"
    d.save(str(path))
    return path


def analysis_with(config_text: str, folder: Path) -> Analysis:
    config_file = folder / "council.toml"
    config_file.write_text(config_text, encoding="utf-8")
    loaded = parse_config(config_text, str(config_file))
    return Analysis(load([str(SAMPLE)], loaded.config), config_source=loaded.source)


def paper_with(analysis: Analysis) -> bytes:
    with stand_in_charts():
        result = write_document(build_document(analysis, None, Scope(), now=NOW), "docx")
    assert isinstance(result, bytes)
    return result


def test_the_template_gives_its_styles(tmp_path: Path) -> None:
    council_template(tmp_path / "council.docx")
    analysis = analysis_with('[report]\ntemplate = "council.docx"\n', tmp_path)
    d = open_docx(paper_with(analysis))
    assert d.styles["Normal"].font.name == "Arial"
    assert d.styles["Heading 1"].font.color.rgb == RGBColor(0x5B, 0x1F, 0x69)
    body = "\n".join(p.text for p in d.paragraphs)
    assert "Letterhead" not in body and "1. Introduction" in body
    assert "Template footer" not in d.sections[0].footer._element.xml


def test_a_template_without_some_styles_still_works(tmp_path: Path) -> None:
    council_template(tmp_path / "bare.docx", lacking=("Heading 3", "List Bullet", "Caption"))
    analysis = analysis_with('[report]\ntemplate = "bare.docx"\n', tmp_path)
    d = open_docx(paper_with(analysis))
    used = {p.style.name for p in d.paragraphs if p.style is not None}
    assert {"Heading 3", "List Bullet", "Caption"} <= used
    bullets = [
        p.text for p in d.paragraphs if p.style is not None and p.style.name == "List Bullet"
    ]
    assert bullets[0].startswith("• 16 are rated Green")  # the added style has no bullets


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (None, "line 2: [report] template: the Word template {path} does not exist."),
        (b"not a zip", "line 2: [report] template: the Word template {path} is not a Word"),
    ],
)
def test_template_errors_name_the_key_and_line(
    tmp_path: Path, make: bytes | None, message: str
) -> None:
    path = tmp_path / "missing.docx"
    if make is not None:
        path.write_bytes(make)
    analysis = analysis_with('[report]\ntemplate = "missing.docx"\n', tmp_path)
    with pytest.raises(QprError) as caught:
        paper_with(analysis)
    assert f"council.toml, {message.format(path=path)}" in str(caught.value)


def test_writing_markdown_does_not_load_word_or_charts() -> None:
    code = (
        "import sys\nimport qpr_tui.export as e\nfrom qpr_tui.analysis.summary import Scope\n"
        "from qpr_tui.cli import main\nimport io, contextlib\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['export', '-f', 'md', '-o', '-'])\n"
        "print(sorted(m for m in ('docx', 'altair', 'vl_convert') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def test_a_binary_format_is_not_text(sample: Loaded) -> None:
    from qpr_tui.export import render

    with pytest.raises(QprError, match=re.escape("docx is not a text format; write it to a file.")):
        render(sample.analysis, "docx", sample.period, Scope(), now=NOW)


def parsed_row(xml: str) -> Any:
    """A row's XML as python-docx reads it from a file: a ``w:tr`` of a document's table."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsmap

    table = docx.Document().add_table(rows=0, cols=1)
    table._tbl.append(parse_xml(f'<w:tbl xmlns:w="{nsmap["w"]}">{xml}</w:tbl>')[0])
    return table._tbl.tr_lst[0]


def write_cell(cell: _Cell, text: str, right: bool, *, bold: bool = False) -> None:
    """A table cell written through python-docx's own calls: what the writer's XML is."""
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(clean(text))
    run.bold = bold
    run.font.size = Pt(8.5)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def shade(cell: _Cell, fill: str) -> None:
    """The cell's background (``w:shd``) through python-docx's element API."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill.lstrip("#").upper())
    cell._tc.get_or_add_tcPr().append(shading)


@pytest.mark.parametrize(
    "text",
    [
        "62.3%",
        " leading and trailing ",
        "tab\there",
        "line\nbreak\r\nand\rmore",
        "<&>\"'",
        "",
        "● Red",
    ],
)
@pytest.mark.parametrize("bold", [True, False])
@pytest.mark.parametrize("right", [True, False])
def test_a_body_row_is_the_xml_python_docx_writes(text: str, bold: bool, right: bool) -> None:
    """`row_xml` writes in one piece what `write_cell`, `shade` and a run's colour make
    through python-docx's own calls: the same elements, attributes and text."""

    from qpr_tui.document.model import Cell, DirectionCell, StatusCell, TextCell
    from qpr_tui.export.palette import DOT_COLOURS, RAG_FILLS
    from qpr_tui.export.word_parts import row_xml
    from qpr_tui.vocabulary import POSITIVE, RED

    values: tuple[Cell, ...] = (TextCell(text), StatusCell(RED), DirectionCell(POSITIVE))
    made = docx.Document().add_table(rows=1, cols=3)
    tr = made._tbl.tr_lst[0]
    tr.get_or_add_trPr().append(made._tbl.makeelement(qn("w:cantSplit")))
    cells = [_Cell(tc, made) for tc in tr.tc_lst]
    for n, (cell, value) in enumerate(zip(cells, values, strict=True)):
        write_cell(cell, value.shown, right, bold=bold and n == 0)
        cell.width = Pt(40 + n)
    shade(cells[1], RAG_FILLS[RED])
    cells[2].paragraphs[0].runs[0].font.color.rgb = RGBColor.from_string(DOT_COLOURS[POSITIVE])
    widths = [str(Pt(40 + n).twips) for n in range(3)]
    assert parsed_row(row_xml(values, widths, (right,) * 3, bold)).xml == tr.xml


@pytest.mark.parametrize("right", [True, False])
def test_the_heading_row_is_the_xml_python_docx_writes(right: bool) -> None:
    """`header_xml` writes what python-docx's own calls make of a heading row: each title
    bold on the heading fill, the row repeated on every page."""
    from qpr_tui.export.palette import HEADER_FILL
    from qpr_tui.export.word_parts import header_xml

    titles = ["KPI", "Previous RAG", "<&>", ""]
    made = docx.Document().add_table(rows=1, cols=len(titles))
    tr = made._tbl.tr_lst[0]
    for n, (tc, title) in enumerate(zip(tr.tc_lst, titles, strict=True)):
        cell = _Cell(tc, made)
        write_cell(cell, title, right, bold=True)
        shade(cell, HEADER_FILL)
        cell.width = Pt(40 + n)
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr.get_or_add_trPr().append(flag)
    widths = [str(Pt(40 + n).twips) for n in range(len(titles))]
    assert parsed_row(header_xml(titles, widths, (right,) * len(titles), HEADER_FILL)).xml == tr.xml


def _saved_and_redated(document: docx.document.Document) -> bytes:
    """The document as python-docx saves it, every entry then re-dated to `ZIP_TIME`: what
    `package_bytes` writes in one pass."""
    saved = io.BytesIO()
    document.save(saved)
    source = zipfile.ZipFile(io.BytesIO(saved.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def test_the_package_is_written_as_python_docx_saves_it(tmp_path: Path) -> None:
    from qpr_tui.export.word_parts import package_bytes, set_custom_properties

    template = council_template(tmp_path / "council.docx")
    for made in (docx.Document(), docx.Document(str(template))):
        made.add_paragraph("Quarter 2 ● Red")
        made.add_table(rows=2, cols=2)
        set_custom_properties(made, {"qpr_inputs": "kpis.csv"})
        assert package_bytes(made) == _saved_and_redated(made)


def test_writer_blocks_are_the_ones_python_docx_adds() -> None:
    """The writer's own paragraphs and tables (placed before the page set-up without
    searching the body for it) are the XML ``add_paragraph`` and ``add_table`` make."""
    from qpr_tui.export.word import Writer

    writer, plain = Writer("", ""), Writer("", "")
    writer.add_paragraph("first", style="Heading 1")
    writer.add_table(3)
    writer.add_paragraph()
    plain.doc.add_paragraph("first")._p.style = plain.style_id("Heading 1")
    plain.doc.add_table(rows=1, cols=3)
    plain.doc.add_paragraph()
    body = writer.doc.element.body
    assert body.xml == plain.doc.element.body.xml
    assert body[-1].tag.endswith("}sectPr")


@pytest.mark.parametrize(
    "text", ["plain", " lead and trail ", "tab\there", "line\nbreak", "", "x\ry"]
)
def test_a_text_run_is_the_run_python_docx_would_add(text: str) -> None:
    from qpr_tui.export.word import add_text

    theirs = docx.Document().add_paragraph()
    ours = docx.Document().add_paragraph()
    theirs.add_run(text)
    add_text(ours, text)
    assert ours._p.xml == theirs._p.xml


def test_text_kept_as_such_lands_in_its_place_and_data_cannot_pose_as_it() -> None:
    from qpr_tui.document.model import TextCell
    from qpr_tui.export.word_parts import Spliced, package_bytes, paragraph_xml, row_xml

    posing = '<w:tr w:rsidR="qpr-0"/>'  # a data text that looks like a stand-in
    document = docx.Document()
    spliced = Spliced()
    for n in range(2):
        table = document.add_table(rows=0, cols=1)
        texts = [f"table {n}", posing]
        rows = [row_xml((TextCell(t),), ["900"], (False,), False) for t in texts]
        table._tbl.append(spliced.stand_in("w:tr", rows))
    items = [paragraph_xml(t, None) for t in ("first", '<w:p w:rsidR="qpr-1"/>')]
    document.element.body.append(spliced.stand_in("w:p", items))
    blob = package_bytes(document, spliced)
    back = docx.Document(io.BytesIO(blob))
    cells = [[c.text for c in row.cells] for table in back.tables for row in table.rows]
    assert cells == [["table 0"], [posing], ["table 1"], [posing]]
    assert [p.text for p in back.paragraphs[-2:]] == ["first", '<w:p w:rsidR="qpr-1"/>']
    body = zipfile.ZipFile(io.BytesIO(blob)).read("word/document.xml")
    assert Spliced.STAND_IN.search(body) is None


@pytest.mark.parametrize("text", ["• plain", " spaced ", "tab\there", "", "<&>"])
@pytest.mark.parametrize("style", ["List Bullet", None])
def test_a_list_item_is_the_paragraph_python_docx_writes(text: str, style: str | None) -> None:
    from qpr_tui.export.word_parts import paragraph_xml

    document = docx.Document()
    theirs = document.add_paragraph(text)
    theirs._p.style = None if style is None else document.styles[style].style_id
    style_id = None if style is None else document.styles[style].style_id
    ours = parse_xml(f'<w:body xmlns:w="{nsmap["w"]}">{paragraph_xml(text, style_id)}</w:body>')[0]
    document.element.body.append(ours)
    assert ours.xml == theirs._p.xml
