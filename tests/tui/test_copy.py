"""``c`` copies the focused row (tab-separated) or the Summary, never raw control codes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qpr_tui.tui.app import QprApp

from .helpers import HEADER, loaded, sample_app

Notes = Callable[[QprApp], list[str]]
SIZE = (120, 40)


async def test_c_on_the_summary_copies_the_summary_as_text(notes: Notes) -> None:
    app = sample_app()
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("c")
        await pilot.pause()
        text = app.clipboard
        assert "Kent County Council" in text and "40 KPIs" in text
        assert "Cover report text" in text and "Red indicators" in text
        assert "\x1b" not in text
        lines = text.count("\n")
        assert seen[-1] == f"Copied the Summary to the clipboard ({lines} lines)."


async def test_c_in_a_table_copies_the_row_tab_separated(notes: Notes) -> None:
    app = sample_app()
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("2", "j", "c")
        await pilot.pause()
        cells = app.clipboard.split("\t")
        assert "\n" not in app.clipboard
        assert cells[0] == app.kpi_id and len(cells) > 4
        assert seen[-1] == f"Copied the row of {app.kpi_id} to the clipboard (1 line)."


async def test_copied_cells_carry_no_control_codes(tmp_path: Path) -> None:
    data = tmp_path / "evil.csv"
    data.write_text(
        HEADER + 'X1,"Evil \x1b]52;c;aGk=\x07 name",Dir,Area,%,H,2024/25 Q2,50,60,40,\n',
        encoding="utf-8",
    )
    app = QprApp([str(data)])
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("2", "c")
        await pilot.pause()
        assert "Evil \\x1b]52;c;aGk=\\x07 name" in app.clipboard
        assert not any(ord(ch) < 0x20 and ch != "\t" for ch in app.clipboard)
        await pilot.press("1", "c")
        await pilot.pause()
        assert "\x1b" not in app.clipboard and "\x07" not in app.clipboard


async def test_c_where_there_is_nothing_to_copy_says_so(notes: Notes) -> None:
    app = sample_app()
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("4", "c")  # the Trends panel: a chart and text, no row
        await pilot.pause()
        assert app.clipboard == ""
        assert seen[-1] == "Nothing to copy here: move to a table row, or to the Summary."
