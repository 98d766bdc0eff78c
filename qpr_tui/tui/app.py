"""Placeholder app: replaced by the full TUI."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from qpr_tui.config import Config


class QprApp(App[None]):
    def __init__(self, files: Sequence[str], config: Config | None = None,
                 period: str | None = None, organisation: str | None = None) -> None:
        super().__init__()
        self.files = list(files)
        self.config_ = config or Config()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("qpr_tui")
        yield Footer()
