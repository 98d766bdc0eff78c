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

#: A published RAG column's letters; N is a published "not rated" (grey, for information).
LETTER_TO_STATUS = {"G": GREEN, "A": AMBER, "R": RED, "B": BLUE, "N": NOT_RATED}
#: Built-in spellings of a published RAG, per letter. Words that depend on polarity ("above
#: target", "below target") are left out: a council's own words go in ``[rag.words]``.
PUBLISHED_RAG_SPELLINGS: dict[str, tuple[str, ...]] = {
    "G": (
        "g",
        "green",
        "on target",
        "target met",
        "target achieved",
        "met",
        "achieved",
        "on track",
        "good",
    ),
    "A": (
        "a",
        "amber",
        "yellow",
        "close to target",
        "near target",
        "nearly met",
        "within tolerance",
        "at risk",
        "some concern",
    ),
    "R": (
        "r",
        "red",
        "off target",
        "target missed",
        "target not met",
        "missed",
        "not met",
        "not achieved",
        "off track",
        "concern",
    ),
    "B": ("b", "blue", "exceeding target", "well above target"),
    "N": (
        "not rated",
        "n/r",
        "nr",
        "grey",
        "gray",
        "data only",
        "for information",
        "for information only",
        "for info",
        "for info only",
        "no target",
        "contextual",
    ),
}


def word_key(text: str) -> str:
    """How words are matched: case and spacing ignored ("On  Target" is "ontarget")."""
    return "".join(text.split()).lower()


#: Every built-in spelling of a published RAG (as `word_key` gives it) and its letter.
PUBLISHED_RAG_ALIASES: dict[str, str] = {
    word_key(spelling): letter
    for letter, spellings in PUBLISHED_RAG_SPELLINGS.items()
    for spelling in spellings
}
#: ``[rag.words]`` statuses and the letters they stand for.
RAG_WORD_LETTERS = {"green": "G", "amber": "A", "red": "R", "blue": "B", "not rated": "N"}

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
#: The configuration's names of the polarities (``[kpi."ID"] polarity = "lower"``).
POLARITY_NAMES = {
    "higher": HIGHER,
    "lower": LOWER,
    "target": TARGET,
    "data only": DATA_ONLY,
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
        "descending",
        "+",
        "↑",
        "bigger",
        "bigger is better",
        "high is good",
        "high is better",
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
        "ascending",
        "-",
        "↓",
        "smaller",
        "smaller is better",
        "low is good",
        "low is better",
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
#: Every spelling of a polarity (as `word_key` gives it) and the polarity it stands for.
#: "Ascending" and "Descending" are ranking orders (LGBF's ``Ranking_Type``): ranked
#: ascending, the lowest value is best. ``asc``/``desc`` are left to ``[polarity.words]``:
#: publishers use them both ways.
POLARITY_ALIASES: dict[str, str] = {
    word_key(spelling): polarity
    for polarity, spellings in POLARITY_SPELLINGS.items()
    for spelling in spellings
}
#: ``[polarity.words]`` polarities and the codes they stand for.
POLARITY_WORD_CODES = {"higher": HIGHER, "lower": LOWER, "target": TARGET, "data only": DATA_ONLY}

# ---- Why a value is missing ------------------------------------------------------------------
BLANK = "blank"
NOT_AVAILABLE = "not available"
REASON_NO_DATA = "no data"
REASON_NOT_DUE = "not due"
REASON_AWAITING = "awaiting"
REASON_NEW = "new"
REASON_DISCONTINUED = "discontinued"
SUPPRESSED = "suppressed"
UNUSABLE = "unusable value"
#: A value cell's whole text (lower case, spacing collapsed) and the reason it gives.
MISSING_VALUE_WORDS: dict[str, str] = {
    "": BLANK,
    **dict.fromkeys(
        ["n/a", "na", "n.a.", "#n/a", "-", "–", "—", "..", "not available", "null", "none"],
        NOT_AVAILABLE,
    ),
    "nan": NOT_AVAILABLE,
    **dict.fromkeys(["tbc", "tba", "awaiting", "awaiting data", "to follow"], REASON_AWAITING),
    **dict.fromkeys(["not due", "annual"], REASON_NOT_DUE),
    **dict.fromkeys(["nd", "no data"], REASON_NO_DATA),
    **dict.fromkeys(["*", "x", "c", "suppressed"], SUPPRESSED),
    "new": REASON_NEW,
    "discontinued": REASON_DISCONTINUED,
}
#: Longer text in a value cell ("Annual KPI", "figures yet to be confirmed"): the first
#: reason whose pattern (a regular expression over the lower-cased text) matches it. A new
#: or discontinued KPI is named before the "n/a" or "not available" that often leads in.
MISSING_VALUE_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        REASON_DISCONTINUED,
        r"\b(discontinued|no longer (collected|reported|measured)|ceased|deleted)\b",
    ),
    (REASON_NEW, r"\bnew (indicator|measure|kpi|pi)\b|\bno baseline\b"),
    (
        REASON_NOT_DUE,
        r"\b(annual|annually|yearly|year[- ]end|not (yet )?due|due in|(available|reported) "
        r"(from|until|in|at)|not available until|not until)\b",
    ),
    (
        REASON_AWAITING,
        r"\b(awaiting|await|tbc|tba|to be (confirmed|agreed|validated|published|reported)|"
        r"yet to be|to follow|pending|not yet (available|received|published|reported|validated))\b",
    ),
    (REASON_NO_DATA, r"\b(no data|not (collected|recorded|measured|available)|unavailable)\b"),
)
#: The reasons a file may give for a missing value, as ``value_reason`` holds them.
REASONS = (
    BLANK,
    NOT_AVAILABLE,
    REASON_NO_DATA,
    REASON_NOT_DUE,
    REASON_AWAITING,
    REASON_NEW,
    REASON_DISCONTINUED,
    SUPPRESSED,
    UNUSABLE,
)

# ---- Frequencies -------------------------------------------------------------------------------
MONTH = "month"
QUARTER = "quarter"
YEAR = "year"

#: How often a KPI is measured, most often first.
FREQUENCIES = (MONTH, QUARTER, YEAR)
FREQUENCY_WORDS = {MONTH: "Monthly", QUARTER: "Quarterly", YEAR: "Annual"}
#: The reason an annual KPI has no value in the quarters before its financial year ends.
NOT_DUE = "not due"

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
#: A provisional value (a trailing ``*`` in the file, as councils mark figures to be confirmed).
PROVISIONAL_MARK = "†"

# ---- Plain text ------------------------------------------------------------------------------
#: A stand-in of plain ASCII for each glyph and mark, for a terminal that cannot show them
#: (``PYTHONIOENCODING=ascii``); a glyph always comes with its word, so a shape is enough.
ASCII_GLYPHS = {
    STATUS_GLYPHS[BLUE]: "*",
    STATUS_GLYPHS[GREEN]: "o",
    STATUS_GLYPHS[AMBER]: "^",
    STATUS_GLYPHS[RED]: "#",
    STATUS_GLYPHS[NO_DATA]: "-",
    STATUS_GLYPHS[NOT_RATED]: ".",
    DIRECTION_ARROWS[POSITIVE]: "^",
    DIRECTION_ARROWS[STABLE]: ">",
    DIRECTION_ARROWS[NEGATIVE]: "v",
    FINDING_GLYPHS["error"]: "x",
    DECREASE_MARK: "v",
    PROVISIONAL_MARK: "+",
    NOTE_MARK: "@",
}
