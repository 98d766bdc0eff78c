"""Golden-file tests: every writer's export of the bundled sample at 2024/25 Q2.

The generation time is fixed (``now=NOW``), so the files are byte-for-byte stable. They are
syrupy snapshots, one readable file per format in ``__snapshots__/test_golden/`` (CSV keeps
its CRLF line ends: the files are compared as bytes). The HTML and Word goldens are drawn
with stand-in chart pictures, so they record the paper, not the chart renderer's version;
the Word golden is the document as python-docx reads it back (`docx_outline`), not its zip
bytes. After an intended change to an export, regenerate them and review the diff before
committing:

    pytest --snapshot-update tests/export/test_golden.py
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension
from syrupy.types import SerializableData, SerializedData

from qpr_tui.analysis.summary import Scope
from qpr_tui.cli import main
from qpr_tui.export import render, render_bytes

from .conftest import NOW, NOW_TEXT, Loaded, stand_in_charts
from .docx_outline import outline

FORMATS = ("md", "txt", "csv", "json", "html")


class TextFileSnapshot(SingleFileSnapshotExtension):
    """A text export as one file of its own type, kept byte for byte (UTF-8, line ends as
    written), with a line diff when it changes."""

    def serialize(self, data: SerializableData, **_options: object) -> SerializedData:
        assert isinstance(data, str), f"an export is text, not {type(data).__name__}"
        return data.encode("utf-8")

    def diff_lines(
        self, serialized_data: SerializedData, snapshot_data: SerializedData
    ) -> Iterator[str]:
        yield from super().diff_lines(_text(serialized_data), _text(snapshot_data))


def _text(data: SerializedData) -> str:
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else str(data)


def file_type(fmt: str) -> type[TextFileSnapshot]:
    """The snapshot extension that stores an export as ``NAME.fmt``."""
    return type(f"{fmt.title()}Snapshot", (TextFileSnapshot,), {"_file_extension": fmt})


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(sample: Loaded, fmt: str, snapshot: SnapshotAssertion) -> None:
    with stand_in_charts():
        text = render(sample.analysis, fmt, sample.period, Scope(), now=NOW)
    assert text == snapshot.use_extension(file_type(fmt))


def test_golden_docx(sample: Loaded, snapshot: SnapshotAssertion) -> None:
    with stand_in_charts():
        blob = render_bytes(sample.analysis, "docx", sample.period, Scope(), now=NOW)
    assert outline(blob) == snapshot.use_extension(file_type("txt"))


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_cli_stdout_matches_golden(
    sample: Loaded,
    fmt: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``qpr export`` with no file uses the sample and its configuration, like the TUI: its
    output is the golden export."""
    monkeypatch.setenv("QPR_EXPORT_TIME", NOW_TEXT)
    assert main(["export", "--format", fmt, "--output", "-", "--period", "2024/25 Q2"]) == 0
    out = capsys.readouterr().out
    assert out == render(sample.analysis, fmt, sample.period, Scope(), now=NOW)
