"""The app on data of other frequencies: an all-annual dataset steps over years."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Static

from qpr_tui.config import Config
from qpr_tui.tui.app import QprApp

from .helpers import HEADER, loaded, plain

Notes = Callable[[QprApp], list[str]]


def header(app: QprApp) -> str:
    return plain(app.screen.query_one("#header", Static).render())


def annual_file(tmp_path: Path) -> Path:
    path = tmp_path / "annual.csv"
    rows = "".join(
        f"K1,Kpi one,Place,,%,H,{year}-{(year + 1) % 100:02d},{60 + year % 5},62,58,\n"
        for year in range(2016, 2023)
    )
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


async def test_time_travel_steps_over_years(tmp_path: Path, notes: Notes) -> None:
    app = QprApp([str(annual_file(tmp_path))], config=Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        seen = notes(app)
        assert "2022/23" in header(app) and "compared with 2021/22" in header(app)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert "2021/22" in header(app) and "compared with 2020/21" in header(app)
        assert "◂ the latest is 2022/23" in header(app)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert seen == ["2022/23 is the latest year in the data."]
