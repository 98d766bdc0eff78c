"""Parsed TOML against the schema: unknown keys become warnings, a wrong value one error.

- `strip_unknown_keys` removes the keys the schema does not declare (an older qpr must still
  open a newer file) and says what was probably meant: the table where that key belongs, or a
  close spelling (difflib).
- `explain` turns msgspec's `ValidationError` into one sentence naming the TOML key, the
  value and what it must be. msgspec names the failing place (``$.dot.window``) but elides
  the keys of free-form tables (``$.kpi[...].rule``); those are found again by converting
  each entry of that table on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, get_args, get_origin

import msgspec

from qpr_tui.config.describe import (
    ANY_NAME,
    bounds,
    choices,
    expected,
    fits,
    is_table,
    kind,
    note,
    plain_type,
    schema_keys,
    shown,
    table_fields,
    table_name,
    where,
    within,
)
from qpr_tui.config.schema import Config, SettingsConflict
from qpr_tui.config.toml_lines import KeyPath

SUGGEST_CUTOFF = 0.7  # difflib similarity for "did you mean": 'windw' -> 'window'
_AT = re.compile(r" - at `\$(?P<path>[^`]*)`$")
_SEGMENT = re.compile(r"\.(?P<field>\w+)|\[(?P<index>\d+)\]|(?P<elided>\[\.\.\.\])")
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class UnknownKey:
    """A key the schema does not declare, and what was probably meant ("" if no idea)."""

    path: KeyPath
    advice: str = ""

    @property
    def message(self) -> str:
        place = f" in {table_name(self.path[:-1])}" if len(self.path) > 1 else ""
        text = f"unknown key '{self.path[-1]}'{place} was ignored"
        return f"{text} ({self.advice})" if self.advice else text


@dataclass(frozen=True)
class Explained:
    """A wrong value in words, and the key paths whose line to show (best first)."""

    message: str
    places: tuple[KeyPath, ...]


def strip_unknown_keys(data: dict[str, Any]) -> list[UnknownKey]:
    """Remove from ``data`` every key the schema does not declare; report each, in order."""
    found: list[UnknownKey] = []
    _strip(data, Config, (), (), found)
    return found


def _strip(
    value: Any, declared: Any, path: KeyPath, shape: KeyPath, found: list[UnknownKey]
) -> None:
    """``shape`` is ``path`` as `schema_keys` spells it (user-chosen names as `ANY_NAME`)."""
    plain, _ = plain_type(declared)
    if get_origin(plain) is list:
        _strip_list(value, declared, path, found)
        return
    if not isinstance(value, dict):
        return  # a wrong type: msgspec reports it
    if is_table(plain):
        known = table_fields(plain)
        for key in list(value):
            if key in known:
                _strip(value[key], known[key], (*path, key), (*shape, key), found)
            else:
                found.append(UnknownKey((*path, key), _advice(key, shape, known)))
                del value[key]
    elif get_origin(plain) is dict:
        for key, item in value.items():
            _strip(item, get_args(plain)[1], (*path, key), (*shape, ANY_NAME), found)


def _strip_list(value: Any, declared: Any, path: KeyPath, found: list[UnknownKey]) -> None:
    """A list of tables (``[[report.contacts]]``): each item is checked like a table."""
    item_type = get_args(plain_type(declared)[0])[0]
    if isinstance(value, list) and is_table(plain_type(item_type)[0]):
        for item in value:
            _strip(item, item_type, path, path, found)


@cache
def _homes() -> dict[str, tuple[KeyPath, ...]]:
    """Key name -> the tables that declare it."""
    homes: dict[str, list[KeyPath]] = {}
    for path in schema_keys():
        if path[-1] != ANY_NAME:
            homes.setdefault(path[-1], []).append(path[:-1])
    return {key: tuple(tables) for key, tables in homes.items()}


def _place(table: KeyPath) -> str:
    return f"in {table_name(table)}" if table else "at the top of the file, before any [table]"


def _advice(key: str, shape: KeyPath, known: dict[str, Any]) -> str:
    import difflib  # only a file with an unknown key needs it

    homes = [table for table in _homes().get(key, ()) if table != shape]
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=SUGGEST_CUTOFF)
    belongs = f"it belongs {' or '.join(_place(t) for t in homes)}" if homes else ""
    guess = f"did you mean '{close[0]}'?" if close else ""
    return f"{belongs}; or {guess}" if belongs and guess else belongs or guess


def explain(error: msgspec.ValidationError, data: dict[str, Any]) -> Explained:
    """What is wrong, for msgspec's ``error`` on converting ``data`` to `Config`."""
    path, final = _failing_path(error, data, Config)
    reason = _AT.sub("", str(final))
    keys = _leading_keys(path)  # a list is reported as a whole, naming the bad item
    cause = final.__cause__
    if isinstance(cause, SettingsConflict):
        prefix = f"{table_name(keys)} " if keys else ""
        return Explained(f"{prefix}{cause}", (*((*keys, k) for k in cause.keys), keys))
    if not keys:
        return Explained(f"the configuration is not valid: {reason}", ())
    in_item = _item_problem(path, data)
    if in_item is not None:
        return in_item
    declared, value = _declared(keys, data)
    message = _problem(keys, value, declared) or f"{where(keys)} is not valid: {reason}"
    return Explained(message, (keys,))


def _failing_path(
    error: msgspec.ValidationError, value: Any, declared: Any
) -> tuple[Path, msgspec.ValidationError]:
    """The full path of the value msgspec refused, and the error that names it."""
    match = _AT.search(str(error))
    path: list[str | int] = []
    for segment in _SEGMENT.finditer(match["path"] if match else ""):
        plain, _ = plain_type(declared)
        if segment["elided"]:
            return _in_free_table(tuple(path), value, get_args(plain)[1], error)
        if segment["index"] is not None:
            step: str | int = int(segment["index"])
            declared = get_args(plain)[0]
        else:
            step = segment["field"]
            declared = table_fields(plain)[step]
        value = value[step]
        path.append(step)
    return tuple(path), error


def _in_free_table(
    path: Path, table: dict[str, Any], item_type: Any, error: msgspec.ValidationError
) -> tuple[Path, msgspec.ValidationError]:
    for key, item in table.items():
        try:
            msgspec.convert(item, item_type)
        except msgspec.ValidationError as inner:
            rest, final = _failing_path(inner, item, item_type)
            return (*path, key, *rest), final
    return path, error


def _leading_keys(path: Path) -> KeyPath:
    keys: list[str] = []
    for step in path:
        if not isinstance(step, str):
            break
        keys.append(step)
    return tuple(keys)


def _item_problem(path: Path, data: dict[str, Any]) -> Explained | None:
    """A wrong value inside one table of a list of tables (``[[report.contacts]]``), named
    by its key and the table's number; None when ``path`` is not inside such a table."""
    index = next((i for i, step in enumerate(path) if isinstance(step, int)), None)
    if index is None or index + 1 >= len(path):
        return None
    outer = _leading_keys(path)
    inner = tuple(str(step) for step in path[index + 1 :])
    listed, items = _declared(outer, data)
    declared = get_args(plain_type(listed)[0])[0]
    value: Any = items[int(path[index])]
    for key in inner:
        plain, _ = plain_type(declared)
        if not is_table(plain) or not isinstance(value, dict) or key not in value:
            return None
        declared, value = table_fields(plain)[key], value[key]
    message = _problem((*outer, *inner), value, declared)
    if message is None:
        return None
    number = int(path[index]) + 1
    return Explained(f"{message} (table {number} of [[{'.'.join(outer)}]])", ((*outer, *inner),))


def _declared(keys: KeyPath, data: dict[str, Any]) -> tuple[Any, Any]:
    """The declared type and the value at ``keys``."""
    declared: Any = Config
    value: Any = data
    for key in keys:
        plain, _ = plain_type(declared)
        declared = table_fields(plain)[key] if is_table(plain) else get_args(plain)[1]
        value = value[key]
    return declared, value


def _in_brackets(value: Any) -> str:
    text = shown(value)
    return f" ({text})" if text else ""


def _problem(keys: KeyPath, value: Any, declared: Any) -> str | None:
    """The one thing wrong with ``value`` for its declared type (None: nothing found)."""
    name = where(keys)
    plain, metas = plain_type(declared)
    if not fits(value, declared):
        return f"{name} must be {expected(declared)}, not {kind(value)}{_in_brackets(value)}"
    if get_origin(plain) is Literal and value not in get_args(plain):
        return f"{name} = {shown(value)} is not one of {choices(plain)}"
    if isinstance(value, (int, float)) and not within(value, metas):
        return f"{name} = {shown(value)} must be {bounds(metas)}{note(metas)}"
    if isinstance(value, list):
        item_type = get_args(plain)[0]
        for number, item in enumerate(value, 1):
            if not fits(item, item_type):
                return (
                    f"{name} must be {expected(declared)}, but item {number} is "
                    f"{kind(item)}{_in_brackets(item)}"
                )
    return None
