"""Turning data strings into safe display text.

Data never goes through Rich markup, and control characters (ANSI/OSC escape sequences, bells,
backspaces, bidirectional overrides) are shown as visible escapes, so a hostile cell can
neither change the terminal's state nor disguise itself.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    import polars as pl

#: The characters shown as escapes: C0 and C1 controls, zero-width and bidirectional marks.
_CONTROL_RANGES = (
    (0x00, 0x08),
    (0x0B, 0x1F),
    (0x7F, 0x9F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
)
_CONTROL = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in _CONTROL_RANGES) + "]")
# The same class in the syntax of polars' regular expressions; tabs and newlines too.
_CONTROL_OR_BREAK = (
    "[\\t\\n\\r" + "".join(f"\\x{{{a:x}}}-\\x{{{b:x}}}" for a, b in _CONTROL_RANGES) + "]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(value: object, limit: int | None = None) -> str:
    """A single line of printable text; newlines and tabs become spaces."""
    text = "" if value is None else str(value)
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    text = _CONTROL.sub(_escape, text)
    if limit is not None and len(text) > limit:
        text = text[: max(limit - 1, 1)] + "…"
    return text


def clean_all(values: pl.Series) -> list[str]:
    """`clean` over a column of text: the column is searched once for anything to change,
    and only the values that have something are cleaned one by one (missing values are "")."""
    import polars as pl

    text = values.cast(pl.String).fill_null("")
    cleaned = text.to_list()
    needs = text.str.contains(_CONTROL_OR_BREAK)
    for index in needs.arg_true().to_list():
        cleaned[index] = clean(cleaned[index])
    return cleaned


def safe(value: object, style: str = "", limit: int | None = None) -> Text:
    """Display text for a data value: never parsed as markup, never raw control codes."""
    return Text(clean(value, limit), style=style)


def json_text(data: object, indent: int | None = 2, ascii_only: bool = False) -> str:
    """JSON that keeps readable Unicode (``£``, ``–``) but escapes every character that could
    disguise or rearrange text when the file is shown in a terminal (bidirectional overrides,
    zero-width characters, C1 controls); C0 controls are escaped by JSON itself.
    ``ascii_only`` escapes every character beyond ASCII (for a stream that carries only
    ASCII)."""
    import json

    text = json.dumps(data, indent=indent, ensure_ascii=ascii_only)
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def html_text(value: object) -> str:
    """A data value as HTML text or attribute content: printable (`clean`) and escaped
    (``&``, ``<``, ``>`` and both quotes), so it can never become markup."""
    import html

    return html.escape(clean(value), quote=True)


def safe_lines(value: object, style: str = "") -> Text:
    """Display text of several lines (a note): each line as `safe` makes it."""
    lines = ("" if value is None else str(value)).splitlines()
    return Text("\n", style=style).join(safe(line, style=style) for line in lines)
