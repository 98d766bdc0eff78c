"""Shared fixtures for the export tests: the bundled sample at 2024/25 Q2, a fixed clock,
a small hostile dataset (formula, markup and HTML in the data), and stand-in chart
pictures (`stand_in_charts`) for tests that must not depend on the chart renderer."""

from __future__ import annotations

import csv
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest

from qpr_tui.analysis.summary import Analysis
from qpr_tui.config import load_config
from qpr_tui.document import TrendChart
from qpr_tui.ingest.reader import load
from qpr_tui.loading import SAMPLE, SAMPLE_CONFIG

NOW = datetime(2025, 1, 9, 9, 30, tzinfo=timezone.utc)
NOW_TEXT = "2025-01-09T09:30:00Z"

HYPERLINK = '=HYPERLINK("http://x")'
SCRIPT = "<script>alert(1)</script> & [bold]x[/] | *y* _z_"


@dataclass
class Loaded:
    analysis: Analysis
    period: int
    files: list[Path]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The caller's environment must not change what an export contains."""
    for name in ("QPR_CONFIG", "QPR_EXPORT_TIME", "SOURCE_DATE_EPOCH", "QPR_DEBUG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def sample() -> Loaded:
    settings = load_config(SAMPLE_CONFIG)
    analysis = Analysis(load([str(SAMPLE)], settings.config), config_source=settings.source)
    return Loaded(analysis, analysis.resolve_period("2024/25 Q2"), [SAMPLE])


def write_hostile(path: Path) -> Path:
    rows = [
        [
            "kpi_id",
            "indicator",
            "directorate",
            "service_area",
            "unit",
            "polarity",
            "period",
            "value",
            "target",
            "floor",
            "commentary",
            "actions",
        ]
    ]
    for period, value in (("2024/25 Q1", "10"), ("2024/25 Q2", "8")):
        rows += [
            [
                "H1",
                HYPERLINK,
                "-Finance",
                "@SUM(A1)",
                "number",
                "H",
                period,
                value,
                "12",
                "9",
                "=1+1 said \x1b[31mred\x1b[0m",
                "[red]act[/]",
            ],
            ["H2", SCRIPT, "R&D <Ops>", "", "number", "L", period, "-5.2", "-4", "-3", "", ""],
            ["+3", "Plain", "-Finance", "", "%", "H", period, "50", "60", "55", "", ""],
        ]
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(rows)
    return path


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Loaded:
    path = write_hostile(tmp_path_factory.mktemp("hostile") / "hostile.csv")
    analysis = Analysis(load([str(path)], load_config(None).config))
    return Loaded(analysis, analysis.resolve_period("2024/25 Q2"), [path])


# ---- stand-in chart pictures ----------------------------------------------------------------
def tiny_png() -> bytes:
    """A valid 2 x 1 PNG: enough for a writer to place a picture."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\xff\xff\xff" * 2)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _stand_in_module() -> types.ModuleType:
    from html import escape

    module = types.ModuleType("qpr_tui.export.charts")

    def render_png(chart: TrendChart, **_: object) -> bytes:
        return tiny_png()

    def render_svg(chart: TrendChart, **_: object) -> str:
        label = escape(f"{chart.kpi_id}: {len(chart.values)} periods")
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="20"><text x="0" '
            f'y="14">{label}</text></svg>'
        )

    module.render_png = render_png  # type: ignore[attr-defined]
    module.render_svg = render_svg  # type: ignore[attr-defined]
    return module


@contextmanager
def stand_in_charts() -> Iterator[None]:
    """Chart pictures that do not depend on the renderer (for goldens and quick tests)."""
    import qpr_tui.export

    module = _stand_in_module()
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, "qpr_tui.export.charts", module)
        patch.setattr(qpr_tui.export, "charts", module, raising=False)
        yield
