"""SVG snapshots of the eight panels at 120×40 and at 80×24, the KPI detail and the export
dialog at 80×24.

Regenerate after a deliberate change with ``pytest tests/snapshots --snapshot-update`` and look
at the SVGs (or ``snapshot_report.html`` when a comparison fails) before committing them.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from qpr_tui.tui.app import QprApp
from tests.tui.helpers import loaded, sample_app

SnapCompare = Callable[..., bool]


async def wait_for_data(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, QprApp)
    await loaded(app, pilot)


@pytest.mark.parametrize(
    "panel",
    ["1", "2", "3", "4", "5", "6", "7", "8"],
    ids=["summary", "indicators", "red", "trends", "changes", "quality", "benchmark", "notes"],
)
def test_panel(snap_compare: SnapCompare, panel: str) -> None:
    assert snap_compare(
        sample_app(), terminal_size=(120, 40), press=[panel], run_before=wait_for_data
    )


def test_summary_80x24(snap_compare: SnapCompare) -> None:
    assert snap_compare(sample_app(), terminal_size=(80, 24), run_before=wait_for_data)


@pytest.mark.parametrize(
    "panel",
    ["1", "2", "3", "4", "5", "6", "7", "8"],
    ids=["summary", "indicators", "red", "trends", "changes", "quality", "benchmark", "notes"],
)
def test_panel_80x24(snap_compare: SnapCompare, panel: str) -> None:
    assert snap_compare(
        sample_app(), terminal_size=(80, 24), press=[panel], run_before=wait_for_data
    )


def test_indicators_with_the_tree_80x24(snap_compare: SnapCompare) -> None:
    assert snap_compare(
        sample_app(), terminal_size=(80, 24), press=["t", "2"], run_before=wait_for_data
    )


def test_kpi_detail_80x24(snap_compare: SnapCompare) -> None:
    assert snap_compare(
        sample_app(), terminal_size=(80, 24), press=["3", "enter"], run_before=wait_for_data
    )


def test_export_dialog_80x24(snap_compare: SnapCompare) -> None:
    async def open_dialog(pilot: Pilot[None]) -> None:
        await wait_for_data(pilot)
        await pilot.press("e")
        await pilot.pause()
        # The file box names the working folder: show a fixed name instead.
        pilot.app.screen.query_one("#export-path", Input).value = "qpr-2024-25-Q2-all.html"
        await pilot.pause()

    assert snap_compare(sample_app(), terminal_size=(80, 24), run_before=open_dialog)
