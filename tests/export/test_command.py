"""``qpr export`` for papers: the paths it prints, binary formats on standard output,
``--peers`` and the benchmark appendix."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from qpr_tui.cli import main

from .conftest import NOW_TEXT, stand_in_charts
from .docx_outline import open_docx

PEERS = "organisation,kpi_id,indicator,polarity,period,value,target,floor\n" + "".join(
    f"{org},UP,Up name,H,{period},{value},50,40\n"
    for period, values in (("Jun-24", (10, 20, 30, 40, 50)), ("Sep-24", (70, 90, 60, 35, 10)))
    for org, value in zip(("Home", "A", "B", "C", "D"), values, strict=True)
)


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main(["export", *map(str, argv)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def peers(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "peers.csv"
    data.write_text(PEERS, encoding="utf-8")
    config = tmp_path / "peers.toml"
    config.write_text(
        'organisation = "Home"\n[peer_groups]\nnear = ["A", "B", "Nowhere CC"]\n', encoding="utf-8"
    )
    return data, config


def test_a_docx_on_a_pipe_and_not_on_a_terminal(
    capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QPR_EXPORT_TIME", NOW_TEXT)
    with stand_in_charts():
        assert main(["export", "-f", "docx", "-o", "-"]) == 0
    blob = capsysbinary.readouterr().out
    assert blob.startswith(b"PK") and open_docx(blob).paragraphs[0].text.startswith("Quarterly")
    monkeypatch.setattr(sys, "stdout", _Terminal())
    assert main(["export", "-f", "docx", "-o", "-"]) == 2
    err = capsysbinary.readouterr().err.decode("utf-8")
    assert "qpr: error: a .docx file is not text and would garble the terminal." in err
    assert "Give a file name (-o paper.docx) or redirect the output." in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_peers_give_a_benchmark_appendix(
    peers: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data, config = peers
    code, out, err = run(capsys, data, "-c", config, "-f", "md", "-o", "-", "--peers", "near")
    assert code == 0
    assert "## Appendix 3: Benchmark, Quarter 2, 2024/25" in out
    assert "**Benchmark against peer group 'near', 2024/25 Q2**" in out
    assert "| UP | Up name | 70 | 2 of 3 | – | 70 | 65 – 80 |" in out
    assert "Nowhere CC" in out  # the warning is in the paper too, not only on stderr
    assert "qpr: warning: peer group 'near' names 1 organisation(s) not in the data" in err
    code, out, _ = run(capsys, data, "-c", config, "-f", "md", "-o", "-")
    assert "| UP | Up name | 70 | 2 of 5 | second quartile | 60 | 35 – 70 |" in out


def test_peers_errors_and_warnings(
    peers: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data, config = peers
    code, _, err = run(capsys, data, "-c", config, "-f", "md", "-o", "-", "--peers", "far")
    assert code == 2
    assert "qpr: error: there is no peer group 'far' ([peer_groups] has: near)." in err
    code, out, err = run(capsys, "-f", "md", "-o", "-", "--peers", "near")
    assert code == 0 and "Benchmark" not in out
    assert (
        "qpr: warning: --peers near was ignored: the data has no other organisations to "
        "compare with." in err
    )
