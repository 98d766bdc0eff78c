"""Panel 7: benchmarking — where the home organisation stands among the others.

For the selected KPI: rank, quartile, median and spread in this quarter and over time; below
it every KPI in scope with its rank and quartile. ``b`` cycles the comparison through all
organisations and each configured peer group.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Static

from qpr_tui.tui.palette import palette
from qpr_tui.tui.panes.base import Pane
from qpr_tui.tui.widgets.vtable import Cell, KpiTable, widest
from qpr_tui.vocabulary import GREEN, POLARITY_DESCRIPTIONS, RED

if TYPE_CHECKING:
    import polars as pl

    from qpr_tui.analysis.benchmark import PeerGroup
    from qpr_tui.tui.state import ViewState

QUARTILE_GLYPH = {1: "◆ top", 2: "◇ 2nd", 3: "◇ 3rd", 4: "◆ bottom"}


class BenchmarkPane(Pane):
    REFIT_ON_RESIZE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "peers", "Peer group", id="benchmark.peers"),
    ]

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.heading = Static("", classes="pane-title")
        self.detail = Static("", id="benchmark-detail")
        self.table = KpiTable(id="benchmark-table")
        self.group_name: str | None = None
        self._detail_for: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        yield self.heading
        yield self.detail
        yield self.table

    def main_widget(self) -> Widget:
        return self.table

    def view_key(self, view: ViewState) -> Hashable:
        return (view.generation, view.period, view.scope, self.group_name)

    def group(self, view: ViewState) -> PeerGroup:
        return view.analysis.peer_group(self.group_name)

    def action_peers(self) -> None:
        """Compare with everyone, then with each configured peer group in turn."""
        if self.view is None:
            return
        names: list[str | None] = [None, *self.view.analysis.config.peer_groups]
        self.group_name = names[(names.index(self.group_name) + 1) % len(names)]
        group = self.group(self.view)
        if group.warning:
            self.notify(group.warning, severity="warning", markup=False)
        self.show(self.view)

    def rebuild(self, view: ViewState) -> None:
        from qpr_tui.views.text import clean

        analysis = view.analysis
        table = self.table
        if not analysis.has_peers:
            self.heading.update(
                Text.assemble(
                    ("Benchmarking needs several organisations. ", "bold"),
                    (
                        f"This data has one ({clean(analysis.organisation) or 'unnamed'}); load a "
                        "file with an organisation column to compare.",
                        "dim",
                    ),
                )
            )
            self.detail.update("")
            table.display = False
            self._detail_for = None
            return
        group = self.group(view)
        bench = analysis.benchmark(view.period, group)
        n_groups = len(analysis.config.peer_groups)
        self.heading.update(
            Text.assemble(
                (clean(analysis.organisation), "bold"),
                " against ",
                (group.label, "bold"),
                f" ({len(analysis.organisations):,} organisations in the data) · ",
                (view.summary.period_label, "bold"),
                (
                    f"  ·  b: cycle through {n_groups} peer group{'s' if n_groups != 1 else ''}"
                    if n_groups
                    else "  ·  define [peer_groups] in the configuration to compare "
                    "with a named group",
                    "dim",
                ),
            )
        )
        keep = table.row_kpi()
        headers = ("ID", "Indicator", "Value", "Rank", "Quartile", "Median", "Middle half")
        ids, columns = self._columns(view.table, bench)
        table.clear(columns=True)
        fixed = [
            max([len(h), widest(c)])
            for i, (h, c) in enumerate(zip(headers, columns, strict=True))
            if i != 1
        ]
        width = table.spare_width(fixed, minimum=16, fallback=self.panel_width() - 1)
        for header in headers:
            table.add_column(
                header,
                key=header.lower(),
                width=width if header == "Indicator" else None,
                style="bold" if header == "ID" else "",
                justify="right" if header in ("Value", "Rank", "Median", "Middle half") else "left",
            )
        table.set_rows(ids, columns)
        table.display = bool(ids)
        if ids and not table.move_to_kpi(view.kpi_id) and not table.move_to_kpi(keep):
            table.move_cursor(row=0, animate=False)
        self._detail_for = None
        self.sync(view)

    def _columns(
        self, kpis: pl.DataFrame, bench: pl.DataFrame
    ) -> tuple[list[str], list[Sequence[Cell]]]:
        """The KPI ids and the table's cells, column by column: every KPI in scope, in
        report order, beside its standing among the peers (blank where it has none)."""
        from qpr_tui.views.numbers import format_range, format_value, home_value, ordinal_rank
        from qpr_tui.views.text import clean_all

        fg = palette(self.app).fg
        joined = kpis.select("kpi_id", "indicator", "unit").join(
            bench.select("kpi_id", "value", "rank", "of", "quartile", "median", "p25", "p75"),
            on="kpi_id",
            how="left",
            maintain_order="left",
        )
        ids = [str(k) for k in joined.get_column("kpi_id").to_list()]
        units = [str(u or "") for u in joined.get_column("unit").to_list()]
        got = {name: joined.get_column(name).to_list() for name in joined.columns}
        glyphs: dict[object, Text] = {
            q: Text(QUARTILE_GLYPH.get(int(q or 0), "–"), style=self._quartile_style(q, fg))
            for q in {*got["quartile"], None}
        }
        return ids, [
            clean_all(joined.get_column("kpi_id")),
            clean_all(joined.get_column("indicator")),
            [home_value(v, u) for v, u in zip(got["value"], units, strict=True)],
            [ordinal_rank(r, int(o or 0)) for r, o in zip(got["rank"], got["of"], strict=True)],
            [glyphs[q] for q in got["quartile"]],
            [format_value(m, u) for m, u in zip(got["median"], units, strict=True)],
            [
                format_range(lo, hi, u)
                for lo, hi, u in zip(got["p25"], got["p75"], units, strict=True)
            ],
        ]

    @staticmethod
    def _quartile_style(quartile: Any, fg: dict[str, Style]) -> Style | str:
        if quartile == 1:
            return fg[GREEN]
        return fg[RED] if quartile == 4 else ""

    def sync(self, view: ViewState) -> None:
        if not view.analysis.has_peers:
            return
        kpi = view.focus_kpi
        if kpi is not None and self.table.row_kpi() != kpi:
            self.table.move_to_kpi(kpi)
        key = (view.generation, view.period, kpi, self.group_name)
        if key != self._detail_for:
            self._detail_for = key
            self.detail.update(self._detail(view, kpi))

    def _detail(self, view: ViewState, kpi: str | None) -> Group | Text:
        from qpr_tui.views.numbers import format_range, format_value, home_value, ordinal_rank
        from qpr_tui.views.summary import sparkline
        from qpr_tui.views.text import clean

        if kpi is None:
            return Text("No indicator in this scope and quarter.", style="dim")
        row = view.kpi_row(kpi) or {}
        unit = str(row.get("unit") or "")
        history = view.analysis.benchmark_history(kpi, self.group(view))
        history = history.filter(history.get_column("period") <= view.period).tail(6)
        polarity = POLARITY_DESCRIPTIONS.get(str(row.get("polarity")), "")
        table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
        when = view.analysis.calendar.period_word.capitalize()  # "Year" for annual data
        for name in (
            when,
            "Value",
            "Rank",
            "Quartile",
            "Median",
            "Middle half",
            "Lowest–highest",
        ):
            table.add_column(
                name, no_wrap=True, justify="left" if name in (when, "Quartile") else "right"
            )
        ranks: list[float | None] = []
        for b in history.iter_rows(named=True):
            ranks.append(
                None
                if b["rank"] is None or not b["of"]
                else 1 - (b["rank"] - 1) / max(b["of"] - 1, 1)
            )
            table.add_row(
                view.analysis.calendar.label(b["period"])[2:],
                home_value(b["value"], unit),
                ordinal_rank(b["rank"], int(b["of"] or 0)),
                QUARTILE_GLYPH.get(int(b["quartile"] or 0), "–"),
                format_value(b["median"], unit),
                format_range(b["p25"], b["p75"], unit, gap=""),
                format_range(b["minimum"], b["maximum"], unit, gap=""),
            )
        title = Text.assemble(
            (clean(kpi), "bold"),
            "  ",
            clean(row.get("indicator", ""), limit=100),
            (f"  ({polarity}; rank 1 is best)", "dim"),
        )
        standing = Text.assemble(
            ("Standing over time ", "dim"),
            sparkline(ranks, width=8),
            (" (higher bar = better rank)", "dim"),
        )
        return Group(title, table, standing)
