"""Shown when the files cannot be used: the message (file, line, column) and what to do."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from qpr_tui.views.text import safe


class ErrorScreen(Screen[None]):
    """The app keeps running: ``r`` retries (after fixing the file), ``q`` quits."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "app.reload", "Retry", id="app.reload"),
    ]

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(id="error")
        self.message = message
        self.hint = hint
        self.body = Static("", id="error-message")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="error-scroll"), Center():
            yield Static(Text("Could not load the QPR data", style="bold"), id="error-title")
            yield self.body
        yield Footer()

    def on_mount(self) -> None:
        self.show_message(self.message)

    def show_message(self, message: str) -> None:
        self.message = message
        text = Text()
        text.append_text(safe(message))
        text.append("\n\n")
        text.append(self.hint, style="dim")
        self.body.update(text)
