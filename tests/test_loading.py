"""The shared loader: which files and which configuration a command line names."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

import qpr_tui
import qpr_tui.loading as loading
from qpr_tui.cli import main
from qpr_tui.errors import QprError


def args(**given: object) -> argparse.Namespace:
    values: dict[str, object] = {"files": [], "config": None, "period": None, "organisation": None}
    return argparse.Namespace(**(values | given))


def test_the_sample_is_package_data() -> None:
    package = Path(qpr_tui.__file__).parent
    assert loading.SAMPLE == package / "sample" / "kcc_qpr_sample.csv"
    assert loading.SAMPLE_CONFIG == package / "sample" / "kcc.toml"
    assert loading.SAMPLE.is_file() and loading.SAMPLE_CONFIG.is_file()


def test_no_file_means_the_sample() -> None:
    assert loading.default_files([]) == [str(loading.SAMPLE)]
    assert loading.default_files(["a.csv"]) == ["a.csv"]


def test_a_missing_sample_is_reported(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gone = tmp_path / "kcc_qpr_sample.csv"
    monkeypatch.setattr(loading, "SAMPLE", gone)
    with pytest.raises(QprError) as caught:
        loading.default_files([])
    assert str(caught.value) == f"no file was given and the bundled sample is missing ({gone})."
    assert main(["summary", "--json"]) == 2
    err = capsys.readouterr().err
    assert err == f"qpr: error: no file was given and the bundled sample is missing ({gone}).\n"


def test_the_sample_brings_its_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QPR_CONFIG", raising=False)
    sample = [str(loading.SAMPLE)]
    assert loading.config_path(args(), sample) == str(loading.SAMPLE_CONFIG)
    assert loading.config_path(args(), ["other.csv"]) is None
    assert loading.config_path(args(config="mine.toml"), sample) == "mine.toml"
    monkeypatch.setenv("QPR_CONFIG", "env.toml")
    assert loading.config_path(args(), sample) == "env.toml"
    assert loading.config_path(args(config="mine.toml"), sample) == "mine.toml"


def test_an_unknown_scope_names_the_directorates() -> None:
    with pytest.raises(QprError) as caught:
        loading.load_from_args(args(scope="Nope"))
    message = str(caught.value)
    assert message.startswith("there is no directorate 'Nope' (the data has: Customer Services;")
