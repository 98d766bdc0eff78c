from __future__ import annotations

from pathlib import Path

import pytest

from qpr_tui.config import load_config, parse_config
from qpr_tui.errors import QprError

ROOT = Path(__file__).resolve().parents[2]


def test_defaults_file_parses_to_the_defaults() -> None:
    config = load_config(ROOT / "config" / "qpr.toml")
    defaults = load_config(None)
    assert config.rag == defaults.rag
    assert config.dot == defaults.dot
    assert config.warnings == []


def test_sample_config() -> None:
    config = load_config(ROOT / "sample_data" / "kcc.toml")
    assert config.organisation == "Kent County Council"
    assert config.directorate_order[0] == "Customer Services"


def test_broken_toml_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('organisation = "x"\n[dot]\nwindow = = 3\n')
    with pytest.raises(QprError) as info:
        load_config(path)
    assert info.value.location is not None
    assert (info.value.location.line, info.value.location.column) == (3, 10)
    assert "bad.toml, line 3, column 10" in str(info.value)


def test_unknown_keys_are_warnings() -> None:
    config = parse_config('colour = 1\n[dot]\nwindw = 4\n[rag]\nrule = "floor"\n', "c.toml")
    assert config.warnings == ["c.toml: unknown key 'colour' was ignored",
                               "c.toml: unknown key 'windw' in [dot] was ignored"]


@pytest.mark.parametrize(("text", "message"), [
    ('[dot]\nmethod = "magic"\n', "method = 'magic' is not one of"),
    ('[dot]\nwindow = "8"\n', "wrong type"),
    ("[dot]\nwindow = 1\n", "window >= 2"),
    ('[rag]\nrule = "vibes"\n', "rule = 'vibes'"),
    ('[kpi.A]\ntolerance_type = "percent"\n', "tolerance_type = 'percent'"),
    ("[columns]\nvalue = 3\n", "must be a list of header names"),
])
def test_invalid_settings(text: str, message: str) -> None:
    with pytest.raises(QprError, match=message):
        parse_config(text)


def test_missing_and_directory_config(tmp_path: Path) -> None:
    with pytest.raises(QprError, match="does not exist"):
        load_config(tmp_path / "none.toml")
    with pytest.raises(QprError, match="directory"):
        load_config(tmp_path)
