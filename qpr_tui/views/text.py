"""Turning data strings into safe display text.

Data never goes through Rich markup, and control characters (ANSI/OSC escape sequences, bells,
backspaces, bidirectional overrides) are shown as visible escapes, so a hostile cell can
neither change the terminal's state nor disguise itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl
    from rich.text import Text

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
    # Every character `_CONTROL` matches, and newlines and tabs, is one str.isprintable
    # refuses: most cells need no more than that one check.
    if not text.isprintable():
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
    from rich.text import Text  # here: ``--json`` and the exports' text do without rich

    return Text(clean(value, limit), style=style)


def json_text(data: object, indent: int | None = 2, ascii_only: bool = False) -> str:
    """JSON that keeps readable Unicode (``£``, ``–``) but escapes every character that could
    disguise or rearrange text when the file is shown in a terminal (bidirectional overrides,
    zero-width characters, C1 controls); C0 controls are escaped by JSON itself.
    ``ascii_only`` escapes every character beyond ASCII (for a stream that carries only
    ASCII). A polars DataFrame is written as the list of its rows' records."""
    import json

    if indent is None:
        return _json_escape(json.dumps(data, ensure_ascii=ascii_only, default=_rows))
    return _Indented(indent, ascii_only).text(data, "\n")


def json_pieces(data: object, ascii_only: bool = False) -> list[str]:
    """`json_text` with an indent of 2, in pieces that join to it: a big frame's rows come
    a few thousand lines a piece, so the text can be written without one copy of it all."""
    return [text for piece in json_parts(data, ascii_only) for text in _texts_of(piece)]


def json_parts(data: object, ascii_only: bool = False) -> list[str | FrameRows]:
    """`json_pieces` with each big frame's rows left as `FrameRows`, which make their pieces
    only as they are iterated: written one by one, the rows' text is never all held."""
    pieces: list[str | FrameRows] = []
    _Indented(2, ascii_only).write(data, "\n", pieces)
    return pieces


def _texts_of(piece: str | FrameRows) -> Iterable[str]:
    return (piece,) if isinstance(piece, str) else piece


class FrameRows:
    """A frame's rows as JSON records, one per ``line`` (an expression on the frame), with
    ``between`` between them, made a batch of rows at a time."""

    def __init__(self, frame: pl.DataFrame, line: pl.Expr, between: str) -> None:
        self.frame, self.line, self.between = frame, line, between

    def __iter__(self) -> Iterator[str]:
        # The lines are joined here, a batch at a time: taking one text of tens of megabytes
        # out of polars costs more than taking its lines.
        for first in range(0, self.frame.height, _LINES_A_PIECE):
            if first:
                yield self.between
            lines = self.frame.slice(first, _LINES_A_PIECE).select(self.line).to_series()
            yield self.between.join(lines.to_list())


def _rows(value: object) -> object:
    """A DataFrame's rows as records, for `json.dumps`; anything else is not JSON."""
    if _is_frame(value):
        return value.to_dicts()  # type: ignore[attr-defined]
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _is_frame(value: object) -> bool:
    import sys

    polars = sys.modules.get("polars")  # a frame exists only once polars is imported
    return polars is not None and isinstance(value, polars.DataFrame)


def _json_escape(text: str) -> str:
    """JSON text with the characters of `_CONTROL` as ``\\u`` escapes (JSON text is ASCII
    outside its strings, so only their characters change)."""
    if text.isascii() and "\x7f" not in text:
        return text
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_NOT_FINITE = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}  # as json.dumps writes


def _float(value: float) -> str:
    text = float.__repr__(value)  # what json.dumps writes for a finite float
    return _NOT_FINITE.get(text, text)


_WRITERS: dict[type, Callable[[Any], str]] = {
    type(None): lambda _: "null",
    bool: lambda value: "true" if value else "false",
    int: int.__repr__,
    float: _float,
}
_SCALARS = {str, *_WRITERS}
_TEXTS = {str, type(None)}


# Rows of a frame written as one piece of `json_pieces`.
_LINES_A_PIECE = 4096


class _Indented:
    """The text `json_text` gives, as ``json.dumps(data, indent=indent)`` writes it: the
    standard library indents in pure Python, token by token, which takes seconds for the
    hundred thousand findings of a big file. A list of flat records with the same keys (such
    findings) is written column by column through one line template."""

    def __init__(self, indent: int, ascii_only: bool) -> None:
        import json.encoder

        self.step = " " * indent
        self.ascii_only = ascii_only
        self.encode = (
            json.encoder.encode_basestring_ascii if ascii_only else json.encoder.encode_basestring
        )

    def string(self, text: str) -> str:
        return _json_escape(self.encode(text))

    def text(self, value: object, newline: str) -> str:
        """``value`` as JSON; ``newline`` starts each of its lines after the first (a line
        break and the indentation of the level ``value`` is at)."""
        pieces: list[str | FrameRows] = []
        self.write(value, newline, pieces)
        # Joined once: the findings of a big file are tens of megabytes of text, and each
        # concatenation on the way up would copy them again.
        return "".join(text for piece in pieces for text in _texts_of(piece))

    def write(self, value: object, newline: str, pieces: list[str | FrameRows]) -> None:
        """Append the pieces of `text` for ``value`` to ``pieces``."""
        if isinstance(value, str):
            pieces.append(self.string(value))
            return
        writer = _WRITERS.get(type(value))
        if writer is not None:
            pieces.append(writer(value))
            return
        inner = newline + self.step
        if _is_frame(value):
            pieces += self._frame(value, newline)  # type: ignore[arg-type]
        elif isinstance(value, (list, tuple)):
            records = self._records(value, newline) if value else "[]"
            if records is not None:
                pieces.append(records)
                return
            for number, item in enumerate(value):
                pieces += ["[" if number == 0 else ",", inner]
                self.write(item, inner, pieces)
            pieces += [newline, "]"]
        elif isinstance(value, dict) and all(isinstance(key, str) for key in value):
            if not value:
                pieces.append("{}")
                return
            for number, (key, item) in enumerate(value.items()):
                pieces += ["{" if number == 0 else ",", inner, self.string(key), ": "]
                self.write(item, inner, pieces)
            pieces += [newline, "}"]
        else:
            pieces.append(self._other(value).replace("\n", newline))

    def _records(self, items: list[object] | tuple[object, ...], newline: str) -> str | None:
        """A list of dicts with the same string keys in the same order and only strings,
        integers, booleans and nulls in them, as JSON; None for any other list."""
        first = items[0]
        if len(items) < 2 or type(first) is not dict or not first:
            return None
        if set(map(type, items)) != {dict} or len(set(map(tuple, items))) != 1:  # type: ignore[arg-type]
            return None
        keys = tuple(first)
        if not all(type(key) is str for key in keys):
            return None
        columns = []
        for key in keys:
            shown = self._scalars([item[key] for item in items])  # type: ignore[index]
            if shown is None:
                return None
            columns.append(shown)
        inner = newline + self.step
        field = inner + self.step
        names = [self.string(key).replace("%", "%%") for key in keys]
        line = "{" + ",".join(f"{field}{name}: %s" for name in names) + inner + "}"
        return (
            "["
            + inner
            + ("," + inner).join(map(line.__mod__, zip(*columns, strict=True)))
            + newline
            + "]"
        )

    def _frame(self, frame: pl.DataFrame, newline: str) -> list[str | FrameRows]:
        """The pieces of a frame's rows as `_records` writes the same rows as dicts, each
        line put together by polars; only texts with something to escape are written one
        by one."""
        if frame.height == 0:
            return ["[]"]
        import polars as pl

        shown = [self._column(frame.get_column(name)) for name in frame.columns]
        if any(column is None for column in shown):
            return [self.text(frame.to_dicts(), newline)]
        inner = newline + self.step
        field = inner + self.step
        parts: list[pl.Expr] = []
        for number, (name, column) in enumerate(zip(frame.columns, shown, strict=True)):
            start = "{" if number == 0 else ","
            parts += [pl.lit(f"{start}{field}{self.string(name)}: "), column]  # type: ignore[list-item]
        parts.append(pl.lit(inner + "}"))
        return ["[", inner, FrameRows(frame, pl.concat_str(parts), "," + inner), newline, "]"]

    def _column(self, values: pl.Series) -> pl.Expr | None:
        """An expression writing each value of ``values`` as JSON (evaluated on the frame
        that holds them), or None for a column of another type than text, integers and
        booleans."""
        import polars as pl

        value = pl.col(values.name)
        written: pl.Expr
        if values.dtype == pl.Boolean:
            written = pl.when(value).then(pl.lit("true")).when(~value).then(pl.lit("false"))
        elif values.dtype.is_integer():
            written = value.cast(pl.String)
        elif values.dtype == pl.String:
            written = self._texts(values)
        else:
            return None
        return written.fill_null(pl.lit("null")) if values.null_count() else written

    def _texts(self, values: pl.Series) -> pl.Expr:
        """Text as JSON strings: in quotes as it is, unless it has a character to escape
        (then as `string` writes it). Each distinct text is searched once: a hundred thousand
        findings hold a few thousand messages."""
        import polars as pl

        value = pl.col(values.name)
        special = _JSON_SPECIAL_ASCII if self.ascii_only else _JSON_SPECIAL
        quoted = pl.lit('"') + value + pl.lit('"')
        distinct = values.unique().drop_nulls()
        odd = distinct.filter(distinct.str.contains(special)).to_list()
        if not odd:
            return quoted
        written = {text: self.string(text) for text in odd}
        return value.replace_strict(written, default=quoted, return_dtype=pl.String)

    def _scalars(self, values: list[object]) -> list[str] | None:
        """Each value as JSON, or None when one is not a string, integer, boolean or null."""
        kinds = set(map(type, values))
        if not kinds <= _SCALARS:
            return None
        if kinds <= _TEXTS:  # not 1 and True, which a set takes for one value
            distinct = set(values)
            if 2 * len(distinct) <= len(values):  # a column of a few values: each written once
                written = {value: self._text_or_null(value) for value in distinct}
                return list(map(written.__getitem__, values))
        if kinds == {str}:
            shown = list(map(self.encode, values))  # type: ignore[arg-type]
        else:
            writers = {str: self.encode, **_WRITERS}
            shown = [writers[type(value)](value) for value in values]
        probe = "".join(shown)
        if probe.isascii() and "\x7f" not in probe:
            return shown
        return list(map(_json_escape, shown))

    def _text_or_null(self, value: object) -> str:
        return "null" if value is None else self.string(value)  # type: ignore[arg-type]

    def _other(self, value: object) -> str:
        # Numbers, booleans, null and anything unusual (keys that are not strings, types
        # JSON does not know): the same text, or the same TypeError, as json.dumps.
        import json

        text = json.dumps(value, indent=len(self.step), ensure_ascii=self.ascii_only)
        return _json_escape(text)


# Characters JSON escapes (quotes, backslashes, C0 controls) and those `_json_escape` does, in
# polars' syntax; with ASCII only, everything outside printable ASCII too.
_JSON_SPECIAL = _CONTROL_OR_BREAK[:-1] + '"\\\\]'
_JSON_SPECIAL_ASCII = '[^\\x{20}-\\x{7e}]|["\\\\]'


def html_text(value: object) -> str:
    """A data value as HTML text or attribute content: printable (`clean`) and escaped
    (``&``, ``<``, ``>`` and both quotes), so it can never become markup."""
    import html

    return html.escape(clean(value), quote=True)


def safe_lines(value: object, style: str = "") -> Text:
    """Display text of several lines (a note): each line as `safe` makes it."""
    from rich.text import Text

    lines = ("" if value is None else str(value)).splitlines()
    return Text("\n", style=style).join(safe(line, style=style) for line in lines)
