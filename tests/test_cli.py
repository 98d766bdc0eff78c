from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qpr_tui.cli import main
from tests.conftest import SAMPLE


def test_summary_text_shows_counts_and_labels(capsys) -> None:
    assert main(["summary", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    for text in (
        "Kent County Council",
        "2024/25 Q2",
        "● Green",
        "▲ Amber",
        "■ Red",
        "Number of foster households",
        "Cover report text",
        "16",
        "15",
    ):
        assert text in out


def test_summary_scope_and_period(capsys) -> None:
    assert (
        main(
            [
                "summary",
                str(SAMPLE),
                "--json",
                "--scope",
                "Governance and Law",
                "--period",
                "Sep-24",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 3
    assert data["rag"]["red"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["summary", "missing.csv"], "missing.csv: the file does not exist"),
        (["summary", str(SAMPLE), "--period", "2031/32 Q1"], "there is no data for 2031/32 Q1"),
        (["summary", str(SAMPLE), "--period", "soon"], "'soon' is not a period"),
        (["summary", str(SAMPLE), "--scope", "Nope"], "there is no directorate 'Nope'"),
        (["summary", str(SAMPLE), "--bogus"], "unrecognized arguments"),
        (["summary", str(SAMPLE), "--config", "nope.toml"], "nope.toml: the configuration file"),
    ],
)
def test_usage_and_input_errors_exit_2(capsys, args: list[str], message: str) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.startswith("qpr: error:")
    assert "Traceback" not in err


def test_summary_text_writes_big_counts_with_thousands_separators(capsys, write_csv) -> None:
    rows = "".join(
        f"K{i:04d},2024/25 Q{q},{50 if i % 2 else 90},80,60,H\n"
        for q in (1, 2)
        for i in range(1500)
    )
    path = write_csv("kpi_id,period,value,target,floor,polarity\n" + rows)
    assert main(["summary", str(path), "--period", "2024/25 Q2"]) == 0
    out = capsys.readouterr().out
    assert "1,500 KPIs" in out and "Red indicators (750)" in out
    assert "1500" not in out


def test_broken_file_gives_one_clear_message(capsys, write_csv) -> None:
    path = write_csv("thing,score\nfoo,1\n")
    assert main(["summary", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}, line 1: no column names the KPI" in err
    assert len(err.strip().splitlines()) == 1


def test_data_warnings_go_to_stderr_not_stdout(capsys, write_csv) -> None:
    path = write_csv(
        "kpi_id,period,value,target,floor,polarity\nA,Sep-24,oops,1,0,H\nA,Jun-24,2,1,0,H\n"
    )
    assert main(["summary", str(path), "--json"]) == 0
    captured = capsys.readouterr()
    json.loads(captured.out)
    assert "line 2, column 3 (value)" in captured.err


def test_one_shot_commands_have_polars_return_freed_memory_at_once(tmp_path: Path) -> None:
    """polars reads its allocator's setting when it is imported: in a fresh process the
    setting the headless commands ask for is the last one polars passes on, also when the
    process was started by one that had imported polars."""
    from qpr_tui.cli import ALLOCATOR_SETTING

    variable, setting = ALLOCATOR_SETTING
    inherited = "dirty_decay_ms:500,muzzy_decay_ms:1000"  # what polars sets when imported
    paper = ["-f", "md", "-o", str(tmp_path / "paper.md")]
    runs: list[tuple[str, list[str], str | None]]
    runs = [("validate", ["--json"], None), ("export", paper, inherited)]
    for command, options, given in runs:
        code = (
            "import os, sys\n"
            "from qpr_tui.cli import main\n"
            f"main([{command!r}, {str(SAMPLE)!r}, *{options!r}])\n"
            f"print(os.environ[{variable!r}], file=sys.stderr)\n"
        )
        env = {k: v for k, v in os.environ.items() if k != variable}
        env.update({variable: given} if given else {})
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
        )
        assert result.stderr.strip().splitlines()[-1].endswith("," + setting), result.stderr


def test_the_allocator_setting_follows_the_users_and_is_only_for_one_shot_commands(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from qpr_tui import cli

    variable, setting = cli.ALLOCATOR_SETTING
    monkeypatch.delitem(sys.modules, "polars", raising=False)  # as before polars is imported
    monkeypatch.delenv(variable, raising=False)
    cli.return_memory_early("tui")
    assert variable not in os.environ  # the app keeps polars' own setting
    cli.return_memory_early("validate")
    assert os.environ[variable] == setting
    monkeypatch.setenv(variable, "dirty_decay_ms:1000")
    cli.return_memory_early("summary")
    assert os.environ[variable] == "dirty_decay_ms:1000," + setting
    monkeypatch.delenv(variable)
    monkeypatch.setitem(sys.modules, "polars", sys)  # imported: too late to set anything
    cli.return_memory_early("validate")
    assert variable not in os.environ


def test_entry_point_runs_as_a_process(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "qpr_tui", "summary", str(SAMPLE), "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] == 40
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x01\x02")
    result = subprocess.run(
        [sys.executable, "-m", "qpr_tui", "summary", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "NUL bytes" in result.stderr and "Traceback" not in result.stderr


def test_ctrl_c_while_loading_stops_cleanly() -> None:
    """SIGINT during a long read: exit 130, one line on stderr, nothing half-written."""
    import signal
    import time

    child_code = (
        "import sys, time\n"
        "import qpr_tui.ingest.reader as reader\n"
        "real = reader._collect\n"
        "def slow(lf, tf):\n"
        "    print('reading', file=sys.stderr, flush=True)\n"
        "    time.sleep(30)\n"
        "    return real(lf, tf)\n"
        "reader._collect = slow\n"
        "from qpr_tui.cli import main\n"
        f"sys.exit(main(['summary', {str(SAMPLE)!r}, '--json']))\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", child_code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stderr is not None
    assert child.stderr.readline().strip() == "reading"
    time.sleep(0.1)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=30)
    assert child.returncode == 130
    assert out == ""
    assert err.strip() == "qpr: interrupted"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'keys = "x"\n',
            'line 1: keys must be a table of binding id = key name, not a string ("x")',
        ),
        ("columns = 5\n", "line 1: columns must be a table"),
        ("kpi = 5\n", "line 1: kpi must be a table"),
        ("peer_groups = 1\n", "line 1: peer_groups must be a table"),
        ('organisation = "K"\n[directorates]\norder = "Adult"\n', "line 3: [directorates] order"),
        ("directorates = 7\n", "line 1: directorates must be a table, not a number (7)"),
        ('[rag]\nrule = "flor"\n', 'line 2: [rag] rule = "flor" is not one of'),
    ],
)
def test_wrong_configuration_values_exit_2_with_one_message(
    capsys, tmp_path: Path, text: str, message: str
) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(text, encoding="utf-8")
    assert main(["summary", str(SAMPLE), "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"qpr: error: {config}, {message}")
    assert len(err.strip().splitlines()) == 1


def test_unknown_configuration_keys_warn_with_their_line(capsys, tmp_path: Path) -> None:
    config = tmp_path / "x.toml"
    config.write_text('organisation = "Kent County Council"\n[dot]\nwindw = 6\n')
    assert main(["summary", str(SAMPLE), "--config", str(config), "--json"]) == 0
    captured = capsys.readouterr()
    json.loads(captured.out)
    assert captured.err == (
        f"qpr: warning: {config}, line 3: unknown key 'windw' in [dot] was ignored "
        "(did you mean 'window'?)\n"
    )
    assert main(["validate", str(SAMPLE), "--config", str(config), "--json"]) == 1
    issues = json.loads(capsys.readouterr().out)["issues"]
    (warning,) = [i for i in issues if i["code"] == "config"]
    assert (warning["file"], warning["line"], warning["severity"]) == (str(config), 3, "warning")
    assert warning["message"].startswith("unknown key 'windw' in [dot] was ignored")
