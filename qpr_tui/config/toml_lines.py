"""Where a key is written in TOML text (tomllib gives values but no line numbers).

A small line scanner, run only when a message needs a line: it understands ``[table]`` and
``[[array]]`` headers, quoted and dotted keys (decoded by tomllib itself, so escapes are read
exactly as the parser read them), and values that span lines (arrays, multi-line strings).
A key inside an inline table or array is found at the line of the key that holds it.
The text is assumed to be valid TOML: it is only scanned after tomllib has parsed it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on Python 3.10
    import tomli as tomllib

KeyPath = tuple[str, ...]
_MULTILINE = ('"""', "'''")


@dataclass(frozen=True)
class KeyLine:
    """The 1-based line a key is written on; ``inline``: its value is an inline table or
    array, so keys inside that value are on (or start from) this line too."""

    line: int
    inline: bool


@dataclass
class _Scan:
    """What is open at the end of a line: a string (its delimiter) and brackets."""

    quote: str = ""
    depth: int = 0

    @property
    def busy(self) -> bool:
        return bool(self.quote) or self.depth > 0


def _close_multiline(text: str, start: int, quote: str) -> int:
    """The index just past the end of a multi-line string, or -1 if it goes on."""
    i = start
    while i < len(text):
        if quote == '"""' and text[i] == "\\":
            i += 2
            continue
        if text.startswith(quote, i):
            end = i + 3
            while end < len(text) and end - i < 5 and text[end] == quote[0]:
                end += 1  # up to two quotes may end the content: """a""""
            return end
        i += 1
    return -1


def _scan(text: str, state: _Scan) -> None:
    """Follow strings, comments and brackets through one line (or the rest of one)."""
    i = 0
    while i < len(text):
        if state.quote in _MULTILINE:
            end = _close_multiline(text, i, state.quote)
            if end < 0:
                return
            state.quote, i = "", end
            continue
        char = text[i]
        if state.quote:
            if char == "\\" and state.quote == '"':
                i += 1
            elif char == state.quote:
                state.quote = ""
        elif char == "#":
            return
        elif text.startswith(_MULTILINE, i):
            state.quote = text[i : i + 3]
            i += 2
        elif char in "\"'":
            state.quote = char
        elif char in "[{":
            state.depth += 1
        elif char in "]}":
            state.depth -= 1
        i += 1
    if state.quote in ('"', "'"):
        state.quote = ""  # a one-line string cannot run on (tomllib would have refused it)


def _outside_quotes(text: str, wanted: str) -> int:
    """The index of the first ``wanted`` character not inside a quoted key, or -1."""
    quote = ""
    i = 0
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\" and quote == '"':
                i += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == wanted:
            return i
        i += 1
    return -1


def _parse_key(text: str) -> KeyPath:
    """The parts of a (dotted, quoted) key, decoded by tomllib; () if it is not a key."""
    try:
        table = tomllib.loads(f"{text.strip()} = 0")
    except tomllib.TOMLDecodeError:
        return ()
    parts: list[str] = []
    while isinstance(table, dict) and len(table) == 1:
        key, table = next(iter(table.items()))
        parts.append(key)
    return tuple(parts)


def _header(line: str) -> KeyPath:
    inner = line.lstrip("[")
    end = _outside_quotes(inner, "]")
    return _parse_key(inner[:end]) if end >= 0 else ()


def key_lines(text: str) -> dict[KeyPath, KeyLine]:
    """Every table and key written in ``text``, by its full path."""
    found: dict[KeyPath, KeyLine] = {}
    table: KeyPath = ()
    state = _Scan()
    for number, raw in enumerate(text.split("\n"), 1):
        if state.busy:
            _scan(raw, state)
            continue
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            table = _header(line)
            found.setdefault(table, KeyLine(number, inline=False))
            continue
        equals = _outside_quotes(line, "=")
        if equals < 0:
            continue
        key = _parse_key(line[:equals])
        value = line[equals + 1 :].lstrip()
        if key:
            found[table + key] = KeyLine(number, inline=value[:1] in ("[", "{"))
        _scan(value, state)
    return found


def line_of(lines: dict[KeyPath, KeyLine], path: KeyPath) -> int:
    """The line where ``path`` is written (see `key_lines`), or 0 if it cannot be found."""
    if path in lines:
        return lines[path].line
    for length in range(len(path) - 1, 0, -1):
        holder = lines.get(path[:length])
        if holder is not None and holder.inline:
            return holder.line
    return 0
