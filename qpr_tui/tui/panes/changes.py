"""Panel 5: what moved since the previous quarter: RAG changes, Direction of Travel changes,
the biggest moves against target, and the from/to transition counts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widget import Widget
from textual.widgets import Static

from qpr_tui.tui.palette import palette
from qpr_tui.tui.panes.base import NOTE_BINDING, Pane
from qpr_tui.tui.widgets.tables import VimScroll
from qpr_tui.tui.widgets.vtable import Cell, KpiTable, VirtualTable
from qpr_tui.vocabulary import AMBER, DIRECTIONS, GREEN, NO_DATA, NOT_RATED, RATING_RANK, RED

if TYPE_CHECKING:
    from qpr_tui.analysis.summary import KpiLine, Summary
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


def _counts(counts: dict[str, int] | None) -> str:
    """Direction of Travel counts, improving first: each count with its arrow."""
    from qpr_tui.views.moves import direction_words

    if not counts:
        return ""
    return " ".join(f"{counts.get(d, 0)} {direction_words(d).split()[0]}" for d in DIRECTIONS)


def _better(colours: Any, change: float | None) -> Any:
    if not change:
        return colours.muted
    return colours.fg[GREEN] if change > 0 else colours.fg[RED]


class ChangesTable(KpiTable):
    """A KPI table that selects the KPI under its cursor only once the user moves in it:
    building the panel (visiting it) must not move the selection the other panels follow."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.following = False

    def on_key(self, event: events.Key) -> None:
        self.following = True

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self.following = True

    def on_virtual_table_row_highlighted(self, event: VirtualTable.RowHighlighted) -> None:
        if not self.following:
            event.prevent_default()  # KpiTable's handler would select the KPI


def fill(
    table: KpiTable,
    headers: tuple[str, ...],
    rows: list[tuple[str, list[Text]]],
    wide: int,
    fallback: int,
) -> None:
    """Columns and rows of a KPI table; column ``wide`` (the Indicator) takes the room the
    others leave (``fallback``: the panel's width, before the table's first layout)."""
    fixed = [
        max([len(h)] + [cells[i].cell_len for _, cells in rows])
        for i, h in enumerate(headers)
        if i != wide
    ]
    width = table.spare_width(fixed, minimum=10, fallback=fallback)
    for i, header in enumerate(headers):
        table.add_column(header, key=header.lower(), width=width if i == wide else None)
    columns: list[list[Cell]] = [[] for _ in headers]
    for _, cells in rows:
        for column, cell in zip(columns, cells, strict=True):
            column.append(cell)
    table.set_rows(
        [kpi_id for kpi_id, _ in rows], columns, widths=[*fixed[:wide], None, *fixed[wide:]]
    )


class ChangesPane(Pane):
    REFIT_ON_RESIZE = True
    BINDINGS: ClassVar[list[BindingType]] = [NOTE_BINDING]

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.scroll = VimScroll(id="changes-scroll")
        self.heading = Static("", classes="pane-title")
        self.table = ChangesTable(id="changes-table")
        self.detail = Static("", id="changes-detail", classes="row-detail")
        self.names: dict[str, Text] = {}
        self.dot_heading = Static("", classes="pane-title changes-heading")
        self.dot_table = ChangesTable(id="changes-dot", classes="changes-more")
        self.moves_heading = Static("", classes="pane-title changes-heading")
        self.moves_table = ChangesTable(id="changes-moves", classes="changes-more")
        self.transitions = Static("", id="changes-transitions")

    def compose(self) -> ComposeResult:
        with self.scroll:
            yield self.heading
            yield self.table
            yield self.detail
            yield self.dot_heading
            yield self.dot_table
            yield self.moves_heading
            yield self.moves_table
            yield self.transitions

    def main_widget(self) -> Widget:
        return self.table if self.table.display else self.scroll

    def note_kpi(self) -> str | None:
        for table in (self.table, self.dot_table, self.moves_table):
            if table.has_focus:
                return table.row_kpi()
        return self.view.kpi_id if self.view is not None else None

    def rebuild(self, view: ViewState) -> None:
        from qpr_tui.views.headings import scope_label
        from qpr_tui.views.summary import transitions
        from qpr_tui.views.text import clean

        s = view.summary
        if s.previous_label is None:
            self.heading.update(
                Text(
                    f"{s.period_label} is the first quarter in the data: "
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
                    (f"{len(s.new_red):,} new Red", "bold"),
                    ", ",
                    (f"{len(s.no_longer_red):,} no longer Red", "bold"),
                    ", ",
                    (
                        f"{len(s.changes):,} RAG change{'s' if len(s.changes) != 1 else ''} in all",
                        "bold",
                    ),
                )
            )
        keep = self.table.row_kpi()
        for quiet in (self.table, self.dot_table, self.moves_table):
            quiet.following = False
        self._rag_changes(s)
        self._dot_changes(s)
        self._biggest_moves(s)
        table = self.table
        if s.changes and not table.move_to_kpi(view.kpi_id) and not table.move_to_kpi(keep):
            table.move_cursor(row=0, animate=False)
        self._show_name(table.row_kpi() if s.changes else None)
        self.transitions.update(transitions(s) if s.previous_label else "")

    def _rag_changes(self, s: Summary) -> None:
        from qpr_tui.views.numbers import format_value
        from qpr_tui.views.text import safe

        colours = palette(self.app)
        table = self.table
        table.clear(columns=True)
        self.names = {}
        values = {str(r["kpi_id"]): r for r in s.kpis.iter_rows(named=True)}
        rows: list[tuple[str, list[Text]]] = []
        for item in sorted(s.changes, key=lambda i: change_kind(i)[0]):
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
            cells = [
                Text(words, style=style),
                safe(item.kpi_id, style="bold"),
                safe(item.indicator),
                colours.rag_plain(item.previous_rag),
                colours.rag_plain(item.rag),
                Text(format_value(row.get("previous_value"), item.unit), justify="right"),
                Text(format_value(item.value, item.unit), justify="right"),
                Text(format_value(row.get("year_ago_value"), item.unit), justify="right"),
            ]
            rows.append((item.kpi_id, cells))
        headers = ("Change", "ID", "Indicator", "From", "To", "Was", "Now", "Yr ago")
        fill(table, headers, rows, wide=2, fallback=self.panel_width() - 1)
        table.display = self.detail.display = bool(s.changes)

    def _dot_changes(self, s: Summary) -> None:
        from qpr_tui.views.text import safe

        colours = palette(self.app)
        changed = s.dot_changes if s.previous_label else s.kpis.clear()
        self.dot_heading.update(
            self._sub_heading(
                "Direction of Travel changes",
                changed.height,
                f"{_counts(s.dot_previous)} then, {_counts(s.dot)} now" if s.dot_previous else "",
            )
        )
        rows = [
            (
                str(r["kpi_id"]),
                [
                    safe(r["kpi_id"], style="bold"),
                    safe(r["indicator"]),
                    colours.dot(r["previous_dot"]),
                    colours.dot(r["dot"]),
                ],
            )
            for r in changed.iter_rows(named=True)
        ]
        self._fill_more(self.dot_table, ("ID", "Indicator", "From", "To"), rows)

    def _biggest_moves(self, s: Summary) -> None:
        from qpr_tui.views.moves import gap_move_words, gap_words
        from qpr_tui.views.numbers import format_value
        from qpr_tui.views.text import safe

        colours = palette(self.app)
        moved = s.biggest_moves if s.previous_label else s.kpis.clear()
        self.moves_heading.update(
            self._sub_heading(
                "Biggest moves against target",
                moved.height,
                "largest change in the gap to target first, as a share of target; + is better",
            )
        )
        rows: list[tuple[str, list[Text]]] = []
        for r in moved.iter_rows(named=True):
            unit = str(r.get("unit") or "")
            change = r["gap_change"]
            rows.append(
                (
                    str(r["kpi_id"]),
                    [
                        safe(r["kpi_id"], style="bold"),
                        safe(r["indicator"]),
                        Text(gap_words(r["previous_gap"], unit), justify="right"),
                        Text(gap_words(r["gap"], unit), justify="right"),
                        Text(gap_move_words(change, unit), style=_better(colours, change)),
                        Text(format_value(r.get("year_ago_value"), unit), justify="right"),
                    ],
                )
            )
        headers = ("ID", "Indicator", "Gap was", "Gap now", "Moved", "Yr ago")
        self._fill_more(self.moves_table, headers, rows)

    def _sub_heading(self, title: str, count: int, detail: str) -> Text:
        text = Text.assemble((title, "bold"), f": {count if count else 'none'}")
        if detail:
            text.append(f"  ({detail})", style="dim")
        return text

    def _fill_more(
        self,
        table: KpiTable,
        headers: tuple[str, ...],
        rows: list[tuple[str, list[Text]]],
    ) -> None:
        keep = table.row_kpi()
        table.clear(columns=True)
        fill(table, headers, rows, wide=1, fallback=self.panel_width() - 1)
        table.display = bool(rows)
        if rows:
            table.move_to_kpi(keep)

    def _show_name(self, kpi_id: str | None) -> None:
        """The highlighted change's indicator in full."""
        self.detail.update(self.names.get(kpi_id or "", Text("")))

    @on(VirtualTable.RowHighlighted, "#changes-table")
    def _row_highlighted(self, event: VirtualTable.RowHighlighted) -> None:
        self._show_name(str(event.row_key.value) if event.row_key.value is not None else None)

    def sync(self, view: ViewState) -> None:
        if view.kpi_id is not None:
            self.table.move_to_kpi(view.kpi_id)
