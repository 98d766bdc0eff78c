"""The user's configuration file: where it is, and editing only its ``theme`` key."""

from __future__ import annotations

from pathlib import Path

import pytest

from qpr_tui.config import load_config
from qpr_tui.config.user import remembered_theme, user_config_file, with_theme, write_theme
from qpr_tui.errors import QprError


def test_the_user_file_is_in_the_xdg_config_folder(user_config_home: Path) -> None:
    assert user_config_file() == user_config_home / "qpr" / "qpr.toml"


def test_a_theme_is_added_before_the_first_table_and_nothing_else_changes() -> None:
    text = '# mine\norganisation = "Kent"\n\n[dot]\nwindow = 6  # two years\n'
    assert with_theme(text, "nord") == (
        '# mine\norganisation = "Kent"\n\ntheme = "nord"\n[dot]\nwindow = 6  # two years\n'
    )


def test_a_theme_is_replaced_where_it_is_written() -> None:
    text = 'theme = "gruvbox"\r\n[keys]\r\n"app.quit" = "x"\r\n'
    assert with_theme(text, "nord") == 'theme = "nord"\r\n[keys]\r\n"app.quit" = "x"\r\n'
    # a key named theme inside a table is another key
    assert with_theme('[report]\ntheme = "x"', "nord") == (
        'theme = "nord"\n[report]\ntheme = "x"\n'
    )


def test_write_theme_creates_the_file_and_keeps_the_rest_byte_for_byte(
    user_config_home: Path,
) -> None:
    path = write_theme("nord")
    assert path == user_config_home / "qpr" / "qpr.toml"
    assert path.read_bytes() == b'theme = "nord"\n'
    original = b'\xef\xbb\xbf# \xc2\xa3 mine\r\norganisation = "Kent"\r\n[dot]\r\nwindow = 6\r\n'
    path.write_bytes(original)
    write_theme("textual-light")
    assert path.read_bytes() == original.replace(b"[dot]", b'theme = "textual-light"\r\n[dot]')
    write_theme("nord")
    assert path.read_bytes() == original.replace(b"[dot]", b'theme = "nord"\r\n[dot]')
    assert remembered_theme() == "nord"
    assert load_config(path).config.organisation == "Kent"
    assert [p.name for p in path.parent.iterdir()] == ["qpr.toml"]  # no temporary left


def test_a_broken_user_file_is_not_edited(user_config_home: Path) -> None:
    path = user_config_home / "qpr" / "qpr.toml"
    path.parent.mkdir()
    path.write_text("theme = \n", encoding="utf-8")
    with pytest.raises(QprError, match="not valid TOML"):
        write_theme("nord")
    assert path.read_text(encoding="utf-8") == "theme = \n"
    assert remembered_theme() == ""
