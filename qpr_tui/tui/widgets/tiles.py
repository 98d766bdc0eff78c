"""Count tiles for the Summary panel; their colours come from the theme ($success etc.)."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from qpr_tui.tui.kpi_text import delta
from qpr_tui.tui.palette import ARROWS, DOT_WORDS, GLYPHS, WORDS

RAG_CLASS = {
    "blue": "-blue",
    "green": "-green",
    "amber": "-amber",
    "red": "-red",
    "no_data": "-muted",
    "not_rated": "-muted",
}
DOT_CLASS = {"positive": "-green", "stable": "-muted", "negative": "-red"}


class Tile(Static):
    """A bordered tile: a title with glyph and word, a big count, the change since last time."""

    def __init__(self, title: str, colour_class: str, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__("", id=id, classes=f"tile {colour_class}")
        self.border_title = title

    def set_count(self, count: int, previous: int | None) -> None:
        self.update(
            Group(
                Text(str(count), style="bold", justify="center"),
                Text.assemble(delta(count, previous), justify="center"),
            )
        )


def rag_tile(status: str) -> Tile:
    return Tile(f"{GLYPHS[status]} {WORDS[status]}", RAG_CLASS[status], id=f"tile-{status}")


def dot_tile(direction: str) -> Tile:
    return Tile(
        f"{ARROWS[direction]} {DOT_WORDS[direction]}", DOT_CLASS[direction], id=f"tile-{direction}"
    )
