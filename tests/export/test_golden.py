"""Golden-file tests: the md, txt, csv and json exports of the bundled sample at 2024/25 Q2.

The generation time is fixed (``now=NOW``), so the files are byte-for-byte stable. After an
intended change to an export, regenerate the goldens and review the diff before committing:

    QPR_UPDATE_GOLDEN=1 .venv/bin/pytest tests/export/test_golden.py

The goldens live in ``tests/golden/`` (CSV keeps its CRLF line ends: they are compared
exactly).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from qpr_tui.analysis.summary import Scope
from qpr_tui.cli import main
from qpr_tui.export import render

from .conftest import NOW, NOW_TEXT, Loaded

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
FORMATS = ("md", "txt", "csv", "json")


def golden_path(fmt: str) -> Path:
    return GOLDEN / f"sample-2024-25-Q2.{fmt}"


def check_golden(fmt: str, text: str) -> None:
    path = golden_path(fmt)
    if os.environ.get("QPR_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        return
    assert path.exists(), f"missing golden {path}: run with QPR_UPDATE_GOLDEN=1"
    with path.open(encoding="utf-8", newline="") as file:
        expected = file.read()
    # Line lists give a readable diff when something changes.
    assert text.splitlines(keepends=True) == expected.splitlines(keepends=True)


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(sample: Loaded, fmt: str) -> None:
    check_golden(fmt, render(sample.analysis, fmt, sample.period, Scope(), now=NOW))


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_cli_stdout_matches_golden(
    fmt: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``qpr export`` with no file uses the sample and its configuration, like the TUI."""
    if os.environ.get("QPR_UPDATE_GOLDEN"):
        pytest.skip("regenerating goldens")
    monkeypatch.setenv("QPR_EXPORT_TIME", NOW_TEXT)
    assert main(["export", "--format", fmt, "--output", "-", "--period", "2024/25 Q2"]) == 0
    out = capsys.readouterr().out
    assert out == golden_path(fmt).read_text(encoding="utf-8")
