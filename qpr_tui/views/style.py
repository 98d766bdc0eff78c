"""RAG and Direction of Travel styling. Colour is never the only signal: every status also
has a glyph and a word, so output stays readable for colour-blind readers and with NO_COLOR."""

from __future__ import annotations

from rich.text import Text

from qpr_tui.analysis import dot as dot_mod
from qpr_tui.analysis.rag import GLYPHS, LABELS

RAG_STYLES = {
    "blue": "bold white on blue",
    "green": "bold black on green",
    "amber": "bold black on dark_orange",
    "red": "bold white on red3",
    "no_data": "dim",
    "not_rated": "dim",
}
RAG_FG = {
    "blue": "blue",
    "green": "green",
    "amber": "dark_orange",
    "red": "red",
    "no_data": "dim",
    "not_rated": "dim",
}
DOT_STYLES = {"positive": "green", "stable": "", "negative": "red"}


def rag_text(status: str | None, short: bool = False) -> Text:
    """``● Green`` with a coloured background; ``–`` for no status."""
    if not status:
        return Text("–", style="dim")
    word = LABELS.get(status, status)
    if short:
        word = word.split()[0] if status not in ("no_data", "not_rated") else word
    return Text(f" {GLYPHS.get(status, '?')} {word} ", style=RAG_STYLES.get(status, ""))


def dot_text(direction: str | None, words: bool = True) -> Text:
    if not direction:
        return Text("–", style="dim")
    arrow = dot_mod.ARROWS[direction]
    word = {"positive": "Improving", "stable": "Stable", "negative": "Worsening"}[direction]
    return Text(f"{arrow} {word}" if words else arrow, style=DOT_STYLES[direction])
