"""Unknown configuration keys in the app: a notification on load, findings in Data quality."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from qpr_tui.config import load_config
from qpr_tui.tui.app import QprApp
from qpr_tui.tui.panes.quality import QualityPane
from tests.tui.helpers import loaded, plain, rows
from tests.tui.test_new_panels import FLAWED

Notes = Callable[[QprApp], list[str]]


def flawed_with_config(tmp_path: Path, config: str) -> QprApp:
    data = tmp_path / "flawed.csv"
    data.write_text(FLAWED)
    path = tmp_path / "x.toml"
    path.write_text(config, encoding="utf-8")
    return QprApp([str(data)], config=load_config(path))


async def test_unknown_keys_are_notified_and_listed_in_data_quality(
    tmp_path: Path, notes: Notes
) -> None:
    app = flawed_with_config(tmp_path, '[dot]\nwindw = 6\n[rag]\nrule = "floor"\ncolour = 1\n')
    seen = notes(app)  # before the app runs: the load may finish at once
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        (note,) = [n for n in seen if "windw" in n]
        assert note.splitlines() == [
            "line 2: unknown key 'windw' in [dot] was ignored (did you mean 'window'?)",
            "line 5: unknown key 'colour' in [rag] was ignored",
            "All are listed in Data quality (6).",
        ]
        await pilot.press("6")
        await pilot.pause()
        pane = app.main.panes["quality"]
        assert isinstance(pane, QualityPane)
        assert "1 errors, 4 warnings" in plain(pane.heading)  # 2 from the data, 2 from x.toml
        found = {r[1].strip(): r[4] for r in rows(pane.table)}
        assert found["x.toml:2"].startswith("unknown key 'windw' in [dot] was ignored")
        assert found["x.toml:5"].startswith("unknown key 'colour' in [rag] was ignored")


async def test_reload_does_not_repeat_the_notification(tmp_path: Path, notes: Notes) -> None:
    app = flawed_with_config(tmp_path, "colour = 1\n")
    seen = notes(app)  # before the app runs: the load may finish at once
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("r")
        await loaded(app, pilot)
        await pilot.pause()
        assert [n for n in seen if "colour" in n] == [
            "line 1: unknown key 'colour' was ignored\nAll are listed in Data quality (6)."
        ]


async def test_many_unknown_keys_are_summed_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = flawed_with_config(tmp_path, "".join(f"extra{n} = {n}\n" for n in range(5)))
    seen: list[tuple[str, dict[str, object]]] = []

    def notify(message: str, **options: object) -> None:
        seen.append((message, options))

    monkeypatch.setattr(app, "notify", notify)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        ((message, options),) = [(m, o) for m, o in seen if "extra" in m]
        assert message.splitlines()[2:] == [
            "line 3: unknown key 'extra2' was ignored",
            "… and 2 more",
            "All are listed in Data quality (6).",
        ]
        assert options["title"] == "x.toml: 5 settings ignored"
        assert options["severity"] == "warning"


async def test_a_clean_configuration_says_nothing(tmp_path: Path, notes: Notes) -> None:
    app = flawed_with_config(tmp_path, 'organisation = "Kent"\n')
    seen = notes(app)  # before the app runs: the load may finish at once
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        assert not [n for n in seen if "ignored" in n]


async def test_key_names_cannot_send_control_codes(tmp_path: Path, notes: Notes) -> None:
    app = flawed_with_config(tmp_path, '"\\u001b]0;pwned\\u0007" = 1\n')
    seen = notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        (note,) = [n for n in seen if "pwned" in n]
        assert "\x1b" not in note and "\x07" not in note
        assert note.startswith("line 1: unknown key '\\x1b]0;pwned\\x07' was ignored")


async def test_warnings_are_notified_when_the_data_cannot_be_loaded(
    tmp_path: Path, notes: Notes
) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\x00\x01\x02")
    path = tmp_path / "x.toml"
    path.write_text('[keys]\n"app.quit" = "e"\n', encoding="utf-8")
    app = QprApp([str(broken)], config=load_config(path))
    seen = notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        assert app.load_error is not None
        assert [n for n in seen if "ignored" in n] == [
            'line 2: [keys] "app.quit" = "e" was ignored: e is Export (app.export) everywhere; '
            "Quit keeps q\nAll are listed in Data quality (6)."
        ]
