"""The summary as plain data for JSON (``qpr summary --json`` and the json export)."""

from __future__ import annotations

from typing import Any

import polars as pl

from qpr_tui.analysis import dot as dot_mod
from qpr_tui.analysis.narrative import write
from qpr_tui.analysis.rag import STATUSES
from qpr_tui.analysis.summary import Summary
from qpr_tui.periods import label

JSON_RAG_KEYS = ("green", "amber", "red", "no_data", "not_rated", "blue")


def _rag(counts: dict[str, int] | None) -> dict[str, int] | None:
    if counts is None:
        return None
    return {key: counts.get(key, 0) for key in JSON_RAG_KEYS}


def summary_json(s: Summary) -> dict[str, Any]:
    narrative = write(s)
    return {
        "organisation": s.organisation,
        "period": s.period_label,
        "previous_period": s.previous_label,
        "scope": s.scope.label,
        "total": s.total,
        "total_previous": s.total_previous,
        "rag": _rag(s.rag),
        "rag_previous": _rag(s.rag_previous),
        "rag_change": (
            {k: s.rag[k] - s.rag_previous[k] for k in STATUSES} if s.rag_previous else None
        ),
        "dot": {k: s.dot[k] for k in dot_mod.DIRECTIONS},
        "dot_previous": (
            {k: s.dot_previous[k] for k in dot_mod.DIRECTIONS} if s.dot_previous else None
        ),
        "dot_method": s.dot_method,
        "red": [
            item.to_json() | {"commentary": item.commentary, "actions": item.actions}
            for item in s.red
        ],
        "red_groups": [
            {"heading": head, "kpi_ids": [i.kpi_id for i in items]}
            for head, items in s.red_groups()
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
        "owner",
        "commentary",
        "actions",
    ]
    table = s.kpis.select([c for c in columns if c in s.kpis.columns])
    rows = table.with_columns(pl.lit(label(s.period)).alias("period")).to_dicts()
    return rows


def benchmark_json(
    frame: pl.DataFrame, group_label: str, organisations: int, warning: str | None
) -> dict[str, Any]:
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
