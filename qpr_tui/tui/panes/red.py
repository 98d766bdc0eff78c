"""Panel 3: master–detail over the Red KPIs in scope."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widget import Widget

from qpr_tui.tui.palette import palette
from qpr_tui.tui.panes.base import MAX_ROWS, NOTE_BINDING, Pane
from qpr_tui.tui.widgets.detail import KpiDetail
from qpr_tui.tui.widgets.tables import KpiDataTable, wrap_cell
from qpr_tui.vocabulary import RED, status_label

if TYPE_CHECKING:
    from qpr_tui.tui.state import ViewState

LIST_SHARE = 0.45  # of the panel's width, between these bounds
LIST_WIDEST = 56
LIST_NARROWEST = 28
NAME_LINES = 2  # a name wraps onto this many lines in the list
STACK_BELOW = 72  # a panel narrower than this puts the list above the detail


def list_width(pane_width: int) -> int:
    """The Red list's width beside the detail."""
    return max(LIST_NARROWEST, min(LIST_WIDEST, int(pane_width * LIST_SHARE)))


class RedPane(Pane):
    REFIT_ON_RESIZE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "step(1)", "Next Red", id="kpi.next"),
        Binding("p", "step(-1)", "Prev Red", id="kpi.previous"),
        NOTE_BINDING,
    ]

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.list = KpiDataTable(id="red-list")
        self.detail = KpiDetail(id="red-detail")
        self._detail_key: tuple[int, int, str | None] | None = None

    def compose(self) -> ComposeResult:
        yield self.list
        yield self.detail

    def main_widget(self) -> Widget:
        return self.list if self.list.row_count else self.detail

    def note_kpi(self) -> str | None:
        return self.detail.kpi_id or self.list.row_kpi()

    def rebuild(self, view: ViewState) -> None:
        from qpr_tui.views.headings import scope_label
        from qpr_tui.views.text import clean, safe

        label = view.analysis.calendar.label
        s = view.summary
        colours = palette(self.app)
        table = self.list
        keep = table.row_kpi()
        table.clear(columns=True)
        ids = max([2, *(len(clean(i.kpi_id)) for i in s.red)])
        panel = self.panel_width()
        stacked = panel < STACK_BELOW
        self.set_class(stacked, "-stacked")
        outer = panel if stacked else list_width(panel)
        table.styles.width = "1fr" if stacked else outer
        # Room for the name: the list less its border, scrollbar and the other two columns.
        width = max(8, outer - 3 - ids - 3 - 2 * table.cell_padding * 3)
        table.add_column("ID", key="kpi_id")
        table.add_column("Indicator", key="indicator", width=width)
        table.add_column("Was", key="was")
        table.border_title = f"{status_label(RED)} ({len(s.red)})"
        if len(s.red) > MAX_ROWS:
            table.border_title += f": first {MAX_ROWS:,}, refine the scope"
        for item in s.red[:MAX_ROWS]:
            was = (
                colours.glyph(item.previous_rag) if item.previous_rag else Text("new", style="dim")
            )
            name = wrap_cell(safe(item.indicator), width, NAME_LINES, self.app.console)
            table.add_row(
                safe(item.kpi_id, style="bold"),
                name,
                was,
                key=item.kpi_id,
                height=len(name.plain.splitlines()) or 1,
            )
        table.display = bool(s.red)
        self._detail_key = None
        if not s.red:
            self.detail.show_message(
                f"No indicator in {clean(scope_label(s.scope))} is rated Red in "
                f"{label(view.period)}."
            )
            return
        if not table.move_to_kpi(view.kpi_id) and not table.move_to_kpi(keep):
            table.move_cursor(row=0, animate=False)

    def action_step(self, step: int) -> None:
        """The next or previous Red in the list (n / p), round to the start."""
        table = self.list
        if table.row_count:
            table.move_cursor(row=(table.cursor_row + step) % table.row_count, animate=False)

    def sync(self, view: ViewState) -> None:
        if not self.list.row_count:
            return
        if view.kpi_id is not None:
            self.list.move_to_kpi(view.kpi_id)
        target = (
            view.kpi_id
            if view.kpi_id in {self.list.row_kpi(i) for i in range(self.list.row_count)}
            else self.list.row_kpi()
        )
        key = (view.generation, view.period, target)
        if key != self._detail_key:
            self._detail_key = key
            self.detail.show_kpi(view, target)
            self.detail.scroll_home(animate=False)
