"""A paper limits what grows with every KPI (`qpr_tui.document.limits`) and says so: the
KPI summary tables, the Red KPIs' own pages and the trend charts; the Red list, the changes
and the data formats stay whole."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import polars as pl
import pytest

from qpr_tui.analysis.summary import Analysis, Scope
from qpr_tui.cli import main
from qpr_tui.config import load_config, parse_config
from qpr_tui.document import build_document, limits
from qpr_tui.document.model import BulletList, Document, Figure, Note, Section, Table
from qpr_tui.export import left_out, render
from qpr_tui.ingest.reader import load
from qpr_tui.loading import SAMPLE, SAMPLE_CONFIG

NOW = datetime(2025, 1, 9, 9, 30, tzinfo=timezone.utc)
ELSEWHERE = (
    "The Excel (--format xlsx) and JSON (--format json) exports hold every KPI; --scope limits "
    "the paper to one directorate or service area."
)


def sample_analysis(config_text: str | None = None) -> Analysis:
    loaded = load_config(SAMPLE_CONFIG) if config_text is None else parse_config(config_text)
    return Analysis(load([str(SAMPLE)], loaded.config), config_source=loaded.source)


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "KPI_ROWS", 5)
    monkeypatch.setattr(limits, "RED_DETAILS", 2)
    monkeypatch.setattr(limits, "TRENDS", 3)


def test_the_sentences_name_the_numbers_and_the_way_to_the_rest(small_limits: None) -> None:
    assert limits.kpi_rows_cut(5) is None
    kpis = limits.kpi_rows_cut(200_000)
    assert kpis is not None and (kpis.shown, kpis.total) == (5, 200_000)
    assert kpis.text == (
        "The KPI summary tables list the first 5 of the 200,000 KPIs, in report order: a "
        "paper listing every one would not be readable. " + ELSEWHERE
    )
    reds = limits.red_details_cut(680)
    assert reds is not None and reds.text == (
        "Only the first 2 of the 680 Red KPIs, in report order, have a page of their own "
        "(history, chart, commentary and actions): the list of Red indicators names every "
        "one with its figures. " + ELSEWHERE
    )
    assert limits.red_details_cut(2) is None
    trends = limits.trends_cut(40)
    assert trends is not None and trends.text == (
        "The trend charts show the first 3 of the 40 KPIs, in report order: a chart for every "
        "KPI would make the paper too long to read or to draw. " + ELSEWHERE
    )
    assert limits.trends_cut(3) is None


def test_the_sample_is_whole_under_the_real_limits() -> None:
    analysis = sample_analysis('[report]\ncharts = "all"\n')
    doc = build_document(analysis, None, Scope(), now=NOW)
    assert doc.left_out == ()
    assert left_out(analysis, "pdf", None, Scope()) == []
    assert not any(limits.ELSEWHERE in n.text for n in _notes(doc.walk()))


def _notes(sections: list[Section]) -> list[Note]:
    return [b for s in sections for b in s.blocks if isinstance(b, Note)]


def test_a_paper_past_the_limits_keeps_the_reds_and_changes_whole(small_limits: None) -> None:
    analysis = sample_analysis('[report]\ncharts = "all"\n')
    s = analysis.summary(None, Scope())
    doc = build_document(analysis, None, Scope(), now=NOW)
    kpi_rows = sum(len(t.rows) for t in doc.tables("kpis"))
    assert kpi_rows == 5 and s.kpis.height == 40
    assert len(doc.tables("red_list")[0].rows) == len(s.red) == 8
    assert len(doc.tables("movers")[0].rows) == len(s.changes)
    red = doc.appendices[1]
    details = [sub for group in red.sections for sub in group.sections]
    assert [d.title.split(":")[0] for d in details] == [i.kpi_id for i in s.red[:2]]
    trends = doc.appendices[-1]
    assert sum(len(g.blocks) for g in trends.sections) == 3
    assert len([f for f in doc.figures()]) == 2 + 3
    expected = (
        limits.kpi_rows_cut(40).text,  # type: ignore[union-attr]
        limits.red_details_cut(8).text,  # type: ignore[union-attr]
        limits.trends_cut(40).text,  # type: ignore[union-attr]
    )
    assert doc.left_out == expected
    notes = [n.text for n in _notes(doc.walk())]
    assert all(text in notes for text in expected)
    assert left_out(analysis, "docx", None, Scope()) == list(expected)
    assert left_out(analysis, "xlsx", None, Scope()) == []
    # The data formats hold every KPI and every Red.
    data = json.loads(render(analysis, "json", None, Scope(), now=NOW))
    assert len(data["kpis"]) == 40


def test_each_paper_format_prints_the_limits(small_limits: None) -> None:
    analysis = sample_analysis()
    for fmt in ("txt", "md", "html"):
        text = render(analysis, fmt, None, Scope(), now=NOW)
        assert "first 5 of the 40 KPIs" in text, fmt
        assert "first 2 of the 8 Red KPIs" in text, fmt


def test_qpr_export_says_what_it_left_out(
    small_limits: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("QPR_EXPORT_TIME", "2025-01-09T09:30:00Z")
    assert main(["export", "-f", "txt", "-o", str(tmp_path / "p.txt")]) == 0
    err = capsys.readouterr().err
    assert f"qpr: note: {limits.kpi_rows_cut(40).text}" in err  # type: ignore[union-attr]
    assert f"qpr: note: {limits.red_details_cut(8).text}" in err  # type: ignore[union-attr]
    assert main(["export", "-q", "-f", "txt", "-o", str(tmp_path / "q.txt")]) == 0
    assert "qpr: note" not in capsys.readouterr().err
    assert main(["export", "-f", "json", "-o", str(tmp_path / "p.json")]) == 0
    assert "qpr: note" not in capsys.readouterr().err


def test_a_kpi_history_is_its_rows_oldest_first() -> None:
    analysis = sample_analysis()
    for kpi_id in analysis.rated.get_column("kpi_id").unique().to_list():
        expected = analysis.rated.filter(pl.col("kpi_id") == kpi_id).sort("period")
        assert analysis.history(kpi_id).equals(expected), kpi_id
    assert analysis.history("NOPE").height == 0
    assert analysis.history("NOPE").columns == analysis.rated.columns


def test_every_figure_is_a_table_or_chart_of_the_first_reds(small_limits: None) -> None:
    analysis = sample_analysis()
    doc = build_document(analysis, None, Scope(), now=NOW)
    first = {i.kpi_id for i in analysis.summary(None, Scope()).red[:2]}
    assert {f.chart.kpi_id for f in doc.figures() if isinstance(f, Figure)} == first
    assert all(isinstance(t, Table) for t in doc.tables("kpi_history"))


def test_word_and_pdf_cut_the_long_lists_and_the_text_papers_do_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(limits, "PAGED_ROWS", 2)
    analysis = sample_analysis()
    s = analysis.summary(None, Scope())
    doc = build_document(analysis, None, Scope(), now=NOW)
    paged = limits.for_pages(doc)
    assert len(paged.tables("red_list")[0].rows) == 2
    assert paged.tables("red_list")[0].rows == doc.tables("red_list")[0].rows[:2]
    changes = len(doc.tables("movers")[0].rows)
    assert changes > 2 and len(paged.tables("movers")[0].rows) == 2
    reds = limits.paged_cut("red_list", 8)
    assert reds is not None and reds.text == (
        "The list of Red indicators shows the first 2 of the 8 Red KPIs: a Word or PDF table of "
        "every one would run to hundreds of pages and take minutes to set; the text, Markdown "
        "and HTML papers list them all. " + ELSEWHERE
    )
    moved = limits.paged_cut("movers", changes)
    assert moved is not None and moved.sentence.startswith(
        f"The table of changes shows the first 2 of the {changes} KPIs whose RAG status changed "
        "(the new Reds first)"
    )
    assert paged.left_out == (moved.text, reds.text)
    assert reds.text in [n.text for n in _notes(paged.walk())]
    assert left_out(analysis, "pdf", None, Scope()) == [moved.text, reds.text]
    assert left_out(analysis, "Word", None, Scope()) == [moved.text, reds.text]
    assert left_out(analysis, "html", None, Scope()) == []
    assert limits.for_pages(doc) is not doc and len(doc.tables("red_list")[0].rows) == len(s.red)
    monkeypatch.setattr(limits, "PAGED_ROWS", 2000)
    assert limits.for_pages(doc) is doc


def test_word_and_pdf_name_the_first_red_indicators_in_2_3(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(limits, "PAGED_NAMES", 3)
    analysis = sample_analysis()
    doc = build_document(analysis, None, Scope(), now=NOW)
    paged = limits.for_pages(doc)
    (whole,) = _named_lists(doc)
    (cut,) = _named_lists(paged)
    names = [name for item in whole.items for name in item.children]
    assert len(names) == 8 and [n for i in cut.items for n in i.children] == names[:3]
    assert [i.text for i in cut.items] == [i.text for i in whole.items]  # every heading kept
    named = limits.names_cut(8)
    assert named is not None and named.text == (
        "Paragraph 2.3 names the first 3 of the 8 Red indicators under their headings: a Word "
        "or PDF list of every one would run to hundreds of pages; the list of Red indicators "
        "in the appendix and the text, Markdown and HTML papers give them all. " + ELSEWHERE
    )
    blocks = _section_2(paged).blocks
    assert blocks[blocks.index(cut) + 1] == Note(named.text)
    assert paged.left_out[-1] == named.text
    assert left_out(analysis, "pdf", None, Scope())[-1] == named.text
    assert named.text not in left_out(analysis, "md", None, Scope())
    assert "first 3 of the 8 Red indicators" not in render(analysis, "md", None, Scope(), now=NOW)
    monkeypatch.setattr(limits, "PAGED_NAMES", 8)
    assert limits.for_pages(doc) is doc


def _section_2(doc: Document) -> Section:
    return next(s for s in doc.sections if s.number == "2")


def _named_lists(doc: Document) -> list[BulletList]:
    """Section 2's bullet lists with names under their items (2.3's)."""
    blocks = _section_2(doc).blocks
    return [b for b in blocks if isinstance(b, BulletList) and any(i.children for i in b.items)]


def test_the_help_gives_the_limits_in_force() -> None:
    from qpr_tui.cli import EXPORT_LIMITS

    assert f"the first {limits.KPI_ROWS:,} KPIs in its KPI summary tables" in EXPORT_LIMITS
    assert f"the first {limits.RED_DETAILS} Red KPIs a page of their own" in EXPORT_LIMITS
    assert f"draws the first {limits.TRENDS} trend charts" in EXPORT_LIMITS
    assert f"the first {limits.PAGED_ROWS:,} Red KPIs and changes" in EXPORT_LIMITS
    assert f"the first {limits.PAGED_NAMES:,} Red indicators in paragraph 2.3" in EXPORT_LIMITS
    assert limits.PAGED == {"docx", "pdf"}


def test_the_slide_lists_the_first_reds_and_changes_and_says_how_many_more(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rich.console import Console

    from qpr_tui.export import screenshot
    from qpr_tui.views.summary import movers, red_list

    analysis = sample_analysis()
    s = analysis.summary(None, Scope())
    assert left_out(analysis, "svg", None, Scope()) == []
    console = Console(width=160, record=True, file=__import__("io").StringIO())
    console.print(red_list(s, limit=2))
    shown = console.export_text()
    assert "… and 6 more Red KPIs: the paper and the xlsx and json exports list them all" in shown
    assert sum(i.kpi_id in shown for i in s.red) == 2
    console.print(movers(s, limit=0))
    assert "more KPIs: the paper and the xlsx and json exports list them all" in (
        console.export_text()
    )
    monkeypatch.setattr(screenshot, "SLIDE_ROWS", 2)
    assert left_out(analysis, "svg", None, Scope()) == [
        f"The slide lists the first 2 of the 8 Red KPIs and the first 2 changes of each kind "
        f"({len(s.changes)} in all), each list followed by how many more there are: a slide of "
        "every one would not be readable. The paper and the xlsx and json exports list them all."
    ]
    svg = render(analysis, "svg", None, Scope(), now=NOW)
    assert "6\u00a0more\u00a0Red\u00a0KPIs" in svg.replace("&#160;", "\u00a0")
