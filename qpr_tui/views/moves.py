"""Words for what moved between quarters: Direction of Travel, the gap to target and its
change (from `qpr_tui.analysis.moves`), for the terminal and the papers alike."""

from __future__ import annotations

from qpr_tui.views.numbers import format_value
from qpr_tui.vocabulary import DIRECTION_ARROWS, DIRECTION_WORDS

NONE = "–"


def amount(diff: float, unit: str) -> str:
    """A difference without its sign: ``4.1 pts`` for percentages, else in the KPI's unit."""
    if unit.strip() == "%":
        return f"{abs(diff):,.1f} pts"
    return format_value(abs(diff), unit)


def direction_words(direction: str | None) -> str:
    """The arrow and word of a direction ("Improving"); a dash for none."""
    if not direction:
        return NONE
    return f"{DIRECTION_ARROWS.get(direction, '?')} {DIRECTION_WORDS.get(direction, direction)}"


def gap_words(gap: float | None, unit: str) -> str:
    """The gap to target, better positive: ``0.8 pts better``, ``4.1 pts short``."""
    if gap is None:
        return NONE
    if abs(gap) < 1e-9:
        return "on target"
    return f"{amount(gap, unit)} {'better' if gap > 0 else 'short'}"


def gap_move_words(change: float | None, unit: str) -> str:
    """How the gap to target moved: ``+2.1 pts`` towards (or beyond) target, ``−1.9 pts``
    away from it."""
    if change is None:
        return NONE
    if abs(change) < 1e-9:
        return "no change"
    return f"{'+' if change > 0 else '−'}{amount(change, unit)}"
