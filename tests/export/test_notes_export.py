"""Notes for the meeting in every export: the papers' "Questions for the meeting" section,
a note column in the data formats, and the CLI picking up the notes file beside the data."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from qpr_tui.analysis.summary import Analysis, Scope
from qpr_tui.cli import main
from qpr_tui.config import load_config
from qpr_tui.document import build_document
from qpr_tui.export import render, render_bytes, write_export
from qpr_tui.ingest.reader import load
from qpr_tui.loading import SAMPLE, SAMPLE_CONFIG
from qpr_tui.notes import NoteBook
from qpr_tui.periods import parse_period

from .conftest import NOW, stand_in_charts

Q2 = parse_period("2024/25 Q2")
QUESTION = "Why did complaints rise? [red]ask[/]"
ACTION = "Chase the recovery plan with the service"


@pytest.fixture(scope="module")
def noted(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    settings = load_config(SAMPLE_CONFIG)
    book = NoteBook(tmp_path_factory.mktemp("notes") / "sample.qpr-notes.toml")
    book.put("CS04", Q2, QUESTION)
    book.put("GL01", Q2, f"First line\n{ACTION}")
    book.put("CS04", parse_period("2024/25 Q1"), "an older quarter's note")
    return Analysis(load([str(SAMPLE)], settings.config), None, settings.source, book)


def test_the_paper_has_questions_for_the_meeting_after_the_recommendation(
    noted: Analysis,
) -> None:
    document = build_document(noted, Q2, Scope(), now=NOW)
    titles = [s.heading for s in document.sections]
    assert titles[2:4] == ["3. Recommendation(s)", "4. Questions for the meeting"]
    text = render(noted, "md", Q2, Scope(), now=NOW)
    part = text[text.index("Questions for the meeting") :]
    assert "Questions and actions to raise on two KPIs for Quarter 2, 2024/25:" in part
    assert "CS04: Percentage of phone calls" in part
    assert "ask" in part and ACTION in part
    assert "an older quarter's note" not in text


def test_the_notes_of_a_scope_are_its_own(noted: Analysis) -> None:
    document = build_document(noted, Q2, Scope("Governance and Law"), now=NOW)
    (section,) = [s for s in document.sections if s.title == "Questions for the meeting"]
    text = render(noted, "txt", Q2, Scope("Governance and Law"), now=NOW)
    assert "on one KPI in Governance and Law for Quarter 2" in text
    assert "CS04" not in text.split("Questions for the meeting")[1].split("Appendix")[0]
    assert section.number == "4"


def test_without_notes_there_is_no_section(noted: Analysis) -> None:
    document = build_document(noted, parse_period("2023/24 Q4"), Scope(), now=NOW)
    assert "Questions for the meeting" not in [s.title for s in document.sections]


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_every_text_paper_lists_the_notes(noted: Analysis, fmt: str) -> None:
    text = render(noted, fmt, Q2, Scope(), now=NOW)
    assert "Questions for the meeting" in text
    assert ACTION in text
    # data text, never markup (Markdown escapes the brackets)
    assert ("\\[red\\]ask\\[/\\]" if fmt == "md" else "[red]ask[/]") in text


def test_the_word_and_pdf_papers_list_the_notes(noted: Analysis) -> None:
    import docx
    import pypdf

    with stand_in_charts():
        word = docx.Document(io.BytesIO(render_bytes(noted, "docx", Q2, Scope(), now=NOW)))
        pdf = pypdf.PdfReader(io.BytesIO(render_bytes(noted, "pdf", Q2, Scope(), now=NOW)))
    paragraphs = [p.text for p in word.paragraphs]
    assert "4. Questions for the meeting" in paragraphs
    assert any(ACTION in p for p in paragraphs)
    pages = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "Questions for the meeting" in pages and ACTION in pages


def test_the_data_formats_carry_a_note_column(noted: Analysis) -> None:
    import openpyxl

    notes = {"CS04": QUESTION, "GL01": f"First line\n{ACTION}"}
    data = json.loads(render(noted, "json", Q2, Scope(), now=NOW))
    assert {k["kpi_id"]: k["note"] for k in data["kpis"] if k["note"]} == notes
    rows = list(csv.DictReader(io.StringIO(render(noted, "csv", Q2, Scope(), now=NOW))))
    # spreadsheet cells are one line each, as the commentary is
    one_line = {"CS04": QUESTION, "GL01": f"First line {ACTION}"}
    assert {r["kpi_id"]: r["note"] for r in rows if r["note"]} == one_line
    book = openpyxl.load_workbook(io.BytesIO(render_bytes(noted, "xlsx", Q2, Scope(), now=NOW)))
    sheet = book["Indicators"]
    header = [c.value for c in sheet[1]]
    column = header.index("Note for the meeting")
    kept = {r[0].value: r[column].value for r in sheet.iter_rows(min_row=2) if r[column].value}
    assert kept == one_line


def test_an_export_never_overwrites_the_notes_file(noted: Analysis) -> None:
    from qpr_tui.errors import QprError

    assert noted.notes.path is not None
    noted.notes.save()
    before = noted.notes.path.read_bytes()
    with pytest.raises(QprError, match=r"input files \(data, configuration or notes\)"):
        write_export(noted, "md", noted.notes.path, Q2, Scope(), force=True, now=NOW)
    assert noted.notes.path.read_bytes() == before


def test_the_cli_export_picks_up_the_notes_beside_the_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "q2.csv"
    shutil.copy(SAMPLE, data)
    (tmp_path / "q2.qpr-notes.toml").write_text(
        '[[note]]\nkpi = "CS04"\nperiod = "2024/25 Q2"\ntext = "Raise at Cabinet"\n',
        encoding="utf-8",
    )
    out = tmp_path / "paper.md"
    args = [str(data), "--config", str(SAMPLE_CONFIG), "--period", "2024/25 Q2"]
    assert main(["export", *args, "-f", "md", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "Questions for the meeting" in text and "Raise at Cabinet" in text


def test_the_cli_says_where_a_broken_notes_file_is_broken(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "q2.csv"
    shutil.copy(SAMPLE, data)
    notes = tmp_path / "q2.qpr-notes.toml"
    notes.write_text('[[note]]\nkpi = "CS04"\nperiod = \n', encoding="utf-8")
    out = tmp_path / "paper.md"
    args = [str(data), "--config", str(SAMPLE_CONFIG)]
    assert main(["export", *args, "-f", "md", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"qpr: warning: {notes}, line 3, column " in err
    assert "the notes file is not valid TOML" in err
    assert "Questions for the meeting" not in out.read_text(encoding="utf-8")
