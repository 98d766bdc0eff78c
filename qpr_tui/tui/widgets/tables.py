"""A DataTable and a scroll container with vim keys (Textual's own have arrows only).

The KPI tables of the panels are virtual (`qpr_tui.tui.widgets.vtable`); the DataTable stays
for the Red list, whose names wrap onto two lines.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Console
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from qpr_tui.tui.messages import KpiChosen, KpiHighlighted
from qpr_tui.tui.widgets.vtable import VIM_TABLE_BINDINGS


def wrap_cell(text: Text, width: int, lines: int, console: Console) -> Text:
    """``text`` wrapped to ``width`` on at most ``lines`` lines, the last cut with an ellipsis
    if it goes on (a DataTable cell as tall as its row)."""
    wrapped = list(text.wrap(console, max(1, width), overflow="fold"))
    for line in wrapped:
        line.rstrip()
    if len(wrapped) > lines:
        last = Text(" ").join(wrapped[lines - 1 :])
        last.truncate(width, overflow="ellipsis")
        wrapped = [*wrapped[: lines - 1], last]
    return Text("\n").join(wrapped)


class VimDataTable(DataTable[Text]):
    """Row-cursor table: ``j``/``k`` down and up, ``g``/``G`` top and bottom, ``h``/``l``
    left and right (for wide tables), ``ctrl+d``/``ctrl+u`` half a page."""

    BINDINGS: ClassVar[list[BindingType]] = VIM_TABLE_BINDINGS

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=True)

    def spare_width(self, fixed: list[int], minimum: int = 16, fallback: int = 80) -> int:
        """Room left for one flexible column after the ``fixed`` columns and cell padding."""
        width = self.scrollable_content_region.width or fallback
        padding = 2 * self.cell_padding * (len(fixed) + 1)
        return max(minimum, width - sum(fixed) - padding - 1)

    def row_kpi(self, row: int | None = None) -> str | None:
        """The KPI id (row key) under the cursor, or at ``row``."""
        index = self.cursor_row if row is None else row
        if not self.row_count or not 0 <= index < self.row_count:
            return None
        key = self.coordinate_to_cell_key(Coordinate(index, 0)).row_key
        return str(key.value) if key.value is not None else None

    def row_kpis(self) -> tuple[str, ...]:
        """Every row's KPI id, top to bottom."""
        return tuple(k for k in (self.row_kpi(i) for i in range(self.row_count)) if k)

    def move_to_kpi(self, kpi_id: str | None) -> bool:
        """Put the cursor on a KPI's row if it is in the table."""
        if kpi_id is None:
            return False
        try:
            index = self.get_row_index(kpi_id)
        except Exception:  # RowDoesNotExist
            return False
        if index != self.cursor_row:
            self.move_cursor(row=index, animate=False)
        return True


class KpiDataTable(VimDataTable):
    """A DataTable whose rows are KPIs (for rows of two lines, which `KpiTable` does not
    draw): highlighting one selects it, Enter opens its detail."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.quiet = False

    def place_cursor(self, *kpi_ids: str | None) -> None:
        """Put the cursor on the first of ``kpi_ids`` in the table, else on the first row,
        without selecting that KPI: a panel opening on its first row must not move the
        selection the other panels follow. Moving the cursor from there selects as usual."""
        if not any(self.move_to_kpi(kpi) for kpi in kpi_ids) and self.row_count:
            self.move_cursor(row=0, animate=False)
        # The highlight events of this placement are already queued; the callback runs
        # after them.
        self.quiet = True
        self.call_later(self._end_quiet)

    def _end_quiet(self) -> None:
        self.quiet = False

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # Only the row the cursor is on now: events queued by a rebuild that has since moved
        # the cursor are stale, and following them would make the table and app chase
        # each other.
        key = event.row_key.value
        if key is None or event.cursor_row != self.cursor_row or self.row_kpi() != key:
            return
        if not self.quiet:
            self.post_message(KpiHighlighted(str(key)))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(KpiChosen(str(event.row_key.value), self.row_kpis()))


class VimScroll(VerticalScroll):
    """A focusable scrolling region with ``j``/``k``/``g``/``G``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Down", show=False, id="scroll.down"),
        Binding("k", "scroll_up", "Up", show=False, id="scroll.up"),
        Binding("g", "scroll_home", "Top", show=False, id="scroll.top"),
        Binding("G", "scroll_end", "Bottom", show=False, id="scroll.bottom"),
        Binding("space", "page_down", "Page down", show=False, id="scroll.page_down"),
    ]
