"""Count tiles for the Summary panel; their colours come from the theme ($success etc.)."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.containers import Container
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
        self.change_width = 0

    def set_count(self, count: int, previous: int | None) -> None:
        change = Text.assemble(delta(count, previous), justify="center")
        self.change_width = change.cell_len
        # A tile's size is fixed (its height by the stylesheet, its width by its row).
        self.update(Group(Text(f"{count:,}", style="bold", justify="center"), change), layout=False)

    def least_width(self) -> int:
        """The narrowest this tile can be with its title and its change in full: a corner,
        a rule and a space either side of the title."""
        title = Text(str(self.border_title or ""))
        return max(title.cell_len + 6, self.change_width + 4)


class TileRow(Container):
    """Tiles side by side, wrapped onto more rows when one row would cut their titles."""

    def on_resize(self) -> None:
        self.fit()

    def fit(self) -> None:
        shown = [tile for tile in self.query_children(Tile) if tile.display]
        width = self.content_region.width
        if not shown or not width:
            return
        gutter = 1
        widest = max(tile.least_width() for tile in shown)
        per_row = max(1, min(len(shown), (width + gutter) // (widest + gutter)))
        if per_row < len(shown):  # share the rows out evenly: 2 + 2 rather than 3 + 1
            rows = -(-len(shown) // per_row)
            per_row = -(-len(shown) // rows)
        self.styles.grid_size_columns = per_row


def rag_tile(status: str) -> Tile:
    return Tile(status_label(status), RAG_CLASS[status], id=f"tile-{status}")


def dot_tile(direction: str) -> Tile:
    return Tile(
        f"{DIRECTION_ARROWS[direction]} {DIRECTION_WORDS[direction]}",
        DOT_CLASS[direction],
        id=f"tile-{direction}",
    )
