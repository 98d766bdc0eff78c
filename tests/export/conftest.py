"""Shared fixtures for the export tests: the bundled sample at 2024/25 Q2, a fixed clock,
and a small hostile dataset (formula, markup and HTML in the data)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest

from qpr_tui.analysis.summary import Analysis
from qpr_tui.config import load_config
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
