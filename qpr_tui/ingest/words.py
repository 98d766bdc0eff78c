"""The words files use for a KPI's polarity, a published RAG status and a tolerance type.

Each table maps the cell's text, trimmed and lower-cased, to the code the model holds.
"""

from __future__ import annotations

from qpr_tui.vocabulary import POLARITY_ALIASES, PUBLISHED_RAG_ALIASES

# Polarity and published-status spellings are the vocabulary's (one declaration of each).
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
