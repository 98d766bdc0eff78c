"""The period of a file that has no period column: from the configuration or the file's name.

``hart_kpis_2014-15_Q1.csv`` is 2014/15 Q1: the name (without its extension) is cut at
underscores and spaces, and every run of one to three neighbouring parts is tried as a period
(joined by a space). The longest run that is a period wins, so ``2014-15 Q1`` beats any
shorter reading of ``2014-15``; two different periods of that length are ambiguous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from qpr_tui.errors import Location, QprError
from qpr_tui.periods import Calendar, PeriodError, PeriodReading, read_period

_PARTS = re.compile(r"[_\s]+")
LONGEST_RUN = 3
HOW_TO_GIVE_ONE = (
    "Add a period column, put the period in the file name (such as kpis_2024-25_Q2.csv), or "
    'give it in the configuration: [files."{name}"] period = "2024/25 Q2".'
)


@dataclass(frozen=True)
class FilePeriod:
    """The period of every row of a file, and where it was read (for the finding and the
    `qpr_tui.model.SourceFile`)."""

    reading: PeriodReading
    period: int  # the quarter the rows are reported in
    source: str  # "configuration" or "file name"
    text: str  # as written there

    @property
    def described(self) -> str:
        """Where the period came from, in words."""
        if self.source == "configuration":
            return f"[files] period = '{self.text}' in the configuration"
        return f"the file name ('{self.text}')"


def file_period(name: str, configured: str, calendar: Calendar, display: str) -> FilePeriod:
    """The period of a file without a period column: ``configured`` (the file's
    ``[files."NAME"] period``) if given, else from its ``name``; `QprError` when neither says."""
    base = PurePath(name).name
    if configured:
        try:
            given = read_period(configured, calendar)
            return FilePeriod(given, calendar.quarter_of(given), "configuration", configured)
        except PeriodError as exc:
            raise QprError(
                f"the period '{configured}' set for {base} in [files] is not a period "
                f"({exc.message}).",
                hint="Use a financial quarter such as '2024/25 Q2'.",
            ) from None
    found = name_periods(base, calendar)
    distinct = {reading for reading, _ in found}
    if len(distinct) == 1:
        reading, text = found[0]
        return FilePeriod(reading, calendar.quarter_of(reading), "file name", text)
    if distinct:
        readings = " and ".join(
            f"'{text}' ({calendar.label(calendar.quarter_of(reading))})" for reading, text in found
        )
        problem = f"its name has more than one period: {readings}"
    else:
        problem = "its name has no period in it"
    raise QprError(
        f"no period column was found, and {problem}.",
        Location(display, 1),
        hint=HOW_TO_GIVE_ONE.format(name=base),
    )


def name_periods(name: str, calendar: Calendar) -> list[tuple[PeriodReading, str]]:
    """The longest runs of ``name``'s parts that are periods: (reading, run as written)."""
    parts = [part for part in _PARTS.split(PurePath(name).stem) if part]
    for length in range(min(LONGEST_RUN, len(parts)), 0, -1):
        found: list[tuple[PeriodReading, str]] = []
        for start in range(len(parts) - length + 1):
            text = " ".join(parts[start : start + length])
            try:
                found.append((read_period(text, calendar), text))
            except PeriodError:
                continue
        if found:
            return found
    return []
