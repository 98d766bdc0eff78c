"""Snapshot tests run without animation (a gliding tab underline is not worth waiting for)."""

from __future__ import annotations

import pytest
import textual.constants


@pytest.fixture(autouse=True)
def no_animation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textual.constants, "TEXTUAL_ANIMATIONS", "none")
