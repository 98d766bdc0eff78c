"""Panels 6 (data quality) and 7 (benchmark), organisation switching, and the bad-input
corpus opened in the TUI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from polars.testing import assert_frame_equal

from qpr_tui.config import LoadedConfig, parse_config
from qpr_tui.ingest import reader
from qpr_tui.tui.app import QprApp
from qpr_tui.tui.panes.benchmark import BenchmarkPane
from qpr_tui.tui.panes.indicators import IndicatorsPane
from qpr_tui.tui.panes.quality import QualityPane
from qpr_tui.tui.screens.error import ErrorScreen
from qpr_tui.tui.screens.kpi_detail import KpiDetailScreen
from tests.test_bad_inputs import BAD, UNUSABLE, USABLE
from tests.tui.helpers import column, loaded, plain, rows

FLAWED = (
    "kpi_id,indicator,unit,polarity,period,value,target,floor\n"
    "A1,Alpha,%,H,2024/25 Q1,80,80,70\nA1,Alpha,%,H,2024/25 Q2,oops,80,70\n"
    "B1,Beta,%,H,2024/25 Q1,80,70,75\nB1,Beta,%,H,2024/25 Q2,81,70,75\n"
    "C1,Gamma,%,H,2024/25 Q1,50,60,40\nC1,Gamma,%,H,2024/25 Q2,55,60,40\n"
)

BENCH = "organisation,kpi_id,indicator,polarity,period,value,target,floor\n" + "".join(
    f"{org},UP,Up KPI,H,{p},{v},50,40\n"
    for p, values in (("Jun-24", (10, 20, 30, 40, 50)), ("Sep-24", (70, 90, 60, 50, 10)))
    for org, v in zip(("Home", "A", "B", "C", "D"), values, strict=True)
)


async def test_quality_panel_lists_findings_and_flags_kpis(tmp_path: Path) -> None:
    path = tmp_path / "flawed.csv"
    path.write_text(FLAWED)
    app = QprApp([str(path)])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("6")
        await pilot.pause()
        pane = app.main.panes["quality"]
        assert isinstance(pane, QualityPane)
        heading = plain(pane.heading)
        assert "1 errors, 2 warnings" in heading
        found = rows(pane.table)
        assert [r[0].strip() for r in found] == ["✖", "▲", "▲"]
        assert found[0][1].strip() == "flawed.csv:4:8"  # B1's floor above its target
        assert "floor (75) is above the target (70)" in found[0][4]
        assert found[1][4].startswith("the latest value is for 2024/25 Q1")  # A1 is stale
        detail = plain(pane.detail)
        assert "flawed.csv, line 4, column 8 (floor)  ·  B1 2024/25 Q1" in detail
        assert detail.startswith("✖ Error  ")
        assert found[2][1].strip() == "flawed.csv:3:6"  # A1's unusable value
        await pilot.press("j")
        await pilot.pause()
        assert "older than the latest period in the data (2024/25 Q2)" in plain(pane.detail)
        await pilot.press("v")  # errors only
        await pilot.pause()
        assert len(rows(pane.table)) == 1
        await pilot.press("enter")
        await pilot.pause()
        assert app.kpi_id == "B1"
        await pilot.press("escape", "2")
        await pilot.pause()
        indicators = app.main.panes["indicators"]
        assert isinstance(indicators, IndicatorsPane)
        flags = dict(zip(column(indicators.table, 0), column(indicators.table, 9), strict=True))
        assert flags == {"A1": "▲", "B1": "✖", "C1": ""}


def bench_app(tmp_path: Path, config: LoadedConfig | None = None) -> tuple[QprApp, Path]:
    """The app on the BENCH file written in ``tmp_path`` (and the file's path)."""
    path = tmp_path / "bench.csv"
    path.write_text(BENCH)
    return QprApp([str(path)], config=config), path


async def test_benchmark_panel_ranks_and_peer_groups(tmp_path: Path) -> None:
    app, _ = bench_app(tmp_path, parse_config('[peer_groups]\nnear = ["A", "D", "Nowhere"]\n'))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("7")
        await pilot.pause()
        pane = app.main.panes["benchmark"]
        assert isinstance(pane, BenchmarkPane)
        assert "Home against all organisations (5 organisations" in plain(pane.heading)
        assert rows(pane.table)[0][3].strip() == "2 of 5"
        detail = plain(pane.detail)
        assert "24/25 Q1" in detail and "5 of 5" in detail and "2 of 5" in detail
        await pilot.press("b")
        await pilot.pause()
        assert "against peer group 'near'" in plain(pane.heading)
        assert rows(pane.table)[0][3].strip() == "2 of 3"
        await pilot.press("b")
        await pilot.pause()
        assert "against all organisations" in plain(pane.heading)
        app.set_organisation("D")
        await loaded(app, pilot)
        await pilot.pause()
        assert app.analysis is not None and app.analysis.organisation == "D"
        assert rows(pane.table)[0][3].strip() == "5 of 5"


async def test_a_switch_of_organisation_says_so_and_a_reload_says_reloaded(
    tmp_path: Path, notes: Any
) -> None:
    app, _ = bench_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        seen = notes(app)
        app.set_organisation("D")
        await loaded(app, pilot)
        await pilot.pause()
        assert seen[-1] == "D is the home organisation"
        await pilot.press("r")
        await loaded(app, pilot)
        await pilot.pause()
        assert seen[-1] == "Reloaded bench.csv"


async def test_benchmark_detail_names_the_polarity_in_words(tmp_path: Path) -> None:
    path = tmp_path / "bench.csv"
    header, body = BENCH.split("\n", 1)
    close = body.replace(",UP,Up KPI,H,", ",MID,Mid KPI,goldilocks,")
    data_only = body.replace(",UP,Up KPI,H,", ",INFO,Info KPI,data only,")
    path.write_text(f"{header}\n{close}{data_only}")
    app = QprApp([str(path)])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("7")
        await pilot.pause()
        pane = app.main.panes["benchmark"]
        assert isinstance(pane, BenchmarkPane)
        app.select_kpi("MID")
        await pilot.pause()
        assert "(close to target is best; rank 1 is best)" in plain(pane.detail)
        app.select_kpi("INFO")
        await pilot.pause()
        assert "(data only, no good direction; rank 1 is best)" in plain(pane.detail)


async def test_benchmark_detail_of_annual_data_counts_years(tmp_path: Path) -> None:
    path = tmp_path / "bench.csv"
    path.write_text(BENCH.replace("Jun-24", "2023/24").replace("Sep-24", "2024/25"))
    app = QprApp([str(path)])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("7")
        await pilot.pause()
        pane = app.main.panes["benchmark"]
        assert isinstance(pane, BenchmarkPane)
        detail = plain(pane.detail)
        assert "Year" in detail.split() and "Quarter" not in detail


async def test_benchmark_panel_with_one_organisation() -> None:
    from tests.tui.helpers import sample_app

    app = sample_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("7")
        await pilot.pause()
        pane = app.main.panes["benchmark"]
        assert isinstance(pane, BenchmarkPane)
        assert "Benchmarking needs several organisations" in plain(pane.heading)
        assert "Kent County Council" in plain(pane.heading)


@pytest.mark.parametrize("name", sorted(UNUSABLE))
async def test_unusable_corpus_file_shows_error_screen(name: str) -> None:
    app = QprApp([str(BAD / name)])
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        assert isinstance(app.screen, ErrorScreen)
        text = app.load_error or ""
        assert name in text
        fragment = UNUSABLE[name].split(": ", 1)[-1].split(" is in ")[0][:40]
        assert fragment.split(", line")[0].rsplit("/", 1)[-1] in text or fragment in text
        await pilot.press("r")  # retrying keeps the app alive and on the error screen
        await loaded(app, pilot)
        assert app.is_running and isinstance(app.screen, ErrorScreen)


@pytest.mark.parametrize("name", sorted(USABLE))
async def test_usable_corpus_file_opens(name: str) -> None:
    app = QprApp([str(BAD / name)])
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        assert app.analysis is not None and app.load_error is None
        assert app.analysis.summary().total == USABLE[name][1]
        for key in ("2", "3", "4", "5", "6", "7"):
            await pilot.press(key)
        await pilot.pause()
        assert app.is_running


async def test_kpi_detail_key_line_follows_the_keymap() -> None:
    from qpr_tui.config import load_config
    from qpr_tui.loading import SAMPLE_CONFIG
    from tests.tui.helpers import sample_app

    loaded_config = load_config(SAMPLE_CONFIG)
    loaded_config.config.keys["kpi.next"] = "N"
    app = sample_app(config=loaded_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("2", "enter")
        await pilot.pause()
        keys = plain(app.screen.query_one("#detail-keys"))
        assert " esc  Back" in keys and " N  Next KPI" in keys
        assert keys.count("Help") == 1
        await pilot.press("N")
        await pilot.pause()
        assert app.kpi_id == "CS04"


async def test_benchmark_panel_shows_the_field_where_home_has_no_data(tmp_path: Path) -> None:
    """Home has no row in Jun-24 and no value in Sep-24: the field's figures stand all the same."""
    path = tmp_path / "bench.csv"
    header, *lines = BENCH.splitlines(keepends=True)
    others = [line for line in lines if not line.startswith("Home,")]
    path.write_text("".join([header, "Home,UP,Up KPI,H,Sep-24,n/a,50,40\n", *others]))
    app = QprApp([str(path)])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("7")
        await pilot.pause()
        pane = app.main.panes["benchmark"]
        assert isinstance(pane, BenchmarkPane)
        row = [cell.strip() for cell in rows(pane.table)[0]]
        assert row[2:] == ["no data", "–", "–", "55", "40 – 67.5"]
        detail = [line.split() for line in plain(pane.detail).splitlines()]
        assert ["24/25", "Q1", "no", "data", "–", "–", "35", "27.5–42.5", "20–50"] in detail
        assert ["24/25", "Q2", "no", "data", "–", "–", "55", "40–67.5", "10–90"] in detail


async def test_switching_back_shows_the_organisation_kept_unless_the_file_changed(
    tmp_path: Path,
) -> None:
    app, path = bench_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        home = app.analysis
        assert home is not None and home.organisation == "Home"
        app.set_organisation("A")
        await loaded(app, pilot)
        assert app.analysis is not None and app.analysis.organisation == "A"
        reads: list[bool] = []
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(QprApp, "_load", lambda self, reload, kept=None: reads.append(reload))
            app.set_organisation("Home")
            await pilot.pause()
        assert reads == [] and app.analysis is home  # kept, not read again
        assert "Back to Home" in " ".join(str(n.message) for n in app._notifications)
        path.write_text(BENCH.replace("Up KPI", "Up KPI (revised)"))
        app.set_organisation("A")  # the file has changed since A was read: read it again
        await loaded(app, pilot)
        assert app.analysis is not None and app.analysis.organisation == "A"
        indicators = app.analysis.summary().kpis.get_column("indicator").to_list()
        assert indicators == ["Up KPI (revised)"]


def _blocks_file(tmp_path: Path) -> Path:
    """Organisations one after another (so a switch reads only the new one's records), each
    with its own values, commentary and a value that cannot be read."""
    head = "organisation,kpi_id,indicator,polarity,period,value,target,floor,commentary\n"
    lines = [
        f"{org},{kpi},{kpi} KPI,H,{period},{'n/a' if (n + q) % 4 == 0 else 10 * n + q},50,40,"
        f'"{org} on {kpi}, {period}"\n'
        for n, org in enumerate(("Home", "A", "B", "C"))
        for kpi in ("UP", "ALSO")
        for q, period in enumerate(("Jun-24", "Sep-24", "Dec-24"))
    ]
    path = tmp_path / "blocks.csv"
    path.write_text(head + "".join(lines))
    return path


def _count_whole_reads(patch: pytest.MonkeyPatch, reads: list[object]) -> None:
    whole = reader._read_whole

    def counted(*args: Any) -> Any:
        reads.append(args)
        return whole(*args)

    patch.setattr(reader, "_read_whole", counted)


async def _shown(app: QprApp, pilot: Any) -> tuple[list[list[str]], str, str, str]:
    """The indicators table, the quality panel's heading and one KPI's detail as shown."""
    await pilot.press("2")
    await pilot.pause()
    table = rows(app.main.panes["indicators"].table)  # type: ignore[attr-defined]
    await pilot.press("6")
    await pilot.pause()
    quality = plain(app.main.panes["quality"].heading)  # type: ignore[attr-defined]
    app.open_kpi("UP")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, KpiDetailScreen)
    shown = plain(screen.detail.words), plain(screen.detail.history)
    await pilot.press("escape")
    await pilot.pause()
    return table, quality, *shown


async def test_switching_to_an_organisation_not_shown_shows_what_loading_it_shows(
    tmp_path: Path,
) -> None:
    path = _blocks_file(tmp_path)
    direct = QprApp([str(path)], organisation="B")
    async with direct.run_test(size=(120, 40)) as pilot:
        await loaded(direct, pilot)
        want = await _shown(direct, pilot)
        assert direct.analysis is not None
        frame = direct.analysis.dataset.frame
    assert "B on UP, Dec-24" in want[2] and "2 warnings" in want[1] and "rows of B" in want[1]
    app = QprApp([str(path)], organisation="Home")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        assert app._retained is not None  # what a switch reuses
        reads: list[object] = []
        with pytest.MonkeyPatch.context() as patch:
            _count_whole_reads(patch, reads)
            app.set_organisation("B")
            await loaded(app, pilot)
        assert reads == []  # B's records only
        assert app.analysis is not None and app.analysis.organisation == "B"
        assert_frame_equal(app.analysis.dataset.frame, frame)
        assert await _shown(app, pilot) == want
        path.write_text(path.read_text().replace("C on", "C, revised, on"))
        with pytest.MonkeyPatch.context() as patch:
            _count_whole_reads(patch, reads)
            app.set_organisation("C")  # the file has changed: read it whole again
            await loaded(app, pilot)
        assert len(reads) == 1
        assert app.analysis is not None and app.analysis.organisation == "C"
        assert "C, revised, on UP" in (await _shown(app, pilot))[2]
