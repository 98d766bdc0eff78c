"""Panel 2: every KPI in scope, sortable, filterable by RAG and searchable."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Key
from textual.widget import Widget
from textual.widgets import Input, Static

from qpr_tui.tui.palette import palette
from qpr_tui.tui.panes.base import NOTE_BINDING, Pane
from qpr_tui.tui.widgets.vtable import Cell, KpiTable, LazyColumn, VirtualTable, widest
from qpr_tui.vocabulary import (
    AMBER,
    ASCENDING_MARK,
    BLUE,
    DESCENDING_MARK,
    DIRECTION_SORT_RANK,
    FINDING_GLYPHS,
    GREEN,
    NO_DATA,
    NOTE_MARK,
    RED,
    STATUS_SORT_RANK,
    STATUS_WORDS,
)

if TYPE_CHECKING:
    import polars as pl

    from qpr_tui.tui.state import ViewState


# (key, header, sortable)
COLUMNS: list[tuple[str, str]] = [
    ("kpi_id", "ID"),
    ("indicator", "Indicator"),
    ("value", "Value"),
    ("target", "Target"),
    ("floor", "Floor"),
    ("rag", "RAG"),
    ("previous_rag", "Prev"),
    ("dot", "DoT"),
    ("trend", "Trend"),
    ("flag", "DQ"),
]
SORTS: list[tuple[str, str]] = [
    ("order", "report order"),
    *((k, h) for k, h in COLUMNS if k not in ("trend", "flag")),
    # polarity-aware (analysis.moves.gap): furthest short of target first
    ("gap", "gap to target"),
]
# Data-quality flag per KPI: its worst finding (panel 6 lists them).
FLAGS = {"error": (FINDING_GLYPHS["error"], RED), "warning": (FINDING_GLYPHS["warning"], AMBER)}
FILTER_CYCLE: list[str | None] = [None, RED, AMBER, GREEN, NO_DATA]
RIGHT = {"value", "target", "floor"}
# Columns given up, in this order, when the names would be narrower than `NAME_SHARE` of the
# table (or their longest); what they hold is on the detail line under the table.
OPTIONAL = ("trend", "previous_rag", "dot", "floor", "target")
NAME_SHARE = 0.33
NAME_MINIMUM = 24


def fit_columns(
    widths: dict[str, int], room: int, longest_name: int, padding: int = 2
) -> tuple[list[str], int]:
    """The columns to show in ``room`` cells and the indicator column's width: optional
    columns are left out until the names get their share of the room (or their length)."""
    keys = [key for key, _ in COLUMNS]
    wanted = min(longest_name, max(NAME_MINIMUM, int(room * NAME_SHARE)))

    def spare(shown: list[str]) -> int:
        fixed = sum(widths[k] + padding for k in shown if k != "indicator")
        return room - fixed - padding - 1

    for key in OPTIONAL:
        if spare(keys) >= wanted:
            break
        keys.remove(key)
    return keys, max(NAME_MINIMUM // 2, spare(keys))


def _sort_key(frame: pl.DataFrame, key: str) -> pl.Expr:
    import polars as pl

    column = pl.col(key)
    if key in ("rag", "previous_rag"):
        return column.replace_strict(STATUS_SORT_RANK, default=9, return_dtype=pl.Int64)
    if key == "dot":
        return column.replace_strict(DIRECTION_SORT_RANK, default=9, return_dtype=pl.Int64)
    if frame.schema[key] == pl.String:
        return column.str.to_lowercase()
    return column


def arrange(
    frame: pl.DataFrame, rag: str | None, search: str, sort: str, reverse: bool
) -> pl.DataFrame:
    """Filter by RAG status and id/name substring, then sort (missing values always last;
    equal values keep the report order)."""
    import polars as pl

    needle = search.strip().casefold()
    kept = frame
    if rag is not None:
        wanted = [rag, BLUE] if rag == GREEN else [rag]
        kept = kept.filter(pl.col("rag").is_in(wanted))
    if needle:
        kept = kept.filter(
            pl.col("kpi_id").cast(pl.String).str.to_lowercase().str.contains(needle, literal=True)
            | pl.col("indicator")
            .cast(pl.String)
            .str.to_lowercase()
            .str.contains(needle, literal=True)
        )
    if sort == "order" or sort not in kept.columns:
        return kept.reverse() if reverse else kept
    return kept.sort(
        _sort_key(kept, sort), descending=reverse, nulls_last=True, maintain_order=True
    )


class IndicatorsPane(Pane):
    REFIT_ON_RESIZE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="indicators.search"),
        Binding("s", "sort_next", "Sort", id="indicators.sort"),
        Binding("S", "sort_reverse", "Reverse", show=False, id="indicators.sort_reverse"),
        Binding("f", "filter_cycle", "Filter", id="indicators.filter"),
        *(
            Binding(
                key,
                f"filter('{status}')",
                f"{STATUS_WORDS[status]} only",
                show=False,
                id=f"filter.{status}",
            )
            for key, status in (("R", RED), ("A", AMBER), ("ctrl+g", GREEN), ("N", NO_DATA))
        ),
        Binding("x,asterisk", "clear_filters", "Clear filters", show=False, id="filter.clear"),
        NOTE_BINDING,
    ]

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.status = Static("", id="indicators-status", classes="status")
        self.search = Input(
            placeholder="Search by id or name (Enter: to the table, Esc: close)",
            id="indicators-search",
        )
        self.table = KpiTable(id="indicators-table")
        self.detail = Static("", id="indicators-detail", classes="row-detail")
        self.hidden: list[str] = []
        self.frame: pl.DataFrame | None = None
        self.ids: list[str] = []
        self.index: dict[str, int] = {}
        self.cells: dict[str, Sequence[Cell]] = {}
        self.widths: dict[str, int] = {}
        self.room = 0
        self.flags: dict[str, str] = {}
        self.noted: set[str] = set()
        self.rag_filter: str | None = None
        self.search_text = ""
        self.sort = "order"
        self.reverse = False

    def compose(self) -> ComposeResult:
        yield self.status
        yield self.search
        yield self.table
        yield self.detail

    def on_mount(self) -> None:
        self.search.display = False

    def main_widget(self) -> Widget:
        return self.table

    def note_kpi(self) -> str | None:
        return self.table.row_kpi()

    # ---- building ------------------------------------------------------------------------
    @property
    def rows(self) -> list[dict[str, Any]]:
        """The panel's KPIs as rows (for reading; the table works on `frame`)."""
        return self.frame.to_dicts() if self.frame is not None else []

    def rebuild(self, view: ViewState) -> None:
        from qpr_tui.validate.checks import cached_issues, flagged_kpis

        self.flags = {k: v.value for k, v in flagged_kpis(cached_issues(view.analysis)).items()}
        self.noted = set(view.analysis.notes.for_period(view.period))
        self.frame = view.table.with_row_index("_base")
        self.cells = self._cells(self.frame)
        self.index = {kpi: n for n, kpi in enumerate(self.ids)}
        # Column widths from the rows before any search or filter, so that typing a search
        # keeps the columns where they are.
        self.room = self.panel_width() - 1
        self.widths = {key: widest(cells) for key, cells in self.cells.items()}
        self.populate(keep=view.kpi_id)

    def sync(self, view: ViewState) -> None:
        if view.kpi_id is not None and self.table.row_kpi() != view.kpi_id:
            self.table.move_to_kpi(view.kpi_id)

    def populate(self, keep: str | None = None) -> None:
        if self.frame is None:
            return
        keep = keep if keep is not None else self.table.row_kpi()
        shown = arrange(self.frame, self.rag_filter, self.search_text, self.sort, self.reverse)
        headers = {key: self._header(key, header) for key, header in COLUMNS}
        widths = {key: max(len(headers[key]), self.widths[key]) for key in headers}
        # The panel's width less a scrollbar, fixed per rebuild: a search that shortens the
        # list (and drops the scrollbar) must not move the columns.
        room = self.room or self.panel_width() - 1
        keys, width = fit_columns(widths, room, widths["indicator"])
        self.hidden = [key for key, _ in COLUMNS if key not in keys]
        table = self.table
        table.clear(columns=True)
        for key in keys:
            table.add_column(
                headers[key],
                key=key,
                width=width if key == "indicator" else None,
                style="bold" if key == "kpi_id" else "",
                justify="right" if key in RIGHT else "left",
            )
        table.set_rows(
            self.ids,
            [self.cells[key] for key in keys],
            widths=[None if key == "indicator" else widths[key] for key in keys],
            order=shown.get_column("_base").to_list(),
        )
        if not table.move_to_kpi(keep) and table.row_count:
            table.move_cursor(row=0, animate=False)
        self._update_status(shown.height)
        self.show_detail(table.row_kpi())

    def _cells(self, frame: pl.DataFrame) -> dict[str, Sequence[Cell]]:
        """Every row's cells, column by column, made once per rebuild: plain strings where
        the column gives the style, shared Text for the few statuses."""
        from qpr_tui.views.numbers import format_value
        from qpr_tui.views.text import clean_all

        colours = palette(self.app)
        self.ids = [str(k) for k in frame.get_column("kpi_id").to_list()]
        units = [str(u or "") for u in frame.get_column("unit").to_list()]

        def numbers(name: str) -> list[Cell]:
            values = frame.get_column(name).to_list()
            return [format_value(v, u) for v, u in zip(values, units, strict=True)]

        def statuses(name: str, draw: Callable[[str | None], Text]) -> list[Cell]:
            drawn: dict[str | None, Text] = {}
            return [
                drawn[s] if s in drawn else drawn.setdefault(s, draw(s))
                for s in frame.get_column(name).to_list()
            ]

        flags = {level: Text(glyph, style=colours.fg[hue]) for level, (glyph, hue) in FLAGS.items()}
        trend = self._trend(frame)
        return {
            "kpi_id": self._id_cells(clean_all(frame.get_column("kpi_id"))),
            "indicator": list(clean_all(frame.get_column("indicator"))),
            "value": numbers("value"),
            "target": numbers("target"),
            "floor": numbers("floor"),
            "rag": statuses("rag", colours.rag),
            "previous_rag": statuses("previous_rag", colours.glyph),
            "dot": statuses("dot", lambda d: colours.dot(d, words=False)),
            "trend": trend,
            "flag": [flags.get(self.flags.get(kpi, ""), "") for kpi in self.ids],
        }

    @staticmethod
    def _trend(frame: pl.DataFrame) -> Sequence[Cell]:
        """The sparklines of the last quarters, drawn as rows come on screen (their width is
        the longest history drawn, up to the sparkline's width)."""
        import polars as pl

        from qpr_tui.views.summary import SPARK_WIDTH, sparkline

        if "history" not in frame.columns or not frame.height:
            return [""] * frame.height
        shown = frame.get_column("history").list.tail(SPARK_WIDTH)
        # A history without a single value draws nothing.
        drawn = shown.list.eval(pl.element().is_not_null().any()).list.first().fill_null(False)
        lengths = (shown.list.len().fill_null(0) * drawn.cast(pl.Int64)).to_list()
        width = max(lengths, default=0)
        histories = shown.to_list()
        return LazyColumn(frame.height, width, lambda row: sparkline(histories[row] or []))

    def _id_cells(self, ids: list[str]) -> list[Cell]:
        """The KPI ids, each marked when it has a note for the meeting this quarter (the
        mark takes width only when some KPI has a note)."""
        if not self.noted:
            return list(ids)
        marked: list[Cell] = []
        for kpi, shown in zip(self.ids, ids, strict=True):
            marked.append(
                Text(f"{shown} {NOTE_MARK}", style="bold") if kpi in self.noted else shown
            )
        return marked

    def row_cells(self, kpi_id: str) -> dict[str, Text] | None:
        """A KPI's cells as Text, by column (None if it is not in the panel)."""
        base = self.index.get(kpi_id)
        if base is None:
            return None
        looks = {key: "bold" if key == "kpi_id" else "" for key in self.cells}
        return {
            key: cell if isinstance(cell, Text) else Text(cell, style=looks[key])
            for key, cell in ((key, cells[base]) for key, cells in self.cells.items())
        }

    def show_detail(self, kpi_id: str | None) -> None:
        """The highlighted KPI's name in full, and the columns left out at this width."""
        cells = self.row_cells(kpi_id or "")
        if cells is None:
            self.detail.update("")
            return
        text = Text.assemble(cells["kpi_id"], "  ", cells["indicator"])
        names = dict(COLUMNS)
        for key in self.hidden:
            if cells[key].plain.strip():
                text.append(f"  ·  {names[key]} ", style="dim")
                text.append_text(cells[key])
        self.detail.update(text)

    def _header(self, key: str, header: str) -> Text:
        if key == self.sort:
            header += f" {DESCENDING_MARK if self.reverse else ASCENDING_MARK}"
        return Text(header, justify="right" if key in RIGHT else "left")

    def _update_status(self, matched: int) -> None:
        colours = palette(self.app)
        text = Text()
        text.append(f"{matched:,} of {len(self.ids):,} KPIs", style="bold")
        text.append("  ·  filter: ", style="dim")
        if self.rag_filter is None:
            text.append("all")
        else:
            text.append_text(colours.rag_plain(self.rag_filter))
            text.append(" only")
        if self.search_text:
            text.append("  ·  search: ", style="dim")
            text.append(repr(self.search_text))
        sort_label = dict(SORTS).get(self.sort, self.sort)
        text.append("  ·  sort: ", style="dim")
        text.append(f"{sort_label} {DESCENDING_MARK if self.reverse else ASCENDING_MARK}")
        hint = "   / search  s sort  f R A N filter  x clear"
        room = self.status.content_region.width or self.app.size.width
        if text.cell_len + len(hint) <= room:  # else the footer names these keys
            text.append(hint, style="dim")
        self.status.update(text)

    # ---- actions -------------------------------------------------------------------------
    def action_search(self) -> None:
        self.search.display = True
        self.search.focus()

    def action_sort_next(self) -> None:
        keys = [k for k, _ in SORTS]
        self.sort = keys[(keys.index(self.sort) + 1) % len(keys)]
        self.reverse = False
        self.populate()

    def action_sort_reverse(self) -> None:
        self.reverse = not self.reverse
        self.populate()

    def set_filter(self, status: str | None) -> None:
        self.rag_filter = status
        self.populate()

    def action_filter(self, status: str) -> None:
        self.set_filter(None if self.rag_filter == status else status)

    def action_filter_cycle(self) -> None:
        index = FILTER_CYCLE.index(self.rag_filter) if self.rag_filter in FILTER_CYCLE else 0
        self.set_filter(FILTER_CYCLE[(index + 1) % len(FILTER_CYCLE)])

    def action_clear_filters(self) -> None:
        self.rag_filter = None
        self.search_text = ""
        self.search.value = ""
        self.search.display = False
        self.populate()

    # ---- events --------------------------------------------------------------------------
    @on(Input.Changed, "#indicators-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.search_text = event.value
        self.populate()

    @on(Input.Submitted, "#indicators-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.table.focus()

    def on_key(self, event: Key) -> None:
        if event.key == "escape" and self.search.has_focus:
            event.stop()
            if not self.search.value:
                self.search.display = False
            self.table.focus()

    @on(VirtualTable.RowHighlighted, "#indicators-table")
    def _row_highlighted(self, event: VirtualTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self.show_detail(str(event.row_key.value))

    @on(VirtualTable.HeaderSelected, "#indicators-table")
    def _header_selected(self, event: VirtualTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key == "trend":
            return
        if key == self.sort:
            self.reverse = not self.reverse
        else:
            self.sort, self.reverse = key, False
        self.populate()
