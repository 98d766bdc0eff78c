"""Terminal escapes in data and file names never reach an output raw.

A hostile file's unit, organisation, KPI, directorate, service area, commentary and file name
carry OSC 52 (writes the clipboard), OSC 2 (sets the window title), CSI (colours) and the C1
control CSI (``\\x9b``); every command, every text export and the app show them as visible
escapes instead."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qpr_tui.cli import main
from qpr_tui.tui.app import QprApp
from tests.tui.helpers import loaded

EVIL = "\x1b]52;c;SGVsbG8=\x07\x1b]2;pwned\x07\x1b[31mRED\x9bX"
SHOWN = "\\x1b]52;c;SGVsbG8=\\x07\\x1b]2;pwned\\x07\\x1b[31mRED\\x9bX"
#: C0 controls except tab, newline and carriage return; DEL; C1 controls.
RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
HEADER = (
    "organisation,kpi_id,indicator,directorate,service_area,unit,polarity,period,value,"
    "target,floor,commentary\n"
)


def hostile_rows() -> str:
    lines = []
    for org in ("Home", f"Org {EVIL}", "B", "C"):
        for period, value in (("Jun-24", 50), ("Sep-24", 30)):
            lines.append(
                f"{org},K1,Name {EVIL},Dir {EVIL},Svc {EVIL},% {EVIL},H,{period},{value},55,45,"
                f"Comment {EVIL}\n"
            )
            lines.append(f"{org},K2 {EVIL},Plain,Dir,Svc,{EVIL},H,{period},{value},70,45,\n")
            lines.append(f"{org},K3,Plain,Dir,Svc,£{EVIL},H,{period},x{EVIL},70,45,\n")
    return HEADER + "".join(lines)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / f"kpis{EVIL}.csv"
    path.write_text(hostile_rows(), encoding="utf-8")
    return path


def assert_clean(text: str, where: str) -> None:
    found = RAW.findall(text)
    assert not found, f"{where}: raw controls {found[:5]!r}"


@pytest.mark.parametrize(
    ("command", "code"),
    [
        (["summary"], 0),
        (["summary", "--json"], 0),
        (["validate"], 1),
        (["validate", "--json"], 1),
        (["summary", "--organisation", f"Org {EVIL}"], 0),
    ],
)
def test_commands_print_no_raw_escapes(
    capsys, hostile: Path, command: list[str], code: int
) -> None:
    assert main([command[0], str(hostile), *command[1:]]) == code
    out, err = capsys.readouterr()
    assert_clean(out, "stdout")
    assert_clean(err, "stderr")
    assert "52;c;SGVsbG8=" in out + err  # the data is there, made harmless


def test_summary_shows_the_unit_escaped(capsys, hostile: Path) -> None:
    assert main(["summary", str(hostile)]) == 0
    out = capsys.readouterr().out
    assert "30 % \\x1b]52" in out  # K1's value with its unit, in the Red list


def test_validate_names_the_file_escaped(capsys, hostile: Path) -> None:
    assert main(["validate", str(hostile)]) == 1
    out = capsys.readouterr().out
    assert "kpis\\x1b]52;c;SGVsbG8=\\x07" in out


@pytest.mark.parametrize("fmt", ["txt", "html", "svg", "md", "csv", "json"])
def test_exports_hold_no_raw_escapes(capsys, hostile: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"paper.{fmt}"
    assert main(["export", str(hostile), "-f", fmt, "-o", str(target)]) == 0
    out, err = capsys.readouterr()
    assert_clean(out + err, "messages")
    text = target.read_text(encoding="utf-8")
    assert_clean(text, fmt)
    assert "52;c;SGVsbG8=" in text  # the data is there, made harmless


async def test_the_app_shows_no_raw_escapes(hostile: Path) -> None:
    app = QprApp([str(hostile)])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        assert app.analysis is not None
        for key in "1234567":
            await pilot.press(key)
            await pilot.pause()
            screen = app.export_screenshot()
            assert_clean(screen, f"panel {key}")
        assert SHOWN[:20] in app.export_screenshot().replace("&#160;", " ")


def test_a_file_name_with_glob_characters_is_read_as_named(capsys, tmp_path: Path) -> None:
    path = tmp_path / "kpis [draft] *?.csv"
    path.write_text(hostile_rows(), encoding="utf-8")
    assert main(["summary", str(path), "--json"]) == 0
    assert '"total": 3' in capsys.readouterr().out
