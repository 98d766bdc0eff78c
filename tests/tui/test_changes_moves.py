"""The Changes panel in full: RAG changes with the same quarter last year, Direction of
Travel changes, the biggest moves against target; and visiting it moves no cursor."""

from __future__ import annotations

from pathlib import Path

from qpr_tui.tui.app import QprApp
from qpr_tui.tui.panes.changes import ChangesPane
from qpr_tui.tui.panes.indicators import IndicatorsPane

from .helpers import loaded, plain, rows, sample_app

SIZE = (120, 40)


def changes(app: QprApp) -> ChangesPane:
    pane = app.main.panes["changes"]
    assert isinstance(pane, ChangesPane)
    return pane


async def test_direction_of_travel_changes_and_biggest_moves() -> None:
    app = sample_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("5")
        await pilot.pause()
        pane = changes(app)
        assert [r[7].strip() for r in rows(pane.table)] == ["636", "14.4%", "97.7%"]  # Yr ago
        assert "Direction of Travel changes: 1" in plain(pane.dot_heading)
        assert "11 ↑ 21 → 7 ↓ then, 11 ↑ 22 → 6 ↓ now" in plain(pane.dot_heading)
        assert [[c.strip() for c in r] for r in rows(pane.dot_table)] == [
            ["SEN02", rows(pane.dot_table)[0][1].strip(), "↓ Worsening", "→ Stable"]
        ]
        moved = [[c.strip() for c in r] for r in rows(pane.moves_table)]
        assert moved[0][0] == "SEN02"
        assert moved[0][2:] == ["3.0 pts short", "0.9 pts short", "+2.1 pts", "14.4%"]
        assert moved[1][0] == "PH04" and moved[1][4] == "+5.7 pts"
        assert len(moved) == 10
        assert "Biggest moves against target: 10" in plain(pane.moves_heading)


async def test_the_first_quarter_has_nothing_to_compare() -> None:
    app = sample_app(period="2020/21 Q3")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("5")
        await pilot.pause()
        pane = changes(app)
        assert "nothing to compare with" in plain(pane.heading)
        assert not pane.dot_table.display and not pane.moves_table.display
        assert "Direction of Travel changes: none" in plain(pane.dot_heading)


async def test_visiting_changes_does_not_move_the_indicators_cursor() -> None:
    app = sample_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("2", "j", "j", "j", "j")
        await pilot.pause()
        indicators = app.main.panes["indicators"]
        assert isinstance(indicators, IndicatorsPane)
        chosen = indicators.table.row_kpi()
        assert chosen == "GL01" and app.kpi_id == "GL01"
        await pilot.press("5")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert app.kpi_id == "GL01" and indicators.table.row_kpi() == "GL01"
        await pilot.press("5", "j")  # moving in Changes does select
        await pilot.pause()
        assert app.kpi_id == "SEN02"


async def test_m_in_changes_notes_the_row_under_the_cursor(tmp_path: Path) -> None:
    from textual.widgets import TextArea

    from qpr_tui.config import load_config
    from qpr_tui.loading import SAMPLE_CONFIG

    from .helpers import sample_copy

    app = QprApp([str(sample_copy(tmp_path))], config=load_config(SAMPLE_CONFIG))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("5", "j", "m")
        await pilot.pause()
        app.screen.query_one("#note-text", TextArea).text = "Why did it recover?"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.analysis is not None
        assert app.analysis.notes.for_period(app.period) == {"SEN02": "Why did it recover?"}


async def test_indicators_sort_by_gap_to_target() -> None:
    from .helpers import column

    app = sample_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("2")
        pane = app.main.panes["indicators"]
        assert isinstance(pane, IndicatorsPane)
        pane.sort, pane.reverse = "gap", False
        pane.populate()
        gaps = [r["gap"] for r in pane.rows]
        shown = column(pane.table, 0)
        by_gap = {r["kpi_id"]: r["gap"] for r in pane.rows}
        known = [by_gap[k] for k in shown if by_gap[k] is not None]
        assert known == sorted(g for g in gaps if g is not None)  # furthest short first
        assert by_gap[shown[-1]] is None  # no gap (no value or target) last
        assert "sort: gap to target ▲" in plain(pane.status)
