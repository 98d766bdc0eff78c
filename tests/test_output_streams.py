"""The command line's output layer: standard output closed, full, a closed pipe or unable to
encode; an output name too long; usage errors. Each is one clear line and a consistent exit
code (2 for an output that cannot be written, 0 when a pipe's reader stops early), never an
internal error or a traceback. The stream cases run ``qpr`` as a process, as a shell would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qpr_tui.cli import main
from qpr_tui.views import output
from tests.conftest import SAMPLE

QPR = [sys.executable, "-m", "qpr_tui"]
CLOSED = "qpr: error: standard output is closed, so there is nowhere to write."
FULL = "qpr: error: could not write to standard output (No space left on device)."

#: Every command that writes to standard output.
WRITERS = [
    ["summary", str(SAMPLE)],
    ["summary", str(SAMPLE), "--json"],
    ["validate", str(SAMPLE)],
    ["validate", str(SAMPLE), "--json"],
    ["export", str(SAMPLE), "-f", "md", "-o", "-"],
]


def run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    kwargs.setdefault("capture_output", True)
    return subprocess.run(  # type: ignore[call-overload]
        [*QPR, *args], text=True, timeout=120, check=False, **kwargs
    )


def assert_one_line(err: str, expected: str) -> None:
    assert "Traceback" not in err and "internal error" not in err
    assert err.strip().splitlines() == [expected] or err.startswith(expected)
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("args", WRITERS[::2], ids=lambda a: " ".join(a[:1] + a[2:]))
def test_closed_stdout(args: list[str]) -> None:
    result = subprocess.run(
        ["sh", "-c", '"$@" >&-', "sh", *QPR, *args],
        capture_output=False,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert_one_line(result.stderr, CLOSED)
    assert result.stderr.strip().endswith(
        "Run the command without '>&-', or redirect its output to a file."
    )


def test_export_to_a_file_with_stdout_closed_still_writes_it(tmp_path: Path) -> None:
    target = tmp_path / "paper.md"
    result = subprocess.run(
        ["sh", "-c", '"$@" >&-', "sh", *QPR, "export", str(SAMPLE), "-f", "md", "-o", str(target)],
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert target.read_text(encoding="utf-8").startswith("# Quarterly Performance Report")


needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")


@needs_dev_full
@pytest.mark.parametrize("args", WRITERS, ids=lambda a: " ".join(a[:1] + a[2:]))
def test_full_device(args: list[str]) -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        result = run(args, stdout=full, stderr=subprocess.PIPE, capture_output=False)
    assert result.returncode == 2
    assert_one_line(result.stderr, FULL)


@needs_dev_full
def test_full_device_after_an_export_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "paper.txt"
    with open("/dev/full", "w", encoding="utf-8") as full:
        result = run(
            ["export", str(SAMPLE), "-f", "txt", "-o", str(target)],
            stdout=full,
            stderr=subprocess.PIPE,
            capture_output=False,
        )
    assert result.returncode == 2
    assert_one_line(result.stderr, FULL)
    assert target.exists()  # written; only its name could not be printed


@pytest.mark.parametrize("args", WRITERS, ids=lambda a: " ".join(a[:1] + a[2:]))
def test_a_closed_pipe_stops_quietly(args: list[str]) -> None:
    """As ``qpr ... | head -1``: the reader has gone before the first write."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = run(args, stdout=write_end, stderr=subprocess.PIPE, capture_output=False)
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (0, "")


def test_head_takes_the_first_line() -> None:
    result = subprocess.run(
        ["sh", "-c", '"$@" | head -1', "sh", *QPR, "summary", str(SAMPLE), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "{\n", "")


def ascii_env() -> dict[str, str]:
    return {**os.environ, "PYTHONIOENCODING": "ascii"}


@pytest.mark.parametrize("args", WRITERS[:4], ids=lambda a: " ".join(a[:1] + a[2:]))
def test_an_ascii_terminal_gets_plain_stand_ins(args: list[str]) -> None:
    result = subprocess.run(
        [*QPR, *args], capture_output=True, timeout=120, check=False, env=ascii_env()
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("ascii")  # raises if anything beyond ASCII was written
    assert b"Traceback" not in result.stderr
    if "--json" in args:  # escaped, not degraded: the same data as in UTF-8
        utf8 = run(args)
        assert json.loads(text) == json.loads(utf8.stdout)
    elif args[0] == "summary":
        assert "o Green" in text and "# Red" in text and "Kent County Council  .  2024/25" in text


def test_stand_ins() -> None:
    assert output.degrade("£1.5m – 3 ● Green · ↑ Improving ✖ é…", "ascii") == (
        "GBP 1.5m - 3 o Green . ^ Improving x e..."
    )
    assert output.degrade("£1.5m – ●", "latin-1") == "£1.5m - o"
    assert output.degrade("漢", "ascii") == "?"


def test_an_output_name_too_long(capsys, tmp_path: Path) -> None:
    name = "a" * 300 + ".txt"
    assert main(["export", str(SAMPLE), "-f", "txt", "-o", str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"qpr: error: cannot write {'a' * 20}…{'a' * 8}.txt: the name is 304 bytes long and the "
        "file system allows 255. Choose a shorter file name.\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_an_output_path_too_long(capsys, tmp_path: Path) -> None:
    path = tmp_path.joinpath(*["d" * 200] * 25, "paper.txt")
    assert main(["export", str(SAMPLE), "-f", "txt", "-o", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"qpr: error: cannot write paper.txt: its path is {len(str(path)):,} ")
    assert "too long for the file system" in err


@pytest.mark.parametrize("command", ["summary", "validate", "export"])
@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--organisation", "Nope"],
            "the home organisation 'Nope' is not in the data, which has 1",
        ),
        (["--period", "2031/32 Q1"], "there is no data for 2031/32 Q1"),
        (["--period", "soon"], "'soon' is not a period"),
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["--config", "nope.toml"], "nope.toml: the configuration file"),
    ],
)
def test_every_command_exits_2_on_usage_errors(
    capsys, command: str, extra: list[str], message: str
) -> None:
    more = ["-f", "txt", "-o", "-"] if command == "export" else []
    assert main([command, str(SAMPLE), *more, *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("qpr: error:") and message in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", str(SAMPLE)], "the following arguments are required: -f/--format"),
        (["export", str(SAMPLE), "-f", "xx", "-o", "-"], "invalid choice: 'xx'"),
        (["validate", str(SAMPLE), "--scope", "x"], "unrecognized arguments: --scope x"),
    ],
)
def test_argument_errors_exit_2(capsys, args: list[str], message: str) -> None:
    assert main(args) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    # An export's paper is stamped with the time it was made, so it is left out.
    [
        *WRITERS[:4],
        ["validate", str(Path(__file__).parent / "data" / "bad" / "duplicate_rows.csv")],
    ],
    ids=lambda a: " ".join([*a[:1], Path(a[1]).name, *a[2:]]),
)
def test_the_process_prints_and_exits_as_main_returns(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str]
) -> None:
    """The command as a process (which may end without the interpreter's teardown) writes
    every byte `main` writes, to a file as to a pipe, and exits with its code."""
    code = main(args)
    printed = capsys.readouterr()
    target = tmp_path / "out.txt"
    with open(target, "w", encoding="utf-8") as out:
        to_file = run(args, stdout=out, stderr=subprocess.PIPE, capture_output=False)
    to_pipe = run(args)
    assert target.read_text(encoding="utf-8") == to_pipe.stdout == printed.out
    assert to_file.returncode == to_pipe.returncode == code
    assert to_file.stderr == to_pipe.stderr == printed.err
