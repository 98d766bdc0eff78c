"""Statics of a known height: content laid out once at a width, the height set to its lines.

A Static with ``height: auto`` is measured (rendered, for a Rich ``Table``) on every layout
pass, and every update asks for a layout of the screen. Content laid out once into lines of
styled text (`qpr_tui.tui.kpi_text.frozen`) and a height set to those lines cost neither:
the update repaints the widget only, and a layout pass measures nothing. A `Text` is shown
as it is (Textual wraps it the same way, and it reads the same to a search); anything else
(tables, groups) as its lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.console import RenderableType
from rich.text import Text
from textual.content import Content
from textual.geometry import Offset
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions
from textual.widget import Widget
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.css.styles import RulesMap

from qpr_tui.tui.kpi_text import frozen


def line_count(text: Text) -> int:
    return text.plain.count("\n") + 1


def laid_out(renderable: RenderableType, width: int) -> Text:
    """``renderable`` as lines of styled text at ``width``."""
    if isinstance(renderable, Text) and renderable.no_wrap:
        return renderable  # its lines are its lines at any width: nothing to lay out
    return frozen(renderable, width) if renderable != "" else Text("")


def show_frozen(widget: Static, renderable: RenderableType, width: int) -> Text:
    """Show ``renderable`` in ``widget`` as tall as its lines at ``width`` (a layout only
    when that height changes); returns those lines."""
    text = laid_out(renderable, width)
    widget.styles.height = line_count(text)  # no layout unless the height changes
    widget.update(renderable if isinstance(renderable, Text) else text, layout=False)
    return text


def content_width(widget: Widget, fallback: int) -> int:
    """The width a scrolling widget's children have (its width within its padding and
    scrollbar), or ``fallback`` before it is laid out."""
    return widget.scrollable_content_region.width or fallback


class FrozenLines(Widget):
    """Fixed lines of styled text, as tall as they are, each turned into cells only when it
    is drawn: a Static turns all of its lines into cells whenever any of them shows, so a
    long part cost what its every line cost on each new quarter, most of them off screen.
    It draws a line as a Static of that text would (the same styles, wrapping and
    selection)."""

    DEFAULT_CSS = "FrozenLines { height: auto; }"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.content = Text("")
        self._lines: list[Text] = [Text("")]

    def show(self, renderable: RenderableType, width: int) -> Text:
        """Show ``renderable`` as its lines at ``width`` (a layout only when their number
        changes); returns those lines."""
        text = laid_out(renderable, width)
        self.content = text
        self._lines = list(text.split("\n", allow_blank=True)) or [Text("")]
        self.styles.height = len(self._lines)
        self.refresh()
        return text

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style = self.visual_style
        if y >= len(self._lines) or not width:
            return Strip.blank(width, style.rich_style)
        line = self._lines[y]
        selection = self.text_selection
        span = selection.get_span(y) if selection is not None else None
        rules = cast("RulesMap", self.styles)  # what Textual's own `Visual.to_strips` passes
        options = RenderOptions(self._get_style, rules)
        if span is not None:  # the selection's part of this line, as the line's own
            start, end = span
            options = RenderOptions(
                self._get_style,
                rules,
                Selection(Offset(start, 0), Offset(len(line) if end == -1 else end, 0)),
                Style.from_styles(self.screen.get_component_styles("screen--selection")),
            )
        content = Content.from_rich_text(line, console=self.app.console)
        strips = content.render_strips(width, 1, style, options)
        if not strips:
            return Strip.blank(width, style.rich_style)
        strip = strips[0].apply_offsets(0, y)  # where a mouse selection finds the text
        if self.auto_links and not self.screen._selecting:
            strip = strip._apply_link_style(self.link_style)
        return strip

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        return selection.extract(self.content.plain), "\n"
