"""The theme comes from configuration, and a theme chosen in the app is remembered in the
user's configuration file only."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from qpr_tui.config import load_config
from qpr_tui.loading import SAMPLE
from qpr_tui.tui.app import THEME_SETTLE, QprApp

from .helpers import loaded

Notes = Callable[[QprApp], list[str]]


def user_file(home: Path) -> Path:
    return home / "qpr" / "qpr.toml"


async def test_changing_the_theme_writes_the_users_file_only(
    tmp_path: Path, user_config_home: Path
) -> None:
    project = tmp_path / "project.toml"
    project.write_text('organisation = "Kent"\ntheme = "gruvbox"\n', encoding="utf-8")
    data = tmp_path / "qpr.csv"
    data.write_bytes(SAMPLE.read_bytes())
    before = (project.read_bytes(), data.read_bytes())
    app = QprApp([str(data)], config=load_config(project))
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        assert app.theme == "gruvbox"  # from the configuration; nothing written for it
        assert not user_file(user_config_home).exists()
        started = time.monotonic()
        for passing in ("dracula", "monokai", "nord"):  # the theme picker previews each
            app.theme = passing
            await pilot.pause()
        if time.monotonic() - started < THEME_SETTLE:  # a loaded machine may take longer
            assert not user_file(user_config_home).exists()  # not yet: it may go on moving
        await pilot.pause(THEME_SETTLE + 0.3)
        for _ in range(100):  # the write runs on a timer: wait for it, however slow
            written = user_file(user_config_home)
            if written.exists() and written.read_text(encoding="utf-8") == 'theme = "nord"\n':
                break
            await pilot.pause(0.1)
        assert user_file(user_config_home).read_text(encoding="utf-8") == 'theme = "nord"\n'
        mask = os.umask(0o022)
        os.umask(mask)
        assert user_file(user_config_home).stat().st_mode & 0o777 == 0o666 & ~mask
    assert (project.read_bytes(), data.read_bytes()) == before


async def test_the_remembered_theme_is_used_next_time(user_config_home: Path) -> None:
    user_file(user_config_home).parent.mkdir()
    user_file(user_config_home).write_text('theme = "textual-light"\n', encoding="utf-8")
    app = QprApp([str(SAMPLE)])
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        assert app.theme == "textual-light"


async def test_an_unknown_theme_is_reported(tmp_path: Path, notes: Notes) -> None:
    project = tmp_path / "project.toml"
    project.write_text('theme = "no-such-theme"\n', encoding="utf-8")
    app = QprApp([str(SAMPLE)], config=load_config(project))
    seen = notes(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        assert app.theme == "textual-dark"
        assert seen == [
            "There is no theme 'no-such-theme'; using textual-dark. Ctrl+P, then 'theme', "
            "lists them."
        ]


async def test_a_theme_chosen_just_before_quitting_is_remembered(user_config_home: Path) -> None:
    app = QprApp([str(SAMPLE)])
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        app.theme = "dracula"
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert user_file(user_config_home).read_text(encoding="utf-8") == 'theme = "dracula"\n'
