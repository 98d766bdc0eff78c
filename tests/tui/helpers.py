"""Shared helpers for the TUI's Pilot and snapshot tests."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rich.console import Console, RenderableType
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from qpr_tui.config import Config, LoadedConfig, load_config
from qpr_tui.loading import SAMPLE, SAMPLE_CONFIG
from qpr_tui.tui.app import QprApp
from qpr_tui.tui.widgets.frozen import FrozenLines
from qpr_tui.tui.widgets.vtable import VirtualTable

HEADER = (
    "kpi_id,indicator,directorate,service_area,unit,polarity,period,value,target,floor,commentary\n"
)


def sample_app(config: LoadedConfig | Config | None = None, **kwargs: Any) -> QprApp:
    """The app on the bundled sample, as ``qpr`` with no arguments opens it."""
    return QprApp([str(SAMPLE)], config=config or load_config(SAMPLE_CONFIG), **kwargs)


def sample_copy(tmp_path: Path) -> Path:
    target = tmp_path / "qpr.csv"
    target.write_bytes(SAMPLE.read_bytes())
    return target


async def loaded(app: QprApp, pilot: Pilot[None]) -> None:
    """Wait for the loading worker, then for its message to be handled."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    for _ in range(50):
        if app.analysis is not None or app.load_error is not None:
            break
        await pilot.pause(0.02)
    await pilot.pause()


def plain(renderable: RenderableType | Any, width: int = 200) -> str:
    """What a Rich renderable (or a Static's content) reads as, without styles."""
    if isinstance(renderable, Static | FrozenLines):
        renderable = renderable.content
    if isinstance(renderable, str):
        return renderable
    if isinstance(renderable, Text):
        return renderable.plain
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def rows(table: DataTable[Any] | VirtualTable) -> list[list[str]]:
    """Every row of a table as plain strings."""
    return [[plain(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def column(table: DataTable[Any] | VirtualTable, index: int) -> list[str]:
    return [row[index].strip() for row in rows(table)]
