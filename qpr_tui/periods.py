"""Reporting periods: UK financial-year quarters.

A period is held as one integer, its *ordinal* ``fy_start * 4 + (quarter - 1)``, so periods
sort, subtract and shift (``ordinal - 4`` is the same quarter last year) as plain numbers.
UK financial years start in April: 2024/25 Q2 is July to September 2024.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from qpr_tui.errors import QprError

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))


class PeriodError(QprError):
    """A period label that cannot be understood."""


def ordinal(fy_start: int, quarter: int) -> int:
    return fy_start * 4 + (quarter - 1)


def fy_start(period: int) -> int:
    return period // 4


def quarter(period: int) -> int:
    return period % 4 + 1


def financial_year(period: int) -> str:
    start = fy_start(period)
    return f"{start}/{(start + 1) % 100:02d}"


def label(period: int) -> str:
    """The canonical spelling, e.g. ``2024/25 Q2``."""
    return f"{financial_year(period)} Q{quarter(period)}"


def long_label(period: int) -> str:
    """The cover-report spelling, e.g. ``Quarter 2, 2024/25``."""
    return f"Quarter {quarter(period)}, {financial_year(period)}"


def end_month(period: int) -> date:
    """The first day of the quarter's last month (September 2024 for 2024/25 Q2)."""
    month0 = 3 + 3 * (period % 4) + 2  # April is month index 3 (zero-based)
    year = fy_start(period) + month0 // 12
    return date(year, month0 % 12 + 1, 1)


def from_month(year: int, month: int) -> int:
    """The financial quarter holding a calendar month."""
    if not 1 <= month <= 12:
        raise PeriodError(f"month {month} is not between 1 and 12")
    start = year if month >= 4 else year - 1
    return ordinal(start, (month - 4) % 12 // 3 + 1)


def _year4(text: str) -> int:
    value = int(text)
    if len(text) <= 2:
        value += 2000
    return value


def _fy(first: str, second: str) -> int:
    start = _year4(first)
    if second:
        end = int(second)
        if (len(second) <= 2 and end != (start + 1) % 100) or (
            len(second) == 4 and end != start + 1
        ):
            raise PeriodError(
                f"the financial year {first}/{second} does not span two consecutive years"
            )
    return start


_FY = r"(?:fy\s*)?(\d{4}|\d{2})\s*[/\-–]\s*(\d{4}|\d{2})"
_Q = r"(?:q|quarter\s*)([1-4])"
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^{_FY}\s*[,\-–]?\s*{_Q}$"), "fy_q"),
    (re.compile(rf"^{_Q}\s*[,\-–]?\s*{_FY}$"), "q_fy"),
    (re.compile(rf"^(?:fy\s*)?(\d{{4}})\s*[\-\s]?\s*{_Q}$"), "year_q"),
    (re.compile(rf"^{_Q}\s*[\-\s]?\s*(\d{{4}})$"), "q_year"),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t\s].*)?$"), "iso_date"),
    (re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})$"), "uk_date"),
    (re.compile(r"^(\d{4})[-/](\d{1,2})$"), "year_month"),
    (re.compile(r"^(\d{1,2})[-/](\d{4})$"), "month_year"),
    (re.compile(rf"^(?:(\d{{1,2}})[\s\-])?({_MONTH_RE})\.?[\s\-/]*(\d{{4}}|\d{{2}})$"), "mon_year"),
]


@lru_cache(maxsize=4096)
def parse_period(text: str, year_quarters: str = "financial") -> int:
    """Parse a period spelling into an ordinal.

    Accepted: ``2024/25 Q2``, ``Q2 2024/25``, ``2024-25 Q2``, ``Q2 24/25``, ``Quarter 2, 2024/25``,
    ``Sep-24``, ``September 2024``, ``2024-09``, ``2024-09-30``, ``30/09/2024``, and
    ``2024 Q2`` / ``2024-Q2`` (quarter 2 of the *financial* year starting 2024 unless
    ``year_quarters`` is ``"calendar"``, when it means April-June 2024).
    Raises `PeriodError` for anything else.
    """
    raw = " ".join(str(text).strip().lower().split())
    if not raw:
        raise PeriodError("the period is blank")
    for pattern, kind in _PATTERNS:
        match = pattern.match(raw)
        if not match:
            continue
        g = match.groups()
        try:
            if kind == "fy_q":
                return ordinal(_fy(g[0], g[1]), int(g[2]))
            if kind == "q_fy":
                return ordinal(_fy(g[1], g[2]), int(g[0]))
            if kind in ("year_q", "q_year"):
                year, q = (int(g[0]), int(g[1])) if kind == "year_q" else (int(g[1]), int(g[0]))
                if year_quarters == "calendar":
                    return from_month(year, q * 3)
                return ordinal(year, q)
            if kind == "iso_date":
                return from_month(int(g[0]), date(int(g[0]), int(g[1]), int(g[2])).month)
            if kind == "uk_date":
                year = _year4(g[2])
                return from_month(year, date(year, int(g[1]), int(g[0])).month)
            if kind == "year_month":
                return from_month(int(g[0]), int(g[1]))
            if kind == "month_year":
                return from_month(int(g[1]), int(g[0]))
            if kind == "mon_year":
                year = _year4(g[2])
                month = MONTHS[g[1]]
                if g[0]:
                    date(year, month, int(g[0]))  # validates the day
                return from_month(year, month)
        except (ValueError, OverflowError) as exc:  # impossible dates such as 31/02/2024
            raise PeriodError(f"'{text}' is not a real date ({exc})") from None
    raise PeriodError(
        f"'{text}' is not a period qpr_tui understands",
        hint="Use a financial quarter such as '2024/25 Q2', a month such as 'Sep-24', "
        "or a date such as '2024-09-30'.",
    )
