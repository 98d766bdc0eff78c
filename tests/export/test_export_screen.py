"""Pilot tests for the export dialog, hosted by a tiny app (not the main one)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.app import App
from textual.widgets import Button, Input, Select, Static

from qpr_tui.analysis.summary import Scope
from qpr_tui.tui.export_screen import ExportScreen

from .conftest import Loaded

UNSET = object()


class Host(App[None]):
    def __init__(self, screen: ExportScreen) -> None:
        super().__init__()
        self.screen_to_push = screen
        self.result: Any = UNSET

    def on_mount(self) -> None:
        self.push_screen(self.screen_to_push, self.done)

    def done(self, result: Path | None) -> None:
        self.result = result


async def settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def submit(pilot: Any, screen: ExportScreen) -> None:
    """Enter in the file box: the keyboard's way to export."""
    screen.query_one("#export-path", Input).focus()
    await pilot.pause()
    await pilot.press("enter")


def message(screen: ExportScreen) -> str:
    content = screen.query_one("#export-message", Static).content
    assert isinstance(content, Text)
    return content.plain


@pytest.fixture
def make(sample: Loaded, tmp_path: Path):
    def factory(scope: Scope | None = None, **kwargs: Any) -> tuple[Host, ExportScreen]:
        screen = ExportScreen(
            sample.analysis, sample.period, scope or Scope(), directory=tmp_path, **kwargs
        )
        return Host(screen), screen

    return factory


async def test_defaults_and_export(make: Any, tmp_path: Path) -> None:
    app, screen = make()
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        path_input = screen.query_one("#export-path", Input)
        assert path_input.value == str(tmp_path / "qpr-2024-25-Q2-all.html")
        assert screen.query_one("#export-format", Select).value == "html"
        assert screen.query_one("#export-scope", Select).value == Scope()
        assert screen.query_one("#export-format", Select).has_focus  # choose the format first
        await submit(pilot, screen)
        await settle(pilot)
    assert app.result == tmp_path / "qpr-2024-25-Q2-all.html"
    assert "<!DOCTYPE html>" in app.result.read_text(encoding="utf-8")


async def test_changing_format_and_scope_updates_the_name(make: Any, tmp_path: Path) -> None:
    app, screen = make()
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        screen.query_one("#export-format", Select).value = "md"
        await pilot.pause()
        screen.query_one("#export-scope", Select).value = Scope("Governance and Law")
        await pilot.pause()
        expected = tmp_path / "qpr-2024-25-Q2-Governance-and-Law.md"
        assert screen.query_one("#export-path", Input).value == str(expected)
        await pilot.click("#export-ok")
        await settle(pilot)
    assert app.result == expected
    text = expected.read_text(encoding="utf-8")
    assert text.startswith(
        "# Quarterly Performance Report, Quarter 2, 2024/25 (Governance and Law)"
    )


async def test_existing_file_asks_before_overwriting(make: Any, tmp_path: Path) -> None:
    target = tmp_path / "qpr-2024-25-Q2-all.html"
    target.write_text("precious", encoding="utf-8")
    app, screen = make()
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        await pilot.click("#export-ok")
        await settle(pilot)
        assert app.result is UNSET
        assert "already exists" in message(screen)
        assert str(screen.query_one("#export-ok", Button).label) == "Overwrite"
        assert target.read_text(encoding="utf-8") == "precious"
        assert screen.query_one("#export-ok", Button).has_focus
        await pilot.pause(0.3)  # a button ignores presses during its 0.2 s "pressed" effect
        await pilot.press("enter")  # Overwrite has the focus: keyboard confirmation
        await settle(pilot)
    assert app.result == target
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


async def test_editing_the_name_cancels_the_confirmation(make: Any, tmp_path: Path) -> None:
    (tmp_path / "qpr-2024-25-Q2-all.txt").write_text("precious", encoding="utf-8")
    app, screen = make(fmt="txt")
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        await submit(pilot, screen)
        await settle(pilot)
        assert "already exists" in message(screen)
        screen.query_one("#export-path", Input).value = str(tmp_path / "other.txt")
        await pilot.pause()
        assert str(screen.query_one("#export-ok", Button).label) == "Export"
        assert message(screen) == ""
        await submit(pilot, screen)
        await settle(pilot)
    assert app.result == tmp_path / "other.txt"
    assert (tmp_path / "qpr-2024-25-Q2-all.txt").read_text(encoding="utf-8") == "precious"


async def test_escape_cancels(make: Any, tmp_path: Path) -> None:
    app, _ = make()
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None
    assert list(tmp_path.iterdir()) == []


async def test_cancel_button(make: Any, tmp_path: Path) -> None:
    app, _ = make()
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        await pilot.click("#export-cancel")
        await pilot.pause()
    assert app.result is None


async def test_errors_are_shown_in_the_dialog(make: Any, sample: Loaded, tmp_path: Path) -> None:
    app, screen = make()
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        path_input = screen.query_one("#export-path", Input)
        path_input.value = str(tmp_path / "[b]missing[/b]" / "r.html")
        await submit(pilot, screen)
        await settle(pilot)
        assert app.result is UNSET
        text = message(screen)
        assert "does not exist" in text and "[b]missing[/b]" in text  # literal, not markup
        assert screen.query_one("#export-message", Static).has_class("-error")
        # An input file as the target is refused, even after "Overwrite".
        before = sample.files[0].read_bytes()
        path_input.value = str(sample.files[0])
        await submit(pilot, screen)
        await settle(pilot)
        assert "already exists" in message(screen)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.result is UNSET
        assert "input" in message(screen)
        assert sample.files[0].read_bytes() == before
        path_input.value = ""
        await submit(pilot, screen)
        await pilot.pause()
        assert "Enter the file" in message(screen)
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


async def test_scope_with_markup_is_shown_literally(hostile: Loaded, tmp_path: Path) -> None:
    scope = Scope("R&D <Ops>")
    screen = ExportScreen(hostile.analysis, hostile.period, scope, directory=tmp_path)
    app = Host(screen)
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        assert screen.query_one("#export-scope", Select).value == scope
        assert screen.query_one("#export-path", Input).value == str(
            tmp_path / "qpr-2024-25-Q2-R-D-Ops.html"
        )
        await submit(pilot, screen)
        await settle(pilot)
    assert app.result == tmp_path / "qpr-2024-25-Q2-R-D-Ops.html"
    assert "R&amp;D &lt;Ops&gt;" in app.result.read_text(encoding="utf-8")
