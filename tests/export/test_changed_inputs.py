"""Provenance vouches only for the bytes that were used: an input edited (or removed) after
it was loaded makes the export refuse, and the configuration's hash is of the bytes read when
it was loaded."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

import qpr_tui.export.command as export_command
import qpr_tui.loading as loading
from qpr_tui.analysis.summary import Analysis, Scope
from qpr_tui.cli import main
from qpr_tui.config import load_config
from qpr_tui.errors import QprError
from qpr_tui.export import FORMATS, render, sidecar_path, write_export
from qpr_tui.ingest.reader import load
from qpr_tui.loading import SAMPLE, SAMPLE_CONFIG
from qpr_tui.tui.export_screen import ExportScreen

from .conftest import NOW
from .test_export_screen import UNSET, Host, message, settle, submit


def changed(path: Path) -> str:
    """The message, naming the file as it was given."""
    return (
        f"{path} has changed on disk since it was loaded, so the export could not vouch "
        "for its contents. Reload (r in the app) and export again."
    )


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copy(SAMPLE_CONFIG, tmp_path / "kcc.toml")
    return Path(shutil.copy(SAMPLE, tmp_path / "data.csv"))


def loaded(data: Path, config: Path | None = None) -> tuple[Analysis, int]:
    settings = load_config(config or data.parent / "kcc.toml")
    analysis = Analysis(load([str(data)], settings.config), config_source=settings.source)
    return analysis, analysis.resolve_period("2024/25 Q2")


def later(path: Path, seconds: int = 60) -> None:
    """Move the file's modification time on, as saving it again would."""
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + seconds * 10**9))


def edit_in_place(path: Path) -> None:
    """Change one value without changing the size (as an analyst fixing a typo might)."""
    text = path.read_bytes()
    changed = text.replace(b"62.3", b"72.3", 1)
    assert changed != text and len(changed) == len(text)
    path.write_bytes(changed)
    later(path)


def test_unchanged_input_exports_with_its_hash(data: Path, tmp_path: Path) -> None:
    analysis, period = loaded(data)
    source = analysis.dataset.sources[0]
    assert source.mtime_ns == data.stat().st_mtime_ns
    out = write_export(analysis, "json", tmp_path / "q.json", period, Scope(), now=NOW)
    prov = json.loads(out.read_text(encoding="utf-8"))["provenance"]
    assert prov["inputs"][0]["sha256"] == hashlib.sha256(data.read_bytes()).hexdigest()


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "csv"])
def test_input_edited_after_loading_is_refused(data: Path, tmp_path: Path, fmt: str) -> None:
    analysis, period = loaded(data)
    edit_in_place(data)
    target = tmp_path / f"q.{fmt}"
    with pytest.raises(QprError) as caught:
        write_export(analysis, fmt, target, period, Scope(), now=NOW)
    assert str(caught.value) == changed(data)
    assert not target.exists()


def test_csv_and_its_provenance_file_are_refused_together(data: Path, tmp_path: Path) -> None:
    analysis, period = loaded(data)
    edit_in_place(data)
    target = tmp_path / "q.csv"
    with pytest.raises(QprError, match="has changed on disk"):
        write_export(analysis, "csv", target, period, Scope(), now=NOW)
    assert not target.exists() and not sidecar_path(target).exists()


def test_size_change_with_the_old_time_is_refused(data: Path) -> None:
    analysis, period = loaded(data)
    status = data.stat()
    with data.open("ab") as file:
        file.write(b"\n")
    os.utime(data, ns=(status.st_atime_ns, status.st_mtime_ns))
    with pytest.raises(QprError, match=r"data\.csv has changed on disk"):
        render(analysis, "md", period, Scope(), now=NOW)


def test_replaced_or_removed_input_is_refused(data: Path) -> None:
    analysis, period = loaded(data)
    replacement = data.with_name("new.csv")
    replacement.write_bytes(data.read_bytes().replace(b"62.3", b"72.3", 1))
    later(replacement)
    os.replace(replacement, data)  # how Excel saves
    with pytest.raises(QprError, match=r"data\.csv has changed on disk"):
        render(analysis, "txt", period, Scope(), now=NOW)
    data.unlink()
    with pytest.raises(QprError, match=r"data\.csv has changed on disk"):
        render(analysis, "txt", period, Scope(), now=NOW)


def test_reloading_after_an_edit_exports_the_new_bytes(data: Path, tmp_path: Path) -> None:
    analysis, period = loaded(data)
    edit_in_place(data)
    with pytest.raises(QprError):
        render(analysis, "json", period, Scope(), now=NOW)
    analysis, period = loaded(data)
    prov = json.loads(render(analysis, "json", period, Scope(), now=NOW))["provenance"]
    assert prov["inputs"][0]["sha256"] == hashlib.sha256(data.read_bytes()).hexdigest()


def test_configuration_hash_is_of_the_bytes_loaded(data: Path) -> None:
    config = data.parent / "kcc.toml"
    used = hashlib.sha256(config.read_bytes()).hexdigest()
    analysis, period = loaded(data, config)
    with config.open("a", encoding="utf-8") as file:
        file.write("\n# edited after loading\n")
    later(config)
    prov = json.loads(render(analysis, "json", period, Scope(), now=NOW))["provenance"]
    assert prov["config"] == {"name": "kcc.toml", "sha256": used}
    config.unlink()
    prov = json.loads(render(analysis, "json", period, Scope(), now=NOW))["provenance"]
    assert prov["config"]["sha256"] == used


def test_cli_exits_2_with_the_message(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = loading.load_from_args

    def load_then_edit(args: argparse.Namespace) -> Any:
        result = real(args)
        edit_in_place(data)
        return result

    monkeypatch.setattr(export_command, "load_from_args", load_then_edit)
    target = tmp_path / "q.md"
    code = main(
        ["export", str(data), "-c", str(data.parent / "kcc.toml"), "-f", "md", "-o", str(target)]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert f"qpr: error: {changed(data)}" in err and "Traceback" not in err
    assert not target.exists()


async def test_export_dialog_shows_the_message(data: Path, tmp_path: Path) -> None:
    analysis, period = loaded(data)
    screen = ExportScreen(analysis, period, Scope(), directory=tmp_path)
    app = Host(screen)
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        edit_in_place(data)
        await submit(pilot, screen)
        await settle(pilot)
        assert app.result is UNSET
        assert message(screen) == changed(data)
    assert list(tmp_path.glob("qpr-*")) == []
