"""Standard input, named pipes and names that lead to no file."""

from __future__ import annotations

import io
import json
import os
import sys
import threading
from pathlib import Path

import pytest

from qpr_tui.cli import main
from qpr_tui.errors import QprError
from qpr_tui.ingest import streams
from qpr_tui.loading import SAMPLE

DATA = SAMPLE.read_bytes()


@pytest.fixture(autouse=True)
def _fresh_copies(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(streams, "_copies", {})
    monkeypatch.chdir(tmp_path)


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_dash_reads_standard_input_once(capsys, monkeypatch, tmp_path: Path) -> None:
    _stdin(monkeypatch, DATA)
    assert main(["summary", "-", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 40
    assert main(["validate", "-"]) in (0, 1)  # the same copy, not an empty second read
    assert "empty" not in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # nothing written beside the input


def test_standard_input_names_its_lines(capsys, monkeypatch) -> None:
    _stdin(monkeypatch, b"kpi_id,period,value\nA1,Sep-24,1,2\n")
    assert main(["summary", "-"]) == 2
    err = capsys.readouterr().err
    assert "qpr: error: -, line 2, column 4: this row has 4 fields but the header has 3" in err


def test_a_named_pipe_is_read_once(capsys, tmp_path: Path) -> None:
    pipe = tmp_path / "q2.csv"
    os.mkfifo(pipe)

    def feed() -> None:
        with open(pipe, "wb") as writer:
            writer.write(DATA)

    writer = threading.Thread(target=feed)
    writer.start()
    assert main(["summary", str(pipe), "--json"]) == 0
    writer.join(timeout=10)
    assert json.loads(capsys.readouterr().out)["total"] == 40
    copy = streams._copies[str(pipe)]
    assert isinstance(copy, Path)
    assert copy.name == "q2.csv" and copy.parent.parent != tmp_path
    assert oct(copy.parents[1].stat().st_mode & 0o777) == "0o700"


def test_a_stream_beyond_the_limit_says_so(capsys, monkeypatch) -> None:
    monkeypatch.setattr(streams, "STREAM_LIMIT", 100)
    _stdin(monkeypatch, DATA)
    assert main(["summary", "-"]) == 2
    err = capsys.readouterr().err
    assert "qpr: error: -: standard input holds more than" in err
    assert "Save it to a file and load that." in err


def test_an_empty_file_name_says_so(capsys) -> None:
    assert main(["summary", ""]) == 2
    assert "qpr: error: the file name is empty." in capsys.readouterr().err


def test_a_symlink_loop_says_so(capsys, tmp_path: Path) -> None:
    (tmp_path / "a.csv").symlink_to(tmp_path / "b.csv")
    (tmp_path / "b.csv").symlink_to(tmp_path / "a.csv")
    assert main(["summary", str(tmp_path / "a.csv")]) == 2
    err = capsys.readouterr().err
    assert "a.csv: the name is a loop of symbolic links, so it leads to no file." in err


def test_the_app_on_standard_input_needs_a_terminal_for_its_keys(monkeypatch) -> None:
    from qpr_tui import cli
    from qpr_tui.errors import QprError

    _stdin(monkeypatch, DATA)

    def no_terminal(path: str, flags: int) -> int:
        raise OSError(6, "No such device or address")

    monkeypatch.setattr("os.open", no_terminal)
    cli._keys_from_terminal(["data.csv"])  # not standard input: nothing to do
    with pytest.raises(QprError) as caught:
        cli._keys_from_terminal(["-"])
    assert str(caught.value).startswith(
        "the data came on standard input and there is no terminal to read keys from."
    )
    assert isinstance(streams._copies["-"], Path)  # the data was read first


def test_the_app_without_a_terminal_says_so_rather_than_waiting() -> None:
    import subprocess

    from qpr_tui.loading import SAMPLE

    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_DRIVER"}
    done = subprocess.run(
        [sys.executable, "-m", "qpr_tui", str(SAMPLE)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 2
    assert done.stderr == (
        "qpr: error: the app needs a terminal, and standard input and standard error are not. "
        "Run qpr in a terminal; to write a report to a file or a pipe, use 'qpr summary FILE' or "
        "'qpr export FILE --format txt --output -'.\n"
    )


def test_a_browser_session_needs_no_terminal(monkeypatch) -> None:
    from qpr_tui import cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "__stdin__", io.StringIO(""))
    monkeypatch.setattr(sys, "__stderr__", Terminal())
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    cli._needs_terminal()  # no error
    monkeypatch.delenv("TEXTUAL_DRIVER")
    with pytest.raises(QprError, match="standard input is not one"):
        cli._needs_terminal()
