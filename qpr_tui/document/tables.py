"""The paper's tables, built from a `Summary`: RAG and DoT counts, movers, the Red list,
the KPI tables, a Red KPI's figures and history, and the benchmark."""

from __future__ import annotations

from typing import Any

import polars as pl

from qpr_tui.analysis.summary import KpiLine, Summary
from qpr_tui.document.model import (
    Cell,
    ChangeCell,
    Column,
    DirectionCell,
    NumberCell,
    NumberKind,
    StatusCell,
    Table,
    TextCell,
)
from qpr_tui.periods import Calendar
from qpr_tui.views.headings import red_groups
from qpr_tui.views.numbers import (
    format_range,
    format_value,
    home_value,
    ordinal_rank,
    quartile_label,
)
from qpr_tui.vocabulary import ALWAYS_COUNTED, DIRECTIONS, PROVISIONAL_MARK, STATUSES

#: Quarters in each Red KPI's history table.
HISTORY_QUARTERS = 5


def number_kind(unit: str) -> NumberKind:
    """How `format_value` writes a value of this unit."""
    unit_l = unit.strip().lower()
    if unit_l in ("%", "percent", "percentage"):
        return "percent"
    if unit_l in ("£", "gbp", "£k", "£m"):
        return "money"
    if unit_l in ("", "number", "count", "no", "no.", "n"):
        return "count"
    return "number"


def number(value: float | None, unit: str, provisional: bool = False) -> NumberCell:
    """A value as the paper writes it, keeping the number and its unit; a provisional value
    carries the vocabulary's mark."""
    text = format_value(value, unit) + (PROVISIONAL_MARK if provisional else "")
    return NumberCell(value, text, unit, number_kind(unit))


def count(n: int | None) -> NumberCell:
    return NumberCell(None if n is None else float(n), "–" if n is None else f"{n:,}")


def _change(now: int, then: int | None) -> ChangeCell:
    return ChangeCell(None if then is None else now - then)


def rag_summary(s: Summary) -> Table:
    """Each status: this period's count, the previous period's and the change."""
    keys = [k for k in STATUSES if k in ALWAYS_COUNTED or s.rag.get(k)]
    before = s.rag_previous
    rows = tuple(
        (
            StatusCell(k),
            count(s.rag[k]),
            count(before.get(k, 0) if before is not None else None),
            _change(s.rag[k], before.get(k, 0) if before is not None else None),
        )
        for k in keys
    )
    return Table("rag_summary", f"RAG status, {s.period_label}", _count_columns(s, "Status"), rows)


def dot_summary(s: Summary) -> Table:
    """Each Direction of Travel: counts now and before, and the change."""
    before = s.dot_previous
    rows = tuple(
        (
            DirectionCell(k, long=True),
            count(s.dot[k]),
            count(before[k] if before is not None else None),
            _change(s.dot[k], before[k] if before is not None else None),
        )
        for k in DIRECTIONS
    )
    caption = f"Direction of Travel, {s.period_label}"
    return Table("dot_summary", caption, _count_columns(s, "Direction"), rows)


def _count_columns(s: Summary, what: str) -> tuple[Column, ...]:
    return (
        Column(what, what.lower()),
        Column(s.period_label, "count", "right"),
        Column(s.previous_label or "Previous", "previous", "right"),
        Column("Change", "change", "right"),
    )


def mover_items(s: Summary) -> list[tuple[str, KpiLine]]:
    """Every KPI whose RAG status changed, with the kind of change, the new Reds first."""
    listed = {i.kpi_id for i in (*s.new_red, *s.no_longer_red)}
    others = [i for i in s.changes if i.kpi_id not in listed]
    groups = (("New Red", s.new_red), ("No longer Red", s.no_longer_red), ("Other change", others))
    return [(kind, item) for kind, items in groups for item in items]


def movers(s: Summary) -> Table:
    """Every KPI whose RAG status changed since the previous period, the new Reds first."""
    rows = tuple(
        (
            TextCell(kind),
            TextCell(i.kpi_id),
            TextCell(i.indicator),
            StatusCell(i.previous_rag),
            StatusCell(i.rag),
        )
        for kind, i in mover_items(s)
    )
    columns = (
        Column("Change", "change"),
        Column("KPI", "kpi_id"),
        Column("Indicator", "indicator", wide=True),
        Column("Previous RAG", "previous_rag"),
        Column("RAG", "rag"),
    )
    return Table("movers", "Changes in RAG status since the previous quarter", columns, rows)


def red_list(s: Summary) -> Table:
    """The Red KPIs under their directorate and service area (named on each group's first
    row), with the figures behind each rating."""
    rows: list[tuple[Cell, ...]] = []
    for head, items in red_groups(s):
        for n, item in enumerate(items):
            rows.append((TextCell(head if n == 0 else ""), *_red_figures(item)))
    columns = (
        Column("Directorate (service area)", "heading"),
        Column("KPI", "kpi_id"),
        Column("Indicator", "indicator", wide=True),
        Column("Value", "value", "right"),
        Column("Target", "target", "right"),
        Column("Floor", "floor", "right"),
        Column("Previous RAG", "previous_rag"),
    )
    caption = f"Red indicators by directorate and service area, {s.period_label}"
    return Table("red_list", caption, columns, tuple(rows), row_headers=False)


def _red_figures(item: KpiLine) -> tuple[Cell, ...]:
    return (
        TextCell(item.kpi_id),
        TextCell(item.indicator),
        number(item.value, item.unit, item.provisional),
        number(item.target, item.unit),
        number(item.floor, item.unit),
        StatusCell(item.previous_rag),
    )


KPI_COLUMNS = (
    Column("KPI", "kpi_id"),
    Column("Indicator", "indicator", wide=True),
    Column("Value", "value", "right"),
    Column("Target", "target", "right"),
    Column("Floor", "floor", "right"),
    Column("RAG", "rag"),
    Column("Previous RAG", "previous_rag"),
    Column("Direction of Travel", "dot"),
)


def kpi_table(caption: str, rows: list[dict[str, Any]]) -> Table:
    """Every KPI of one heading: value, target, floor, RAG, previous RAG and DoT."""
    body = tuple(
        (
            TextCell(r["kpi_id"]),
            TextCell(r["indicator"]),
            number(r["value"], r["unit"], bool(r.get("provisional"))),
            number(r["target"], r["unit"]),
            number(r["floor"], r["unit"]),
            StatusCell(r["rag"]),
            StatusCell(r.get("previous_rag")),
            DirectionCell(r.get("dot")),
        )
        for r in rows
    )
    return Table("kpis", caption, KPI_COLUMNS, body, show_caption=False)


def facts(item: KpiLine, dot: str | None) -> Table:
    """A Red KPI's figures: value, target, floor, last quarter's RAG and the DoT."""
    previous: Cell = (
        StatusCell(item.previous_rag) if item.previous_rag else TextCell("new this quarter")
    )
    columns = (
        Column("Value", "value", "right"),
        Column("Target", "target", "right"),
        Column("Floor", "floor", "right"),
        Column("Last quarter", "previous_rag"),
        Column("Direction of Travel", "dot"),
    )
    row = (
        number(item.value, item.unit, item.provisional),
        number(item.target, item.unit),
        number(item.floor, item.unit),
        previous,
        DirectionCell(dot),
    )
    caption = f"{item.kpi_id}: figures"
    return Table("kpi_facts", caption, columns, (row,), row_headers=False, show_caption=False)


def history(past: pl.DataFrame, item: KpiLine, calendar: Calendar) -> Table | None:
    """A Red KPI's value and RAG in its last quarters (None without history)."""
    recent = list(past.tail(HISTORY_QUARTERS).iter_rows(named=True))
    if not recent:
        return None
    columns = (
        Column(calendar.period_word.title(), "measure"),
        *(
            Column(calendar.label(r["period"]), calendar.label(r["period"]), "right")
            for r in recent
        ),
    )
    rows: tuple[tuple[Cell, ...], ...] = (
        (TextCell("Value"), *(number(r["value"], item.unit) for r in recent)),
        (TextCell("RAG"), *(StatusCell(r["rag"]) for r in recent)),
    )
    caption = f"{item.kpi_id}: recent quarters"
    return Table("kpi_history", caption, columns, rows, show_caption=False)


def benchmark(s: Summary, bench: pl.DataFrame, compared_with: str) -> Table:
    """Where the home organisation stands on each KPI among the organisations compared."""
    by_kpi = {row["kpi_id"]: row for row in bench.iter_rows(named=True)}
    rows: list[tuple[Cell, ...]] = []
    for row in s.kpis.iter_rows(named=True):
        b = by_kpi.get(row["kpi_id"])
        if b is None:
            continue
        unit = row["unit"]
        rows.append(
            (
                TextCell(row["kpi_id"]),
                TextCell(row["indicator"]),
                NumberCell(b["value"], home_value(b["value"], unit), unit, number_kind(unit)),
                TextCell(ordinal_rank(b["rank"], b["of"])),
                TextCell(quartile_label(b["quartile"])),
                number(b["median"], unit),
                TextCell(format_range(b["p25"], b["p75"], unit)),
            )
        )
    columns = (
        Column("KPI", "kpi_id"),
        Column("Indicator", "indicator", wide=True),
        Column("Value", "value", "right"),
        Column("Rank", "rank", "right"),
        Column("Quartile", "quartile"),
        Column("Median", "median", "right"),
        Column("Middle half", "middle_half", "right"),
    )
    caption = f"Benchmark against {compared_with}, {s.period_label}"
    return Table("benchmark", caption, columns, tuple(rows))
