"""Statics of a known height: content laid out once at a width, the height set to its lines.

A Static with ``height: auto`` is measured (rendered, for a Rich ``Table``) on every layout
pass, and every update asks for a layout of the screen. Content laid out once into lines of
styled text (`qpr_tui.tui.kpi_text.frozen`) and a height set to those lines cost neither:
the update repaints the widget only, and a layout pass measures nothing. A `Text` is shown
as it is (Textual wraps it the same way, and it reads the same to a search); anything else
(tables, groups) as its lines.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from qpr_tui.tui.kpi_text import frozen


def line_count(text: Text) -> int:
    return text.plain.count("\n") + 1


def show_frozen(widget: Static, renderable: RenderableType, width: int) -> Text:
    """Show ``renderable`` in ``widget`` as tall as its lines at ``width`` (a layout only
    when that height changes); returns those lines."""
    if isinstance(renderable, Text) and renderable.no_wrap:
        text = renderable  # its lines are its lines at any width: nothing to lay out
    else:
        text = frozen(renderable, width) if renderable != "" else Text("")
    widget.styles.height = line_count(text)  # no layout unless the height changes
    widget.update(renderable if isinstance(renderable, Text) else text, layout=False)
    return text


def content_width(widget: Widget, fallback: int) -> int:
    """The width a scrolling widget's children have (its width within its padding and
    scrollbar), or ``fallback`` before it is laid out."""
    return widget.scrollable_content_region.width or fallback
