"""The words files use for a KPI's polarity, a published RAG status and a tolerance type.

Each table maps the cell's text, trimmed and lower-cased, to the code the model holds.
"""

from __future__ import annotations

# "H" higher is better, "L" lower is better, "T" close to target, "N" no good direction
# (data only: reported but never rated).
POLARITY_WORDS: dict[str, str] = {
    **dict.fromkeys(
        [
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
        ],
        "H",
    ),
    **dict.fromkeys(
        [
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
        ],
        "L",
    ),
    **dict.fromkeys(
        [
            "t",
            "target",
            "close to target",
            "closer to target",
            "goldilocks",
            "on target",
            "band",
            "range",
            "aim for target",
        ],
        "T",
    ),
    **dict.fromkeys(
        [
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
        ],
        "N",
    ),
}

RAG_WORDS: dict[str, str] = {
    **dict.fromkeys(["g", "green"], "G"),
    **dict.fromkeys(["a", "amber", "yellow"], "A"),
    **dict.fromkeys(["r", "red"], "R"),
    **dict.fromkeys(["b", "blue"], "B"),
}

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
