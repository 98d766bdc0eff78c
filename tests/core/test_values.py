from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qpr_tui.ingest.values import ValueParseError, missing_reason, parse_value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("85.2", 85.2),
        ("85.2%", 85.2),
        ("85.2 %", 85.2),
        ("1,234", 1234.0),
        ("1,234,567.89", 1234567.89),
        ("£1.2m", 1_200_000.0),
        ("£1.2M", 1_200_000.0),
        ("£350k", 350_000.0),
        ("£2bn", 2e9),
        ("(12)", -12.0),
        ("(£1,200)", -1200.0),
        ("-5", -5.0),
        ("+5", 5.0),
        ("-£5k", -5000.0),
        ("£-5", -5.0),
        ("  42 ", 42.0),
        ("\u00a042\u00a0", 42.0),
        ("85,2", 85.2),
        ("0", 0.0),
        ("1e3", 1000.0),
        ("$3", 3.0),
        ("€3.5", 3.5),
        ("12 345", 12345.0),
        (".5", 0.5),
    ],
)
def test_numbers(text: str, expected: float) -> None:
    assert parse_value(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "blank"),
        (None, "blank"),
        ("n/a", "not available"),
        ("N/A", "not available"),
        ("NA", "not available"),
        ("-", "not available"),
        ("–", "not available"),
        ("—", "not available"),
        ("TBC", "awaiting"),
        ("tbc", "awaiting"),
        ("*", "suppressed"),
        ("x", "suppressed"),
        ("Not due", "not due"),
        ("  n/a  ", "not available"),
        ("#N/A", "not available"),
        ("..", "not available"),
        ("New", "new"),
    ],
)
def test_missing_markers(text: str | None, reason: str) -> None:
    assert parse_value(text) is None
    assert missing_reason(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "inf",
        "-inf",
        "Infinity",
        "#DIV/0!",
        "1.2.3",
        "85%%",
        "12 apples",
        "1e999",
        "£",
        "%",
        "()",
    ],
)
def test_unusable(text: str) -> None:
    with pytest.raises(ValueParseError):
        parse_value(text)


@given(st.one_of(st.none(), st.text(max_size=30)))
def test_parser_raises_only_its_own_error(text: str | None) -> None:
    try:
        result = parse_value(text)
    except ValueParseError:
        return
    assert result is None or math.isfinite(result)


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_plain_numbers_round_trip(x: float) -> None:
    assert parse_value(repr(x)) == pytest.approx(x)
    assert parse_value(f"{x:.2f}%") == pytest.approx(round(x, 2))
