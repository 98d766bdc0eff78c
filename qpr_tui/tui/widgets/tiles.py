"""Count tiles for the Summary panel; their colours come from the theme ($success etc.)."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from qpr_tui.tui.kpi_text import delta
from qpr_tui.vocabulary import (
    AMBER,
    BLUE,
    DIRECTION_ARROWS,
    DIRECTION_WORDS,
    GREEN,
    NEGATIVE,
    NO_DATA,
    NOT_RATED,
    POSITIVE,
    RED,
    STABLE,
    status_label,
)

RAG_CLASS = {
    BLUE: "-blue",
    GREEN: "-green",
    AMBER: "-amber",
    RED: "-red",
    NO_DATA: "-muted",
    NOT_RATED: "-muted",
}
DOT_CLASS = {POSITIVE: "-green", STABLE: "-muted", NEGATIVE: "-red"}


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
    return Tile(status_label(status), RAG_CLASS[status], id=f"tile-{status}")


def dot_tile(direction: str) -> Tile:
    return Tile(
        f"{DIRECTION_ARROWS[direction]} {DIRECTION_WORDS[direction]}",
        DOT_CLASS[direction],
        id=f"tile-{direction}",
    )
