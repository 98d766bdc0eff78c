"""Stage *columns*: what the header says, before any data is read.

A pure function of the header and the configuration: which input column holds which canonical
field, whether the file is long (a period and a value column) or wide (one column per period),
and the findings the header alone gives (no target column, columns that are not used). A
header that cannot be used raises `QprError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from qpr_tui.config import Config
from qpr_tui.config.schema import FileConfig
from qpr_tui.errors import Issue, Location, QprError, Severity
from qpr_tui.ingest.columns import ColumnMap, match_columns
from qpr_tui.ingest.file_period import FilePeriod, file_period
from qpr_tui.periods import Calendar, PeriodError, PeriodReading, read_period
from qpr_tui.vocabulary import PROVISIONAL_MARK

# Columns that describe a KPI, which a catalogue (a file of KPIs without values) gives.
DEFINITIONS = (
    "indicator",
    "polarity",
    "unit",
    "target",
    "floor",
    "owner",
    "basis",
    "directorate",
    "service_area",
)
# What a catalogue's rows give the KPIs they describe (the rest is about periods or values).
CATALOGUE_FIELDS = ("kpi_id", "organisation", *DEFINITIONS, "tolerance", "tolerance_type")
# Value columns for another period than the row's: previous period, same period a year ago.
CARRIED = ("previous_value", "year_ago_value")
# A remark after a period heading, in brackets or as asterisks: ``Dec-24 (provisional)``.
_REMARK = r"\s*(\([^()]*\)|\*+)\s*$"


def column_name(index: int) -> str:
    """The name the scan gives the input column at 0-based ``index``."""
    return f"c{index}"


@dataclass(frozen=True)
class Plan:
    """Where each canonical field is in one file, and whose rows get the full treatment."""

    display: str
    header: list[str]
    index: dict[str, int]  # canonical name -> 0-based input column
    periods: dict[int, PeriodReading]  # wide files: input column -> its period
    wide: bool
    home: str | None
    # Other organisations' rows keep only ids, periods and values, and get no findings.
    split: bool
    # A file without a period column: the period of all its rows, and where it came from.
    fixed: FilePeriod | None = None
    # "values", or "kpis" for a catalogue (KPI definitions without periods or values).
    role: str = "values"
    # Wide files: input columns whose heading marks them provisional (``Dec-24 (provisional)``).
    provisional: frozenset[int] = frozenset()
    # Input columns read only to tell a spacer line from a row: their text is not kept.
    unread: frozenset[int] = frozenset()

    @property
    def layout(self) -> str:
        return "wide" if self.wide else "long"

    @property
    def catalogue(self) -> bool:
        return self.role == "kpis"

    def has(self, name: str) -> bool:
        return name in self.index

    def column(self, name: str) -> str:
        """The scanned column holding canonical field ``name``."""
        return column_name(self.index[name])

    def used(self) -> list[int]:
        """The input columns the ingest reads, in file order."""
        wide_values = set(self.periods) if self.wide else set()
        return sorted(set(self.index.values()) | wide_values)

    def location(self, line: int, name: str) -> Location:
        """A cell of canonical field ``name`` on ``line``."""
        index = self.index[name]
        return Location(self.display, line, index + 1, self.header[index])

    def without(self, names: Iterable[str]) -> Plan:
        """The plan with the text of fields ``names`` left unread: the rows show them blank,
        and a row with nothing else is still a row (its cells are `unread`)."""
        leaving = set(names)
        dropped = {name: i for name, i in self.index.items() if name in leaving}
        index = {name: i for name, i in self.index.items() if name not in dropped}
        unread = set(dropped.values()) - set(index.values())
        return replace(self, index=index, unread=self.unread | unread)


def plan_columns(
    header: list[str],
    config: Config,
    display: str,
    home: str | None,
    split: bool,
    calendar: Calendar,
    settings: FileConfig | None = None,
    name: str = "",
) -> tuple[Plan, list[Issue]]:
    """Read the header into a `Plan` and the findings about it; raise `QprError` if unusable.

    ``settings`` are the file's own (``[files."NAME"]``) and ``name`` its base name, where a
    file without a period column may find its period."""
    settings = settings or FileConfig()
    period_headers, marked = _period_headers(header, calendar)
    cmap = match_columns(
        header, config.columns, display, skip=set(period_headers), file_aliases=settings.columns
    )
    role = _role(cmap, settings, bool(period_headers))
    wide = role == "values" and "period" not in cmap.index and "value" not in cmap.index
    wide = wide and bool(period_headers)
    _check_kpi_column(header, cmap, display)
    fixed = None
    if role == "values" and not wide and "period" not in cmap.index and "value" in cmap.index:
        fixed = file_period(name or display, settings.period, calendar, display)
    _check_columns(header, cmap, display, wide or role == "kpis" or fixed is not None)
    if wide:
        _distinct_period_headers(header, display, period_headers)
    plan = Plan(
        display=display,
        header=header,
        index=cmap.index,
        periods=period_headers if wide else {},
        wide=wide,
        home=home,
        split=split and home is not None and "organisation" in cmap.index,
        fixed=fixed,
        role=role,
        provisional=frozenset(marked) if wide else frozenset(),
    )
    return plan, _header_findings(plan, cmap, period_headers) + _provisional_notes(plan, calendar)


def _role(cmap: ColumnMap, settings: FileConfig, period_headers: bool) -> str:
    """ "kpis" for a catalogue: so configured, or KPI ids and definitions without any period
    or value column."""
    if settings.role == "kpis":
        return "kpis"
    values = {"period", "value", *CARRIED} & set(cmap.index)
    described = any(name in cmap.index for name in DEFINITIONS if name != "indicator")
    named = "kpi_id" in cmap.index
    return "kpis" if named and described and not values and not period_headers else "values"


def _period_headers(
    header: list[str], calendar: Calendar
) -> tuple[dict[int, PeriodReading], set[int]]:
    """Columns headed by a period (``2024/25 Q2``): the value columns of a wide file; and
    those whose period heading carries a remark or an asterisk (``Dec-24 (provisional)``,
    ``Dec-24*``), which mark their values provisional."""
    found: dict[int, PeriodReading] = {}
    marked: set[int] = set()
    for i, heading in enumerate(header):
        bare = re.sub(_REMARK, "", heading)
        try:
            found[i] = read_period(bare, calendar)
        except PeriodError:
            continue
        if bare != heading:
            marked.add(i)
    return found, marked


def _provisional_notes(plan: Plan, calendar: Calendar) -> list[Issue]:
    """How each period heading with a remark was read."""
    issues = []
    for i in sorted(plan.provisional):
        heading = plan.header[i]
        quarter = calendar.label(calendar.quarter_of(plan.periods[i]))
        issues.append(
            Issue(
                Severity.INFO,
                "provisional-column",
                f"column '{heading}' was read as the period '{re.sub(_REMARK, '', heading)}' "
                f"({quarter}), its values marked provisional ({PROVISIONAL_MARK})",
                Location(plan.display, 1, i + 1, heading),
                period=quarter,
            )
        )
    return issues


def _check_kpi_column(header: list[str], cmap: ColumnMap, display: str) -> None:
    """Refuse a header that names no KPI."""
    if "kpi_id" not in cmap.index and "indicator" not in cmap.index:
        shown = ", ".join(repr(h) for h in header[:12])
        raise QprError(
            f"no column names the KPI: expected a header such as 'kpi_id' or 'indicator' "
            f"(found: {shown}).",
            Location(display, 1),
            hint='Map your headers in the configuration, e.g. [columns] indicator = ["Measure"].',
        )


def _check_columns(
    header: list[str],
    cmap: ColumnMap,
    display: str,
    periods_known: bool,
) -> None:
    """Refuse a header (``periods_known`` false) without a period or value column."""
    where = Location(display, 1)
    shown = ", ".join(repr(h) for h in header[:12])
    if not periods_known:
        missing = [name for name in ("period", "value") if name not in cmap.index]
        if missing:
            raise QprError(
                f"no {' or '.join(missing)} column was found (found: {shown}).",
                where,
                hint="A long file needs 'period' and 'value' columns; a wide file needs one "
                "column per period headed like '2024/25 Q2'. Map other names in [columns].",
            )


def _distinct_period_headers(
    header: list[str], display: str, period_headers: dict[int, PeriodReading]
) -> None:
    seen: dict[PeriodReading, int] = {}
    for i, period in period_headers.items():
        if period in seen:
            first = seen[period]
            raise QprError(
                f"columns {first + 1} ('{header[first]}') and {i + 1} ('{header[i]}') "
                "name the same period.",
                Location(display, 1, i + 1),
            )
        seen[period] = i


def _header_findings(
    plan: Plan, cmap: ColumnMap, period_headers: dict[int, PeriodReading]
) -> list[Issue]:
    issues: list[Issue] = []
    if not plan.has("target") and not plan.catalogue:
        issues.append(
            Issue(
                Severity.WARNING,
                "no-target-column",
                "no target column: every KPI is shown as not rated",
                Location(plan.display, 1),
            )
        )
    if plan.catalogue:
        issues += _unused_in_catalogue(plan)
    # A long file's columns headed by a period are not used either.
    unused = set(cmap.unmatched) | (set() if plan.wide else set(period_headers))
    for i in sorted(unused):
        if plan.header[i]:
            issues.append(
                Issue(
                    Severity.INFO,
                    "unused-column",
                    f"column '{plan.header[i]}' is not used",
                    Location(plan.display, 1, i + 1, plan.header[i]),
                )
            )
    return issues


def _unused_in_catalogue(plan: Plan) -> list[Issue]:
    """Columns of a catalogue that are about periods or values, which it does not give."""
    unused = [(name, i) for name, i in plan.index.items() if name not in CATALOGUE_FIELDS]
    return [
        Issue(
            Severity.INFO,
            "unused-column",
            f"column '{plan.header[i]}' ({name.replace('_', ' ')}) is not used: a KPI "
            "catalogue describes KPIs, not their values in a period",
            Location(plan.display, 1, i + 1, plan.header[i]),
        )
        for name, i in sorted(unused, key=lambda item: item[1])
    ]
