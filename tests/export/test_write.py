"""Writing exports: atomic, never onto an input, never over a file without --force, clear
errors for missing folders, permissions and full disks. Mostly through ``qpr export``."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from qpr_tui.analysis.summary import Scope
from qpr_tui.cli import main
from qpr_tui.errors import QprError
from qpr_tui.export import ExportExistsError, files, render, sidecar_path, write_export
from qpr_tui.loading import SAMPLE, SAMPLE_CONFIG

from .conftest import NOW, NOW_TEXT, Loaded


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the sample and its configuration, so tests can try to overwrite them."""
    shutil.copy(SAMPLE_CONFIG, tmp_path / "kcc.toml")
    return Path(shutil.copy(SAMPLE, tmp_path / "data.csv"))


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main(["export", *map(str, argv)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ---- end to end, every format -----------------------------------------------------------
@pytest.mark.parametrize("fmt", ["html", "svg", "txt", "md", "csv", "json"])
def test_cli_writes_each_format(
    fmt: str,
    data: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("QPR_EXPORT_TIME", NOW_TEXT)
    out_file = tmp_path / "out" / f"report.{fmt}"
    out_file.parent.mkdir()
    code, out, _ = run(
        capsys,
        data,
        "-c",
        tmp_path / "kcc.toml",
        "--format",
        fmt,
        "--output",
        out_file,
        "--period",
        "2024/25 Q2",
    )
    written = [out_file.absolute(), *([sidecar_path(out_file).absolute()] if fmt == "csv" else [])]
    assert (code, out) == (0, "".join(f"{path}\n" for path in written))  # for scripts
    raw = out_file.read_bytes()
    text = raw.decode("utf-8")
    if fmt == "csv":
        assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with a BOM
        provenance = json.loads(sidecar_path(out_file).read_text(encoding="utf-8"))
        assert provenance["describes"] == "report.csv"
        assert provenance["inputs"][0]["name"] == "data.csv"
        assert provenance["generated_at"] == NOW_TEXT
        assert sorted(p.name for p in out_file.parent.iterdir()) == [
            "report.csv",
            "report.provenance.json",
        ]
    else:
        assert NOW_TEXT in text
        assert sorted(p.name for p in out_file.parent.iterdir()) == [f"report.{fmt}"]
    assert "CS07" in text
    mode = stat.S_IMODE(out_file.stat().st_mode)
    assert mode & 0o444 == 0o444 or os.name != "posix"  # not mkstemp's private 0600


@pytest.mark.parametrize("fmt", ["html", "svg", "txt", "md", "csv", "json"])
def test_cli_stdout(
    fmt: str, sample: Loaded, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QPR_EXPORT_TIME", NOW_TEXT)
    code, out, _ = run(capsys, "-f", fmt, "-o", "-")
    assert code == 0
    assert out == render(sample.analysis, fmt, sample.analysis.latest, Scope(), now=NOW)


def test_cli_scope_and_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "-f", "csv", "-o", "-", "--scope", "Governance and Law")
    assert code == 0 and out.count("Governance and Law") == 3
    code, _, err = run(capsys, "-f", "csv", "-o", "-", "--scope", "Nowhere")
    assert code == 2 and "no directorate 'Nowhere'" in err
    code, _, err = run(capsys, "-f", "rtf", "-o", tmp_path / "x.rtf")
    assert code == 2 and "invalid choice" in err
    assert not (tmp_path / "x.rtf").exists()


# ---- never onto an input ----------------------------------------------------------------
def test_refuses_to_overwrite_an_input(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = data.read_bytes()
    code, _, err = run(capsys, data, "-f", "csv", "-o", data, "--force")
    assert code == 2
    assert "qpr: error:" in err and "input" in err
    assert data.read_bytes() == before
    assert leftovers(data.parent) == []


def test_refuses_an_input_by_another_name(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = data.read_bytes()
    link = tmp_path / "link.txt"
    link.symlink_to(data)
    relative = Path(os.path.relpath(data))
    for target in (link, relative, tmp_path / "." / "data.csv"):
        code, _, err = run(capsys, data, "-f", "txt", "-o", target, "--force")
        assert code == 2 and "input" in err, target
    assert data.read_bytes() == before


def test_refuses_to_overwrite_the_configuration(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "kcc.toml"
    before = config.read_bytes()
    code, _, err = run(capsys, data, "-c", config, "-f", "md", "-o", config, "--force")
    assert code == 2 and "input" in err
    assert config.read_bytes() == before


def test_csv_sidecar_may_not_hit_an_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = Path(shutil.copy(SAMPLE, tmp_path / "q.provenance.json"))
    before = data.read_bytes()
    code, _, err = run(capsys, data, "-f", "csv", "-o", tmp_path / "q.csv", "--force")
    assert code == 2 and "input" in err
    assert data.read_bytes() == before
    assert not (tmp_path / "q.csv").exists()


# ---- never over a file without --force ----------------------------------------------------
def test_existing_file_needs_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.md"
    target.write_text("keep me", encoding="utf-8")
    code, _, err = run(capsys, "-f", "md", "-o", target)
    assert code == 2
    assert "already exists" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "keep me"
    code, _, err = run(capsys, "-f", "md", "-o", target, "--force")
    assert code == 0
    assert target.read_text(encoding="utf-8").startswith("# Quarterly Performance Report")
    assert leftovers(tmp_path) == []


def test_existing_sidecar_needs_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "t.provenance.json").write_text("{}", encoding="utf-8")
    code, _, err = run(capsys, "-f", "csv", "-o", tmp_path / "t.csv")
    assert code == 2 and "t.provenance.json already exists" in err
    assert not (tmp_path / "t.csv").exists()
    assert run(capsys, "-f", "csv", "-o", tmp_path / "t.csv", "--force")[0] == 0
    assert json.loads((tmp_path / "t.provenance.json").read_text(encoding="utf-8"))["inputs"]


def test_force_keeps_the_mode_of_the_replaced_file(sample: Loaded, tmp_path: Path) -> None:
    target = tmp_path / "shared.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_export(sample.analysis, "txt", target, sample.period, Scope(), force=True, now=NOW)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert "Quarterly Performance Report" in target.read_text(encoding="utf-8")


def test_write_export_api(sample: Loaded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write_export(sample.analysis, "json", "q.json", sample.period, Scope(), now=NOW)
    assert path == tmp_path / "q.json" and path.is_absolute()
    with pytest.raises(ExportExistsError) as caught:
        write_export(sample.analysis, "json", "q.json", sample.period, Scope(), now=NOW)
    assert isinstance(caught.value, QprError) and caught.value.path == Path("q.json")
    with pytest.raises(QprError, match="no output file"):
        write_export(sample.analysis, "json", " ", sample.period, Scope())


# ---- unwritable places ------------------------------------------------------------------
def test_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "-f", "html", "-o", tmp_path / "nowhere" / "r.html")
    assert code == 2
    assert "folder" in err and "does not exist" in err
    assert "Traceback" not in err


def test_output_is_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "-f", "html", "-o", tmp_path, "--force")
    assert code == 2 and "is a folder" in err


def test_parent_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "-f", "html", "-o", tmp_path / "file" / "r.html")
    assert code == 2 and "not a folder" in err


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions and a non-root user"
)
def test_unwritable_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        code, _, err = run(capsys, "-f", "txt", "-o", locked / "r.txt")
    finally:
        locked.chmod(0o700)
    assert code == 2 and "permission denied" in err


def test_permission_denied(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same as an unwritable folder, simulated so it also runs as root."""

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    code, _, err = run(capsys, "-f", "txt", "-o", tmp_path / "r.txt")
    assert code == 2
    assert f"cannot write {tmp_path / 'r.txt'}: permission denied" in err
    assert list(tmp_path.iterdir()) == []


def test_disk_full_mid_write_keeps_the_old_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.html"
    target.write_text("the old report", encoding="utf-8")
    real_write_all = files._write_all

    def half_then_full(fd: int, data: bytes) -> None:
        real_write_all(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "_write_all", half_then_full)
    code, _, err = run(capsys, "-f", "html", "-o", target, "--force")
    assert code == 2
    assert "not enough space on the disk" in err and "left unchanged" in err
    assert target.read_text(encoding="utf-8") == "the old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_failure_in_the_rename_leaves_nothing_behind(
    sample: Loaded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "t.csv"

    def fail(*args: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(QprError, match="read-only"):
        write_export(sample.analysis, "csv", target, sample.period, Scope(), now=NOW)
    assert list(tmp_path.iterdir()) == []


def test_interrupted_write_leaves_nothing_behind(
    sample: Loaded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(fd: int, data: bytes) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(files, "_write_all", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_export(sample.analysis, "md", tmp_path / "r.md", sample.period, Scope(), now=NOW)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_devices_are_written_in_place(sample: Loaded) -> None:
    path = write_export(sample.analysis, "txt", "/dev/null", sample.period, Scope(), now=NOW)
    assert path == Path("/dev/null")
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_csv_to_a_device_has_no_provenance_file(sample: Loaded) -> None:
    write_export(sample.analysis, "csv", "/dev/null", sample.period, Scope(), now=NOW)
    assert not Path("/dev/null.provenance.json").exists()


def test_sidecar_path() -> None:
    assert sidecar_path(Path("a/q.csv")) == Path("a/q.provenance.json")
    assert sidecar_path(Path("q")) == Path("q.provenance.json")
