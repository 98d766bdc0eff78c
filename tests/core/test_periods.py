from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qpr_tui.periods import (
    PeriodError,
    end_month,
    financial_year,
    label,
    long_label,
    ordinal,
    parse_period,
    quarter,
)

Q2_2024 = ordinal(2024, 2)


@pytest.mark.parametrize(
    "text",
    [
        "2024/25 Q2",
        "Q2 2024/25",
        "2024-25 Q2",
        "Q2 2024-25",
        "2024/2025 Q2",
        "Q2 24/25",
        "24/25 Q2",
        "FY24/25 Q2",
        "Quarter 2, 2024/25",
        "quarter 2 2024/25",
        "2024/25 Quarter 2",
        "  2024/25   q2 ",
        "2024-25-Q2",
        "Sep-24",
        "Sep 24",
        "September 2024",
        "Sept 2024",
        "Jul-2024",
        "aug 2024",
        "2024-09",
        "2024/09",
        "09/2024",
        "2024-09-30",
        "2024-07-01",
        "30/09/2024",
        "30.09.2024",
        "01/07/24",
        "30 Sep 2024",
        "30-Sep-2024",
        "2024 Q2",
        "2024-Q2",
        "2024-09-30T00:00:00",
    ],
)
def test_every_spelling_of_2024_25_q2(text: str) -> None:
    assert parse_period(text) == Q2_2024


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Apr-24", "2024/25 Q1"),
        ("Jun-24", "2024/25 Q1"),
        ("Oct-24", "2024/25 Q3"),
        ("Dec-24", "2024/25 Q3"),
        ("Jan-25", "2024/25 Q4"),
        ("Mar-25", "2024/25 Q4"),
        ("2025-03-31", "2024/25 Q4"),
        ("2025-04-01", "2025/26 Q1"),
        ("31/03/2024", "2023/24 Q4"),
        ("1999/00 Q1", "1999/00 Q1"),
        ("2099/00 Q4", "2099/00 Q4"),
    ],
)
def test_financial_year_starts_in_april(text: str, expected: str) -> None:
    assert label(parse_period(text)) == expected


def test_calendar_year_quarters_option() -> None:
    assert label(parse_period("2024 Q2", "calendar")) == "2024/25 Q1"
    assert label(parse_period("2024 Q1", "calendar")) == "2023/24 Q4"
    assert label(parse_period("2024 Q2")) == "2024/25 Q2"


def test_ordering_and_labels() -> None:
    texts = ["2024/25 Q1", "2023/24 Q4", "Q2 2024/25", "2023/24 Q1", "Dec-23"]
    ordered = [label(p) for p in sorted(parse_period(t) for t in texts)]
    assert ordered == ["2023/24 Q1", "2023/24 Q3", "2023/24 Q4", "2024/25 Q1", "2024/25 Q2"]
    assert quarter(Q2_2024) == 2
    assert financial_year(Q2_2024) == "2024/25"
    assert long_label(Q2_2024) == "Quarter 2, 2024/25"
    assert end_month(Q2_2024).strftime("%B %Y") == "September 2024"
    assert end_month(ordinal(2024, 4)).strftime("%B %Y") == "March 2025"
    assert label(ordinal(2099, 1)) == "2099/00 Q1"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Q5 2024/25",
        "2024/26 Q1",
        "2024/25",
        "31/02/2024",
        "2024-13",
        "13/2024",
        "Smarch 2024",
        "Q0 2024/25",
        "yesterday",
        "2024/25 Q2 extra",
        "99999/00 Q1",
    ],
)
def test_unknown_spellings_raise_period_error(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text)


def test_error_message_suggests_spellings() -> None:
    with pytest.raises(PeriodError) as info:
        parse_period("Qx")
    assert "2024/25 Q2" in str(info.value)


@given(st.text(max_size=40))
def test_parser_raises_only_its_own_error(text: str) -> None:
    try:
        result = parse_period(text)
    except PeriodError:
        return
    assert isinstance(result, int)


@given(st.integers(min_value=1900, max_value=2200), st.integers(min_value=1, max_value=4))
def test_label_round_trips(year: int, q: int) -> None:
    p = ordinal(year, q)
    assert parse_period(label(p)) == p
    assert parse_period(end_month(p).isoformat()) == p
