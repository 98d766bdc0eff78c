"""The PDF paper, read back with pypdf: A4 pages numbered "Page X of Y", the cover text of
the reference report's 2.2 to 2.4, a chart per Red KPI, shaded RAG cells with glyph and
word, table headings repeated, the metadata and attached provenance, data printed exactly
as written (typst never reads it as markup), the shipped fonts and the same bytes twice."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pypdf
import pytest

from qpr_tui.analysis.summary import Analysis, Scope
from qpr_tui.config import load_config
from qpr_tui.document import build_document
from qpr_tui.errors import QprError
from qpr_tui.export import render_bytes, write_export
from qpr_tui.export.typst_source import array, build_source, string
from qpr_tui.ingest.reader import load
from qpr_tui.vocabulary import STATUS_GLYPHS, status_label

from .conftest import NOW, NOW_TEXT, Loaded, stand_in_charts
from .test_formats import EXPECTED_2_2_TO_2_4, REFERENCE, SUMMARY_PARAGRAPH, _between, _normalise

A4 = (595, 842)
#: KPI names that typst markup would change or refuse; the PDF must print each as written.
TRICKY = (
    '#import "x": *',
    "*bold* _it_ `raw`",
    "$x^2$ and £5",
    "<label> @ref",
    "[a] ]b[ {c}",
    'back\\slash "q"',
    "// not a comment",
    "= not a heading",
    "- not a list",
    "http://x.example/a~b",
    "a -- b ... c",
)


@pytest.fixture(scope="module")
def paper(sample: Loaded) -> bytes:
    """The sample's paper with its real charts (one PDF for the module)."""
    return render_bytes(sample.analysis, "pdf", sample.period, Scope(), now=NOW)


@pytest.fixture(scope="module")
def reader(paper: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(paper))


@pytest.fixture(scope="module")
def pages(reader: pypdf.PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def flat(text: str) -> str:
    return " ".join(text.split())


# ---- pages and text --------------------------------------------------------------------------
def test_every_page_is_a4_and_numbered(reader: pypdf.PdfReader, pages: list[str]) -> None:
    assert len(pages) >= 10
    for page in reader.pages:
        assert (round(page.mediabox.width), round(page.mediabox.height)) == A4
    for n, text in enumerate(pages, 1):
        assert f"Page {n} of {len(pages)}" in text


def test_cover_text_matches_the_reference_report(pages: list[str]) -> None:
    text = flat(" ".join(pages))
    for line in EXPECTED_2_2_TO_2_4.splitlines():
        assert flat(line) in text, line
    assert SUMMARY_PARAGRAPH in text
    assert "Cabinet is asked to NOTE the Quarter 2 Performance Report" in text
    order = [text.index(part) for part in ("2.2. Of the 40", "2.3. The eight", "2.4. With")]
    assert order == sorted(order)


@pytest.mark.skipif(not REFERENCE.exists(), reason="reference cover report not available")
def test_cover_text_matches_the_reference_file(pages: list[str]) -> None:
    reference = REFERENCE.read_text(encoding="utf-8").replace("(Fol)", "(FoI)")
    theirs = _normalise(_between(reference, "2.2. ", "3. Recommendation"))
    text = flat(" ".join(pages))
    for line in theirs:
        assert flat(line.replace(" - ", " – ")) in text, line


def test_sections_in_order_and_appendices_on_new_pages(pages: list[str]) -> None:
    starts = [t.splitlines()[1] if t.count("\n") else "" for t in pages]
    assert pages[0].startswith("Quarterly Performance Report, Quarter 2, 2024/25")
    assert "Appendix 1: KPI summary, Quarter 2, 2024/25" in starts
    assert "Appendix 2: Red indicators, Quarter 2, 2024/25" in starts
    assert "About this report" in starts
    text = flat(" ".join(pages))
    headings = ["1. Introduction", "2. Quarter 2 Performance Report", "3. Recommendation(s)"]
    assert [text.index(h) for h in headings] == sorted(text.index(h) for h in headings)


def test_a_chart_per_red_kpi_each_on_its_own_page(sample: Loaded, pages: list[str]) -> None:
    reds = sorted(sample.analysis.summary(sample.period, Scope()).red, key=lambda i: i.kpi_id)
    captions = re.findall(r"Figure (\d+): (\S+): ", flat(" ".join(pages)))
    assert [int(n) for n, _ in captions] == list(range(1, 9))
    assert sorted(kpi for _, kpi in captions) == sorted(i.kpi_id for i in reds)
    chart_pages = [n for n, t in enumerate(map(flat, pages)) if "with target and floor" in t]
    assert len(chart_pages) == 8  # one Red KPI a page, with its chart


def test_rag_cells_show_glyph_and_word_and_are_shaded(sample: Loaded, pages: list[str]) -> None:
    text = " ".join(pages)
    assert text.count(status_label("red")) >= 16 and text.count(status_label("green")) >= 32
    document = build_document(sample.analysis, sample.period, Scope(), now=NOW)
    with stand_in_charts():
        source = build_source(document).text
    shaded = re.findall(r'qpr-rag\("(\w+)", "([^"]+)"\)', source)
    assert len(shaded) >= 80 and all(shown == status_label(s) for s, shown in shaded)
    assert '#let qpr-rag-fills = ("blue": rgb("#BDD7EE"), "green": rgb("#C6EFCE")' in source


def test_table_headings_repeat_on_every_page(pages: list[str]) -> None:
    heads = "KPI Indicator Value Target Floor RAG Previous RAG Direction of Travel"
    continued = [n for n, t in enumerate(pages) if flat(t.split("\n", 1)[1]).startswith(heads)]
    assert continued  # a KPI table that runs onto the next page starts it with its heading


def test_glyphs_print_in_the_shipped_font(reader: pypdf.PdfReader, pages: list[str]) -> None:
    text = " ".join(pages)
    for glyph in (STATUS_GLYPHS["green"], STATUS_GLYPHS["amber"], STATUS_GLYPHS["red"], "↑", "↓"):
        assert glyph in text
    resources: list[Any] = [page["/Resources"] for page in reader.pages]
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for resource in resources
        for font in resource["/Font"].values()
    }
    assert fonts == {"DejaVuSans", "DejaVuSans-Bold"}


# ---- metadata --------------------------------------------------------------------------------
def test_metadata_and_attached_provenance(reader: pypdf.PdfReader, sample: Loaded) -> None:
    sha = sample.analysis.dataset.sources[0].sha256
    meta = reader.metadata
    assert meta is not None
    keywords = str(meta["/Keywords"])
    assert meta.title == "Quarterly Performance Report, Quarter 2, 2024/25 – Kent County Council"
    assert meta.author == "Kent County Council"
    assert meta.subject == "Quarterly Performance Report, 2024/25 Q2"
    assert keywords.startswith("QPR, performance, 2024/25 Q2, All directorates")
    assert sha in keywords and f"qpr_generated_at={NOW_TEXT}" in keywords
    assert str(meta["/CreationDate"]) == "D:20250109093000Z"
    (attached,) = reader.attachments["provenance.json"]
    provenance = json.loads(attached)
    assert provenance["inputs"][0]["sha256"] == sha
    assert provenance["generated_at"] == NOW_TEXT and provenance["config"]["name"] == "kcc.toml"
    assert len(reader.outline) >= 2  # headings become bookmarks


# ---- data printed as written -----------------------------------------------------------------
def test_string_literals() -> None:
    assert string('a "b" \\ c') == '"a \\"b\\" \\\\ c"'
    assert string("#import *x* $y$") == '"#import *x* $y$"'
    assert string("bell\x07 and\nnew line") == '"bell\\\\x07 and new line"'
    assert string(None) == '""'
    assert array([]) == "()" and array(['"a"']) == '("a",)' and array(["1", "2"]) == "(1, 2)"


def tricky_data(path: Path) -> Path:
    header = ["kpi_id", "indicator", "directorate", "unit", "polarity", "period", "value"]
    header += ["target", "floor", "commentary", "actions"]
    rows = [header]
    for n, name in enumerate(TRICKY, 1):
        for period, value in (("2024/25 Q1", "10"), ("2024/25 Q2", "8")):
            figures = [period, value, "12", "9"]
            notes = [f"[{name}] commentary", "$actions$ \\"]
            rows.append([f"T{n}", name, "#set page(width: 1cm)", "%", "H", *figures, *notes])
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(rows)
    return path


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> tuple[Analysis, bytes, bytes]:
    path = tricky_data(tmp_path_factory.mktemp("tricky") / "tricky.csv")
    analysis = Analysis(load([str(path)], load_config(None).config))
    period = analysis.resolve_period("2024/25 Q2")
    with stand_in_charts():
        first = render_bytes(analysis, "pdf", period, Scope(), now=NOW)
        second = render_bytes(analysis, "pdf", period, Scope(), now=NOW)
    return analysis, first, second


def test_data_that_looks_like_typst_prints_as_written(
    tricky: tuple[Analysis, bytes, bytes],
) -> None:
    _, blob, _ = tricky
    reader = pypdf.PdfReader(io.BytesIO(blob))
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    for name in TRICKY:
        assert flat(name) in text, name
        assert flat(f"[{name}] commentary") in text, name
    assert "#set page(width: 1cm)" in text and "Actions: $actions$ \\" in text
    assert all(round(p.mediabox.width) == A4[0] for p in reader.pages)


def test_same_bytes_twice(tricky: tuple[Analysis, bytes, bytes]) -> None:
    _, first, second = tricky
    assert first == second and first.startswith(b"%PDF-")


def test_source_date_epoch_fixes_the_time(
    tricky: tuple[Analysis, bytes, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    analysis, blob, _ = tricky
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1736415000")  # NOW
    with stand_in_charts():
        path = write_export(analysis, "pdf", tmp_path / "paper.pdf", None, Scope())
    assert path.read_bytes() == blob
    assert [p.name for p in tmp_path.iterdir()] == ["paper.pdf"]


# ---- failures --------------------------------------------------------------------------------
def test_missing_fonts_are_reported(
    hostile: Loaded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import qpr_tui.export.pdf as pdf

    monkeypatch.setattr(pdf, "FONT_FOLDER", tmp_path)
    with stand_in_charts(), pytest.raises(QprError) as caught:
        render_bytes(hostile.analysis, "pdf", hostile.period, Scope(), now=NOW)
    assert caught.value.message == (
        f"cannot write the PDF: the font file DejaVuSans.ttf is missing from {tmp_path}."
    )
    assert caught.value.hint == "Reinstall qpr_tui (pip install --force-reinstall qpr_tui)."


def test_a_typesetting_failure_is_a_plain_message(
    hostile: Loaded, monkeypatch: pytest.MonkeyPatch
) -> None:
    import qpr_tui.export.typst_source as source

    monkeypatch.setattr(source, "layout", lambda: "#let broken = (")
    with stand_in_charts(), pytest.raises(QprError) as caught:
        render_bytes(hostile.analysis, "pdf", hostile.period, Scope(), now=NOW)
    assert caught.value.message.startswith("cannot write the PDF: typst could not set the paper (")
    assert caught.value.hint == "This is a fault in qpr_tui, not in your data; please report it."


def test_the_writers_load_only_with_their_format() -> None:
    code = (
        "import sys, io, contextlib\nimport qpr_tui.export\nfrom qpr_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['export', '-f', 'md', '-o', '-'])\n"
        "print(sorted(m for m in ('typst', 'xlsxwriter', 'openpyxl') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def test_table_columns_are_aligned_as_a_function_would_align_them(sample: Loaded) -> None:
    """The layout gives typst the columns' alignments as an array (no function called per
    cell): the same pages as aligning each cell by its column's entry."""
    import typst

    from qpr_tui.export.pdf import font_folder

    document = build_document(sample.analysis, sample.period, Scope(), now=NOW)
    with stand_in_charts():
        source = build_source(document)
    assert "align: aligns," in source.text  # the layout this test is about
    by_function = source.text.replace(
        "align: aligns,", "align: (x, y) => aligns.at(x, default: left),"
    )
    folder = str(font_folder())

    def pages(text: str) -> list[bytes]:
        drawn = typst.compile(  # type: ignore[call-overload]
            text.encode("utf-8"),
            root=folder,
            font_paths=[folder],
            ignore_system_fonts=True,
            sys_inputs=source.inputs,
            format="svg",
        )
        return drawn if isinstance(drawn, list) else [drawn]

    assert pages(source.text) == pages(by_function)
