"""Panel 4: the selected KPI over every quarter, with its Direction of Travel explained."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Static

from qpr_tui.tui.palette import palette
from qpr_tui.tui.panes.base import NOTE_BINDING, Pane
from qpr_tui.tui.widgets.chart import TrendChart
from qpr_tui.tui.widgets.detail import dot_words, kpi_meta, kpi_series, kpi_title
from qpr_tui.tui.widgets.tables import VimScroll
from qpr_tui.vocabulary import PERIOD_MARK

if TYPE_CHECKING:
    from qpr_tui.tui.state import ViewState


class TrendsPane(Pane):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "app.step_kpi(1)", "Next KPI", id="kpi.next"),
        Binding("p", "app.step_kpi(-1)", "Prev KPI", id="kpi.previous"),
        NOTE_BINDING,
    ]

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.title_ = Static("", classes="pane-title")
        self.chart = TrendChart(id="trends-chart")
        self.scroll = VimScroll(id="trends-text")
        self.words = Static("", id="trends-dot")

    def compose(self) -> ComposeResult:
        yield self.title_
        yield self.chart
        with self.scroll:
            yield self.words

    def main_widget(self) -> Widget:
        return self.scroll

    def note_kpi(self) -> str | None:
        return self.view.focus_kpi if self.view is not None else None

    def view_key(self, view: ViewState) -> Hashable:
        return (view.generation, view.period, view.scope, view.focus_kpi)

    def rebuild(self, view: ViewState) -> None:
        from qpr_tui.tui.kpi_text import rag_strip

        label = view.analysis.calendar.label
        kpi_id = view.focus_kpi
        colours = palette(self.app)
        if kpi_id is None:
            self.title_.update(Text("No indicator in this scope and quarter.", style="dim"))
            self.chart.set_series(None)
            self.words.update("")
            return
        row = view.kpi_row(kpi_id)
        if row is None:  # pragma: no cover - focus_kpi is always reported in the period
            return
        position = view.kpi_ids.index(kpi_id) + 1
        self.title_.update(
            Group(
                kpi_title(row, colours),
                Text.assemble(
                    kpi_meta(row),
                    (f"  ·  {position:,} of {len(view.kpi_ids):,} (n / p: next, previous)", "dim"),
                ),
            )
        )
        series = kpi_series(view, kpi_id, upto=False)
        self.chart.set_series(series)
        self.words.update(
            Group(
                dot_words(view, row, colours),
                Text(""),
                rag_strip(series.labels, series.rags, colours, limit=16),
                Text(
                    f"The chart shows every {view.analysis.calendar.period_word} in the data; "
                    f"{PERIOD_MARK} marks "
                    f"{label(view.period)}.",
                    style="dim",
                ),
            )
        )
