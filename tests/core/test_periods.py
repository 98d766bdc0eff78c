from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qpr_tui.periods import (
    UK,
    Calendar,
    PeriodError,
    PeriodReading,
    calendar_of,
    end_month,
    financial_year,
    label,
    long_label,
    month_label,
    month_ordinal,
    ordinal,
    parse_period,
    quarter,
    read_period,
)
from qpr_tui.vocabulary import MONTH, QUARTER, YEAR

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


# ---- readings: months, quarters and financial years ---------------------------------------


@pytest.mark.parametrize(
    "text", ["2016-17", "2016/17", "FY2016/17", "FY 2016-17", "2016-2017", "16/17", "fy16-17"]
)
def test_financial_years_are_annual_periods(text: str) -> None:
    assert read_period(text) == PeriodReading(YEAR, 2016)
    assert UK.quarter_of(read_period(text)) == ordinal(2016, 4)


def test_a_financial_year_alone_is_never_a_month() -> None:
    assert read_period("2024/25") == PeriodReading(YEAR, 2024)
    assert read_period("2011-12") == PeriodReading(YEAR, 2011)
    with pytest.raises(PeriodError) as info:
        parse_period("2024/25")
    assert "'2024/25' is a financial year, not a quarter" in str(info.value)
    with pytest.raises(PeriodError) as info:
        read_period("2024/26")
    assert "does not span two consecutive years" in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        "Sep-24",
        "Sep 2024",
        "September 2024",
        "2024-09",
        "09/2024",
        "2024-09-30",
        "30/09/2024",
        "2024/25 M6",
        "2024-25 Month 6",
    ],
)
def test_months(text: str) -> None:
    assert read_period(text) == PeriodReading(MONTH, month_ordinal(2024, 9))
    assert month_label(read_period(text).ordinal) == "Sep 2024"


@pytest.mark.parametrize(
    "text",
    [
        "Apr-Jun 2024",
        "Apr - Jun 2024",
        "April-June 2024",
        "2024-25;Q1",
        "2024-25_Q1",
        "Q1 24/25",
        "Quarter 1 (April - June 2024)",
        "quarter 1 (apr-jun 2024)",
    ],
)
def test_more_spellings_of_a_quarter(text: str) -> None:
    assert read_period(text) == PeriodReading(QUARTER, ordinal(2024, 1))


def test_quarters_written_as_months_across_the_year_end() -> None:
    assert read_period("Jan-Mar 2025") == PeriodReading(QUARTER, ordinal(2024, 4))
    assert read_period("Quarter 2 (July - September 2016)") == PeriodReading(
        QUARTER, ordinal(2016, 2)
    )
    assert read_period("2018-19;Q1") == PeriodReading(QUARTER, ordinal(2018, 1))
    assert read_period("2014-15_Q1") == PeriodReading(QUARTER, ordinal(2014, 1))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Apr-May 2024", "Apr to May is not a quarter of the year"),
        ("May-Jul 2024", "May to Jul is not a quarter of the year"),
        ("Quarter 3 (July - September 2016)", "quarter 3 does not match July to September"),
        ("2024/25 M13", "month 13 of a financial year is not between 1 and 12"),
        ("2024/25 M0", "month 0 of a financial year is not between 1 and 12"),
    ],
)
def test_spellings_that_contradict_themselves(text: str, message: str) -> None:
    with pytest.raises(PeriodError) as info:
        read_period(text)
    assert message in str(info.value)


def test_a_year_starting_in_july() -> None:
    australia = calendar_of("July")
    assert australia == Calendar(7)
    assert australia.quarter_of(read_period("Sep-24", australia)) == ordinal(2024, 1)
    assert australia.quarter_of(read_period("Jun-25", australia)) == ordinal(2024, 4)
    assert read_period("Jul-Sep 2024", australia) == PeriodReading(QUARTER, ordinal(2024, 1))
    assert read_period("2024/25 M1", australia) == PeriodReading(MONTH, month_ordinal(2024, 7))
    assert australia.end_month(ordinal(2024, 2)).strftime("%B %Y") == "December 2024"
    assert australia.label(ordinal(2024, 2)) == "2024/25 Q2"
    assert australia.is_quarter_end(9) and not australia.is_quarter_end(6 + 1)
    assert parse_period("Oct-24", calendar=australia) == ordinal(2024, 2)
    assert read_period("Apr-Jun 2024", australia) == PeriodReading(QUARTER, ordinal(2023, 4))
    with pytest.raises(PeriodError):
        read_period("Feb-Apr 2024", australia)  # not a quarter of a July year


def test_a_calendar_year() -> None:
    january = calendar_of("January")
    assert january.label(january.quarter_of(read_period("Mar-24", january))) == "2024 Q1"
    assert january.financial_year(ordinal(2024, 1)) == "2024"


def test_annual_labels() -> None:
    annual = Calendar(annual=True)
    assert annual.label(ordinal(2016, 4)) == "2016/17"
    assert annual.long_label(ordinal(2016, 4)) == "Year 2016/17"
    assert UK.long_label(ordinal(2016, 4)) == "Quarter 4, 2016/17"


@given(st.text(max_size=40))
def test_reader_raises_only_its_own_error(text: str) -> None:
    try:
        reading = read_period(text)
    except PeriodError:
        return
    assert reading.frequency in (MONTH, QUARTER, YEAR)


@given(st.integers(min_value=1900, max_value=2200), st.integers(min_value=1, max_value=12))
def test_month_labels_round_trip(year: int, month: int) -> None:
    m = month_ordinal(year, month)
    assert read_period(month_label(m)) == PeriodReading(MONTH, m)


def test_the_configuration_names_the_months_as_the_calendar_does() -> None:
    from typing import get_args

    from qpr_tui.config.schema import MonthName
    from qpr_tui.periods import MONTH_NAMES

    assert get_args(MonthName) == MONTH_NAMES
