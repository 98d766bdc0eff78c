"""Panel 1: RAG and Direction of Travel tiles, the Red list, the cover-report text."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Static

from qpr_tui.tui.kpi_text import frozen
from qpr_tui.tui.messages import PartsLaidOut, SummaryRefitted
from qpr_tui.tui.panes.base import Pane
from qpr_tui.tui.widgets.frozen import FrozenLines, show_frozen
from qpr_tui.tui.widgets.tables import VimScroll
from qpr_tui.tui.widgets.tiles import TileRow, dot_tile, rag_tile
from qpr_tui.vocabulary import ALWAYS_COUNTED, DIRECTIONS, RED, STATUS_GLYPHS, STATUSES

if TYPE_CHECKING:
    from qpr_tui.analysis.summary import Summary
    from qpr_tui.tui.state import ViewState

RED_LIMIT = 40  # the Summary shows this many Reds; panel 3 has them all
# Views whose Red list and cover text are kept laid out, for [ and ] back (those the prefetch
# laid out for the quarters and the tree's scopes either side among them).
PARTS_KEPT = 16


class SummaryPane(Pane):
    REFIT_ON_RESIZE = True

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.scroll = VimScroll(id="summary-scroll")
        self.title_ = Static("", classes="pane-title")
        self.rag_tiles = {k: rag_tile(k) for k in STATUSES}
        self.dot_tiles = {k: dot_tile(k) for k in DIRECTIONS}
        self.dot_method = Static("", classes="note")
        self.red_heading = Static("", classes="section -red")
        self.red_list = FrozenLines(id="summary-red")
        self.narrative = FrozenLines(id="summary-narrative")
        # (view key, width, invalidations) -> the Red list and the cover text, laid out
        self._parts: dict[tuple[Hashable, int, int], tuple[Text, Text]] = {}
        self._epoch = 0

    def compose(self) -> ComposeResult:
        with self.scroll:
            yield self.title_
            with TileRow(classes="tiles"):
                yield from self.rag_tiles.values()
            yield Static("Direction of Travel", classes="section")
            with TileRow(classes="tiles"):
                yield from self.dot_tiles.values()
            yield self.dot_method
            yield self.red_heading
            yield self.red_list
            yield Static("Cover report text", classes="section")
            yield self.narrative

    def main_widget(self) -> Widget:
        return self.scroll

    def rebuild(self, view: ViewState) -> None:
        from qpr_tui.views.headings import scope_label
        from qpr_tui.views.methods import describe_method
        from qpr_tui.views.text import clean

        s = view.summary
        title = Text.assemble(
            (f"{s.total:,} KPIs", "bold"),
            " in ",
            (clean(scope_label(s.scope)), "bold"),
            " · ",
            (s.period_label, "bold"),
        )
        if s.previous_label:
            title.append(f" · changes are against {s.previous_label}", style="dim")
        # Every part as tall as its lines at this width: a new quarter repaints the panel
        # without a layout of the screen unless a part's height changes.
        width = self.text_width()
        show_frozen(self.title_, title, width)
        for key, tile in self.rag_tiles.items():
            prev = s.rag_previous.get(key) if s.rag_previous is not None else None
            tile.display = key in ALWAYS_COUNTED or bool(s.rag.get(key) or prev)
            tile.set_count(s.rag.get(key, 0), prev)
        for key, dtile in self.dot_tiles.items():
            prev = s.dot_previous.get(key) if s.dot_previous is not None else None
            dtile.set_count(s.dot.get(key, 0), prev)
        for row in self.query(TileRow):
            row.fit()
        method = describe_method(s.dot_config, s.calendar.period_word)
        show_frozen(self.dot_method, Text(f"DoT method: {method}", style="dim"), width)
        heading = Text(f"{STATUS_GLYPHS[RED]} Red indicators ({len(s.red):,})")
        show_frozen(self.red_heading, heading, width)
        red, narrative = self._laid_out(view, width)
        self.red_list.show(red, width)
        self.narrative.show(narrative, width)

    def text_width(self) -> int:
        """The width the panel's texts are laid out at."""
        return (self.scroll.scrollable_content_region.width or self.app.size.width - 40) - 2

    def parts_key(self, view: ViewState, width: int) -> tuple[Hashable, int, int]:
        """What a view's texts are kept by: its key, the width, and the count of
        invalidations (texts laid out before a theme or a note changed are not used)."""
        return (self.view_key(view), width, self._epoch)

    def has_parts(self, key: tuple[Hashable, int, int]) -> bool:
        """Whether the texts kept by ``key`` (`parts_key`) are laid out already."""
        return key in self._parts

    def keep_parts(self, key: tuple[Hashable, int, int], parts: tuple[Text, Text]) -> None:
        """Keep a view's Red list and cover text laid out ahead of time (by the prefetch
        worker)."""
        if key not in self._parts:
            self._parts[key] = parts
            self._trim()

    def _refit(self) -> None:
        fitted = self._fitted_width
        super()._refit()
        if self._fitted_width != fitted:
            self.post_message(SummaryRefitted())

    def on_parts_laid_out(self, message: PartsLaidOut) -> None:
        self.keep_parts(message.key, message.parts)

    def _laid_out(self, view: ViewState, width: int) -> tuple[Text, Text]:
        """The Red list and the cover text at ``width``: the costly parts, made once for
        each of the last few views."""
        key = self.parts_key(view, width)
        parts = self._parts.pop(key, None)
        if parts is None:
            parts = lay_out(view.summary, width)
        self._parts[key] = parts  # the most recent last
        self._trim()
        return parts

    def _trim(self) -> None:
        while len(self._parts) > PARTS_KEPT:
            del self._parts[next(iter(self._parts))]

    def invalidate(self) -> None:
        super().invalidate()
        self._parts.clear()
        self._epoch += 1


def lay_out(s: Summary, width: int) -> tuple[Text, Text]:
    """The Summary's costly parts, its Red list and cover text, at ``width`` (pure: the
    prefetch worker calls it for the quarters either side)."""
    return _red_part(s, width), _cover_text(s, width)


def _red_part(s: Summary, width: int) -> Text:
    from qpr_tui.views.summary import red_list_text

    red = red_list_text(s, width, limit=RED_LIMIT)
    if len(s.red) > RED_LIMIT:
        red.append(" (the Red detail panel lists them all)", style="dim")
    return red


def _cover_text(s: Summary, width: int) -> Text:
    from qpr_tui.views.narrative import write
    from qpr_tui.views.summary import narrative_renderable

    return frozen(narrative_renderable(write(s)), width)
