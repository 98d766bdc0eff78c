"""A trend chart as data: what the paper's pictures show, drawn by ``export.charts``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TrendChart:
    """One KPI's series: a value per period, with its target, floor and status."""

    kpi_id: str
    title: str
    unit: str
    periods: tuple[str, ...]  # labels, oldest first
    values: tuple[float | None, ...]
    statuses: tuple[str, ...]  # a vocabulary status per period
    targets: tuple[float | None, ...]
    floors: tuple[float | None, ...]
    higher_is_better: bool | None  # None: close to target, or data only
