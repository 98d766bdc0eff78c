"""Fixtures for the TUI tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import textual.constants

from qpr_tui.tui.app import QprApp


@pytest.fixture(autouse=True)
def no_animation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tab underlines and scrolling jump instead of gliding: Pilot waits for animations."""
    monkeypatch.setattr(textual.constants, "TEXTUAL_ANIMATIONS", "none")


@pytest.fixture
def notes(monkeypatch: pytest.MonkeyPatch) -> Callable[[QprApp], list[str]]:
    """Record an app's notifications: ``messages = notes(app)``."""

    def attach(app: QprApp) -> list[str]:
        seen: list[str] = []

        def notify(message: str, **_: object) -> None:
            seen.append(message)

        monkeypatch.setattr(app, "notify", notify)
        return seen

    return attach
