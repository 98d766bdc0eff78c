"""The app on data of other frequencies: an all-annual dataset steps over years."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Static
from textual.widgets._footer import FooterKey

from qpr_tui.config import Config
from qpr_tui.tui.app import QprApp, help_sections
from qpr_tui.tui.screens.help import merge

from .helpers import HEADER, loaded, plain, sample_app

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


def footer_words(app: QprApp) -> set[str]:
    return {plain(key.render()).strip() for key in app.screen.query(FooterKey)}


async def test_the_period_keys_say_year_for_annual_data(tmp_path: Path) -> None:
    app = QprApp([str(annual_file(tmp_path))], config=Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        assert {"[ Prev year", "] Next year"} <= footer_words(app)
        assert not any("qtr" in words for words in footer_words(app))
        everywhere = help_sections(app)[0][1]
        words = {ident: words for _, words, ident in merge(app, everywhere, {})}
        assert words["period.previous"] == "Prev year" and words["period.next"] == "Next year"


async def test_the_period_keys_say_quarter_for_quarterly_data(tmp_path: Path) -> None:
    app = sample_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        assert {"[ Prev qtr", "] Next qtr"} <= footer_words(app)
        words = {ident: words for _, words, ident in merge(app, help_sections(app)[0][1], {})}
        assert words["period.previous"] == "Prev qtr"
