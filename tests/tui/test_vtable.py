"""The virtual table: keys, messages, mouse, focus, hostile text and 200,000 rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.strip import Strip

from qpr_tui.tui.app import QprApp
from qpr_tui.tui.messages import KpiChosen, KpiHighlighted
from qpr_tui.tui.panes.indicators import IndicatorsPane
from qpr_tui.tui.widgets.vtable import KpiTable, VirtualTable

from .helpers import HEADER, column, loaded, plain

BIG = 200_000


class TableApp(App[None]):
    """One KPI table filling the screen; the messages it posts are kept."""

    def __init__(self) -> None:
        super().__init__()
        self.table = KpiTable(id="table")
        self.seen: list[Any] = []

    def compose(self) -> ComposeResult:
        yield self.table

    def on_kpi_highlighted(self, message: KpiHighlighted) -> None:
        self.seen.append(message)

    def on_kpi_chosen(self, message: KpiChosen) -> None:
        self.seen.append(message)

    def fill(self, rows: int, name: str = "Indicator") -> None:
        table = self.table
        table.clear(columns=True)
        table.add_column("ID", key="kpi_id", style="bold")
        table.add_column("Indicator", key="indicator", width=30)
        table.add_column("Value", key="value", justify="right")
        ids = [f"K{i:06d}" for i in range(rows)]
        table.set_rows(
            ids,
            [ids, [f"{name} {i}" for i in range(rows)], [f"{i * 1.5:,.1f}" for i in range(rows)]],
        )


def line(table: VirtualTable, row: int) -> str:
    """What the screen shows of the table's row ``row`` (it must be in view)."""
    y = row - int(table.scroll_y) + table.header_height
    assert 0 <= y < table.size.height, f"row {row} is not on screen"
    return strip_text(table.render_line(y))


def strip_text(strip: Strip) -> str:
    return "".join(segment.text for segment in strip)


async def test_vim_keys_move_the_cursor_and_select() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        app.fill(100)
        table = app.table
        table.focus()
        await pilot.pause()
        assert table.cursor_row == 0 and "K000000" in line(table, 0)
        await pilot.press("j", "j")
        assert table.cursor_row == 2 and table.row_kpi() == "K000002"
        await pilot.press("k")
        assert table.cursor_row == 1
        await pilot.press("G")
        await pilot.pause()
        assert table.cursor_row == 99 and "K000099" in line(table, 99)
        await pilot.press("g")
        await pilot.pause()
        assert table.cursor_row == 0 and table.scroll_y == 0
        page = table.scrollable_content_region.height - table.header_height
        await pilot.press("ctrl+d")
        assert table.cursor_row == page
        await pilot.press("ctrl+u")
        assert table.cursor_row == 0
        await pilot.press("down", "down", "up")
        assert table.cursor_row == 1
        await pilot.pause()
        assert [m.kpi_id for m in app.seen if isinstance(m, KpiHighlighted)][-1] == "K000001"
        await pilot.press("enter")
        await pilot.pause()
        chosen = [m for m in app.seen if isinstance(m, KpiChosen)]
        assert chosen and chosen[-1].kpi_id == "K000001"


async def test_h_and_l_scroll_a_wide_table_sideways() -> None:
    app = TableApp()
    async with app.run_test(size=(30, 10)) as pilot:
        app.fill(5)
        table = app.table
        table.focus()
        await pilot.pause()
        assert table.max_scroll_x > 0
        await pilot.press("l", "l", "l")
        await pilot.pause()
        assert table.scroll_x == 3
        assert strip_text(table.render_line(1)).startswith("00000 ")
        await pilot.press("h", "h", "h")
        await pilot.pause()
        assert table.scroll_x == 0 and strip_text(table.render_line(1)).startswith(" K0")


async def test_two_hundred_thousand_rows_draw_only_what_is_shown() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        app.fill(BIG)
        table = app.table
        await pilot.pause()
        assert table.row_count == BIG and table.virtual_size.height == BIG + 1
        assert table.move_to_kpi("K150000")
        await pilot.pause()
        assert table.cursor_row == 150_000
        assert "K150000" in line(table, 150_000) and "Indicator 150000" in line(table, 150_000)
        assert "225,000.0" in line(table, 150_000)
        assert len(table._lines) <= 2 * table.size.height  # the two screens shown, no more
        table.set_order(range(BIG - 1, -1, -1))  # the rows reversed, without new cells
        await pilot.pause()
        assert table.row_kpi(0) == f"K{BIG - 1:06d}" and "K199999" in line(table, 0)
        assert table.get_row_index("K000000") == BIG - 1


async def test_markup_and_escapes_in_cells_are_shown_literally() -> None:
    from qpr_tui.views.text import clean

    app = TableApp()
    async with app.run_test(size=(80, 10)) as pilot:
        table = app.table
        table.add_column("ID", key="kpi_id")
        table.add_column("Indicator", key="indicator")
        hostile = ["[bold]x[/]", clean("\x1b]52;c;ZXZpbA==\x07 paste")]
        table.set_rows(["A", "B"], [["A", "B"], hostile])
        await pilot.pause()
        first, second = line(table, 0), line(table, 1)
        assert "[bold]x[/]" in first
        assert "\\x1b]52;c;ZXZpbA==\\x07 paste" in second and "\x1b" not in second
        table.move_cursor(row=1)  # the cursor's row is bold
        await pilot.pause()
        styles = [s.style for s in table.render_line(1) if "[bold]" in s.text]
        assert styles and not any(style is not None and style.bold for style in styles)


async def test_a_click_moves_the_cursor_a_second_click_opens_and_the_header_sorts() -> None:
    headers: list[VirtualTable.HeaderSelected] = []

    class Clicks(TableApp):
        def on_virtual_table_header_selected(self, message: VirtualTable.HeaderSelected) -> None:
            headers.append(message)

    app = Clicks()
    async with app.run_test(size=(60, 20)) as pilot:
        app.fill(10)
        await pilot.pause()
        await pilot.click("#table", offset=(3, 4))  # the fourth row
        await pilot.pause()
        assert app.table.cursor_row == 3
        await pilot.click("#table", offset=(3, 4))
        await pilot.pause()
        assert any(isinstance(m, KpiChosen) and m.kpi_id == "K000003" for m in app.seen)
        await pilot.click("#table", offset=(15, 0))  # the Indicator header
        await pilot.pause()
        assert [str(h.column_key.value) for h in headers] == ["indicator"]


async def test_the_cursor_row_looks_different_when_the_table_has_focus() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 10)) as pilot:
        app.fill(5)
        app.set_focus(None)
        await pilot.pause()
        blurred = app.table.render_line(1)
        app.table.focus()
        await pilot.pause()
        focused = app.table.render_line(1)
        assert strip_text(blurred) == strip_text(focused)
        assert [s.style for s in blurred] != [s.style for s in focused]


async def test_the_indicators_table_filters_sorts_and_searches_past_two_thousand_kpis(
    tmp_path: Path,
) -> None:
    lines = [HEADER.rstrip("\n")]
    for i in range(3000):
        value = 30 if i % 3 == 0 else 70
        lines.append(
            f"K{i:05d},Indicator {i},Dir {i % 4},,%,H,2024/25 Q1,{value + i / 1000},60,40,"
        )
    csv = tmp_path / "many.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    app = QprApp([str(csv)])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        pane = app.main.panes["indicators"]
        assert isinstance(pane, IndicatorsPane)
        table = pane.table
        assert table.row_count == 3000 and "3,000 of 3,000 KPIs" in plain(pane.status)
        await pilot.press("R")
        assert table.row_count == 1000
        assert {c.split()[-1] for c in column(table, 5)} == {"Red"}
        await pilot.press("x")
        pane.sort, pane.reverse = "value", True
        pane.populate()
        await pilot.pause()
        assert table.row_kpi(0) == "K02999"  # 70 + 2.999, the largest
        await pilot.press("g")
        await pilot.pause()
        assert "K02999" in line(table, 0)
        await pilot.press("G")
        await pilot.pause()
        assert table.row_kpi() == "K00000" and "K00000" in line(table, 2999)
        pane.search.value = "indicator 123"
        await pilot.pause()
        found = ["K00123", *(f"K0{n}" for n in range(1230, 1240))]
        assert sorted(column(table, 0)) == found  # still by value, largest first
        by_value = sorted(found, key=lambda k: (int(k[1:]) % 3 != 0, int(k[1:])), reverse=True)
        assert column(table, 0) == by_value


def test_the_text_cells_keep_their_styles() -> None:
    from rich.console import Console

    from qpr_tui.tui.widgets.vtable import ColumnLook, _cell_segments

    console = Console(width=40)
    look = ColumnLook(style=console.get_style("bold"), justify="right")
    right = _cell_segments("12", look, 5, console)
    assert "".join(s.text for s in right) == "   12"
    badge = Text(" ● Green ", style="on green")
    drawn = _cell_segments(badge, ColumnLook(console.get_style("none"), "left"), 12, console)
    assert "".join(s.text for s in drawn) == " ● Green    "
    assert drawn[0].style is not None and drawn[0].style.bgcolor is not None
    long = _cell_segments(
        "a very long name", ColumnLook(console.get_style("none"), "left"), 8, console
    )
    assert "".join(s.text for s in long) == "a very …"
