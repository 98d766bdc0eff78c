"""Panel 5: what moved since the previous quarter, and the from/to transition counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import DataTable, Static

from qpr_tui.tui.palette import palette
from qpr_tui.tui.panes.base import MAX_ROWS, Pane
from qpr_tui.tui.widgets.tables import KpiTable
from qpr_tui.vocabulary import AMBER, GREEN, NO_DATA, NOT_RATED, RATING_RANK, RED

if TYPE_CHECKING:
    from qpr_tui.analysis.summary import KpiLine
    from qpr_tui.tui.state import ViewState


def change_kind(item: KpiLine) -> tuple[int, str]:
    """The group a change belongs in (for ordering) and its words."""
    before, after = item.previous_rag, item.rag
    if after == RED:
        return 0, "New Red"
    if before == RED:
        return 1, "No longer Red"
    if before in RATING_RANK and after in RATING_RANK:
        return (2, "Improved") if RATING_RANK[after] < RATING_RANK[before] else (3, "Worsened")
    return 4, "No data now" if after in (NO_DATA, NOT_RATED) else "Rated again"


class ChangesPane(Pane):
    REFIT_ON_RESIZE = True

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.heading = Static("", classes="pane-title")
        self.table = KpiTable(id="changes-table")
        self.detail = Static("", id="changes-detail", classes="row-detail")
        self.transitions = Static("", id="changes-transitions")
        self.names: dict[str, Text] = {}

    def compose(self) -> ComposeResult:
        yield self.heading
        yield self.table
        yield self.detail
        yield self.transitions

    def main_widget(self) -> Widget:
        return self.table

    def rebuild(self, view: ViewState) -> None:
        from qpr_tui.views.headings import scope_label
        from qpr_tui.views.numbers import format_value
        from qpr_tui.views.summary import transitions
        from qpr_tui.views.text import clean, safe

        s = view.summary
        colours = palette(self.app)
        if s.previous_label is None:
            self.heading.update(
                Text(
                    f"{s.period_label} is the first {s.calendar.period_word} in the data: "
                    "there is nothing to compare with.",
                    style="dim",
                )
            )
        else:
            self.heading.update(
                Text.assemble(
                    ("Since ", "bold"),
                    (s.previous_label, "bold"),
                    " in ",
                    clean(scope_label(s.scope)),
                    ": ",
                    (f"{len(s.new_red)} new Red", "bold"),
                    ", ",
                    (f"{len(s.no_longer_red)} no longer Red", "bold"),
                    ", ",
                    (
                        f"{len(s.changes)} RAG change{'s' if len(s.changes) != 1 else ''} in all",
                        "bold",
                    ),
                    (
                        f" (the first {MAX_ROWS:,} are listed: refine the scope)"
                        if len(s.changes) > MAX_ROWS
                        else "",
                        "",
                    ),
                )
            )
        table = self.table
        keep = table.row_kpi()
        table.clear(columns=True)
        self.names = {}
        values = {str(r["kpi_id"]): r for r in s.kpis.iter_rows(named=True)}
        rows: list[list[Text]] = []
        changes = sorted(s.changes, key=lambda i: change_kind(i)[0])[:MAX_ROWS]
        for item in changes:
            rank, words = change_kind(item)
            style = {
                0: colours.fg[RED],
                1: colours.fg[GREEN],
                2: colours.fg[GREEN],
                3: colours.fg[AMBER],
            }.get(rank, colours.muted)
            row = values.get(item.kpi_id, {})
            self.names[item.kpi_id] = Text.assemble(
                safe(item.kpi_id, style="bold"), "  ", safe(item.indicator)
            )
            rows.append(
                [
                    Text(words, style=style),
                    safe(item.kpi_id, style="bold"),
                    safe(item.indicator),
                    colours.rag_plain(item.previous_rag),
                    colours.rag_plain(item.rag),
                    Text(format_value(row.get("previous_value"), item.unit), justify="right"),
                    Text(format_value(item.value, item.unit), justify="right"),
                ]
            )
        headers = ("Change", "ID", "Indicator", "From", "To", "Was", "Now")
        fixed = [
            max([len(h)] + [r[i].cell_len for r in rows]) for i, h in enumerate(headers) if i != 2
        ]
        width = table.spare_width(fixed, minimum=16, fallback=self.panel_width() - 1)
        for i, header in enumerate(headers):
            table.add_column(header, key=header.lower(), width=width if i == 2 else None)
        for cells, item in zip(rows, changes, strict=True):
            cells[2].truncate(width, overflow="ellipsis")
            table.add_row(*cells, key=item.kpi_id)
        table.display = self.detail.display = bool(s.changes)
        if s.changes:
            table.place_cursor(view.kpi_id, keep)
            self._show_name(table.row_kpi())
        self.transitions.update(transitions(s) if s.previous_label else "")

    def _show_name(self, kpi_id: str | None) -> None:
        """The highlighted change's indicator in full."""
        self.detail.update(self.names.get(kpi_id or "", Text("")))

    @on(DataTable.RowHighlighted, "#changes-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_name(str(event.row_key.value) if event.row_key.value is not None else None)

    def sync(self, view: ViewState) -> None:
        if view.kpi_id is not None:
            self.table.move_to_kpi(view.kpi_id)
