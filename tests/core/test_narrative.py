from __future__ import annotations

import pytest

from qpr_tui.analysis.summary import Analysis
from qpr_tui.ingest.reader import load
from qpr_tui.views.narrative import write
from qpr_tui.views.numbers import change, format_value, number


@pytest.mark.parametrize(
    ("n", "start", "text"),
    [
        (0, False, "none"),
        (1, False, "one"),
        (8, True, "Eight"),
        (9, False, "nine"),
        (10, False, "10"),
        (16, True, "16"),
        (1234, False, "1,234"),
    ],
)
def test_number_words(n: int, start: bool, text: str) -> None:
    assert number(n, start) == text


def test_change_phrases() -> None:
    assert change(16, 17) == "(one fewer than the previous Quarter)"
    assert change(15, 14) == "(one more than the previous Quarter)"
    assert change(8, 8) == "(the same as the previous Quarter)"
    assert change(30, 18) == "(12 more than the previous Quarter)"
    assert change(3, None) == ""


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (85.24, "%", "85.2%"),
        (1234, "number", "1,234"),
        (1_500_000, "£", "£1.50m"),
        (12.5, "days", "12.5 days"),
        (None, "%", "–"),
        (3.0, "", "3"),
        # A spreadsheet percentage format as the unit: the value is a fraction.
        (0.98, "0.00%", "98.00%"),
        (0.987, "0.0%", "98.7%"),
        (0.9, "0%", "90%"),
        (0.9, "0.0 %", "0.9 0.0 %"),  # not a format: shown as written
    ],
)
def test_format_value(value: float | None, unit: str, text: str) -> None:
    assert format_value(value, unit) == text


def test_singular_and_no_previous_quarter(write_csv) -> None:
    text = (
        "kpi_id,indicator,directorate,period,value,target,floor\nA,Alpha,Dir,2024/25 Q1,50,80,70\n"
    )
    narrative = write(Analysis(load([write_csv(text)])).summary())
    assert narrative.rag_bullets[2] == (
        "One is rated Red – performance did not meet the expected floor standard."
    )
    assert "None are rated Green" in narrative.rag_bullets[0]
    assert narrative.red_intro == "The one indicator where the RAG rating is Red, is in:"
    assert "Of the one Key Performance Indicator (KPI) contained" in narrative.summary
    assert "One KPI did not meet the floor standard" in narrative.summary
    assert "(the same" not in narrative.dot  # nothing to compare with
    assert narrative.dot.startswith("With regards to Direction of Travel, no indicators show")


def test_no_data_kpis_not_new(write_csv) -> None:
    text = (
        "kpi_id,indicator,directorate,period,value,target,floor\n"
        "A,Alpha,Dir,2023/24 Q4,50,80,70\nA,Alpha,Dir,2024/25 Q1,n/a,80,70\n"
        "B,Beta,Dir,2023/24 Q4,50,80,70\nB,Beta,Dir,2024/25 Q1,n/a,80,70\n"
    )
    narrative = write(Analysis(load([write_csv(text)])).summary())
    assert narrative.rag_bullets[-1] == "Two have no data at time of publication."


def test_after_a_gap_the_earlier_quarter_is_named(write_csv) -> None:
    text = (
        "kpi_id,indicator,directorate,period,value,target,floor\n"
        "A,Alpha,Dir,2023/24 Q3,50,80,70\nA,Alpha,Dir,2024/25 Q1,90,80,70\n"
    )
    narrative = write(Analysis(load([write_csv(text)])).summary())
    assert "rated Green (one more than 2023/24 Q3)" in narrative.rag_bullets[0]
    assert "Previous Quarter" not in narrative.text()


def test_no_data_kpis_in_a_file_that_starts_this_year_are_not_called_new(write_csv) -> None:
    text = (
        "kpi_id,indicator,directorate,period,value,target,floor\n"
        "A,Alpha,Dir,2024/25 Q1,50,80,70\nB,Beta,Dir,2024/25 Q1,n/a,80,70\n"
    )
    narrative = write(Analysis(load([write_csv(text)])).summary())
    assert narrative.rag_bullets[-1] == "One has no data at time of publication."


def test_a_scoped_cover_text_speaks_of_its_scope() -> None:
    from qpr_tui.analysis.summary import Scope
    from qpr_tui.config import load_config
    from tests.conftest import SAMPLE, SAMPLE_CONFIG

    config = load_config(str(SAMPLE_CONFIG)).config
    analysis = Analysis(load([str(SAMPLE)], config))
    scoped = write(analysis.summary(None, Scope("Customer Services")))
    assert scoped.summary.startswith("Of the four KPIs in Customer Services, ")
    assert "within the QPR" not in scoped.summary
    assert scoped.rag_intro == (
        "Of the four KPIs in Customer Services, the latest RAG status are as follows:"
    )
    area = write(analysis.summary(None, Scope("Adult Social Care and Health", "Public Health")))
    assert " KPIs in Adult Social Care and Health (Public Health), " in area.summary
    whole = write(analysis.summary())
    assert whole.summary.startswith("Of the 40 Key Performance Indicators (KPIs) contained within")
