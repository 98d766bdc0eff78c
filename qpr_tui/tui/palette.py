"""RAG and Direction of Travel text coloured from the active Textual theme.

The shared views use fixed Rich colours; inside the app the same statuses follow the theme
(``$success`` / ``$warning`` / ``$error``) so every theme, light or dark, stays readable.
Colour is never the only signal: each status keeps its glyph and its word.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from rich.style import Style
from rich.text import Text
from textual.app import App
from textual.color import Color

if TYPE_CHECKING:
    from textual.theme import Theme

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
    STATUS_GLYPHS,
    status_label,
)

# Theme variable behind each status: the badge background and the text colour.
_BADGE_VARS = {BLUE: "primary", GREEN: "success", AMBER: "warning", RED: "error"}
_TEXT_VARS = {
    BLUE: "text-primary",
    GREEN: "text-success",
    AMBER: "text-warning",
    RED: "text-error",
}


@dataclass(frozen=True)
class Palette:
    """Styles for one theme."""

    badge: dict[str, Style]
    fg: dict[str, Style]
    accent: Style
    muted: Style

    def rag(self, status: str | None) -> Text:
        """The status's glyph and word on the theme's colour for it (Red on ``$error``);
        ``–`` when there is no status."""
        if not status:
            return Text("–", style=self.muted)
        return Text(f" {status_label(status)} ", style=self.badge.get(status, self.muted))

    def rag_plain(self, status: str | None) -> Text:
        """The status's glyph and word in its colour, without a background."""
        if not status:
            return Text("–", style=self.muted)
        return Text(status_label(status), style=self.fg.get(status, self.muted))

    def glyph(self, status: str | None) -> Text:
        if not status:
            return Text("·", style=self.muted)
        return Text(STATUS_GLYPHS.get(status, "?"), style=self.fg.get(status, self.muted))

    def dot(self, direction: str | None, words: bool = True) -> Text:
        if not direction:
            return Text("–", style=self.muted)
        arrow = DIRECTION_ARROWS.get(direction, "?")
        style = {POSITIVE: self.fg[GREEN], NEGATIVE: self.fg[RED]}.get(direction, "")
        return Text(
            f"{arrow} {DIRECTION_WORDS.get(direction, direction)}" if words else arrow,
            style=style,
        )


_CACHE: dict[tuple[str, ...], Palette] = {}
# Each app's palette with the theme it was made for: building the theme's CSS variables takes
# milliseconds, and a table asks for the palette once a row.
_BY_APP: WeakKeyDictionary[App[Any], tuple[Theme, Palette]] = WeakKeyDictionary()


def _colour(value: str, fallback: str) -> Color:
    try:
        return Color.parse(value)
    except Exception:  # "auto 60%" and the like
        return Color.parse(fallback)


def palette(app: App[Any]) -> Palette:
    """The palette for the app's current theme (cached per theme, and per set of colours)."""
    theme = app.current_theme
    held = _BY_APP.get(app)
    if held is not None and held[0] is theme:
        return held[1]
    result = _palette_of(app)
    _BY_APP[app] = (theme, result)
    return result


def _palette_of(app: App[Any]) -> Palette:
    variables = app.get_css_variables()
    names = [*_BADGE_VARS.values(), *_TEXT_VARS.values()]
    key = (app.theme, *(variables.get(n, "") for n in names))
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    badge: dict[str, Style] = {}
    fg: dict[str, Style] = {}
    for status, var in _BADGE_VARS.items():
        background = _colour(variables.get(var, ""), "#808080")
        text = background.get_contrast_text(1.0)
        badge[status] = Style(bold=True, color=text.rich_color, bgcolor=background.rich_color)
        colour = _colour(variables.get(_TEXT_VARS[status], ""), background.hex)
        fg[status] = Style(color=colour.rich_color, bold=True)
    muted = Style(dim=True)
    badge[NO_DATA] = badge[NOT_RATED] = muted
    fg[NO_DATA] = fg[NOT_RATED] = muted
    accent = Style(color=_colour(variables.get("accent", ""), "#00aaff").rich_color, bold=True)
    result = Palette(badge=badge, fg=fg, accent=accent, muted=muted)
    _CACHE[key] = result
    return result
