"""The schema read back: its keys, and its types and values in the user's words.

Messages about the configuration are worded from `qpr_tui.config.schema` itself (a choice
from its ``Literal``, a range from its ``Meta``, a description from ``Meta(description=...)``),
so they cannot disagree with what is checked.
"""

from __future__ import annotations

import json
import re
import types
from collections.abc import Iterator
from datetime import date, datetime, time
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import msgspec
from msgspec import Meta

from qpr_tui.config.schema import Config
from qpr_tui.config.toml_lines import KeyPath

ANY_NAME = "*"  # in `schema_keys`: a key the user names (a KPI id, a column, a group)
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def plain_type(annotation: Any) -> tuple[Any, list[Meta]]:
    """The type without ``| None`` and ``Annotated``, and the `Meta` it carried."""
    metas: list[Meta] = []
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extras = get_args(annotation)
            metas.extend(m for m in extras if isinstance(m, Meta))
        elif origin is Union or origin is types.UnionType:
            options = [a for a in get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation, metas
            annotation = options[0]
        else:
            return annotation, metas


def is_table(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, msgspec.Struct)


@cache
def table_fields(table: type[msgspec.Struct]) -> dict[str, Any]:
    """TOML key -> declared type, for one table of the schema."""
    return {f.encode_name: f.type for f in msgspec.structs.fields(table)}


def schema_keys(annotation: Any = Config, path: KeyPath = ()) -> Iterator[KeyPath]:
    """Every key path the schema declares; `ANY_NAME` stands for a name the user chooses."""
    plain, _ = plain_type(annotation)
    if is_table(plain):
        for key, declared in table_fields(plain).items():
            yield (*path, key)
            yield from schema_keys(declared, (*path, key))
    elif get_origin(plain) is dict:
        yield (*path, ANY_NAME)
        yield from schema_keys(get_args(plain)[1], (*path, ANY_NAME))
    elif get_origin(plain) is list and is_table(plain_type(get_args(plain)[0])[0]):
        yield from schema_keys(get_args(plain)[0], path)  # [[array]] tables: keys of each


def toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def table_name(path: KeyPath) -> str:
    """``[kpi.CS07]``; ``ANY_NAME`` parts as ``"ID"``."""
    parts = ('"ID"' if part == ANY_NAME else toml_key(part) for part in path)
    return f"[{'.'.join(parts)}]"


def where(path: KeyPath) -> str:
    """A key as the file shows it: ``organisation``, ``[dot] window``, ``[kpi.CS07] rule``."""
    if len(path) == 1:
        return toml_key(path[0])
    return f"{table_name(path[:-1])} {toml_key(path[-1])}"


def shown(value: Any) -> str:
    """A scalar value as TOML writes it (lists and tables are not repeated)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= 60 else text[:58] + '…"'
    if isinstance(value, (date, time)):
        return value.isoformat()
    return ""


def kind(value: Any) -> str:
    """What a TOML value is, in words."""
    for python, words in (
        (bool, "a boolean"),
        ((int, float), "a number"),
        (str, "a string"),
        (list, "a list"),
        (dict, "a table"),
        (datetime, "a date and time"),
        (date, "a date"),
        (time, "a time"),
    ):
        if isinstance(value, python):
            return words
    return type(value).__name__


def _number(value: float) -> str:
    return f"{value:g}"


def bounds(metas: list[Meta]) -> str:
    """A `Meta` range in words: ``2 or more``, ``between 3 and 12``."""
    ge = next((m.ge for m in metas if m.ge is not None), None)
    gt = next((m.gt for m in metas if m.gt is not None), None)
    le = next((m.le for m in metas if m.le is not None), None)
    lt = next((m.lt for m in metas if m.lt is not None), None)
    if ge is not None and le is not None:
        return f"between {_number(ge)} and {_number(le)}"
    parts = [
        *([f"{_number(ge)} or more"] if ge is not None else []),
        *([f"more than {_number(gt)}"] if gt is not None else []),
        *([f"{_number(le)} or less"] if le is not None else []),
        *([f"less than {_number(lt)}"] if lt is not None else []),
    ]
    return " and ".join(parts)


def within(value: float, metas: list[Meta]) -> bool:
    """Whether a number is inside every declared range (written so that nan is in none)."""
    for m in metas:
        if m.ge is not None and not value >= m.ge:
            return False
        if m.gt is not None and not value > m.gt:
            return False
        if m.le is not None and not value <= m.le:
            return False
        if m.lt is not None and not value < m.lt:
            return False
    return True


def choices(literal: Any) -> str:
    return ", ".join(shown(c) for c in get_args(literal))


def expected(annotation: Any) -> str:
    """What a value of this declared type must be, in words."""
    plain, metas = plain_type(annotation)
    described = next((m.description for m in metas if m.description), None)
    if described:
        return described
    if get_origin(plain) is Literal:
        return f"one of {choices(plain)}"
    words = {str: "a string", int: "a whole number", float: "a number", bool: "true or false"}
    if plain in words:
        limits = bounds(metas)
        return f"{words[plain]} ({limits})" if limits else words[plain]
    return "a list" if get_origin(plain) is list else "a table"


def fits(value: Any, annotation: Any) -> bool:
    """Whether the value is of the declared kind (msgspec's strict rules: no bool for a
    number, an integer is a fine float)."""
    plain, _ = plain_type(annotation)
    if get_origin(plain) is Literal:
        return isinstance(value, str)
    if plain is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if plain is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if plain in (str, bool):
        return isinstance(value, plain)
    if get_origin(plain) is list:
        return isinstance(value, list)
    return isinstance(value, dict)


def note(metas: list[Meta]) -> str:
    """Advice declared with ``Meta(extra={"note": ...})``, as `` (advice)``."""
    for m in metas:
        if m.extra and m.extra.get("note"):
            return f" ({m.extra['note']})"
    return ""
