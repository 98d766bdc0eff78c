from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from qpr_tui.config import Config, DotConfig, SettingsConflict, load_config, parse_config
from qpr_tui.errors import QprError, Severity
from qpr_tui.ingest.reader import load
from qpr_tui.loading import SAMPLE_CONFIG

ROOT = Path(__file__).resolve().parents[2]


def error_of(text: str, path: str = "my.toml") -> str:
    with pytest.raises(QprError) as info:
        parse_config(text, path)
    return str(info.value)


def test_defaults_file_parses_to_the_defaults() -> None:
    loaded = load_config(ROOT / "config" / "qpr.toml")
    defaults = load_config(None)
    assert loaded.config.rag == defaults.config.rag
    assert loaded.config.dot == defaults.config.dot
    assert loaded.config == Config()
    assert loaded.warnings == ()


def test_sample_config() -> None:
    config = load_config(SAMPLE_CONFIG).config
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


def test_unknown_keys_are_warnings_with_their_line() -> None:
    loaded = parse_config('colour = 1\n[dot]\nwindw = 4\n[rag]\nrule = "floor"\n', "c.toml")
    assert [str(w) for w in loaded.warnings] == [
        "c.toml, line 1: warning: unknown key 'colour' was ignored",
        "c.toml, line 3: warning: unknown key 'windw' in [dot] was ignored "
        "(did you mean 'window'?)",
    ]
    assert {(w.severity, w.code) for w in loaded.warnings} == {(Severity.WARNING, "config")}
    assert loaded.config.dot == DotConfig()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "window = 4\n",
            "line 1: unknown key 'window' was ignored (it belongs in [dot])",
        ),
        (
            '[dot]\norganisation = "Kent"\n',
            "line 2: unknown key 'organisation' in [dot] was ignored "
            "(it belongs at the top of the file, before any [table] or in [report])",
        ),
        (
            '[kpi."CS 07"]\nblu = 1\n',
            """line 2: unknown key 'blu' in [kpi."CS 07"] was ignored (did you mean 'blue'?)""",
        ),
        (
            "[dot]\ntolerance = 1\n",
            "line 2: unknown key 'tolerance' in [dot] was ignored (it belongs in [rag] or in "
            """[kpi."ID"]; or did you mean 'stable_tolerance'?)""",
        ),
        ("rag = { rule = 'floor', colour = 'red' }\n", "line 1: unknown key 'colour' in [rag]"),
        ("[directorates]\norder = []\nsort = true\n", "line 3: unknown key 'sort' in"),
    ],
)
def test_unknown_keys_say_what_was_meant(text: str, message: str) -> None:
    (warning,) = parse_config(text, "c.toml").warnings
    assert str(warning).replace(": warning:", ":").startswith(f"c.toml, {message}")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # The configurations the issue lists: each one clear message, no internal error.
        (
            'keys = "x"\n',
            'line 1: keys must be a table of binding id = key name, not a string ("x")',
        ),
        (
            "columns = 5\n",
            "line 1: columns must be a table of column = [header names], not a number (5)",
        ),
        ("kpi = 5\n", 'line 1: kpi must be a table of [kpi."ID"] tables, not a number (5)'),
        (
            "peer_groups = 1\n",
            "line 1: peer_groups must be a table of group name = [organisation names], "
            "not a number (1)",
        ),
        (
            '[directorates]\norder = "Adult"\n',
            'line 2: [directorates] order must be a list of names, not a string ("Adult")',
        ),
        ("directorates = 7\n", "line 1: directorates must be a table, not a number (7)"),
        # Choices, types and ranges anywhere in the file.
        (
            '[rag]\nrule = "flor"\n',
            'line 2: [rag] rule = "flor" is not one of "floor", "tolerance"',
        ),
        (
            '[dot]\nmethod = "magic"\n',
            'line 2: [dot] method = "magic" is not one of "regression", "previous", "year", "spc"',
        ),
        (
            '[dot]\nwindow = "8"\n',
            'line 2: [dot] window must be a whole number (2 or more), not a string ("8")',
        ),
        (
            "[dot]\nwindow = 8.5\n",
            "line 2: [dot] window must be a whole number (2 or more), not a number (8.5)",
        ),
        ("[dot]\nwindow = 1\n", "line 2: [dot] window = 1 must be 2 or more"),
        ("[dot]\nmin_points = 2\n", "line 2: [dot] min_points = 2 must be 3 or more"),
        (
            "[dot]\nsignificance = 1\n",
            "line 2: [dot] significance = 1 must be more than 0 and less than 1",
        ),
        (
            "[dot]\nsignificance = 0\n",
            "line 2: [dot] significance = 0 must be more than 0 and less than 1",
        ),
        ("[dot]\nstable_tolerance = -1\n", "line 2: [dot] stable_tolerance = -1 must be 0 or more"),
        (
            "[dot]\nspc_shift = 13\n",
            "line 2: [dot] spc_shift = 13 must be between 3 and 12 "
            "(NHS Making Data Count uses 6 to 8)",
        ),
        (
            "[rag]\ntolerance = true\n",
            "line 2: [rag] tolerance must be a number (0 or more), not a boolean (true)",
        ),
        ('[rag]\nrule = "vibes"\n', 'line 2: [rag] rule = "vibes" is not one of'),
        (
            "[rag]\nrule = 3\n",
            'line 2: [rag] rule must be one of "floor", "tolerance", not a number (3)',
        ),
        (
            '[kpi.A]\ntolerance_type = "percent"\n',
            'line 2: [kpi.A] tolerance_type = "percent" is not one of "relative", "absolute"',
        ),
        ("[kpi]\nA = 5\n", "line 2: [kpi] A must be a table, not a number (5)"),
        (
            "[columns]\nvalue = 3\n",
            "line 2: [columns] value must be a list of header names, not a number (3)",
        ),
        (
            '[columns]\nvalue = ["Outturn", 3]\n',
            "line 2: [columns] value must be a list of header names, but item 2 is a number (3)",
        ),
        (
            '[peer_groups]\nnear = "A"\n',
            'line 2: [peer_groups] near must be a list of organisation names, not a string ("A")',
        ),
        (
            '[keys]\n"period.next" = 5\n',
            """line 2: [keys] "period.next" must be a key name in quotes, such as "ctrl+n" or """
            """"comma", not a number (5)""",
        ),
        (
            "organisation = 2024-01-01\n",
            "line 1: organisation must be a string, not a date (2024-01-01)",
        ),
        ("organisation = [1]\n", "line 1: organisation must be a string, not a list"),
        (
            'year_quarters = "fiscal"\n',
            'line 1: year_quarters = "fiscal" is not one of "financial", "calendar"',
        ),
    ],
)
def test_every_wrong_value_is_one_clear_message(text: str, message: str) -> None:
    assert error_of(text).startswith(f"my.toml, {message}")


@pytest.mark.parametrize(
    ("text", "line", "setting"),
    [
        ("rag.rule = 'x'\n", 1, "[rag] rule"),  # dotted key at the top
        ("dot = { window = 1 }\n", 1, "[dot] window"),  # inline table
        ('[kpi."CS 07"]\nrule = "x"\n', 2, '[kpi."CS 07"] rule'),  # quoted key
        ("[kpi]\nCS07.rule = 'x'\n", 2, "[kpi.CS07] rule"),  # dotted key in a table
        ("[kpi]\n'a.b' = { rule = 'x' }\n", 2, '[kpi."a.b"] rule'),  # literal key with a dot
        # Values that span lines do not confuse the count of lines.
        ('organisation = """\n[rag]\nrule = 1\n"""\n[rag]\nrule = 2\n', 6, "[rag] rule"),
        (
            "[directorates]\norder = [\n  'A', # ] {\n  'B',\n]\n[dot]\nwindow = 0\n",
            7,
            "[dot] window",
        ),
        ("# [dot]\n# window = 0\n\n[dot]  # table\nwindow = 0 # comment\n", 5, "[dot] window"),
        ("[rag]\r\nclose_band = -1\r\n", 2, "[rag] close_band"),  # Windows line ends
    ],
)
def test_the_line_is_found_however_the_key_is_written(text: str, line: int, setting: str) -> None:
    assert error_of(text).startswith(f"my.toml, line {line}: {setting}")


@pytest.mark.parametrize(
    ("text", "setting"),
    [
        ("[dot]\nspc_shift = 2\n", "line 2: [dot] spc_shift = 2 must be between 3 and 12"),
        ("[dot]\nspc_trend = 1\n", "line 2: [dot] spc_trend = 1 must be between 3 and 12"),
        ("[dot]\nspc_trend = 0\n", "line 2: [dot] spc_trend = 0 must be between 3 and 12"),
        ("[dot]\nspc_shift = 13\n", "line 2: [dot] spc_shift = 13 must be between 3 and 12"),
        ("[rag]\ntolerance = -5\n", "line 2: [rag] tolerance = -5 must be 0 or more"),
        ("[rag]\nblue = -0.5\n", "line 2: [rag] blue = -0.5 must be 0 or more"),
        ("[rag]\nclose_band = -1\n", "line 2: [rag] close_band = -1 must be 0 or more"),
        ("[rag]\ntolerance = nan\n", "line 2: [rag] tolerance = nan must be 0 or more"),
        ('[kpi."CS07"]\ntolerance = -2\n', "line 2: [kpi.CS07] tolerance = -2 must be 0 or more"),
        (
            "[dot]\nwindow = 8\nmin_points = 9\n",
            "line 3: [dot] min_points = 9 must not exceed window = 8",
        ),
        ("[dot]\nwindow = 3\n", "line 2: [dot] min_points = 4 must not exceed window = 3"),
    ],
)
def test_out_of_range_settings_name_the_file_and_setting(text: str, setting: str) -> None:
    with pytest.raises(QprError) as info:
        parse_config(text, "settings.toml")
    assert str(info.value).startswith("settings.toml, " + setting)


def test_out_of_range_setting_in_a_file(tmp_path: Path) -> None:
    path = tmp_path / "qpr.toml"
    path.write_text("[dot]\nspc_trend = 1\n", encoding="utf-8")
    with pytest.raises(QprError, match=r"qpr\.toml, line 2: \[dot\] spc_trend = 1 must be between"):
        load_config(path)


def test_range_limits_are_accepted() -> None:
    config = parse_config(
        "[rag]\ntolerance = 0\nblue = 0\nclose_band = 0\n"
        "[dot]\nspc_shift = 3\nspc_trend = 12\nwindow = 5\nmin_points = 5\n"
    ).config
    assert (config.rag.tolerance, config.rag.blue, config.rag.close_band) == (0, 0, 0)
    assert (config.dot.spc_shift, config.dot.spc_trend) == (3, 12)
    assert (config.dot.window, config.dot.min_points) == (5, 5)


def test_values_have_the_declared_types() -> None:
    config = parse_config(
        '[rag]\ntolerance = 5\n[dot]\nstable_tolerance = 2\n[columns]\nvalue = "Outturn"\n'
        '[kpi.A]\nrule = "tolerance"\nblue = 1\n'
    ).config
    assert isinstance(config.rag.tolerance, float)
    assert isinstance(config.dot.stable_tolerance, float)
    assert config.columns == {"value": ["Outturn"]}  # one header name may stand alone
    assert (config.kpi["A"].rule, config.kpi["A"].blue, config.kpi["A"].tolerance) == (
        "tolerance",
        1.0,
        None,
    )


def test_conflicting_settings_are_refused_in_code_too() -> None:
    with pytest.raises(SettingsConflict, match="min_points = 4 must not exceed window = 3"):
        DotConfig(window=3)


def test_missing_and_directory_config(tmp_path: Path) -> None:
    with pytest.raises(QprError, match="does not exist"):
        load_config(tmp_path / "none.toml")
    with pytest.raises(QprError, match="directory"):
        load_config(tmp_path)


def test_load_config_records_the_hash_of_the_bytes_read(tmp_path: Path) -> None:
    raw = b'\xef\xbb\xbforganisation = "Kent"\n'
    path = tmp_path / "c.toml"
    path.write_bytes(raw)
    loaded = load_config(path)
    path.write_text('organisation = "Surrey"\n', encoding="utf-8")  # edited afterwards
    assert loaded.config.organisation == "Kent"
    assert loaded.source.sha256 == hashlib.sha256(raw).hexdigest()
    assert loaded.source.path == str(path)
    assert parse_config('organisation = "Kent"\n', "c.toml").source.sha256 == ""
    assert load_config(None).source.sha256 == ""
    assert load_config(None).source.path == ""


def test_the_file_is_never_modified(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(b'colour = 1\n[rag]\nrule = "floor"\n')
    before = path.stat().st_mtime_ns, path.read_bytes()
    load_config(path)
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before


def test_a_refusal_the_schema_cannot_word_still_names_the_key() -> None:
    import msgspec

    from qpr_tui.config.checking import explain

    data = {"dot": {"window": 5}}
    at_key = explain(msgspec.ValidationError("Expected `int` - at `$.dot.window`"), data)
    assert (at_key.message, at_key.places) == (
        "[dot] window is not valid: Expected `int`",
        (("dot", "window"),),
    )
    at_root = explain(msgspec.ValidationError("Object contains unknown field `x`"), data)
    assert at_root.message == "the configuration is not valid: Object contains unknown field `x`"
    assert at_root.places == ()


def test_a_toml_error_at_the_end_names_the_last_line(tmp_path: Path) -> None:
    path = tmp_path / "open.toml"
    path.write_text('[rag]\nmethod = """never closed\n[keys]\n', encoding="utf-8")
    with pytest.raises(QprError) as caught:
        load_config(path)
    assert str(caught.value) == (
        f"{path}, line 3, column 7: the configuration is not valid TOML: Unterminated string at "
        "the end of the file. Something opened earlier is never closed: look above for a quote, "
        "bracket or brace without its partner."
    )


def test_a_byte_that_is_not_utf8_is_placed(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'[rag]\nname = "caf\xe9"\n')
    with pytest.raises(QprError) as caught:
        load_config(path)
    assert str(caught.value) == (
        f"{path}, line 2, column 12: the configuration file is not UTF-8 text (byte 0xe9 cannot "
        "be decoded: invalid continuation byte). Save it as UTF-8 in the editor."
    )


def test_a_configured_home_that_is_not_in_the_data_names_its_line(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    data = write_csv("organisation,kpi_id,period,value,target\nA,K1,Sep-24,1,2\nB,K1,Sep-24,3,2\n")
    path = tmp_path / "home.toml"
    path.write_text('# the home\norganisation = "Nope"\n', encoding="utf-8")
    loaded = load_config(path)
    with pytest.raises(QprError) as caught:
        load([str(data)], loaded.config, config_source=loaded.source)
    assert str(caught.value) == (
        f"{path}, line 2: organisation = 'Nope' names a home organisation that is not in the "
        "data, which has 2: A, B. Correct organisation in the configuration, or choose one with "
        "--organisation."
    )
