"""The text paper's line filling: a text that fits on its line skips textwrap, and gives
exactly what textwrap gives."""

from __future__ import annotations

import textwrap

from hypothesis import given
from hypothesis import strategies as st

from qpr_tui.export import plaintext
from qpr_tui.export.plaintext import _KEEP, WIDTH, _fill


def reference(text: str, first: str, rest: str | None) -> list[str]:
    lines = textwrap.wrap(
        text,
        WIDTH,
        initial_indent=first,
        subsequent_indent=" " * len(first) if rest is None else rest,
        break_on_hyphens=False,
    )
    return [line.replace(_KEEP, " ") for line in lines] or [first.rstrip()]


WORDS = st.text(
    alphabet=st.sampled_from([*"ab £%-.", "\u00a0", "\u3000", "\t", "\n", "\r", _KEEP, "●"]),
    max_size=WIDTH + 10,
)


@given(WORDS, st.sampled_from(["", "KPI01  ", "  - ", "Label:  "]), st.sampled_from([None, "  "]))
def test_filling_is_textwraps(text: str, first: str, rest: str | None) -> None:
    assert _fill(text, first, rest) == reference(text, first, rest)


def test_the_short_way_is_taken_for_a_line_that_fits() -> None:
    assert _fill("fits", "KPI01  ", None) == ["KPI01  fits"]
    assert _fill(" spaced ", "", None) == reference(" spaced ", "", None)
    assert plaintext.wrap("● Red", "RAG: ") == ["RAG: ● Red"]
