"""The words, glyphs, orders and ranks of RAG statuses, Direction of Travel and polarity.

The analysis writes these values into its frames as plain strings; every view, export and
panel takes their words and glyphs from here, so a status reads the same everywhere. Colour
is presentation and stays with the views (keyed by these values): colour is never the only
signal, so every status and direction has a glyph and a word.

This module imports nothing (no polars, Rich or Textual), so any layer may use it.
"""

from __future__ import annotations

# ---- RAG status ------------------------------------------------------------------------------
BLUE = "blue"
GREEN = "green"
AMBER = "amber"
RED = "red"
NO_DATA = "no_data"
NOT_RATED = "not_rated"

#: Display order: the ratings best first, then the statuses that are not ratings.
STATUSES = (BLUE, GREEN, AMBER, RED, NO_DATA, NOT_RATED)
#: The statuses that are ratings, best first.
RATINGS = (BLUE, GREEN, AMBER, RED)
#: The three statuses that name the rating: legends and compact counts always show them.
CORE_STATUSES = (GREEN, AMBER, RED)
#: The statuses the count tiles show even at zero (the others only when counted).
ALWAYS_COUNTED = (*CORE_STATUSES, NO_DATA)

STATUS_WORDS = {
    BLUE: "Blue",
    GREEN: "Green",
    AMBER: "Amber",
    RED: "Red",
    NO_DATA: "No data",
    NOT_RATED: "Not rated",
}
STATUS_GLYPHS = {BLUE: "★", GREEN: "●", AMBER: "▲", RED: "■", NO_DATA: "○", NOT_RATED: "·"}


def status_label(status: str) -> str:
    """A status's glyph and word, as every view names it (``?`` and the value if unknown)."""
    return f"{STATUS_GLYPHS.get(status, '?')} {STATUS_WORDS.get(status, status)}"


#: Best first, ratings only: a better rating has a lower rank ("a better value never rates
#: worse", "improved" or "worsened" between quarters).
RATING_RANK = {status: rank for rank, status in enumerate(RATINGS)}
#: Sorting order of lists: the worst rating first, statuses without a rating last.
STATUS_SORT_ORDER = (RED, AMBER, GREEN, BLUE, NO_DATA, NOT_RATED)
STATUS_SORT_RANK = {status: rank for rank, status in enumerate(STATUS_SORT_ORDER)}

#: A published RAG column's letters.
LETTER_TO_STATUS = {"G": GREEN, "A": AMBER, "R": RED, "B": BLUE}
#: Spellings of a published RAG (lower case) and the letter each stands for.
PUBLISHED_RAG_ALIASES: dict[str, str] = {
    **dict.fromkeys(["g", "green"], "G"),
    **dict.fromkeys(["a", "amber", "yellow"], "A"),
    **dict.fromkeys(["r", "red"], "R"),
    **dict.fromkeys(["b", "blue"], "B"),
}

# ---- Direction of Travel ---------------------------------------------------------------------
POSITIVE = "positive"
STABLE = "stable"
NEGATIVE = "negative"

#: Display order: improving first.
DIRECTIONS = (POSITIVE, STABLE, NEGATIVE)
#: Short words, for tables and tiles.
DIRECTION_WORDS = {POSITIVE: "Improving", STABLE: "Stable", NEGATIVE: "Worsening"}
#: Long words, as the cover report and the exported tables name them.
DIRECTION_LABELS = {
    POSITIVE: "Positive trend",
    STABLE: "Stable or no clear trend",
    NEGATIVE: "Negative trend",
}
DIRECTION_ARROWS = {POSITIVE: "↑", STABLE: "→", NEGATIVE: "↓"}
#: Sorting order of lists: worsening first.
DIRECTION_SORT_ORDER = (NEGATIVE, STABLE, POSITIVE)
DIRECTION_SORT_RANK = {direction: rank for rank, direction in enumerate(DIRECTION_SORT_ORDER)}

# ---- Polarity ----------------------------------------------------------------------------------
HIGHER = "H"
LOWER = "L"
TARGET = "T"
DATA_ONLY = "N"

POLARITIES = (HIGHER, LOWER, TARGET, DATA_ONLY)
POLARITY_DESCRIPTIONS = {
    HIGHER: "higher is better",
    LOWER: "lower is better",
    TARGET: "close to target is best",
    DATA_ONLY: "data only, no good direction",
}
#: How a polarity may be spelt in a file (lower case), per polarity.
POLARITY_SPELLINGS: dict[str, tuple[str, ...]] = {
    HIGHER: (
        "h",
        "high",
        "higher",
        "higher is better",
        "up",
        "increase",
        "max",
        "aim to max",
        "aim to maximise",
        "aim to maximize",
        "+",
        "↑",
        "bigger",
        "high is good",
        "higher is good",
        "maximise",
        "maximize",
    ),
    LOWER: (
        "l",
        "low",
        "lower",
        "lower is better",
        "down",
        "decrease",
        "min",
        "aim to min",
        "aim to minimise",
        "aim to minimize",
        "-",
        "↓",
        "smaller",
        "low is good",
        "lower is good",
        "minimise",
        "minimize",
    ),
    TARGET: (
        "t",
        "target",
        "close to target",
        "closer to target",
        "goldilocks",
        "on target",
        "band",
        "range",
        "aim for target",
    ),
    # No good direction: the KPI is reported but never rated.
    DATA_ONLY: (
        "n/a",
        "none",
        "neither",
        "neutral",
        "na",
        "data only",
        "contextual",
        "monitor",
        "monitor only",
        "no polarity",
        "n",
    ),
}
#: Every spelling of a polarity (lower case) and the polarity it stands for.
POLARITY_ALIASES: dict[str, str] = {
    spelling: polarity
    for polarity, spellings in POLARITY_SPELLINGS.items()
    for spelling in spellings
}

# ---- Data-quality findings (keyed by the values of `qpr_tui.errors.Severity`) -----------------
FINDING_LEVELS = ("error", "warning", "info")
FINDING_GLYPHS = {"error": "✖", "warning": "▲", "info": "·"}
FINDING_WORDS = {"error": "Error", "warning": "Warning", "info": "Note"}

# ---- Marks -----------------------------------------------------------------------------------
#: A count that went up or down since the previous quarter.
INCREASE_MARK = "▲"
DECREASE_MARK = "▼"
#: The sorted column's direction.
ASCENDING_MARK = "▲"
DESCENDING_MARK = "▼"
#: The quarter being viewed, under a chart's time axis.
PERIOD_MARK = "▲"
#: A KPI with a note for the meeting (the Indicators table's note column).
NOTE_MARK = "✎"
