"""`clean`, the one escaping function: its quick path for printable text must never let a
control character through."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qpr_tui.views.text import _CONTROL, clean


def test_every_character_the_escape_matches_is_unprintable() -> None:
    # clean skips the escaping for text str.isprintable accepts
    printable = [c for c in map(chr, range(0x110000)) if _CONTROL.match(c) and c.isprintable()]
    assert printable == []


@given(st.text())
def test_clean_text_has_no_control_characters(text: str) -> None:
    cleaned = clean(text)
    assert not _CONTROL.search(cleaned)
    assert "\n" not in cleaned and "\t" not in cleaned and "\r" not in cleaned


def test_hostile_text_is_escaped_and_plain_text_kept() -> None:
    assert clean("OSC \x1b]52;c;SGVsbG8=\x07") == "OSC \\x1b]52;c;SGVsbG8=\\x07"
    assert clean("a\r\nb\tc\u202ed") == "a b c\\u202ed"
    assert clean("£1.2m – 85%") == "£1.2m – 85%"
    assert clean("x" * 10, limit=5) == "xxxx…"
