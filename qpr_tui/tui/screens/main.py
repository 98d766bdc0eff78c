"""The main screen: header, directorate tree, eight panels, footer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import TabbedContent, TabPane

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
from qpr_tui.tui.widgets.footer import QprFooter
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
# Shorter tab labels for narrow windows; below those, only the open tab is named.
SHORT_TITLES = {
    "summary": "Summary",
    "indicators": "KPIs",
    "red": "Reds",
    "trends": "Trends",
    "changes": "Changes",
    "quality": "Quality",
    "benchmark": "Bench",
    "notes": "Notes",
}
TAB_PADDING = 2  # a tab's label has a column of padding either side
TREE_STEP = 4  # columns per press of < or >
TREE_MINIMUM = 24
TREE_DEFAULT = 30  # the tree may always take this much to show its names
TREE_SHARE = 0.3  # ... or this share of the window, when it sizes itself to its names
TREE_LARGEST = 0.7  # the share < and > can widen it to


def tab_labels(width: int, active: str) -> dict[str, str]:
    """Each panel's tab label: in full when every tab fits in ``width``, else short, else
    the open tab's short name and the others' numbers (every number stays visible)."""
    full = {panel: f"{n} {title}" for n, (panel, title) in enumerate(PANELS, 1)}
    short = {panel: f"{n} {SHORT_TITLES[panel]}" for n, (panel, _) in enumerate(PANELS, 1)}
    for labels in (full, short):
        if sum(len(text) + TAB_PADDING for text in labels.values()) <= width:
            return labels
    return {
        panel: short[panel] if panel == active else str(n) for n, (panel, _) in enumerate(PANELS, 1)
    }


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
        Binding(
            "less_than_sign", "tree_width(-1)", "Narrower tree", show=False, id="tree.narrower"
        ),
        Binding("greater_than_sign", "tree_width(1)", "Wider tree", show=False, id="tree.wider"),
    ]
    # The Summary takes the keys on launch: space, j, Down and PgDn scroll it at once.
    AUTO_FOCUS = "#summary-scroll"

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
        self.tree_width: int | None = None  # set by < and >; None: sized to the names
        # The width last given to the tree: kept, as its style can hold the same width from
        # the stylesheet before the tabs were ever fitted beside it.
        self.tree_columns: int | None = None

    def compose(self) -> ComposeResult:
        yield self.header
        with Horizontal(id="body"):
            yield self.dir_tree
            with TabbedContent(id="tabs", initial="summary"):
                for number, (pane_id, title) in enumerate(PANELS, 1):
                    with TabPane(f"{number} {title}", id=pane_id):
                        yield self.panes[pane_id]
        yield QprFooter()

    def on_mount(self) -> None:
        if self.on_mounted is not None:
            self.on_mounted()

    def on_resize(self) -> None:
        self.fit_tabs()
        self.fit_tree()

    def fit_tabs(self) -> None:
        """Tab labels that fit the width the tabs have (the tree takes some when shown)."""
        tabs = self.tabs
        width = tabs.size.width or self.size.width
        for panel, text in tab_labels(width, self.active_panel).items():
            tab = tabs.get_tab(panel)
            if str(tab.label) != text:
                tab.label = text

    def fit_tree(self) -> None:
        """The tree as wide as its longest label (up to a share of the window), or the
        width chosen with < and >."""
        width = self.size.width
        if not width:
            return
        natural = self.dir_tree.natural_width()
        wanted = min(self.tree_width or natural, natural or width)
        if not wanted:
            return
        share = TREE_LARGEST if self.tree_width else TREE_SHARE
        largest = max(TREE_DEFAULT, int(width * share))
        columns = max(TREE_MINIMUM, min(wanted, largest))
        if columns != self.tree_columns:
            self.tree_columns = columns
            self.dir_tree.styles.width = columns
            self.call_after_refresh(self.fit_tabs)  # the tabs have what the tree leaves

    def action_tree_width(self, step: int) -> None:
        """Widen or narrow the directorate tree (and show it if hidden)."""
        if not self.tree_shown:
            self.toggle_class("-tree-toggled")
        current = self.tree_width or self.dir_tree.outer_size.width
        natural = self.dir_tree.natural_width()
        current = min(current or natural, natural or current)
        self.tree_width = max(TREE_MINIMUM, current + step * TREE_STEP)
        self.fit_tree()
        self.call_after_refresh(self.fit_tabs)

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
        self.fit_tree()
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
            self.call_after_refresh(self.fit_tabs)
        self.call_after_refresh(self.dir_tree.focus)

    def action_toggle_tree(self) -> None:
        """Show or hide the directorate tree (hidden at first below 100 columns)."""
        self.toggle_class("-tree-toggled")
        self.call_after_refresh(self.fit_tabs)
        if not self.tree_shown and self.focused is self.dir_tree:
            widget = self.panes[self.active_panel].main_widget()
            if widget is not None:
                widget.focus()

    @on(TabbedContent.TabActivated, "#tabs")
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.call_after_refresh(self.fit_tabs)
        pane = self.panes.get(self.active_panel)
        if pane is not None and self.view is not None:
            pane.show(self.view)
