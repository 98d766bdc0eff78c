"""RAG and Direction of Travel styling. Colour is never the only signal: every status also
has a glyph and a word, so output stays readable for colour-blind readers and with NO_COLOR."""

from __future__ import annotations

from rich.text import Text

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
    STATUS_GLYPHS,
    STATUS_WORDS,
)

RAG_STYLES = {
    BLUE: "bold white on blue",
    GREEN: "bold black on green",
    AMBER: "bold black on dark_orange",
    RED: "bold white on red3",
    NO_DATA: "dim",
    NOT_RATED: "dim",
}
RAG_FG = {
    BLUE: "blue",
    GREEN: "green",
    AMBER: "dark_orange",
    RED: "red",
    NO_DATA: "dim",
    NOT_RATED: "dim",
}
DOT_STYLES = {POSITIVE: "green", STABLE: "", NEGATIVE: "red"}


def rag_text(status: str | None) -> Text:
    """The status's glyph and word on its colour (`RAG_STYLES`); ``–`` for no status."""
    if not status:
        return Text("–", style="dim")
    word = STATUS_WORDS.get(status, status)
    return Text(f" {STATUS_GLYPHS.get(status, '?')} {word} ", style=RAG_STYLES.get(status, ""))


def dot_text(direction: str | None, words: bool = True) -> Text:
    """The direction's arrow and word in its colour (the arrow alone without ``words``)."""
    if not direction:
        return Text("–", style="dim")
    arrow = DIRECTION_ARROWS[direction]
    word = DIRECTION_WORDS[direction]
    return Text(f"{arrow} {word}" if words else arrow, style=DOT_STYLES[direction])
