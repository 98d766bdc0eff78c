"""RAG and Direction of Travel text coloured from the active Textual theme.

The shared views use fixed Rich colours; inside the app the same statuses follow the theme
(``$success`` / ``$warning`` / ``$error``) so every theme, light or dark, stays readable.
Colour is never the only signal: each status keeps its glyph and its word.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.app import App
from textual.color import Color

GLYPHS = {"blue": "★", "green": "●", "amber": "▲", "red": "■", "no_data": "○", "not_rated": "·"}
WORDS = {
    "blue": "Blue",
    "green": "Green",
    "amber": "Amber",
    "red": "Red",
    "no_data": "No data",
    "not_rated": "Not rated",
}
ARROWS = {"positive": "↑", "stable": "→", "negative": "↓"}
DOT_WORDS = {"positive": "Improving", "stable": "Stable", "negative": "Worsening"}
# Theme variable behind each status: the badge background and the text colour.
_BADGE_VARS = {"blue": "primary", "green": "success", "amber": "warning", "red": "error"}
_TEXT_VARS = {
    "blue": "text-primary",
    "green": "text-success",
    "amber": "text-warning",
    "red": "text-error",
}


@dataclass(frozen=True)
class Palette:
    """Styles for one theme."""

    badge: dict[str, Style]
    fg: dict[str, Style]
    accent: Style
    muted: Style

    def rag(self, status: str | None) -> Text:
        """`` ■ Red `` on the theme's error colour; ``–`` when there is no status."""
        if not status:
            return Text("–", style=self.muted)
        return Text(
            f" {GLYPHS.get(status, '?')} {WORDS.get(status, status)} ",
            style=self.badge.get(status, self.muted),
        )

    def rag_plain(self, status: str | None) -> Text:
        """``■ Red`` in the status colour, without a background."""
        if not status:
            return Text("–", style=self.muted)
        return Text(
            f"{GLYPHS.get(status, '?')} {WORDS.get(status, status)}",
            style=self.fg.get(status, self.muted),
        )

    def glyph(self, status: str | None) -> Text:
        if not status:
            return Text("·", style=self.muted)
        return Text(GLYPHS.get(status, "?"), style=self.fg.get(status, self.muted))

    def dot(self, direction: str | None, words: bool = True) -> Text:
        if not direction:
            return Text("–", style=self.muted)
        arrow = ARROWS.get(direction, "?")
        style = {"positive": self.fg["green"], "negative": self.fg["red"]}.get(direction, "")
        return Text(
            f"{arrow} {DOT_WORDS.get(direction, direction)}" if words else arrow, style=style
        )


_CACHE: dict[tuple[str, ...], Palette] = {}


def _colour(value: str, fallback: str) -> Color:
    try:
        return Color.parse(value)
    except Exception:  # "auto 60%" and the like
        return Color.parse(fallback)


def palette(app: App[Any]) -> Palette:
    """The palette for the app's current theme (cached per set of colours)."""
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
    badge["no_data"] = badge["not_rated"] = muted
    fg["no_data"] = fg["not_rated"] = muted
    accent = Style(color=_colour(variables.get("accent", ""), "#00aaff").rich_color, bold=True)
    result = Palette(badge=badge, fg=fg, accent=accent, muted=muted)
    _CACHE[key] = result
    return result
