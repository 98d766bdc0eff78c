"""Pilot tests: drive every binding on the sample data and check what the screen shows."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import pytest
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from qpr_tui.analysis.summary import Scope
from qpr_tui.config import Config, KpiRule, load_config
from qpr_tui.loading import SAMPLE_CONFIG
from qpr_tui.tui.app import QprApp
from qpr_tui.tui.commands import commands
from qpr_tui.tui.messages import DataLoaded, LoadProgress
from qpr_tui.tui.panes.changes import ChangesPane
from qpr_tui.tui.panes.indicators import IndicatorsPane
from qpr_tui.tui.panes.red import RedPane
from qpr_tui.tui.panes.summary import SummaryPane
from qpr_tui.tui.panes.trends import TrendsPane
from qpr_tui.tui.screens.error import ErrorScreen
from qpr_tui.tui.screens.help import HelpScreen
from qpr_tui.tui.screens.kpi_detail import KpiDetailScreen
from qpr_tui.tui.screens.main import MainScreen
from qpr_tui.tui.widgets.vtable import VirtualTable
from qpr_tui.vocabulary import PROVISIONAL_MARK

from .helpers import HEADER, column, loaded, plain, rows, sample_app, sample_copy

Notes = Callable[[QprApp], list[str]]
SIZE = (120, 40)


def focused_id(app: QprApp) -> str | None:
    return app.focused.id if app.focused is not None else None


def tiles(app: QprApp) -> dict[str, str]:
    pane = app.main.panes["summary"]
    assert isinstance(pane, SummaryPane)
    return {key: plain(tile).split()[0] for key, tile in pane.rag_tiles.items()}


def header(app: QprApp) -> str:
    screen = app.screen
    assert isinstance(screen, MainScreen | KpiDetailScreen)
    return plain(screen.header)


def indicators(app: QprApp) -> IndicatorsPane:
    pane = app.main.panes["indicators"]
    assert isinstance(pane, IndicatorsPane)
    return pane


def red_pane(app: QprApp) -> RedPane:
    pane = app.main.panes["red"]
    assert isinstance(pane, RedPane)
    return pane


async def palette_run(app: QprApp, pilot: Pilot[None], query: str) -> None:
    """Open the command palette, search (as if typed) and run the best match."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    app.screen.query_one(Input).value = query
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


# ---- loading and the summary -------------------------------------------------------------
async def test_sample_summary_counts_and_header() -> None:
    app = sample_app()
    seen: list[object] = []
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        body = app.main.query_one("#body")
        if app.analysis is None:  # the worker may already be done on a fast machine
            assert body.loading and "Loading" in header(app)
        await loaded(app, pilot)
        assert not body.loading
        assert isinstance(app.screen, MainScreen)
        assert tiles(app) == {
            "blue": "0",
            "green": "16",
            "amber": "15",
            "red": "8",
            "no_data": "1",
            "not_rated": "0",
        }
        pane = app.main.panes["summary"]
        assert isinstance(pane, SummaryPane)
        assert not pane.rag_tiles["blue"].display
        assert "1 fewer" in plain(pane.rag_tiles["green"])
        assert "1 more" in plain(pane.rag_tiles["amber"])
        assert plain(pane.dot_tiles["positive"]).split()[0] == "11"
        text = header(app)
        for part in (
            "Kent County Council",
            "2024/25 Q2",
            "compared with 2024/25 Q1",
            "kcc_qpr_sample.csv",
        ):
            assert part in text
        assert "Red indicators (8)" in plain(pane.red_heading)
        reds = plain(pane.red_list)
        assert "Governance and Law" in reds and "GL03" in reds
        narrative = " ".join(plain(pane.narrative).split())
        assert "Of the 40 Key Performance Indicators" in narrative
        assert "Eight KPIs did not meet the floor standard" in narrative
        root = plain(app.main.dir_tree.root.label)
        assert root.startswith("●16▲15■8  All directorates")
    assert any(isinstance(m, LoadProgress) for m in seen)
    assert sum(isinstance(m, DataLoaded) for m in seen) == 1


async def test_period_keys_move_every_panel(notes: Notes) -> None:
    app = sample_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        seen = notes(app)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert "2024/25 Q1" in header(app) and "compared with 2023/24 Q4" in header(app)
        assert "◂ the latest is 2024/25 Q2" in header(app)
        assert tiles(app)["green"] == "17" and tiles(app)["amber"] == "14"
        assert plain(app.main.dir_tree.root.label).startswith("●17▲14■8 ")
        await pilot.press("2")
        assert "40 of 40" in plain(indicators(app).status)
        await pilot.press("right_square_bracket", *["right_square_bracket"] * 5, "1")
        await pilot.pause()
        assert "2024/25 Q2" in header(app)
        assert tiles(app)["green"] == "16"
        # ] held down at the edge: one toast, not one per repeat
        assert seen == ["2024/25 Q2 is the latest quarter in the data."]


async def test_selecting_a_directorate_scopes_everything() -> None:
    app = sample_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        assert app.focused is app.main.dir_tree
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        assert app.scope == Scope("Governance and Law")
        assert "Governance and Law" in header(app)
        assert tiles(app)["red"] == "2" and tiles(app)["green"] == "1"
        node = app.main.dir_tree.cursor_node
        assert node is not None and "Governance and Law" in plain(node.label)
        await pilot.press("2")
        assert column(indicators(app).table, 0) == ["GL01", "GL02", "GL03"]
        await pilot.press("3")
        assert column(red_pane(app).list, 0) == ["GL02", "GL03"]
        # Walk to a service area: Growth, Environment and Transport › Economic Development.
        await pilot.press("d", "j", "enter")
        await pilot.pause()
        assert app.scope == Scope("Growth, Environment and Transport")
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.scope == Scope("Growth, Environment and Transport", "Economic Development")
        assert "(Economic Development)" in header(app)
        assert "No indicator in" in plain(red_pane(app).detail.title_)
        await pilot.press("d", "g", "enter")
        await pilot.pause()
        assert app.scope == Scope()


# ---- indicators: filter, search, sort, vim keys ----------------------------------------
async def test_indicator_filters() -> None:
    app = sample_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("2")
        pane = indicators(app)
        assert pane.table.row_count == 40
        # RAG colours come from the theme: switching theme redraws them.
        before = pane.table.get_row_at(0)[5].style
        app.theme = "dracula"
        await pilot.pause()
        after = pane.table.get_row_at(0)[5].style
        assert before != after and plain(pane.table.get_row_at(0)[5]) == " ● Green "
        for key, status, count, word in (
            ("R", "red", 8, "Red"),
            ("A", "amber", 15, "Amber"),
            ("ctrl+g", "green", 16, "Green"),
            ("N", "no_data", 1, "No data"),
        ):
            await pilot.press(key)
            assert pane.rag_filter == status
            assert pane.table.row_count == count
            assert {c.split()[-1] for c in column(pane.table, 5)} == {word.split()[-1]}
            assert f"{count} of 40 KPIs" in plain(pane.status)
        await pilot.press("N")  # the same key again clears it
        assert pane.table.row_count == 40
        await pilot.press("f")
        assert pane.rag_filter == "red" and pane.table.row_count == 8
        await pilot.press("f")
        assert pane.rag_filter == "amber"
        await pilot.press("x")
        assert pane.rag_filter is None and pane.table.row_count == 40
        await pilot.press("R", "asterisk")
        assert pane.table.row_count == 40


async def test_indicator_search() -> None:
    app = sample_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("2", "slash")
        pane = indicators(app)
        assert pane.search.display and focused_id(app) == "indicators-search"
        await pilot.press(*"gl0")
        await pilot.pause()
        assert column(pane.table, 0) == ["GL01", "GL02", "GL03"]
        await pilot.press("enter")
        assert focused_id(app) == "indicators-table"
        await pilot.press("R")  # filters combine with the search
        assert column(pane.table, 0) == ["GL02", "GL03"]
        await pilot.press("slash")
        pane.search.value = "foster"  # as if typed
        await pilot.press("escape")
        await pilot.pause()
        assert focused_id(app) == "indicators-table"
        assert column(pane.table, 0) == ["SCS04", "SCS05"]
        assert "search: 'foster'" in plain(pane.status)
        await pilot.press("x")
        assert pane.table.row_count == 40 and not pane.search.display


async def test_indicator_sort() -> None:
    app = sample_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("2")
        pane = indicators(app)
        ids = column(pane.table, 0)
        assert ids[:3] == ["CS01", "CS04", "CS07"]
        await pilot.press("s")  # by ID
        assert pane.sort == "kpi_id"
        assert column(pane.table, 0) == sorted(ids, key=str.casefold)
        assert "ID ▲" in plain(pane.table.columns[next(iter(pane.table.columns))].label)
        await pilot.press("S")
        assert column(pane.table, 0) == sorted(ids, key=str.casefold, reverse=True)
        await pilot.press("s", "s", "s", "s", "s")  # indicator, value, target, floor, RAG
        assert pane.sort == "rag"
        rags = column(pane.table, 5)
        assert rags[:8] == ["■ Red"] * 8 and rags[-1] == "○ No data"
        await pilot.press("s", "s", "s")  # previous RAG, DoT, gap to target
        assert pane.sort == "gap"
        await pilot.press("s")  # back to report order
        assert pane.sort == "order"
        assert column(pane.table, 0) == ids
        pane.sort, pane.reverse = "value", True
        pane.populate()
        values = [r["value"] for r in pane.rows if r["value"] is not None]
        assert column(pane.table, 2)[0] == "£1.51m"  # the largest value first
        assert column(pane.table, 2)[-1] == "–"  # missing values last
        assert len(values) == 39
        # Selecting a column header sorts by it; selecting it again reverses.
        table = pane.table
        keys = list(table.columns)
        event = VirtualTable.HeaderSelected(table, keys[3], 3, table.columns[keys[3]].label)
        pane._header_selected(event)
        assert pane.sort == "target" and not pane.reverse
        pane._header_selected(event)
        assert pane.reverse


async def test_vim_keys_and_selection_follow_the_cursor() -> None:
    app = sample_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("2")
        table = indicators(app).table
        assert table.cursor_row == 0 and app.kpi_id == "CS01"
        await pilot.press("j", "j")
        assert table.cursor_row == 2 and app.kpi_id == "CS07"
        await pilot.press("k")
        assert app.kpi_id == "CS04"
        await pilot.press("G")
        assert table.cursor_row == 39
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("down", "4")  # the Trends panel follows the selected KPI
        await pilot.pause()
        pane = app.main.panes["trends"]
        assert isinstance(pane, TrendsPane)
        assert "CS04" in plain(pane.title_)
        await pilot.press("n")
        assert app.kpi_id == "CS07" and "CS07" in plain(pane.title_)
        await pilot.press("p", "p")
        assert app.kpi_id == "CS01"
        assert pane.chart.series is not None and len(pane.chart.series.values) == 16
        assert "linear regression over the last 8 quarters" in plain(pane.words)
        assert "Direction of Travel 2024/25 Q2" in plain(pane.words)


# ---- KPI detail, Red detail, Changes -----------------------------------------------------
async def test_enter_opens_kpi_detail_and_keys_work_there() -> None:
    app = sample_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("2", "j", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, KpiDetailScreen)
        assert "CS04" in plain(screen.detail.title_)
        assert "Percentage of phone calls" in plain(screen.detail.title_)
        await pilot.press("n")
        assert "CS07" in plain(screen.detail.title_)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert "2024/25 Q1" in header(app)
        assert "▶ 2024/25 Q1" in plain(screen.detail.history)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert indicators(app).table.row_kpi() == "CS07"  # the table followed
        assert "2024/25 Q1" in header(app)


async def test_red_detail_master_detail() -> None:
    app = sample_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("3")
        pane = red_pane(app)
        assert column(pane.list, 0) == [
            "CS07",
            "GL02",
            "GL03",
            "SEN01",
            "SCS01",
            "SCS04",
            "SCS05",
            "SCS06",
        ]
        detail = pane.detail
        assert "CS07" in plain(detail.title_)
        facts = plain(detail.facts)
        for part in (
            "62.3%",
            "70.0%",
            "66.0%",
            "7.7 pts short of target",
            "3.7 pts short of floor",
            "higher is better",
        ):
            assert part in facts
        assert "RAG by quarter" in plain(detail.strip)
        assert "2024/25 Q2" in plain(detail.history) and "2020/21 Q3" in plain(detail.history)
        assert "Commentary" in plain(detail.words)
        assert detail.chart.series is not None and detail.chart.series.targets[-1] == 70.0
        await pilot.press("j")
        await pilot.pause()
        assert "GL02" in plain(detail.title_) and app.kpi_id == "GL02"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, KpiDetailScreen)


async def test_changes_panel() -> None:
    app = sample_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("5")
        pane = app.main.panes["changes"]
        assert isinstance(pane, ChangesPane)
        assert [(r[0], r[1]) for r in rows(pane.table)] == [
            ("New Red", "SCS05"),
            ("No longer Red", "SEN02"),
            ("Worsened", "WM01"),
        ]
        assert "1 new Red, 1 no longer Red, 3 RAG changes" in plain(pane.heading)
        transitions = plain(pane.transitions)
        assert "from \\ to" in transitions and "16" in transitions
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, KpiDetailScreen) and app.kpi_id == "SCS05"


# ---- help, keymap, palette ---------------------------------------------------------------
async def test_help_lists_every_binding() -> None:
    app = sample_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = plain(app.screen.query_one("#help-table", Static), width=160)
        for ident in (
            "app.quit",
            "app.help",
            "app.reload",
            "app.export",
            "period.previous",
            "period.next",
            "panel.summary",
            "panel.indicators",
            "panel.red",
            "panel.trends",
            "panel.changes",
            "indicators.search",
            "indicators.sort",
            "filter.red",
            "filter.amber",
            "filter.green",
            "filter.no_data",
            "filter.clear",
            "kpi.next",
            "table.down",
            "table.bottom",
            "tree.down",
            "focus.tree",
            "view.tree",
            "detail.close",
        ):
            assert ident in text, ident
        assert "Command palette" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_keymap_from_config_remaps_keys() -> None:
    config = load_config(SAMPLE_CONFIG).config
    remapped = Config(
        organisation=config.organisation,
        directorates=config.directorates,
        keys={"period.previous": "comma", "panel.red": "ctrl+r", "app.help": "f2"},
    )
    app = sample_app(config=remapped)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("left_square_bracket")  # no longer bound
        await pilot.pause()
        assert "2024/25 Q2" in header(app)
        await pilot.press("comma")
        await pilot.pause()
        assert "2024/25 Q1" in header(app)
        await pilot.press("ctrl+r")
        assert app.main.active_panel == "red"
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = plain(app.screen.query_one("#help-table", Static), width=160)
        line = next(ln for ln in text.splitlines() if "period.previous" in ln)
        assert line.split()[0] == ","


async def test_a_remap_onto_a_taken_key_is_not_applied() -> None:
    """``p`` is Prev KPI in the Trends panel: Prev qtr keeps ``[`` (the issue's example)."""
    config = load_config(SAMPLE_CONFIG).config
    remapped = Config(directorates=config.directorates, keys={"period.previous": "p"})
    app = sample_app(config=remapped)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        assert app.keymap_overrides == {}
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert "2024/25 Q1" in header(app)


async def test_command_palette_jumps() -> None:
    app = sample_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        titles = [title for title, _, _ in commands(app)]
        for wanted in (
            "Period: 2024/25 Q1",
            "Period: 2024/25 Q2 (latest)",
            "Directorate: Governance and Law",
            "Service area: Public Health (Adult Social Care and Health)",
            "Panel: Trends",
            "Filter indicators: Red only",
        ):
            assert wanted in titles
        assert any(t.startswith("KPI: GL03 · Percentage of Data Protection") for t in titles)
        await palette_run(app, pilot, "Directorate: Governance")
        assert app.scope == Scope("Governance and Law")
        await palette_run(app, pilot, "KPI: SCS05")
        await pilot.pause()
        assert isinstance(app.screen, KpiDetailScreen) and app.kpi_id == "SCS05"
        dict((t, c) for t, c, _ in commands(app))["Period: 2023/24 Q4"]()
        await pilot.pause()
        assert "2023/24 Q4" in header(app)
        dict((t, c) for t, c, _ in commands(app))["Filter indicators: Amber only"]()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and indicators(app).rag_filter == "amber"


# ---- export ------------------------------------------------------------------------------
async def test_export_without_the_export_screen(
    monkeypatch: pytest.MonkeyPatch, notes: Notes
) -> None:
    monkeypatch.setitem(sys.modules, "qpr_tui.tui.export_screen", None)
    app = sample_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        seen = notes(app)
        await pilot.press("e")
        await pilot.pause()
        assert seen == ["export is not available in this installation."]
        assert isinstance(app.screen, MainScreen)


class FakeExportScreen(ModalScreen[Path | None]):
    calls: ClassVar[list[tuple[object, int, Scope]]] = []

    def __init__(self, analysis: object, period: int, scope: Scope, fmt: str | None) -> None:
        super().__init__()
        FakeExportScreen.calls.append((analysis, period, scope))
        self.fmt = fmt or "html"
        self.written = [Path("/tmp/qpr-report.html")]

    def on_mount(self) -> None:
        self.dismiss(Path("/tmp/qpr-report.html"))


async def test_export_pushes_the_export_screen(
    monkeypatch: pytest.MonkeyPatch, notes: Notes
) -> None:
    module = types.ModuleType("qpr_tui.tui.export_screen")
    module.ExportScreen = FakeExportScreen  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "qpr_tui.tui.export_screen", module)
    FakeExportScreen.calls.clear()
    app = sample_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        seen = notes(app)
        await pilot.press("left_square_bracket", "e")
        await pilot.pause()
        await pilot.pause()
        assert len(FakeExportScreen.calls) == 1
        analysis, period, scope = FakeExportScreen.calls[0]
        assert analysis is app.analysis and period == app.period and scope == Scope()
        assert seen == ["Wrote /tmp/qpr-report.html"]


async def test_export_remembers_the_last_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, notes: Notes
) -> None:
    from textual.widgets import Input, Select

    from qpr_tui.tui.export_screen import ExportScreen

    monkeypatch.chdir(tmp_path)
    app = sample_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        seen = notes(app)
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        formats = screen.query_one("#export-format", Select)
        assert formats.has_focus and formats.value == "html"
        formats.value = "csv"
        await pilot.pause()
        screen.query_one("#export-path", Input).focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert seen == [
            f"Wrote {tmp_path / 'qpr-2024-25-Q2-all.csv'} and "
            f"{tmp_path / 'qpr-2024-25-Q2-all.provenance.json'}"
        ]
        await pilot.press("e")
        await pilot.pause()
        again = app.screen
        assert isinstance(again, ExportScreen)
        assert again.query_one("#export-format", Select).value == "csv"
        assert again.query_one("#export-path", Input).value.endswith("qpr-2024-25-Q2-all.csv")


# ---- reload and errors -------------------------------------------------------------------
async def test_reload_keeps_period_scope_and_kpi(tmp_path: Path, notes: Notes) -> None:
    path = sample_copy(tmp_path)
    app = QprApp([str(path)], config=load_config(SAMPLE_CONFIG))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        seen = notes(app)
        app.set_scope(Scope("Governance and Law"))
        await pilot.press("left_square_bracket", "2", "j")
        await pilot.pause()
        assert app.kpi_id == "GL02"
        first = app.analysis
        generation = app.generation
        await pilot.press("r")
        await loaded(app, pilot)
        await pilot.pause()
        assert app.analysis is not first and app.generation == generation + 1
        assert app.period == first.previous(first.latest) if first else False
        assert app.scope == Scope("Governance and Law") and app.kpi_id == "GL02"
        assert "2024/25 Q1" in header(app)
        assert indicators(app).table.row_kpi() == "GL02"
        assert seen == ["Reloaded qpr.csv"]
        # A reload that fails keeps the last good data on screen.
        path.write_text("foo,bar\n1,2\n", encoding="utf-8")
        await pilot.press("r")
        await loaded(app, pilot)
        assert app.analysis is not None and app.generation == generation + 1
        assert "2024/25 Q1" in header(app)
        assert isinstance(app.screen, MainScreen)
        assert "qpr.csv" in seen[-1] and "Still showing the data loaded before" in seen[-1]
        # So does one whose file has been deleted since.
        path.unlink()
        await pilot.press("r")
        await loaded(app, pilot)
        assert app.analysis is not None and app.generation == generation + 1
        assert "the file does not exist" in seen[-1]
        assert "Still showing the data loaded before" in seen[-1]


async def test_broken_file_shows_error_screen_and_retry(tmp_path: Path) -> None:
    bad = tmp_path / "broken.csv"
    bad.write_text("foo,bar\n1,2\n", encoding="utf-8")
    app = QprApp([str(bad)])
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, ErrorScreen)
        message = plain(screen.body)
        assert "broken.csv, line 1" in message
        assert "no column names the KPI" in message
        assert "press r to try again" in message
        assert app.is_running
        for key in ("left_square_bracket", "e", "2"):  # nothing to show: nothing breaks
            await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        bad.write_text(HEADER + "X1,Fixed,Dir,,%,H,2024/25 Q2,50,60,40,\n", encoding="utf-8")
        await pilot.press("r")
        await loaded(app, pilot)
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert tiles(app)["red"] == "0" and tiles(app)["amber"] == "1"
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_markup_and_escapes_in_data_display_literally(tmp_path: Path) -> None:
    csv = tmp_path / "odd.csv"
    csv.write_text(
        HEADER
        + 'X1,Broken [/] tag [red]x,Dir [bold]A,[b]Area,%,H,2024/25 Q1,50,60,40,"[/] note"\n'
        + 'X1,Broken [/] tag [red]x,Dir [bold]A,[b]Area,%,H,2024/25 Q2,30,60,40,"[/] note"\n'
        + "X2,Plain \x1b[31mesc,Dir [bold]A,[b]Area,%,H,2024/25 Q2,70,60,40,\n",
        encoding="utf-8",
    )
    app = QprApp([str(csv)])
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        assert isinstance(app.screen, MainScreen)
        summary = app.main.panes["summary"]
        assert isinstance(summary, SummaryPane)
        assert "Broken [/] tag [red]x" in plain(summary.red_list)
        labels = [plain(n.label) for n in app.main.dir_tree.root.children]
        assert any("Dir [bold]A" in label for label in labels)
        assert "[b]Area" in plain(app.main.dir_tree.root.children[0].children[0].label)
        await pilot.press("2")
        names = column(indicators(app).table, 1)
        assert names[0].startswith("Broken [/] tag [red]x")
        assert "\x1b" not in names[1] and "\\x1b[31mesc" in names[1]
        await pilot.press("3")
        detail = red_pane(app).detail
        assert "Broken [/] tag [red]x" in plain(detail.title_)
        assert "[/] note" in plain(detail.words)
        await pilot.press("4", "5", "enter")
        await pilot.pause()
        titles = [t for t, _, _ in commands(app)]
        assert "KPI: X1 · Broken [/] tag [red]x" in titles
        await palette_run(app, pilot, "Broken [/]")
        assert isinstance(app.screen, KpiDetailScreen) and app.kpi_id == "X1"


# ---- sizes -------------------------------------------------------------------------------
async def test_small_terminal_and_resizing() -> None:
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        assert app.main.has_class("-narrow")
        assert not app.main.tree_shown  # the tree starts hidden below 100 columns
        await pilot.press("3", "4", "d")
        await pilot.pause()
        assert app.main.tree_shown and app.focused is app.main.dir_tree
        await pilot.press("t")
        await pilot.pause()
        assert not app.main.tree_shown
        await pilot.press("2")
        narrow = indicators(app).table.columns
        narrow_width = narrow[list(narrow)[1]].width
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        await pilot.pause()
        assert app.main.has_class("-wide") and app.main.tree_shown
        wide = indicators(app).table.columns
        assert wide[list(wide)[1]].width > narrow_width
        for size, keys in (((60, 15), "3"), ((30, 10), "4"), ((120, 40), "5")):
            await pilot.resize_terminal(*size)
            await pilot.press(*keys)
        await pilot.pause()
        assert app.is_running


async def test_large_terminal_number_keys_and_quit() -> None:
    app = sample_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await loaded(app, pilot)
        # At this size the tree is as wide as its longest name needs, and no wider.
        tree = app.main.dir_tree
        assert tree.outer_size.width == tree.natural_width() < 200 * 0.3
        for key, panel in (
            ("2", "indicators"),
            ("3", "red"),
            ("4", "trends"),
            ("5", "changes"),
            ("1", "summary"),
        ):
            await pilot.press(key)
            assert app.main.active_panel == panel
            widget = app.main.panes[panel].main_widget()
            assert widget is not None and app.focused is widget
            if panel == "red":
                assert red_pane(app).detail.size.width > 80
                assert "Gap to target" in plain(red_pane(app).detail.facts)
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_only_the_red_list_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Red list (a DataTable) stops at MAX_ROWS and says so; the virtual tables of the
    other panels show every row."""
    from qpr_tui.tui.panes import base, red

    assert base.MAX_ROWS == 2000
    monkeypatch.setattr(red, "MAX_ROWS", 50)  # the same logic, smaller numbers
    lines = [HEADER.rstrip("\n")]
    for i in range(120):
        for period, value in (("2024/25 Q1", 70), ("2024/25 Q2", 30 if i % 2 else 70)):
            lines.append(f"K{i:04d},Indicator {i},Dir {i % 3},,%,H,{period},{value},60,40,")
    csv = tmp_path / "big.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    app = QprApp([str(csv)])
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("2")
        pane = indicators(app)
        assert pane.table.row_count == 120
        assert "120 of 120 KPIs" in plain(pane.status)
        await pilot.press("3")
        assert red_pane(app).list.row_count == 50
        assert "first 50" in str(red_pane(app).list.border_title)
        await pilot.press("5")
        pane5 = app.main.panes["changes"]
        assert isinstance(pane5, ChangesPane)
        assert pane5.table.row_count == 60 and "60 RAG changes in all" in plain(pane5.heading)
        assert "first" not in plain(pane5.heading)


async def test_the_kpi_detail_marks_a_provisional_value(tmp_path: Path) -> None:
    csv = tmp_path / "provisional.csv"
    csv.write_text(
        HEADER
        + "X1,Alpha,Dir,Area,%,H,2024/25 Q1,50,60,40,\n"
        + "X1,Alpha,Dir,Area,%,H,2024/25 Q2,30*,60,40,\n",
        encoding="utf-8",
    )
    app = QprApp([str(csv)])
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("3")
        facts = plain(red_pane(app).detail.facts)
        assert f"30.0%{PROVISIONAL_MARK} provisional" in facts


async def test_the_kpi_detail_says_why_a_kpi_is_not_rated(tmp_path: Path) -> None:
    csv = tmp_path / "zero.csv"
    csv.write_text(
        HEADER
        + "X1,Alpha,Dir,Area,,L,2024/25 Q1,9.1,12,,\n"
        + "X1,Alpha,Dir,Area,,L,2024/25 Q2,9.4,0,,\n",
        encoding="utf-8",
    )
    config = Config(kpi={"X1": KpiRule(zero_target="no target")})
    app = QprApp([str(csv)], config=config)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("2", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, KpiDetailScreen)
        facts = plain(screen.detail.facts)
        assert "Not rated  no target: a target of 0 means none" in facts
        assert "short of target" not in facts  # no gap to a target that is none
