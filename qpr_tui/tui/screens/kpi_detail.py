"""The KPI detail screen (Enter on a KPI anywhere)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from qpr_tui.tui.screens.base import ViewScreen
from qpr_tui.tui.widgets.detail import KpiDetail
from qpr_tui.tui.widgets.header import QprHeader

if TYPE_CHECKING:
    from qpr_tui.tui.state import ViewState


class KpiDetailScreen(ViewScreen):
    """One KPI in full. ``[``/``]`` still move the period; ``n``/``p`` move between KPIs."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="detail.close"),
        Binding("n", "app.step_kpi(1)", "Next KPI", id="kpi.next"),
        Binding("p", "app.step_kpi(-1)", "Prev KPI", id="kpi.previous"),
        Binding("m", "note", "Note", id="kpi.note"),
    ]

    def __init__(self, view: ViewState) -> None:
        super().__init__(id="kpi-detail")
        self.initial = view
        self.header = QprHeader(id="detail-header")
        self.detail = KpiDetail(id="detail")
        self.keys = Static("", id="detail-keys")
        self._key: tuple[int, int, str | None] | None = None

    def compose(self) -> ComposeResult:
        yield self.header
        yield self.detail
        # A fixed line of keys rather than a Footer: the footer rebuilds its keys on every
        # screen switch, which was most of the cost of opening and closing this screen.
        yield self.keys

    def on_mount(self) -> None:
        self.update_view(self.initial)
        self.keys.update(self.key_line())
        self.detail.focus()

    def key_line(self) -> Text:
        """The keys that matter here, after the user's keymap, footer-style."""
        from qpr_tui.tui.screens.help import keys_for

        app = self.app
        keymap: dict[str, str] = getattr(app, "keymap_overrides", {})
        wanted = [
            *Binding.make_bindings(self.BINDINGS),
            *[
                b
                for b in Binding.make_bindings(app.BINDINGS)
                if b.id in ("period.previous", "period.next", "app.export", "app.help", "app.quit")
            ],
        ]
        line = Text(no_wrap=True, overflow="ellipsis")
        shown: set[str] = set()
        for binding in wanted:
            if binding.id in shown:  # "?,f1" is one binding made into two: show the first
                continue
            shown.add(binding.id or binding.action)
            line.append(f" {keys_for(app, binding, keymap)} ", style="bold reverse")
            line.append(f" {binding.description}  ")
        return line

    def action_note(self) -> None:
        edit = getattr(self.app, "edit_note", None)
        if edit is not None:
            edit(self.detail.kpi_id)

    def on_screen_resume(self) -> None:
        # The screen is installed once and pushed again for every KPI (building it afresh
        # each time cost a few hundred milliseconds on a big file).
        self.detail.focus()

    def invalidate(self) -> None:
        self._key = None

    def update_view(self, view: ViewState) -> None:
        self.header.update_view(view)
        key = (view.generation, view.period, view.kpi_id)
        if key != self._key:
            self._key = key
            self.detail.show_kpi(view, view.kpi_id)
