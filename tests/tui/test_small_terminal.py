"""Pilot tests at 80x24 (the default terminal): every panel, the KPI detail and the export
dialog show what they hold, names are readable in full, and n / p follow the list a KPI
came from."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Input, Static
from textual.widgets._tabbed_content import ContentTab

from qpr_tui.analysis.summary import Scope
from qpr_tui.periods import label, parse_period
from qpr_tui.tui.app import QprApp
from qpr_tui.tui.export_screen import ExportScreen
from qpr_tui.tui.panes.changes import ChangesPane
from qpr_tui.tui.panes.indicators import COLUMNS, IndicatorsPane, fit_columns
from qpr_tui.tui.panes.quality import QualityPane
from qpr_tui.tui.panes.red import RedPane, list_width
from qpr_tui.tui.panes.summary import SummaryPane
from qpr_tui.tui.panes.trends import TrendsPane
from qpr_tui.tui.screens.kpi_detail import KpiDetailScreen
from qpr_tui.tui.screens.main import PANELS, tab_labels
from qpr_tui.tui.widgets.tables import wrap_cell
from qpr_tui.tui.widgets.tiles import TileRow

from .helpers import column, loaded, plain, sample_app

SMALL = (80, 24)
FIELDS = (
    "Value",
    "RAG",
    "Target",
    "Gap to target",
    "Floor",
    "Gap to floor",
    "Last quarter",
    "Direction",
    "Polarity",
    "Compared with",
)
REDS = ["CS07", "GL02", "GL03", "SEN01", "SCS01", "SCS04", "SCS05", "SCS06"]


def on_screen(app: QprApp, widget: Widget) -> bool:
    """The whole of ``widget`` is inside the terminal."""
    region = widget.region
    return bool(region.area) and Region(0, 0, *app.size).contains_region(region)


def every_tab_on_screen(app: QprApp) -> None:
    """Each panel's tab is wholly on screen, its label starting with its number."""
    tabs = list(app.main.tabs.query(ContentTab))
    assert len(tabs) == len(PANELS)
    for number, tab in enumerate(tabs, 1):
        assert on_screen(app, tab), tab.label
        assert plain(tab.label).startswith(str(number))


def pane(app: QprApp, name: str) -> object:
    return app.main.panes[name]


async def open_panel(pilot: Pilot[None], key: str) -> None:
    await pilot.press(key)
    await pilot.pause()
    await pilot.pause()


# ---- the summary and the tab bar ----------------------------------------------------------
@pytest.mark.parametrize("key", ["space", "j", "down", "pagedown"])
async def test_summary_scrolls_on_launch(key: str) -> None:
    app = sample_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(app, pilot)
        summary = pane(app, "summary")
        assert isinstance(summary, SummaryPane)
        assert app.focused is summary.scroll
        assert summary.scroll.scroll_y == 0
        await pilot.press(key)
        await pilot.pause()
        assert summary.scroll.scroll_y > 0


def test_tab_labels_shorten_to_fit() -> None:
    full = tab_labels(200, "summary")
    assert full["benchmark"] == "7 Benchmark" and full["red"] == "3 Red detail"
    short = tab_labels(80, "summary")
    assert short["benchmark"] == "7 Bench" and short["indicators"] == "2 KPIs"
    assert sum(len(t) + 2 for t in short.values()) <= 80
    compact = tab_labels(48, "red")
    assert compact["red"] == "3 Reds" and compact["summary"] == "1" and compact["benchmark"] == "7"
    assert sum(len(t) + 2 for t in compact.values()) <= 48


@pytest.mark.parametrize("with_tree", [False, True])
async def test_every_tab_is_on_screen_with_its_number(with_tree: bool) -> None:
    app = sample_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(app, pilot)
        if with_tree:
            await pilot.press("t")
            await pilot.pause()
            await pilot.pause()
            assert app.main.tree_shown
        every_tab_on_screen(app)


@pytest.mark.parametrize("size", [(100, 30), (120, 40)])
async def test_every_tab_is_on_screen_beside_the_tree_sized_to_its_names(
    size: tuple[int, int],
) -> None:
    # The tree takes its width once its names are known: the labels must fit what is left.
    app = sample_app()
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        await pilot.pause()
        assert app.main.tree_shown
        every_tab_on_screen(app)


@pytest.mark.parametrize("with_tree", [False, True])
async def test_summary_tiles_keep_their_titles(with_tree: bool) -> None:
    app = sample_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(app, pilot)
        if with_tree:
            await pilot.press("t")
        await pilot.pause()
        await pilot.pause()
        summary = pane(app, "summary")
        assert isinstance(summary, SummaryPane)
        tiles = [*summary.rag_tiles.values(), *summary.dot_tiles.values()]
        for tile in tiles:
            if tile.display:
                assert tile.outer_size.width >= tile.least_width(), tile.border_title
        rows = list(summary.query(TileRow))
        columns = [row.styles.grid_size_columns for row in rows]
        assert columns == ([2, 2] if with_tree else [4, 3])


# ---- Indicators ---------------------------------------------------------------------------
def test_fit_columns_gives_up_optional_columns_before_the_names() -> None:
    widths = {key: 6 for key, _ in COLUMNS}
    keys, name = fit_columns(widths, 200, 60)
    assert keys == [key for key, _ in COLUMNS] and name >= 60
    keys, name = fit_columns(widths, 70, 60)
    assert "trend" not in keys and "rag" in keys and name >= 24
    keys, name = fit_columns(widths, 40, 60)
    assert keys == ["kpi_id", "indicator", "value", "rag", "flag"]


@pytest.mark.parametrize("with_tree", [False, True])
async def test_indicators_show_rag_and_the_name_in_full(with_tree: bool) -> None:
    app = sample_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(app, pilot)
        if with_tree:
            await pilot.press("t")
        await open_panel(pilot, "2")
        panel = pane(app, "indicators")
        assert isinstance(panel, IndicatorsPane)
        table = panel.table
        keys = [str(k.value) for k in table.columns]
        assert "rag" in keys
        visible = sum(table.render_width(c) for c in table.columns.values())
        assert visible <= table.scrollable_content_region.width
        name = next(c for c in table.columns.values() if c.key.value == "indicator")
        assert name.width >= (12 if with_tree else 20)
        assert column(table, 0)[0] == "CS01"
        detail = plain(panel.detail)
        assert "Percentage of callers to Contact Point who rated the advisor who dealt" in detail
        for key in panel.hidden:
            assert dict(COLUMNS)[key] in detail or key in ("previous_rag", "dot", "trend")
        await pilot.press("j")
        await pilot.pause()
        assert plain(panel.detail).startswith("CS04  Percentage of phone calls")
        assert on_screen(app, panel.detail)


async def test_search_keeps_the_columns_where_they_are() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await open_panel(pilot, "2")
        panel = pane(app, "indicators")
        assert isinstance(panel, IndicatorsPane)
        before = [(str(k.value), c.width) for k, c in panel.table.columns.items()]
        await pilot.press("slash", "c", "s")
        await pilot.pause()
        assert app.focused is panel.search
        assert panel.table.row_count < 40
        after = [(str(k.value), c.width) for k, c in panel.table.columns.items()]
        assert after == before
        ids = panel.table.columns[next(iter(panel.table.columns))]
        assert panel.table.render_width(ids) >= len("CS01") + 2


# ---- Red detail and n / p -----------------------------------------------------------------
def test_wrap_cell_wraps_and_cuts_the_last_line() -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(width=80)
    text = wrap_cell(Text("Percentage of complaints responded to within timescale"), 20, 2, console)
    lines = text.plain.splitlines()
    assert lines == ["Percentage of", "complaints responde…"]
    assert wrap_cell(Text("Short name"), 20, 2, console).plain == "Short name"


def test_red_list_takes_a_share_of_the_width() -> None:
    assert list_width(50) == 28
    assert list_width(100) == 45
    assert list_width(300) == 56


async def test_red_detail_at_80x24_steps_through_the_reds() -> None:
    app = sample_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(app, pilot)
        await open_panel(pilot, "3")
        red = pane(app, "red")
        assert isinstance(red, RedPane)
        assert column(red.list, 0) == REDS
        first = plain(red.list.get_row_at(0)[1])
        assert first.startswith("Percentage of") and "\n" in first
        assert "Percentage of complaints responded to within timescale" in plain(red.detail.title_)
        await pilot.press("n")
        await pilot.pause()
        assert app.kpi_id == "GL02" and "GL02" in plain(red.detail.title_)
        await pilot.press("p", "p")
        await pilot.pause()
        assert app.kpi_id == "SCS06"  # round to the end
        await pilot.press("n", "n", "enter")
        await pilot.pause()
        assert isinstance(app.screen, KpiDetailScreen) and app.kpi_id == "GL02"
        seen = []
        for _ in range(len(REDS)):
            await pilot.press("n")
            await pilot.pause()
            seen.append(app.kpi_id)
        assert seen == [*REDS[2:], *REDS[:2]]  # only the Reds, in the list's order
        await pilot.press("p")
        await pilot.pause()
        assert app.kpi_id == "CS07"


async def test_n_p_from_a_sorted_indicators_list_follow_its_order() -> None:
    app = sample_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(app, pilot)
        await open_panel(pilot, "2")
        await pilot.press("R")  # Red only
        await pilot.pause()
        await pilot.press("S", "g")  # reversed report order, from the top
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.kpi_id == "SCS06"
        await pilot.press("n")
        await pilot.pause()
        assert app.kpi_id == "SCS05"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        app.screen.query_one(Input).value = "KPI: EC01"
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n")  # opened from the palette: every KPI in scope
        await pilot.pause()
        assert app.kpi_id == "EC02"


# ---- Changes leaves the selection alone ---------------------------------------------------
async def test_visiting_changes_does_not_move_the_indicators_cursor() -> None:
    app = sample_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(app, pilot)
        await open_panel(pilot, "2")
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert app.kpi_id == "CS08"
        await open_panel(pilot, "5")
        changes = pane(app, "changes")
        assert isinstance(changes, ChangesPane)
        assert changes.table.row_kpi() == "SCS05"
        assert plain(changes.detail) == "SCS05  Number of foster households"
        await pilot.pause(0.1)
        assert app.kpi_id == "CS08"
        await open_panel(pilot, "2")
        panel = pane(app, "indicators")
        assert isinstance(panel, IndicatorsPane)
        assert panel.table.row_kpi() == "CS08"
        await open_panel(pilot, "5")
        await pilot.press("j")  # moving in Changes selects, as in any list
        await pilot.pause()
        assert app.kpi_id == "SEN02"
        assert plain(changes.detail).startswith("SEN02  Percentage of pupils (with EHCPs)")


# ---- the other panels at 80x24 ------------------------------------------------------------
async def test_trends_quality_and_benchmark_at_80x24() -> None:
    app = sample_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(app, pilot)
        await open_panel(pilot, "4")
        trends = pane(app, "trends")
        assert isinstance(trends, TrendsPane)
        assert on_screen(app, trends.chart) and trends.chart.size.height >= 8
        assert "CS01" in plain(trends.title_)
        await open_panel(pilot, "6")
        quality = pane(app, "quality")
        assert isinstance(quality, QualityPane)
        heading = plain(quality.heading)
        assert "2 notes, counted over every row" in heading
        assert on_screen(app, quality.detail)
        assert "no value (New KPI for 2024/25: data not yet available)" in plain(quality.detail)
        await open_panel(pilot, "7")
        bench = app.main.panes["benchmark"]
        assert "Benchmarking needs several organisations" in plain(bench.heading)  # type: ignore[attr-defined]
        assert on_screen(app, bench)


# ---- the KPI detail -----------------------------------------------------------------------
async def test_kpi_detail_at_80x24_shows_every_field() -> None:
    app = sample_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(app, pilot)
        await open_panel(pilot, "2")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, KpiDetailScreen)
        facts = screen.detail.facts
        # One pair a line at this width, and the widget as tall as its lines.
        assert facts.size.height == len(FIELDS)
        lines = plain(facts, width=facts.size.width)
        for field in FIELDS:
            assert field in lines
        assert "6.8 pts better than floor" in lines and "2024/25 Q1" in lines
        scroll = screen.detail
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert scroll.scroll_y == 3
        await pilot.press("G")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y > 0


# ---- the export dialog --------------------------------------------------------------------
async def test_export_dialog_buttons_stay_on_screen(tmp_path: Path) -> None:
    app = sample_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        assert screen.has_class("-compact")
        buttons = list(screen.query(Button))
        assert [str(b.label) for b in buttons] == ["Export", "Cancel"]
        assert all(on_screen(app, b) for b in buttons)
        target = tmp_path / "report.html"
        target.write_text("already here")
        path = screen.query_one("#export-path", Input)
        path.value = str(target)
        path.focus()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert str(buttons[0].label) == "Overwrite"
        assert "already exists" in plain(screen.query_one("#export-message", Static))
        assert all(on_screen(app, b) for b in buttons)
        assert target.read_text() == "already here"


# ---- the tree -----------------------------------------------------------------------------
async def test_tree_widens_and_narrows_with_the_keys() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        tree = app.main.dir_tree
        start = tree.outer_size.width
        assert start == min(tree.natural_width(), 36)
        await pilot.press("greater_than_sign", "greater_than_sign")
        await pilot.pause()
        assert tree.outer_size.width == start + 8
        await pilot.press(*["greater_than_sign"] * 20)
        await pilot.pause()
        assert tree.outer_size.width == tree.natural_width()  # no wider than its names
        await pilot.press(*["less_than_sign"] * 20)
        await pilot.pause()
        assert tree.outer_size.width == 24
        tree.focus()
        await pilot.pause()
        tree.move_cursor(tree.node_for(Scope("Growth, Environment and Transport")))
        await pilot.pause()
        assert tree.border_subtitle == "Growth, Environment and Transport"


# ---- the palette takes the command line's period spellings --------------------------------
@pytest.mark.parametrize(
    "typed", ["Q4 2023", "Q4 2023/24", "Mar-24", "2024-03-31", "period: q4 2023"]
)
async def test_palette_accepts_period_spellings(typed: str) -> None:
    app = sample_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        app.screen.query_one(Input).value = typed
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert label(app.period) == "2023/24 Q4"
        assert app.period == parse_period("2023/24 Q4")


async def test_quality_says_it_counts_the_home_organisation(tmp_path: Path) -> None:
    from tests.test_scope_and_counts import BENCH

    path = tmp_path / "bench.csv"
    path.write_text(BENCH)
    app = QprApp([str(path)])
    async with app.run_test(size=SMALL) as pilot:
        await loaded(app, pilot)
        await open_panel(pilot, "6")
        quality = pane(app, "quality")
        assert isinstance(quality, QualityPane)
        heading = " ".join(plain(quality.heading).split())
        assert "counted over the rows of Home, the home organisation" in heading
        assert "('qpr validate' also counts the other 4 organisations')" in heading


async def test_red_detail_beside_the_tree_puts_the_list_above_the_detail() -> None:
    app = sample_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(app, pilot)
        await pilot.press("t")
        await open_panel(pilot, "3")
        red = pane(app, "red")
        assert isinstance(red, RedPane)
        assert red.has_class("-stacked")
        assert red.detail.region.y >= red.list.region.bottom
        assert red.detail.size.width >= 45 and red.list.size.width >= 45
        await pilot.press("t")  # the tree hidden: side by side again
        await pilot.pause()
        await pilot.pause()
        assert not red.has_class("-stacked")
        assert red.detail.region.x >= red.list.region.right
