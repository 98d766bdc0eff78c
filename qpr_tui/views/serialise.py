"""The summary as plain data for JSON (``qpr summary --json`` and the json export)."""

from __future__ import annotations

from typing import Any

import polars as pl

from qpr_tui.analysis.summary import KpiLine, Summary
from qpr_tui.views.headings import red_groups, scope_label
from qpr_tui.views.methods import describe_method
from qpr_tui.views.narrative import write
from qpr_tui.vocabulary import (
    AMBER,
    BLUE,
    DIRECTIONS,
    GREEN,
    NO_DATA,
    NOT_RATED,
    RED,
    STATUSES,
)

#: The key order of ``rag`` and ``rag_previous`` (Blue last), kept for the scripts that read it.
JSON_RAG_KEYS = (GREEN, AMBER, RED, NO_DATA, NOT_RATED, BLUE)


def _rag(counts: dict[str, int] | None) -> dict[str, int] | None:
    if counts is None:
        return None
    return {key: counts.get(key, 0) for key in JSON_RAG_KEYS}


def kpi_line_json(item: KpiLine) -> dict[str, Any]:
    """One KPI of the Red list or the movers, without its commentary and actions."""
    return {
        "kpi_id": item.kpi_id,
        "indicator": item.indicator,
        "directorate": item.directorate,
        "service_area": item.service_area,
        "unit": item.unit,
        "value": item.value,
        "target": item.target,
        "floor": item.floor,
        "rag": item.rag,
        "previous_rag": item.previous_rag,
    }


def summary_json(s: Summary) -> dict[str, Any]:
    """The summary as plain data: counts, changes, the Red list, movers and the narrative."""
    narrative = write(s)
    return {
        "organisation": s.organisation,
        "period": s.period_label,
        "previous_period": s.previous_label,
        "scope": scope_label(s.scope),
        "total": s.total,
        "total_previous": s.total_previous,
        "rag": _rag(s.rag),
        "rag_previous": _rag(s.rag_previous),
        "rag_change": (
            {k: s.rag[k] - s.rag_previous[k] for k in STATUSES} if s.rag_previous else None
        ),
        "dot": {k: s.dot[k] for k in DIRECTIONS},
        "dot_previous": ({k: s.dot_previous[k] for k in DIRECTIONS} if s.dot_previous else None),
        "dot_method": describe_method(s.dot_config, s.calendar.period_word),
        "red": [
            kpi_line_json(item) | {"commentary": item.commentary, "actions": item.actions}
            for item in s.red
        ],
        "red_groups": [
            {"heading": head, "kpi_ids": [i.kpi_id for i in items]} for head, items in red_groups(s)
        ],
        "movers": {
            "new_red": [i.kpi_id for i in s.new_red],
            "no_longer_red": [i.kpi_id for i in s.no_longer_red],
            "changes": [
                {"kpi_id": i.kpi_id, "from": i.previous_rag, "to": i.rag} for i in s.changes
            ],
        },
        "transitions": [
            {"from": a, "to": b, "count": n} for (a, b), n in sorted(s.transitions.items())
        ],
        "no_data": [{"kpi_id": i.kpi_id, "indicator": i.indicator} for i in s.no_data],
        "narrative": narrative.text(),
        "narrative_sections": {
            "summary": narrative.summary,
            "2.2": [narrative.rag_intro, *narrative.rag_bullets],
            "2.3": {
                "intro": narrative.red_intro,
                "groups": [{"heading": h, "indicators": n} for h, n in narrative.red_groups],
            },
            "2.4": narrative.dot,
        },
    }


def kpi_rows(s: Summary) -> list[dict[str, Any]]:
    """The per-KPI table, one plain dict per KPI (for json and csv exports)."""
    columns = [
        "kpi_id",
        "indicator",
        "directorate",
        "service_area",
        "unit",
        "polarity",
        "value",
        "target",
        "floor",
        "rag",
        "previous_rag",
        "dot",
        "value_reason",
        "provisional",
        "owner",
        "commentary",
        "actions",
    ]
    table = s.kpis.select([c for c in columns if c in s.kpis.columns])
    rows = table.with_columns(pl.lit(s.period_label).alias("period")).to_dicts()
    return rows


def benchmark_json(
    frame: pl.DataFrame, group_label: str, organisations: int, warning: str | None
) -> dict[str, Any]:
    """The home organisation's standing on each KPI, as plain data."""
    return {
        "organisations": organisations,
        "compared_with": group_label,
        "warnings": [warning] if warning else [],
        "kpis": [
            {
                k: row[k]
                for k in (
                    "kpi_id",
                    "value",
                    "rank",
                    "of",
                    "quartile",
                    "median",
                    "p25",
                    "p75",
                    "minimum",
                    "maximum",
                )
            }
            for row in frame.iter_rows(named=True)
        ],
    }
