"""What the app is showing: one immutable value the App owns and every view reads."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

    from qpr_tui.analysis.summary import Analysis, Scope, Summary


@dataclass(frozen=True)
class ViewState:
    """The loaded analysis plus the period, scope and KPI the user has chosen.

    ``generation`` grows by one on every successful (re)load, so views can tell new data from
    a change of period or scope.
    """

    analysis: Analysis
    period: int
    scope: Scope
    kpi_id: str | None
    generation: int
    files: tuple[str, ...] = ()

    @property
    def summary(self) -> Summary:
        return self.analysis.summary(self.period, self.scope)

    @property
    def table(self) -> pl.DataFrame:
        return self.summary.kpis

    @property
    def latest(self) -> int:
        return self.analysis.latest

    @cached_property
    def kpi_ids(self) -> list[str]:
        """KPIs reported in the period within the scope, in report order."""
        return [str(k) for k in self.table.get_column("kpi_id").to_list()]

    @property
    def focus_kpi(self) -> str | None:
        """The chosen KPI if it is in scope this period, else the first one in scope."""
        if self.kpi_id is not None and self.kpi_id in self.kpi_ids:
            return self.kpi_id
        return self.kpi_ids[0] if self.kpi_ids else None

    def kpi_row(self, kpi_id: str) -> dict[str, Any] | None:
        """The KPI's row in the period (whatever the scope), or None if not reported."""
        import polars as pl

        from qpr_tui.analysis.summary import Scope

        frame = self.analysis.summary(self.period, Scope()).kpis.filter(pl.col("kpi_id") == kpi_id)
        return frame.row(0, named=True) if frame.height else None

    @property
    def file_names(self) -> str:
        return ", ".join(Path(f).name for f in self.files)
