"""Panel 8: the notes for the meeting on the KPIs in scope this quarter (what the papers list
under "Questions for the meeting")."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widget import Widget
from textual.widgets import DataTable, Static

from qpr_tui.tui.palette import palette
from qpr_tui.tui.panes.base import NOTE_BINDING, Pane
from qpr_tui.tui.widgets.tables import KpiDataTable

if TYPE_CHECKING:
    from qpr_tui.tui.state import ViewState


def first_line(text: str) -> str:
    """The note's first line, with an ellipsis when there is more."""
    lines = text.splitlines() or [""]
    return lines[0] + (" …" if len(lines) > 1 else "")


class NotesPane(Pane):
    REFIT_ON_RESIZE = True
    BINDINGS: ClassVar[list[BindingType]] = [NOTE_BINDING]

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.heading = Static("", classes="pane-title", id="notes-heading")
        self.table = KpiDataTable(id="notes-table")
        self.full = Static("", id="notes-full")
        self.notes: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield self.heading
        yield self.table
        yield self.full

    def main_widget(self) -> Widget:
        return self.table

    def note_kpi(self) -> str | None:
        if self.table.row_count:
            return self.table.row_kpi()
        return self.view.focus_kpi if self.view is not None else None

    def rebuild(self, view: ViewState) -> None:
        from qpr_tui.views.text import safe

        book = view.analysis.notes
        this_quarter = book.for_period(view.period)
        rows = [r for r in view.table.iter_rows(named=True) if r["kpi_id"] in this_quarter]
        self.notes = {str(r["kpi_id"]): this_quarter[r["kpi_id"]] for r in rows}
        self.heading.update(self._heading(view, len(rows), len(book.notes) - len(this_quarter)))
        colours = palette(self.app)
        table = self.table
        keep = table.row_kpi()
        table.clear(columns=True)
        ids = max([2, *(len(str(r["kpi_id"])) for r in rows)])
        width = table.spare_width([ids, 7, 40], minimum=16, fallback=30)
        table.add_column("ID", key="kpi_id")
        table.add_column("Indicator", key="indicator", width=width)
        table.add_column("RAG", key="rag")
        table.add_column("Note", key="note")
        for row in rows:
            kpi_id = str(row["kpi_id"])
            table.add_row(
                safe(kpi_id, style="bold"),
                safe(row["indicator"], limit=width),
                colours.rag(row.get("rag")),
                safe(first_line(self.notes[kpi_id]), limit=60),
                key=kpi_id,
            )
        table.display = bool(rows)
        if rows and not table.move_to_kpi(view.kpi_id) and not table.move_to_kpi(keep):
            table.move_cursor(row=0, animate=False)
        self._show_full(table.row_kpi())

    def _heading(self, view: ViewState, shown: int, elsewhere: int) -> Text:
        from qpr_tui.periods import label
        from qpr_tui.views.headings import scope_label
        from qpr_tui.views.text import clean

        book = view.analysis.notes
        text = Text.assemble(
            ("Notes for the meeting", "bold"),
            f", {label(view.period)}, {clean(scope_label(view.scope))}: ",
            (str(shown) if shown else "none yet", "bold"),
            (" (m on any KPI writes one; Enter opens the KPI)", "dim"),
        )
        if elsewhere:
            text.append(f"\n{elsewhere} more on other quarters or KPIs out of scope.", style="dim")
        if book.path is not None:
            text.append("\nKept in ", style="dim")
            text.append(clean(Path(book.path).name), style="dim")
        if book.problem is not None:
            text.append(f"\nNot saved: {clean(book.problem)}", style="bold")
        elif book.unsaved:
            text.append("\nNot saved yet: the notes file could not be written.", style="bold")
        return text

    def _show_full(self, kpi_id: str | None) -> None:
        from qpr_tui.views.text import safe_lines

        note = self.notes.get(kpi_id or "")
        self.full.update(safe_lines(note) if note else "")

    def sync(self, view: ViewState) -> None:
        if view.kpi_id is not None and self.table.row_count:
            self.table.move_to_kpi(view.kpi_id)

    @on(DataTable.RowHighlighted, "#notes-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_full(self.table.row_kpi())
