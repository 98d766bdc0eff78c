"""The words files use for a KPI's polarity, a published RAG status and a tolerance type.

Polarity and published-status words are matched ignoring case and spacing (`word_key`): the
council's own words from ``[polarity.words]`` and ``[rag.words]`` first, then the built-in
spellings of `qpr_tui.vocabulary`. Each table maps a word's key to the code the model holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from qpr_tui.config import Config
from qpr_tui.vocabulary import (
    POLARITY_ALIASES,
    POLARITY_WORD_CODES,
    PUBLISHED_RAG_ALIASES,
    RAG_WORD_LETTERS,
    word_key,
)

# The built-in tables (one declaration of each, in the vocabulary).
POLARITY_WORDS: dict[str, str] = POLARITY_ALIASES
RAG_WORDS: dict[str, str] = PUBLISHED_RAG_ALIASES

TOLERANCE_WORDS: dict[str, str] = {
    **dict.fromkeys(
        [
            "absolute",
            "abs",
            "points",
            "point",
            "pts",
            "pt",
            "pp",
            "units",
            "unit",
            "percentage points",
        ],
        "absolute",
    ),
    **dict.fromkeys(
        ["relative", "rel", "%", "percent", "percentage", "pct", "per cent"], "relative"
    ),
}


@dataclass(frozen=True)
class Words:
    """The word tables one load uses: the configuration's words over the built-in ones."""

    polarity: dict[str, str] = field(default_factory=lambda: dict(POLARITY_WORDS))
    rag: dict[str, str] = field(default_factory=lambda: dict(RAG_WORDS))

    @classmethod
    def from_config(cls, config: Config) -> Words:
        """The built-in tables with ``[polarity.words]`` and ``[rag.words]`` laid over them."""
        polarity = {word_key(w): POLARITY_WORD_CODES[p] for w, p in config.polarity.words.items()}
        rag = {word_key(w): RAG_WORD_LETTERS[s] for w, s in config.rag.words.items()}
        return cls(polarity={**POLARITY_WORDS, **polarity}, rag={**RAG_WORDS, **rag})


def key_expr(words: pl.Expr) -> pl.Expr:
    """`word_key` as a polars expression: every whitespace removed, lower case."""
    return words.str.replace_all(r"\s+", "").str.to_lowercase()


def code(words: pl.Expr, table: dict[str, str]) -> pl.Expr:
    """The code of each word in ``table`` (null for a word that is not in it)."""
    return key_expr(words).replace_strict(table, default=None, return_dtype=pl.String)
