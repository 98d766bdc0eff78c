"""Numbers as readers see them: counts in the cover-report style (words below ten,
capitalised at a sentence start), values with their units, ranks and quartiles."""

from __future__ import annotations

import math
import re

from qpr_tui.views.text import clean
from qpr_tui.vocabulary import NO_DATA, STATUS_WORDS

NUMBER_WORDS = ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def number(n: int, start: bool = False) -> str:
    """``8`` -> ``eight`` (``Eight`` at a sentence start); ``16`` -> ``16``."""
    text = NUMBER_WORDS[n] if 0 <= n < 10 else f"{n:,}"
    return text[:1].upper() + text[1:] if start else text


def change(current: int, previous: int | None, what: str = "the previous Quarter") -> str:
    """``(one fewer than the previous Quarter)``; empty when there is nothing to compare."""
    if previous is None:
        return ""
    diff = current - previous
    if diff == 0:
        return f"(the same as {what})"
    word = "more" if diff > 0 else "fewer"
    return f"({number(abs(diff))} {word} than {what})"


def plural(n: int, one: str, many: str) -> str:
    """``one`` for a count of one, else ``many``."""
    return one if n == 1 else many


#: A unit written as a spreadsheet percentage format (``0%``, ``0.0%``, ``0.00%``), as KPI
#: catalogues give it: the values are fractions (0.98) shown as percentages (98.0%).
FRACTION_FORMAT = re.compile(r"^0(\.0+)?%$")


def format_value(value: float | None, unit: str = "") -> str:
    """A value as a reader expects it: ``85.2%``, ``1,234``, ``£1.5m``; ``–`` when missing."""
    if value is None:
        return "–"
    unit_l = unit.strip().lower()
    if unit_l in ("%", "percent", "percentage"):
        return f"{value:,.1f}%"
    shown_as = FRACTION_FORMAT.match(unit_l)
    if shown_as:  # a spreadsheet format such as 0.0%: the value is a fraction
        return f"{value * 100:,.{len(shown_as.group(1) or '.') - 1}f}%"
    if unit_l in ("£", "gbp", "£k", "£m"):
        if abs(value) >= 1e6:
            return f"£{value / 1e6:,.2f}m"
        return f"£{value:,.0f}"
    if float(value).is_integer():
        text = f"{value:,.0f}"
    else:
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit_l and unit_l not in ("number", "count", "no", "no.", "n"):
        return f"{text} {clean(unit.strip())}"
    return text


def quartile_label(quartile: int | None) -> str:
    """``1`` -> ``top quartile``; ``–`` when the field is too small for quartiles."""
    if quartile is None:
        return "–"
    return {1: "top quartile", 2: "second quartile", 3: "third quartile", 4: "bottom quartile"}[
        quartile
    ]


def home_value(value: float | None, unit: str = "") -> str:
    """The home organisation's value beside the field's figures: ``no data`` when it has
    none (the field's median and spread are shown all the same)."""
    return STATUS_WORDS[NO_DATA].lower() if value is None else format_value(value, unit)


def format_range(low: float | None, high: float | None, unit: str = "", gap: str = " ") -> str:
    """``50.0% – 70.0%``; a single ``–`` when the field has no values (not ``– – –``)."""
    if low is None and high is None:
        return format_value(None)
    return f"{format_value(low, unit)}{gap}–{gap}{format_value(high, unit)}"


def ordinal_rank(rank: int | None, of: int) -> str:
    """``3 of 12``; ``–`` when there is no rank."""
    if rank is None or of == 0 or (isinstance(rank, float) and math.isnan(rank)):
        return "–"
    return f"{rank} of {of}"
