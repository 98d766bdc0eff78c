"""Stage *findings*: every problem in a file's rows, with its file, line and column.

Findings come from the collected result of the file's query (the rows that get the full
treatment, with their ``_line``), never from another pass over the file. Rows that cannot be
used (no readable period, no KPI) are left out here, each with its finding.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import polars as pl

from qpr_tui.errors import Issue, Location, Severity
from qpr_tui.findings import Findings, from_rows
from qpr_tui.ingest.stages.columns import CARRIED, Plan
from qpr_tui.ingest.stages.periods import reading
from qpr_tui.ingest.values import Marks
from qpr_tui.periods import Calendar
from qpr_tui.vocabulary import YEAR

# Periods outside these years, or this far from the file's median year, are nonsense.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100
YEARS_FROM_MEDIAN = 20

_YEAR_QUARTER = r"(?i)^\s*(\d{4}\s*[-\s]?\s*q[1-4]|q[1-4]\s*[-\s]?\s*\d{4})\s*$"


def findings(
    rows: pl.DataFrame,
    plan: Plan,
    calendar: Calendar,
    short: list[Issue],
    marks: Marks | None = None,
) -> tuple[pl.LazyFrame, Findings]:
    """The usable rows (as a query: a big file's rows are filtered once, when the columns
    they keep are picked) and the findings about all of ``rows``; ``short`` (rows with too
    few fields) take their place among them; ``marks`` say why a ``1,234`` is in doubt."""
    issues = tolerance_types(rows.lazy(), plan)
    if plan.catalogue:
        rows, listed = catalogue_findings(rows, plan, issues + short, calendar)
        return rows.lazy(), Findings.of(listed)
    # The rows left out are only marked as the checks go: each filter of a big file's rows
    # would be a copy of every column.
    usable = Usable(rows)
    if not plan.wide and not plan.fixed:
        issues += year_quarter_note(rows, plan, calendar)
        issues += usable.leave_out(*unreadable_periods(usable.lazy(), plan, calendar))
    issues += usable.leave_out(*implausible_periods(usable.lazy(), plan)) + short
    if usable.all_annual():
        calendar = Calendar(calendar.year_start, calendar.year_quarters, annual=True)
    in_cells = cells(usable.lazy(), plan, calendar, marks or Marks())
    after = usable.leave_out(*rows_without_kpi(usable.lazy(), plan))
    after += unknown_polarities(usable.lazy(), plan) + unknown_statuses(usable.lazy(), plan)
    return usable.lazy(), Findings.concat([issues, in_cells, after])


class Usable:
    """A file's rows and which of them are still usable as the checks go."""

    def __init__(self, rows: pl.DataFrame) -> None:
        self.rows = rows
        self.kept: pl.Expr | None = None  # None: every row

    def lazy(self) -> pl.LazyFrame:
        """The rows still usable, as a query (nothing is copied)."""
        rows = self.rows.lazy()
        return rows if self.kept is None else rows.filter(self.kept)

    def leave_out(self, issues: list[Issue], kept: pl.Expr | None) -> list[Issue]:
        """``issues``, the findings of a check that keeps only the rows ``kept`` says (None:
        every row); a row ``kept`` calls null is left out, as a filter leaves it."""
        if kept is not None:
            self.kept = kept if self.kept is None else self.kept & kept
        return issues

    def all_annual(self) -> bool:
        """Whether there are usable rows and every one is annual."""
        freq = pl.col("_freq") == YEAR
        some, annual = self.lazy().select(pl.len() > 0, freq.all()).collect().row(0)
        return bool(some and annual)


def short_rows(plan: Plan, records: list[tuple[int, int]]) -> list[Issue]:
    """Findings for (line, number of fields) of records with fewer fields than the header."""
    width = len(plan.header)
    return [
        Issue(
            Severity.WARNING,
            "short-row",
            f"this row has {fields} field{'s' if fields != 1 else ''} but the header has "
            f"{width}; the missing ones were read as blank",
            Location(plan.display, line, fields + 1, plan.header[fields] if fields < width else ""),
        )
        for line, fields in records
    ]


def tolerance_types(rows: pl.LazyFrame, plan: Plan) -> list[Issue]:
    """Tolerance types that are neither relative nor absolute (the configured one is used)."""
    if not plan.has("tolerance_type"):
        return []
    text = pl.col("_tolerance_text")
    wanted = text.is_not_null() & (text != "") & pl.col("tolerance_type").is_null()
    unknown = _picked(rows, wanted, ["_line", "_tolerance_text", "kpi_id"])
    return [
        Issue(
            Severity.ERROR,
            "bad-tolerance-type",
            f"tolerance type '{words}' is neither relative (%) nor absolute (points); "
            "the configured [rag] tolerance_type was used",
            plan.location(line, "tolerance_type"),
            kpi_id=str(kpi or ""),
        )
        for line, words, kpi in unknown.iter_rows()
    ]


def year_quarter_note(rows: pl.DataFrame, plan: Plan, calendar: Calendar) -> list[Issue]:
    """'2024 Q2' is ambiguous (financial or calendar quarter): say how it was read, once."""
    # Lazy: only the first match's line and text are gathered, not every column of each match.
    texts = rows.lazy().select("_line", "_period_text")
    found = texts.filter(pl.col("_period_text").str.contains(_YEAR_QUARTER)).head(1).collect()
    if found.height == 0:
        return []
    line, text = found.row(0)
    found_period = reading(text, calendar)[0]
    period = calendar.label(calendar.quarter_of(found_period)) if found_period else text
    financial = calendar.year_quarters == "financial"
    meaning = "quarter of the financial year" if financial else "calendar quarter"
    other = "calendar" if financial else "financial"
    return [
        Issue(
            Severity.INFO,
            "year-quarter",
            f"periods such as '{text}' were read as the {meaning} ({text} = {period}); "
            f'set year_quarters = "{other}" in the configuration if they mean the '
            f"{other} quarter",
            plan.location(line, "period"),
        )
    ]


def unreadable_periods(
    rows: pl.LazyFrame, plan: Plan, calendar: Calendar
) -> tuple[list[Issue], pl.Expr | None]:
    """Rows whose period is not a period are left out, each with an error: the findings,
    and which rows are kept (None: every row)."""
    bad = _picked(rows, pl.col("period").is_null(), ["_line", "_period_text", "kpi_id"])
    if bad.height == 0:
        return [], None
    issues = [
        Issue(
            Severity.ERROR,
            "bad-period",
            f"{reading(text, calendar)[1]}; this row was left out",
            plan.location(line, "period"),
            kpi_id=kpi or "",
        )
        for line, text, kpi in bad.iter_rows()
    ]
    return issues, pl.col("period").is_not_null()


def implausible_periods(rows: pl.LazyFrame, plan: Plan) -> tuple[list[Issue], pl.Expr | None]:
    """Rows whose period is nonsense (a year before `EARLIEST_YEAR` or from `LATEST_YEAR` on,
    or more than `YEARS_FROM_MEDIAN` years from the median year of the file's rows) are left
    out, each with an error: a stray ``2100/01 Q1`` must not become the report's period.
    The findings, and which rows are kept (None: every row)."""
    year = pl.col("period") // 4
    median = rows.select(year.median()).collect().item()
    if median is None:  # no rows, or none with a period
        return [], None
    far = (
        (year < EARLIEST_YEAR) | (year >= LATEST_YEAR) | ((year - median).abs() > YEARS_FROM_MEDIAN)
    )
    wanted: list[str | pl.Expr] = [
        "_line",
        _period_text(plan).alias("_text"),
        "_value_col",
        "kpi_id",
        year.alias("_year"),
    ]
    bad = _picked(rows, far, wanted)
    if bad.height == 0:
        return [], None
    issues = []
    for line, text, column, kpi, found in bad.iter_rows():
        where = plan.location(line, "period") if not plan.wide else _cell(plan, line, column)
        reason = (
            f"is not a plausible year ({EARLIEST_YEAR} to {LATEST_YEAR - 1} are)"
            if not EARLIEST_YEAR <= found < LATEST_YEAR
            else f"is more than {YEARS_FROM_MEDIAN} years from the file's other periods "
            f"(their median year is {median:.0f})"
        )
        issues.append(
            Issue(
                Severity.ERROR,
                "implausible-period",
                f"the period '{text}' {reason}; this row was left out",
                where,
                kpi_id=kpi or "",
            )
        )
    return issues, ~far


def _period_text(plan: Plan) -> pl.Expr:
    """The period as written: its cell in a long file, its column's heading in a wide one."""
    if not plan.wide:
        return pl.col("_period_text")
    headings = {i + 1: plan.header[i] for i in plan.periods}
    return pl.col("_value_col").replace_strict(headings, return_dtype=pl.String)


def _cell(plan: Plan, line: int, column: int) -> Location:
    return Location(plan.display, line, column, plan.header[column - 1])


def cells(rows: pl.LazyFrame, plan: Plan, calendar: Calendar, marks: Marks) -> Findings:
    """Number cells that are not numbers, decimal commas, doubtful thousands, and values
    that are missing."""
    issues: list[Issue] = []
    for name in ("value", "target", "floor", "tolerance", *CARRIED):
        if name == "value" or plan.has(name):
            issues += _number_cells(rows, plan, name, calendar)
            issues += _doubtful_thousands(rows, plan, name, calendar, marks)
    return Findings.concat([issues, missing_values(rows, plan, calendar)])


def missing_values(rows: pl.LazyFrame, plan: Plan, calendar: Calendar) -> Findings:
    """A note per value that is missing (not one that is not a number), written by polars:
    a big file has tens of thousands."""
    reason = pl.coalesce("_reason_text", "value__missing")
    missing = _picked(
        rows,
        pl.col("value").is_null() & ~pl.col("value__bad"),
        ["_line", "kpi_id", "period", "_value_col", reason.alias("_why")],
    )
    shown = {p: calendar.label(p) for p in missing.get_column("period").unique().to_list()}
    headings = {i + 1: name for i, name in enumerate(plan.header)}
    return from_rows(
        missing,
        severity=Severity.INFO.value,
        code="missing-value",
        message=pl.format("no value ({})", pl.col("_why")),
        file=plan.display,
        line=pl.col("_line"),
        column=pl.col("_value_col"),
        column_name=pl.col("_value_col").replace_strict(headings, return_dtype=pl.String),
        kpi_id=pl.col("kpi_id").fill_null(""),
        period=pl.col("period").replace_strict(shown, return_dtype=pl.String),
    )


def _picked(rows: pl.LazyFrame, wanted: pl.Expr, columns: Sequence[str | pl.Expr]) -> pl.DataFrame:
    """``columns`` of the rows ``wanted`` picks: the other columns of a big file's rows are
    never filtered."""
    return rows.filter(wanted).select(columns).collect()


def _number_cells(rows: pl.LazyFrame, plan: Plan, name: str, calendar: Calendar) -> list[Issue]:
    label = calendar.label

    def where(line: int, value_column: int) -> Location:
        column = value_column if name == "value" else plan.index[name] + 1
        return Location(plan.display, line, column, plan.header[column - 1])

    issues: list[Issue] = []
    wanted = ["_line", "kpi_id", "period", "_value_col", f"{name}__text"]
    bad = _picked(rows, pl.col(f"{name}__bad"), wanted)
    for line, kpi, period, value_column, text in bad.iter_rows():
        issues.append(
            Issue(
                Severity.WARNING if name in ("value", *CARRIED) else Severity.ERROR,
                f"bad-{name}",
                f"the {name.replace('_', ' ')} '{text}' is not a number, so it was treated "
                "as missing",
                where(line, value_column),
                kpi_id=kpi or "",
                period=_label(period, label),
            )
        )
    commas = _picked(rows, pl.col(f"{name}__decimal_comma"), wanted[:4])
    for line, kpi, period, value_column in commas.iter_rows():
        issues.append(
            Issue(
                Severity.WARNING,
                "decimal-comma",
                f"the {name.replace('_', ' ')} uses a decimal comma; it was read with a "
                "decimal point",
                where(line, value_column),
                kpi_id=kpi or "",
                period=_label(period, label),
            )
        )
    return issues


def _doubtful_thousands(
    rows: pl.LazyFrame, plan: Plan, name: str, calendar: Calendar, marks: Marks
) -> list[Issue]:
    """Cells such as ``1,234`` read as 1234 where the file gives cause to think the comma
    may be its decimal mark (`qpr_tui.ingest.values.Marks`)."""
    wanted = ["_line", "kpi_id", "period", "_value_col", f"{name}__text", name]
    doubtful = _picked(rows, pl.col(f"{name}__ambiguous"), wanted)
    issues = []
    for line, kpi, period, value_column, text, number in doubtful.iter_rows():
        column = value_column if name == "value" else plan.index[name] + 1
        issues.append(
            Issue(
                Severity.WARNING,
                "ambiguous-number",
                f"the {name.replace('_', ' ')} '{text}' was read as {number:g}, but it could "
                f"mean {str(text).strip().replace(',', '.')} ({marks.doubt}); write it "
                "without the thousands comma, or with a decimal point",
                Location(plan.display, line, column, plan.header[column - 1]),
                kpi_id=kpi or "",
                period=_label(period, calendar.label),
            )
        )
    return issues


def catalogue_findings(
    rows: pl.DataFrame, plan: Plan, issues: list[Issue], calendar: Calendar
) -> tuple[pl.DataFrame, list[Issue]]:
    """`findings` for a catalogue, which has no periods or values: its number cells, rows
    without a KPI, unknown polarity words, and ids given twice (the first row is kept)."""
    for name in ("target", "floor", "tolerance"):
        if plan.has(name):
            issues += _number_cells(rows.lazy(), plan, name, calendar)
    unnamed, named = rows_without_kpi(rows.lazy(), plan)
    rows = rows if named is None else rows.filter(named)
    issues += unnamed + _unknown_polarity_words(rows, plan)
    repeated = rows.filter(pl.col("kpi_id").is_first_distinct().not_())
    issues += [
        Issue(
            Severity.WARNING,
            "catalogue-duplicate",
            f"{kpi} is described twice in the catalogue; the first row was used",
            plan.location(line, "kpi_id" if plan.has("kpi_id") else "indicator"),
            kpi_id=kpi,
        )
        for kpi, line in repeated.select("kpi_id", "_line").iter_rows()
    ]
    return rows.filter(pl.col("kpi_id").is_first_distinct()), issues


def _unknown_polarity_words(rows: pl.DataFrame, plan: Plan) -> list[Issue]:
    """Unknown polarity words of a catalogue, one finding per word (a catalogue may describe
    hundreds of KPIs in a few words), at its first row."""
    words = pl.col("_polarity_text")
    unknown = rows.filter(pl.col("polarity").is_null() & words.is_not_null() & (words != ""))
    grouped = unknown.group_by("_polarity_text", maintain_order=True).agg(
        pl.col("_line").first(), pl.col("kpi_id")
    )
    issues: list[Issue] = []
    for text, line, kpis in grouped.iter_rows():
        shown = ", ".join(kpis[:5]) + (f" and {len(kpis) - 5:,} more" if len(kpis) > 5 else "")
        issues.append(
            Issue(
                Severity.WARNING,
                "unknown-polarity",
                f"polarity '{text}' is not recognised (use higher, lower, target or data only, "
                f"or name it in [polarity.words]); {len(kpis):,} KPI{'s' if len(kpis) != 1 else ''}"
                f" of the catalogue {'have' if len(kpis) != 1 else 'has'} it, inferred from "
                f"their target and floor: {shown}",
                plan.location(line, "polarity"),
            )
        )
    return issues


def _label(period: int | None, label: Callable[[int], str]) -> str:
    """A row's period in words; a catalogue's rows have none."""
    return "" if period is None else label(period)


def rows_without_kpi(rows: pl.LazyFrame, plan: Plan) -> tuple[list[Issue], pl.Expr | None]:
    """Rows that name no KPI are left out, each with an error: the findings, and which rows
    are kept (None: every row)."""
    named = pl.col("kpi_id").is_not_null() & (pl.col("kpi_id") != "")
    column = "kpi_id" if plan.has("kpi_id") else "indicator"
    issues = [
        Issue(
            Severity.ERROR,
            "missing-kpi",
            "the row names no KPI; it was left out",
            plan.location(line, column),
        )
        for line in _picked(rows, ~named, ["_line"]).get_column("_line").to_list()
    ]
    return issues, (named if issues else None)


def unknown_polarities(rows: pl.LazyFrame, plan: Plan) -> list[Issue]:
    """Polarity words that are not recognised: one finding per KPI, at its first row."""
    words = pl.col("_polarity_text")
    wanted = pl.col("polarity").is_null() & words.is_not_null() & (words != "")
    unknown = _picked(rows, wanted, ["kpi_id", "_polarity_text", "_line"])
    first = unknown.group_by("kpi_id", maintain_order=True).first()
    return [
        Issue(
            Severity.WARNING,
            "unknown-polarity",
            f"polarity '{text}' is not recognised (use higher, lower, target or data only, or "
            "name it in [polarity.words]); it is inferred from the target and floor",
            plan.location(line, "polarity"),
            kpi_id=kpi,
        )
        for kpi, text, line in first.iter_rows()
    ]


def unknown_statuses(rows: pl.LazyFrame, plan: Plan) -> list[Issue]:
    """Published RAG text that is not recognised: one finding per text, at its first row
    (the rows are not compared with the computed RAG)."""
    words = pl.col("_rag_text")
    wanted = pl.col("published_rag").is_null() & words.is_not_null() & (words != "")
    unknown = _picked(rows, wanted, ["_rag_text", "_line", "kpi_id"])
    first = unknown.group_by("_rag_text", maintain_order=True).agg(
        pl.col("_line").first(), pl.col("kpi_id").first(), pl.len().alias("rows")
    )
    return [
        Issue(
            Severity.WARNING,
            "unknown-rag",
            f"published RAG '{text}' is not recognised{_also(count)}: use Green, Amber, Red, "
            "Blue or Not rated, or name it in [rag.words]; it is not compared with the "
            "computed RAG",
            plan.location(line, "rag"),
            kpi_id=kpi,
        )
        for text, line, kpi, count in first.iter_rows()
    ]


def _also(count: int) -> str:
    others = count - 1
    return f" (nor on {others} more row{'s' if others != 1 else ''})" if others else ""
