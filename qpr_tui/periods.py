"""Reporting periods: months, quarters and financial years.

The QPR is quarterly. A quarter is held as one integer, its *ordinal*
``fy_start * 4 + (quarter - 1)``, so quarters sort, subtract and shift (``ordinal - 4`` is the
same quarter last year) as plain numbers; ``fy_start`` is the calendar year in which the
financial year begins. A spelling in a file may also name a month or a whole financial year:
`read_period` says which, as a `PeriodReading` whose ordinal is

- a month: ``year * 12 + (month - 1)`` (calendar year and month);
- a quarter: the quarter ordinal above;
- a year: its ``fy_start`` (2016/17 is 2016).

The financial year's first month is configuration (``[periods] year_starts``): a `Calendar`
carries it, with the labels, so "2024/25 Q2" is July to September 2024 in the UK (April) and
October to December 2024 in Australia (July). The module-level functions use the UK calendar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from qpr_tui.errors import QprError
from qpr_tui.vocabulary import MONTH, QUARTER, YEAR

#: Each month's spellings, January first; the last is its full name.
MONTH_SPELLINGS = (
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
)
MONTH_NAMES = tuple(names[-1].title() for names in MONTH_SPELLINGS)
MONTHS = {name: number for number, names in enumerate(MONTH_SPELLINGS, start=1) for name in names}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))


class PeriodError(QprError):
    """A period label that cannot be understood."""


@dataclass(frozen=True)
class PeriodReading:
    """What a period spelling names: its ``frequency`` (`MONTH`, `QUARTER` or `YEAR` of
    `qpr_tui.vocabulary`) and its ``ordinal`` in that frequency (see the module docstring)."""

    frequency: str
    ordinal: int


@dataclass(frozen=True)
class Calendar:
    """The reporting calendar: the financial year's first month (1-12), how ``2024 Q2`` is
    read (``year_quarters``), and whether the dataset's periods are whole years (``annual``:
    a period is then labelled as its year, ``2016/17``, and the quarter ordinal is the year's
    last quarter)."""

    year_start: int = 4
    year_quarters: str = "financial"
    annual: bool = False

    @property
    def period_word(self) -> str:
        """What one period of the report is: ``quarter``, or ``year`` when annual."""
        return "year" if self.annual else "quarter"

    @property
    def step(self) -> int:
        """Quarter ordinals from one period of the report to the next."""
        return 4 if self.annual else 1

    def report_name(self, period: int) -> str:
        """The report's name for its period: ``Quarter 2``, or ``Year 2016/17``."""
        if self.annual:
            return f"Year {self.financial_year(period)}"
        return f"Quarter {quarter(period)}"

    def fy_of_month(self, year: int, month: int) -> int:
        """The ``fy_start`` of the financial year holding a calendar month."""
        return year if month >= self.year_start else year - 1

    def quarter_of_month(self, year: int, month: int) -> int:
        """The quarter ordinal holding a calendar month."""
        if not 1 <= month <= 12:
            raise PeriodError(f"month {month} is not between 1 and 12")
        return ordinal(self.fy_of_month(year, month), (month - self.year_start) % 12 // 3 + 1)

    def is_quarter_end(self, month: int) -> bool:
        """Whether a calendar month (1-12) is the last month of a quarter."""
        return (month - self.year_start) % 3 == 2

    def quarter_of(self, reading: PeriodReading) -> int:
        """The quarter a reading is reported in: a month's own quarter, a year's last."""
        if reading.frequency == MONTH:
            return self.quarter_of_month(*month_parts(reading.ordinal))
        if reading.frequency == YEAR:
            return ordinal(reading.ordinal, 4)
        return reading.ordinal

    def financial_year(self, period: int) -> str:
        """The financial year of a quarter ordinal: ``2024/25`` (``2024`` when the year
        starts in January)."""
        start = fy_start(period)
        if self.year_start == 1:
            return str(start)
        return f"{start}/{(start + 1) % 100:02d}"

    def label(self, period: int) -> str:
        """The canonical spelling of a quarter ordinal, e.g. ``2024/25 Q2`` (``2024/25`` in an
        annual calendar)."""
        if self.annual:
            return self.financial_year(period)
        return f"{self.financial_year(period)} Q{quarter(period)}"

    def long_label(self, period: int) -> str:
        """The cover-report spelling, e.g. ``Quarter 2, 2024/25`` (``Year 2024/25``)."""
        if self.annual:
            return f"Year {self.financial_year(period)}"
        return f"Quarter {quarter(period)}, {self.financial_year(period)}"

    def end_month(self, period: int) -> date:
        """The first day of the quarter's last month (September 2024 for 2024/25 Q2 in the
        UK)."""
        month0 = self.year_start - 1 + 3 * (period % 4) + 2
        return date(fy_start(period) + month0 // 12, month0 % 12 + 1, 1)

    def fy_month(self, start: int, number: int) -> int:
        """The month ordinal of the ``number``-th month (1-12) of the financial year."""
        if not 1 <= number <= 12:
            raise PeriodError(f"month {number} of a financial year is not between 1 and 12")
        month0 = self.year_start - 1 + number - 1
        return month_ordinal(start + month0 // 12, month0 % 12 + 1)


UK = Calendar()


def calendar_of(year_starts: str, year_quarters: str = "financial") -> Calendar:
    """The calendar of a configured first month (``"April"``) and ``year_quarters``."""
    return Calendar(MONTH_NAMES.index(year_starts) + 1, year_quarters)


def ordinal(fy_start: int, quarter: int) -> int:
    return fy_start * 4 + (quarter - 1)


def fy_start(period: int) -> int:
    return period // 4


def quarter(period: int) -> int:
    return period % 4 + 1


def month_ordinal(year: int, month: int) -> int:
    """The ordinal of a calendar month: ``year * 12 + (month - 1)``."""
    return year * 12 + month - 1


def month_parts(month: int) -> tuple[int, int]:
    """A month ordinal's calendar year and month (1-12)."""
    return month // 12, month % 12 + 1


def month_label(month: int) -> str:
    """A month ordinal as ``Sep 2024``."""
    year, number = month_parts(month)
    return f"{MONTH_NAMES[number - 1][:3]} {year}"


def financial_year(period: int) -> str:
    return UK.financial_year(period)


def label(period: int) -> str:
    """The canonical spelling, e.g. ``2024/25 Q2``."""
    return UK.label(period)


def long_label(period: int) -> str:
    """The cover-report spelling, e.g. ``Quarter 2, 2024/25``."""
    return UK.long_label(period)


def end_month(period: int) -> date:
    """The first day of the quarter's last month (September 2024 for 2024/25 Q2)."""
    return UK.end_month(period)


def from_month(year: int, month: int) -> int:
    """The financial quarter holding a calendar month (UK calendar)."""
    return UK.quarter_of_month(year, month)


def _year4(text: str) -> int:
    value = int(text)
    if len(text) <= 2:
        value += 2000
    return value


def _consecutive(first: str, second: str) -> bool:
    """Whether ``first/second`` spans two consecutive years (``2024/25``, ``2024/2025``)."""
    start, end = _year4(first), int(second)
    return end == (start + 1) % 100 if len(second) <= 2 else end == start + 1


def _fy(first: str, second: str) -> int:
    if second and not _consecutive(first, second):
        raise PeriodError(
            f"the financial year {first}/{second} does not span two consecutive years"
        )
    return _year4(first)


def _span(first: str, last: str, year: str, calendar: Calendar) -> PeriodReading:
    """A quarter written as its months, ``Apr-Jun 2024``: the year is the last month's."""
    start, end = MONTHS[first], MONTHS[last]
    if (end - start) % 12 != 2 or not calendar.is_quarter_end(end):
        raise PeriodError(f"{first.title()} to {last.title()} is not a quarter of the year")
    return PeriodReading(QUARTER, calendar.quarter_of_month(_year4(year), end))


_FY = r"(?:fy\s*)?(\d{4}|\d{2})\s*[/\-–]\s*(\d{4}|\d{2})"
_Q = r"(?:q|quarter\s*)([1-4])"
_SEP = r"\s*[,;_\-–]?\s*"
_MON = rf"({_MONTH_RE})\.?"
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^{_FY}{_SEP}{_Q}$"), "fy_q"),
    (re.compile(rf"^{_Q}{_SEP}{_FY}$"), "q_fy"),
    (re.compile(rf"^{_FY}{_SEP}m(?:onth\s*)?(\d{{1,2}})$"), "fy_m"),
    (re.compile(rf"^(?:fy\s*)?(\d{{4}}){_SEP}{_Q}$"), "year_q"),
    (re.compile(rf"^{_Q}{_SEP}(\d{{4}})$"), "q_year"),
    (re.compile(rf"^{_Q}\s*\(\s*{_MON}\s*[\-–]\s*{_MON}\s*,?\s*(\d{{4}})\s*\)$"), "q_span"),
    (re.compile(rf"^{_MON}\s*[\-–]\s*{_MON}[\s\-/,]*(\d{{4}}|\d{{2}})$"), "span"),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t\s].*)?$"), "iso_date"),
    (re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})$"), "uk_date"),
    (re.compile(r"^(?:fy\s*)?(\d{4})[/\-–](\d{4}|\d{2})$"), "year_or_month"),
    (re.compile(r"^(?:fy\s*)?(\d{2})\s*[/\-–]\s*(\d{2})$"), "short_fy"),
    (re.compile(r"^fy\s*(\d{4})\s*[/\-–]\s*(\d{4}|\d{2})$"), "fy"),
    (re.compile(r"^(\d{1,2})[-/](\d{4})$"), "month_year"),
    (re.compile(rf"^(?:(\d{{1,2}})[\s\-])?{_MON}[\s\-/]*(\d{{4}}|\d{{2}})$"), "mon_year"),
]


def _month(year: int, month: int, day: int = 1) -> PeriodReading:
    date(year, month, day)  # validates the month and the day
    return PeriodReading(MONTH, month_ordinal(year, month))


def _year_or_month(first: str, second: str) -> PeriodReading:
    """``2016-17`` and ``2024/2025`` are financial years; ``2024-09`` is a month."""
    if _consecutive(first, second):
        return PeriodReading(YEAR, _year4(first))
    if len(second) == 4 or int(second) > 12:
        raise PeriodError(
            f"the financial year {first}/{second} does not span two consecutive years"
        )
    return _month(int(first), int(second))


def _quarter_of_year(year: int, q: int, calendar: Calendar) -> PeriodReading:
    """``2024 Q2``: of the financial year starting in 2024, or the calendar quarter."""
    if calendar.year_quarters == "calendar":
        return PeriodReading(QUARTER, calendar.quarter_of_month(year, q * 3))
    return PeriodReading(QUARTER, ordinal(year, q))


def _q_span(g: tuple[str, ...], calendar: Calendar) -> PeriodReading:
    """``Quarter 2 (July - September 2016)``: the months decide; the number must agree."""
    found = _span(g[1], g[2], g[3], calendar)
    if quarter(found.ordinal) != int(g[0]):
        raise PeriodError(
            f"quarter {g[0]} does not match {g[1].title()} to {g[2].title()}, which is "
            f"quarter {quarter(found.ordinal)} of the financial year"
        )
    return found


def _read(kind: str, g: tuple[str, ...], calendar: Calendar) -> PeriodReading:
    if kind == "fy_q":
        return PeriodReading(QUARTER, ordinal(_fy(g[0], g[1]), int(g[2])))
    if kind == "q_fy":
        return PeriodReading(QUARTER, ordinal(_fy(g[1], g[2]), int(g[0])))
    if kind == "fy_m":
        return PeriodReading(MONTH, calendar.fy_month(_fy(g[0], g[1]), int(g[2])))
    if kind == "year_q":
        return _quarter_of_year(int(g[0]), int(g[1]), calendar)
    if kind == "q_year":
        return _quarter_of_year(int(g[1]), int(g[0]), calendar)
    if kind == "q_span":
        return _q_span(g, calendar)
    if kind == "span":
        return _span(g[0], g[1], g[2], calendar)
    if kind == "iso_date":
        return _month(int(g[0]), int(g[1]), int(g[2]))
    if kind == "uk_date":
        return _month(_year4(g[2]), int(g[1]), int(g[0]))
    if kind == "year_or_month":
        return _year_or_month(g[0], g[1])
    if kind in ("short_fy", "fy"):
        return PeriodReading(YEAR, _fy(g[0], g[1]))
    if kind == "month_year":
        return _month(int(g[1]), int(g[0]))
    return _month(_year4(g[2]), MONTHS[g[1]], int(g[0]) if g[0] else 1)


@lru_cache(maxsize=4096)
def read_period(text: str, calendar: Calendar = UK) -> PeriodReading:
    """Read a period spelling: a month, a quarter or a financial year.

    Quarters: ``2024/25 Q2``, ``Q2 2024/25``, ``2024-25 Q2``, ``Q2 24/25``, ``Quarter 2,
    2024/25``, ``2018-19;Q1``, ``2014-15_Q1``, ``Apr-Jun 2024``, ``Quarter 2 (July - September
    2016)``, and ``2024 Q2`` / ``2024-Q2`` (of the *financial* year starting 2024 unless the
    calendar's ``year_quarters`` is ``"calendar"``, when it means April-June 2024).
    Months: ``Sep-24``, ``Sep 2024``, ``September 2024``, ``2024-09``, ``09/2024``, dates such
    as ``2024-09-30`` or ``30/09/2024``, and ``2024/25 M6`` (the financial year's sixth month).
    Financial years: ``2016-17``, ``2016/17``, ``FY2016/17``, ``2016-2017``. ``YYYY-YY`` with
    consecutive years (``2011-12``) is a financial year, never a month.
    Raises `PeriodError` for anything else.
    """
    raw = " ".join(str(text).strip().lower().split())
    if not raw:
        raise PeriodError("the period is blank")
    for pattern, kind in _PATTERNS:
        match = pattern.match(raw)
        if match:
            try:
                return _read(kind, match.groups(), calendar)
            except (ValueError, OverflowError) as exc:  # impossible dates such as 31/02/2024
                raise PeriodError(f"'{text}' is not a real date ({exc})") from None
    raise PeriodError(
        f"'{text}' is not a period qpr_tui understands",
        hint="Use a financial quarter such as '2024/25 Q2', a month such as 'Sep-24', "
        "a financial year such as '2024/25', or a date such as '2024-09-30'.",
    )


def parse_period(text: str, year_quarters: str = "financial", calendar: Calendar = UK) -> int:
    """The quarter ordinal a spelling of a quarter or a month falls in (see `read_period`).

    A financial year names no one quarter: it raises `PeriodError`, as anything else that is
    not a period does."""
    if year_quarters != calendar.year_quarters:
        calendar = Calendar(calendar.year_start, year_quarters, calendar.annual)
    reading = read_period(text, calendar)
    if reading.frequency == YEAR:
        raise PeriodError(
            f"'{text}' is a financial year, not a quarter",
            hint="Name a quarter such as '2024/25 Q2' or a month such as 'Sep-24'.",
        )
    return calendar.quarter_of(reading)
