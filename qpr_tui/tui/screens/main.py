"""The main screen: header, directorate tree, eight panels, footer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, TabbedContent, TabPane

from qpr_tui.tui.panes.base import Pane
from qpr_tui.tui.panes.benchmark import BenchmarkPane
from qpr_tui.tui.panes.changes import ChangesPane
from qpr_tui.tui.panes.indicators import IndicatorsPane
from qpr_tui.tui.panes.notes import NotesPane
from qpr_tui.tui.panes.quality import QualityPane
from qpr_tui.tui.panes.red import RedPane
from qpr_tui.tui.panes.summary import SummaryPane
from qpr_tui.tui.panes.trends import TrendsPane
from qpr_tui.tui.screens.base import ViewScreen
from qpr_tui.tui.widgets.header import QprHeader
from qpr_tui.tui.widgets.tree import DirectorateTree

if TYPE_CHECKING:
    from qpr_tui.tui.state import ViewState

PANELS = (
    ("summary", "Summary"),
    ("indicators", "Indicators"),
    ("red", "Red detail"),
    ("trends", "Trends"),
    ("changes", "Changes"),
    ("quality", "Quality"),
    ("benchmark", "Benchmark"),
    ("notes", "Notes"),
)


class MainScreen(ViewScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "panel('summary')", "Summary", show=False, id="panel.summary"),
        Binding("2", "panel('indicators')", "Indicators", show=False, id="panel.indicators"),
        Binding("3", "panel('red')", "Red detail", show=False, id="panel.red"),
        Binding("4", "panel('trends')", "Trends", show=False, id="panel.trends"),
        Binding("5", "panel('changes')", "Changes", show=False, id="panel.changes"),
        Binding("6", "panel('quality')", "Data quality", show=False, id="panel.quality"),
        Binding("7", "panel('benchmark')", "Benchmark", show=False, id="panel.benchmark"),
        Binding("8", "panel('notes')", "Notes", show=False, id="panel.notes"),
        Binding("d", "focus_tree", "Directorates", show=False, id="focus.tree"),
        Binding("t", "toggle_tree", "Toggle tree", show=False, id="view.tree"),
    ]

    def __init__(self, on_mounted: Callable[[], object] | None = None) -> None:
        super().__init__(id="main")
        self.on_mounted = on_mounted
        self.header = QprHeader(id="header")
        self.dir_tree = DirectorateTree(id="tree")
        self.panes: dict[str, Pane] = {
            "summary": SummaryPane(id="summary-pane"),
            "indicators": IndicatorsPane(id="indicators-pane"),
            "red": RedPane(id="red-pane"),
            "trends": TrendsPane(id="trends-pane"),
            "changes": ChangesPane(id="changes-pane"),
            "quality": QualityPane(id="quality-pane"),
            "benchmark": BenchmarkPane(id="benchmark-pane"),
            "notes": NotesPane(id="notes-pane"),
        }
        self.view: ViewState | None = None

    def compose(self) -> ComposeResult:
        yield self.header
        with Horizontal(id="body"):
            yield self.dir_tree
            with TabbedContent(id="tabs", initial="summary"):
                for number, (pane_id, title) in enumerate(PANELS, 1):
                    with TabPane(f"{number} {title}", id=pane_id):
                        yield self.panes[pane_id]
        yield Footer()

    def on_mount(self) -> None:
        if self.on_mounted is not None:
            self.on_mounted()

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one("#tabs", TabbedContent)

    @property
    def active_panel(self) -> str:
        return self.tabs.active

    def set_loading(self, loading: bool) -> None:
        self.query_one("#body").loading = loading

    def update_view(self, view: ViewState) -> None:
        self.view = view
        self.header.update_view(view)
        self.dir_tree.update_view(view)
        pane = self.panes.get(self.active_panel)
        if pane is not None:
            pane.show(view)

    def invalidate(self) -> None:
        for pane in self.panes.values():
            pane.invalidate()
        self.dir_tree.invalidate()

    def show_panel(self, panel: str, focus: bool = True) -> None:
        if panel not in self.panes:
            return
        self.tabs.active = panel
        pane = self.panes[panel]
        if self.view is not None:
            pane.show(self.view)
        if focus:
            widget = pane.main_widget()
            if widget is not None:
                widget.focus()

    def action_panel(self, panel: str) -> None:
        self.show_panel(panel)

    @property
    def tree_shown(self) -> bool:
        return self.has_class("-narrow") == self.has_class("-tree-toggled")

    def action_focus_tree(self) -> None:
        if not self.tree_shown:
            self.toggle_class("-tree-toggled")
        self.call_after_refresh(self.dir_tree.focus)

    def action_toggle_tree(self) -> None:
        """Show or hide the directorate tree (hidden at first below 100 columns)."""
        self.toggle_class("-tree-toggled")
        if not self.tree_shown and self.focused is self.dir_tree:
            widget = self.panes[self.active_panel].main_widget()
            if widget is not None:
                widget.focus()

    @on(TabbedContent.TabActivated, "#tabs")
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        pane = self.panes.get(self.active_panel)
        if pane is not None and self.view is not None:
            pane.show(self.view)
