"""The document model built from the analysis: its sections, tables, charts and words, and
the paper's words from ``[report]`` (nothing of Kent's unless configured)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from qpr_tui.analysis.summary import Analysis, Scope
from qpr_tui.config import load_config, parse_config
from qpr_tui.document import Document, build_document
from qpr_tui.document.model import (
    DirectionCell,
    Figure,
    NumberCell,
    Paragraph,
    StatusCell,
    TextCell,
)
from qpr_tui.errors import QprError
from qpr_tui.export import render
from qpr_tui.ingest.reader import load
from qpr_tui.loading import SAMPLE, SAMPLE_CONFIG
from qpr_tui.vocabulary import GREEN, NEGATIVE, PROVISIONAL_MARK, RED

NOW = datetime(2025, 1, 9, 9, 30, tzinfo=timezone.utc)


def sample_analysis(config_text: str | None = None) -> Analysis:
    loaded = load_config(SAMPLE_CONFIG) if config_text is None else parse_config(config_text)
    return Analysis(load([str(SAMPLE)], loaded.config), config_source=loaded.source)


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return sample_analysis()


@pytest.fixture(scope="module")
def document(analysis: Analysis) -> Document:
    return build_document(analysis, analysis.resolve_period("2024/25 Q2"), Scope(), now=NOW)


def test_sections_follow_the_cover_report(document: Document) -> None:
    assert [s.heading for s in document.sections] == [
        "1. Introduction",
        "2. Quarter 2 Performance Report",
        "3. Recommendation(s)",
        "4. Contact details",
    ]
    assert [s.title for s in document.appendices] == [
        "Appendix 1: KPI summary, Quarter 2, 2024/25",
        "Appendix 2: Red indicators, Quarter 2, 2024/25",
    ]
    assert all(s.appendix for s in document.appendices)
    numbers = [b.number for b in document.sections[1].blocks if isinstance(b, Paragraph)]
    assert numbers == ["2.1.", "2.2.", "2.3.", "2.4."]


def test_tables_hold_typed_cells(document: Document) -> None:
    kpis = document.tables("kpis")
    assert sum(len(t.rows) for t in kpis) == 40
    cs07 = next(row for t in kpis for row in t.rows if row[0] == TextCell("CS07"))
    value, rag, dot = cs07[2], cs07[5], cs07[7]
    assert isinstance(value, NumberCell)
    assert (value.value, value.unit, value.kind, value.shown) == (62.3, "%", "percent", "62.3%")
    assert isinstance(rag, StatusCell) and rag.status == RED and rag.shown == "■ Red"
    assert isinstance(dot, DirectionCell) and dot.shown == "→ Stable"
    (summary,) = document.tables("rag_summary")
    green = next(row for row in summary.rows if row[0] == StatusCell(GREEN))
    assert [cell.shown for cell in green] == ["● Green", "16", "17", "−1"]
    (red_list,) = document.tables("red_list")
    assert [row[1].shown for row in red_list.rows][:3] == ["CS07", "GL02", "GL03"]
    assert red_list.rows[2][0].shown == ""  # the heading is named once per group
    (movers,) = document.tables("movers")
    assert [row[0].shown for row in movers.rows] == ["New Red", "No longer Red", "Other change"]
    assert document.tables("benchmark") == []  # the sample has no peers


def test_a_chart_per_red_kpi(document: Document) -> None:
    figures = document.figures()
    assert [f.chart.kpi_id for f in figures] == [
        "CS07", "GL02", "GL03", "SEN01", "SCS01", "SCS04", "SCS05", "SCS06"
    ]  # fmt: skip
    chart = figures[0].chart
    assert len(chart.periods) == 8 and chart.periods[-1] == "2024/25 Q2"
    assert chart.values[-1] == 62.3 and chart.targets[-1] == 70.0 and chart.floors[-1] == 66.0
    assert chart.statuses[-1] == RED and chart.higher_is_better is True
    assert len(chart.values) == len(chart.statuses) == len(chart.targets) == len(chart.floors)
    assert figures[0].caption.startswith("CS07: Percentage of complaints")


def test_records_and_properties(document: Document, analysis: Analysis) -> None:
    assert len(document.kpis) == 40
    record = next(r for r in document.kpis if r.row["kpi_id"] == "SCS05")
    assert record.row["period"] == "2024/25 Q2" and record.row["dot"] == NEGATIVE
    assert record.history[-1].period == "2024/25 Q2" and record.history[-1].status == RED
    p = document.properties
    assert p.author == "Kent County Council" and p.created == NOW
    assert p.identifier == analysis.dataset.sources[0].sha256
    assert "qpr_inputs" in p.custom and "kcc.toml" in p.custom["qpr_configuration"]


def test_charts_setting(analysis: Analysis) -> None:
    every = sample_analysis('[report]\ncharts = "all"\n')
    doc = build_document(every, None, Scope(), now=NOW)
    assert doc.appendices[-1].title.startswith("Appendix 3: Trends")
    assert len(doc.figures()) == 8 + 40
    none = build_document(sample_analysis('[report]\ncharts = "none"\n'), None, Scope(), now=NOW)
    assert none.figures() == []


# ---- the paper's words from [report] ------------------------------------------------------
def test_a_council_from_scratch_gets_no_kent_words() -> None:
    text = render(sample_analysis(""), "md", None, Scope(), now=NOW)
    front = text.split("## Appendix 1")[0]
    for word in ("CMT", "Cabinet", "Decision No", "Classification", "Contact details", "To:"):
        assert word not in front, word
    # The sample's data names its organisation: that is the data's word, not configuration.
    assert "**Organisation:** Kent County Council" in front
    assert "is to report on key areas of performance for the authority." in front
    assert "The meeting is asked to NOTE the Quarter" in front


def test_configured_words_reach_the_paper(tmp_path: Path) -> None:
    config = """
[report]
organisation = "Anytown Borough Council"
from = ["Cllr A. Leader – Leader of the Council"]
to = "Policy and Resources Committee"
date = "3 March 2025"
decision_number = "PR/2025/07"
classification = "Public"
committees = ["the Corporate Leadership Team", "Policy and Resources Committee", "Scrutiny"]
recommendation = "{meeting} is invited to COMMENT on the {period} report (Q{quarter})."

[[report.contacts]]
name = "Sam Analyst"
role = "Performance Lead"
email = "sam@example.org"
phone = "01234 567890"
"""
    text = render(sample_analysis(config), "md", None, Scope(), now=NOW)
    assert "**Organisation:** Anytown Borough Council" in text
    assert "**To:** Policy and Resources Committee – 3 March 2025" in text
    assert "**Decision No:** PR/2025/07" in text and "**Classification:** Public" in text
    assert (
        "to inform the Corporate Leadership Team, Policy and Resources Committee and Scrutiny "
        "about key areas" in text
    )
    assert (
        "Policy and Resources Committee is invited to COMMENT on the Quarter 2, 2024/25 report "
        "(Q2)." in text
    )
    assert (
        "**Sam Analyst**  \nPerformance Lead  \nTelephone: 01234 567890  \nsam@example.org" in text
    )
    assert "Kent" not in text.split("## Appendix")[0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[report]\nrecommendation = "{who} should note it"\n',
            "line 2: [report] recommendation uses {who}, which is not a placeholder "
            "(use {meeting}, {quarter}, {period})",
        ),
        (
            '[report]\nrecommendation = "Note {period"\n',
            "line 2: [report] recommendation is not a valid sentence template",
        ),
        (
            '[report]\ncharts = "some"\n',
            'line 2: [report] charts = "some" is not one of "red", "all", "none"',
        ),
        (
            '[report]\nfrom = "The Leader"\n',
            "line 2: [report] from must be a list of names and roles, not a string",
        ),
        (
            '[[report.contacts]]\nname = "A"\n[[report.contacts]]\nname = "B"\nphone = 416559\n',
            "line 5: [report.contacts] phone must be a string, not a number (416559) "
            "(table 2 of [[report.contacts]])",
        ),
    ],
)
def test_report_settings_errors(text: str, message: str) -> None:
    with pytest.raises(QprError) as caught:
        parse_config(text, "c.toml")
    assert str(caught.value).startswith(f"c.toml, {message}")


def test_an_unknown_contact_key_is_a_warning() -> None:
    loaded = parse_config('[[report.contacts]]\nname = "A"\nmail = "a@x"\n', "c.toml")
    (warning,) = loaded.warnings
    assert (
        str(warning)
        .replace(": warning:", ":")
        .startswith(
            "c.toml, line 3: unknown key 'mail' in [report.contacts] was ignored "
            "(did you mean 'email'?)"
        )
    )
    assert loaded.config.report.contacts[0].name == "A"


def test_template_is_relative_to_the_configuration(tmp_path: Path) -> None:
    config_file = tmp_path / "council.toml"
    config_file.write_text('[report]\ntemplate = "styles/council.docx"\n', encoding="utf-8")
    loaded = load_config(config_file)
    analysis = Analysis(load([str(SAMPLE)], loaded.config), config_source=loaded.source)
    doc = build_document(analysis, None, Scope(), now=NOW)
    assert doc.template == str(tmp_path / "styles" / "council.docx")
    assert doc.template_origin == f"{config_file}, line 2: [report] template"


def test_no_figure_without_history() -> None:
    doc = build_document(sample_analysis(), None, Scope("Governance and Law"), now=NOW)
    assert all(isinstance(f, Figure) and f.chart.periods for f in doc.figures())


def test_a_provisional_value_carries_its_mark(tmp_path: Path) -> None:
    path = tmp_path / "provisional.csv"
    path.write_text(
        "kpi_id,indicator,unit,period,value,target,floor\n"
        "A1,Alpha,%,2024/25 Q1,60.5*,80,70\nA2,Beta,%,2024/25 Q1,90,80,70\n",
        encoding="utf-8",
    )
    analysis = Analysis(load([path]))
    doc = build_document(analysis, None, Scope(), now=NOW)
    values = {row[0].shown: row[2] for t in doc.tables("kpis") for row in t.rows}
    provisional = values["A1"]
    assert isinstance(provisional, NumberCell) and provisional.value == 60.5
    assert provisional.shown == f"60.5%{PROVISIONAL_MARK}"
    assert values["A2"].shown == "90.0%"
    (red_list,) = doc.tables("red_list")
    assert [row[3].shown for row in red_list.rows] == [f"60.5%{PROVISIONAL_MARK}"]
    assert f"60.5%{PROVISIONAL_MARK}" in render(analysis, "md", None, Scope(), now=NOW)
