from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from qpr_tui.config import load_config, parse_config
from qpr_tui.errors import QprError
from qpr_tui.loading import SAMPLE_CONFIG

ROOT = Path(__file__).resolve().parents[2]


def test_defaults_file_parses_to_the_defaults() -> None:
    config = load_config(ROOT / "config" / "qpr.toml")
    defaults = load_config(None)
    assert config.rag == defaults.rag
    assert config.dot == defaults.dot
    assert config.warnings == []


def test_sample_config() -> None:
    config = load_config(SAMPLE_CONFIG)
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
    assert config.warnings == [
        "c.toml: unknown key 'colour' was ignored",
        "c.toml: unknown key 'windw' in [dot] was ignored",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[dot]\nmethod = "magic"\n', "method = 'magic' is not one of"),
        ('[dot]\nwindow = "8"\n', "wrong type"),
        ("[dot]\nwindow = 1\n", "window >= 2"),
        ('[rag]\nrule = "vibes"\n', "rule = 'vibes'"),
        ('[kpi.A]\ntolerance_type = "percent"\n', "tolerance_type = 'percent'"),
        ("[columns]\nvalue = 3\n", "must be a list of header names"),
    ],
)
def test_invalid_settings(text: str, message: str) -> None:
    with pytest.raises(QprError, match=message):
        parse_config(text)


def test_missing_and_directory_config(tmp_path: Path) -> None:
    with pytest.raises(QprError, match="does not exist"):
        load_config(tmp_path / "none.toml")
    with pytest.raises(QprError, match="directory"):
        load_config(tmp_path)


@pytest.mark.parametrize(
    ("text", "setting"),
    [
        ("[dot]\nspc_shift = 2\n", "[dot] spc_shift = 2 must be between 3 and 12"),
        ("[dot]\nspc_trend = 1\n", "[dot] spc_trend = 1 must be between 3 and 12"),
        ("[dot]\nspc_trend = 0\n", "[dot] spc_trend = 0 must be between 3 and 12"),
        ("[dot]\nspc_shift = 13\n", "[dot] spc_shift = 13 must be between 3 and 12"),
        ("[rag]\ntolerance = -5\n", "[rag] tolerance = -5 must be 0 or more"),
        ("[rag]\nblue = -0.5\n", "[rag] blue = -0.5 must be 0 or more"),
        ("[rag]\nclose_band = -1\n", "[rag] close_band = -1 must be 0 or more"),
        ("[rag]\ntolerance = nan\n", "[rag] tolerance = nan must be 0 or more"),
        ('[kpi."CS07"]\ntolerance = -2\n', "[kpi.CS07] tolerance = -2 must be 0 or more"),
        ("[dot]\nwindow = 8\nmin_points = 9\n", "[dot] min_points = 9 must not exceed window = 8"),
        ("[dot]\nwindow = 3\n", "[dot] min_points = 4 must not exceed window = 3"),
    ],
)
def test_out_of_range_settings_name_the_file_and_setting(text: str, setting: str) -> None:
    with pytest.raises(QprError) as info:
        parse_config(text, "settings.toml")
    assert str(info.value).startswith("settings.toml: " + setting)


def test_out_of_range_setting_in_a_file(tmp_path: Path) -> None:
    path = tmp_path / "qpr.toml"
    path.write_text("[dot]\nspc_trend = 1\n", encoding="utf-8")
    with pytest.raises(QprError, match=r"qpr\.toml: \[dot\] spc_trend = 1 must be between"):
        load_config(path)


def test_range_limits_are_accepted() -> None:
    config = parse_config(
        "[rag]\ntolerance = 0\nblue = 0\nclose_band = 0\n"
        "[dot]\nspc_shift = 3\nspc_trend = 12\nwindow = 5\nmin_points = 5\n"
    )
    assert (config.rag.tolerance, config.rag.blue, config.rag.close_band) == (0, 0, 0)
    assert (config.dot.spc_shift, config.dot.spc_trend) == (3, 12)
    assert (config.dot.window, config.dot.min_points) == (5, 5)


def test_load_config_records_the_hash_of_the_bytes_read(tmp_path: Path) -> None:
    raw = b'\xef\xbb\xbforganisation = "Kent"\n'
    path = tmp_path / "c.toml"
    path.write_bytes(raw)
    config = load_config(path)
    path.write_text('organisation = "Surrey"\n', encoding="utf-8")  # edited afterwards
    assert config.organisation == "Kent"
    assert config.source_sha256 == hashlib.sha256(raw).hexdigest()
    assert parse_config('organisation = "Kent"\n', "c.toml").source_sha256 == ""
    assert load_config(None).source_sha256 == ""
