"""The heights of a PDF table's rows, worked out ahead of typst (`qpr_tui.export.typst_source`).

Typst lays out every cell of a row of ``auto`` height once to measure the row and again to
place it; a row given its height is laid out once, which halves the cost of a long table.
A cell's lines are counted by breaking its text as typst's simple (first-fit) line breaking
would, at spaces only and only where typst may break too, with widths never narrower than
typst's (`qpr_tui.export.font_metrics`): each line ends no later than typst's would, so a
cell never needs more lines than counted and its text never runs out of the row. A row with a
text the fonts lack, or with spaces that are not single breaks between words, stays ``auto``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

from qpr_tui.export.font_metrics import FontMetrics

#: A space is a break typst takes too when the next word starts with a letter, a digit or an
#: opening bracket and the word before does not end with an opening bracket or a quotation
#: mark (Unicode line breaking keeps those with what follows, and closing punctuation with
#: what precedes it, even across a space).
_HOLDS_NEXT = set("([{\"'«»“”‘’„‚‹›")
_OPENS = set("([")


def line_count(text: str, font: FontMetrics, size: float, width: float) -> int | None:
    """How many lines ``text`` takes at most in ``width`` points (0 for no text), or None
    when it cannot be told: a character the font lacks, a word wider than the width, or
    spaces other than single ones between words."""
    if not text:
        return 0
    whole = font.width(text, size)
    if whole is None:
        return None
    if whole <= width:
        return 1  # most cells: a figure, a status, a short name
    words = text.split(" ")
    if any(not word for word in words):
        return None
    if any((font.width(word, size) or math.inf) > width for word in words):
        return None
    lines, line = 1, words[0]
    for before, word in pairwise(words):
        joined = f"{line} {word}"
        fits = font.width(joined, size)
        if fits is None:
            return None
        if fits <= width:
            line = joined
        elif _breaks_between(before, word):
            lines, line = lines + 1, word
        else:
            return None  # typst would break earlier, or not at all
    return lines


def _breaks_between(before: str, word: str) -> bool:
    return (word[0].isalnum() or word[0] in _OPENS) and before[-1] not in _HOLDS_NEXT


# A paper's tables repeat their statuses, figures and names; lru_cache locks itself, so an
# export in a worker thread may share it.
@lru_cache(maxsize=65536)
def _counted(text: str, font: FontMetrics, size: float, width: float) -> int | None:
    return line_count(text, font, size, width)


def row_height(
    texts: Sequence[tuple[str, FontMetrics]],
    widths: Sequence[float],
    size: float,
    leading: float,
    inset: float,
) -> str:
    """A row's height as typst length (``auto`` when a cell's lines cannot be counted):
    its tallest cell's lines, each the font's top edge high, ``leading`` apart, and the
    cells' ``inset`` above and below (points; ``widths`` are the text widths)."""
    tallest = 0.0
    for (text, font), width in zip(texts, widths, strict=False):
        lines = _counted(text, font, size, width)
        if lines is None:
            return "auto"
        height = lines * font.top(size) + max(lines - 1, 0) * leading
        tallest = max(tallest, height)
    return f"{math.ceil((tallest + 2 * inset) * 100) / 100:.2f}pt"
