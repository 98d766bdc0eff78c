"""The app's key bindings, listed once, and the check of a ``[keys]`` table against them.

The app declares its bindings with Textual (``Binding(..., id=...)``); this module lists the
same ids, default keys and where each is active, so that ``qpr validate`` and the app check
``[keys]`` alike without loading Textual (``tests/tui/test_keymap.py`` keeps the two lists
the same). A remap is applied unless it is refused: an unknown binding id, a key name
Textual does not know, or a key another binding already holds where both are active (in
Textual the focused widget's binding would silently win over the app's).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

SUGGEST_CUTOFF = 0.6  # difflib similarity for "did you mean" ("quality.severty")


@dataclass(frozen=True)
class BindingSpec:
    """One remappable binding: its id, default keys (Textual names, comma-separated), what
    it does, and the holders (app, screen, panel or widget) that declare it."""

    id: str
    keys: str
    description: str
    holders: tuple[str, ...]


def _specs(holder: str, *rows: tuple[str, str, str]) -> tuple[BindingSpec, ...]:
    return tuple(BindingSpec(ident, keys, words, (holder,)) for ident, keys, words in rows)


#: The main screen's panels in order (keys 1 to 7): binding id suffix and name.
PANELS = (
    ("summary", "Summary"),
    ("indicators", "Indicators"),
    ("red", "Red detail"),
    ("trends", "Trends"),
    ("changes", "Changes"),
    ("quality", "Data quality"),
    ("benchmark", "Benchmark"),
    ("notes", "Notes"),
)

#: What the period keys say, by what one period of the report is (`Calendar.period_word`).
PERIOD_KEY_WORDS: dict[str, dict[str, str]] = {
    "quarter": {"period.previous": "Prev qtr", "period.next": "Next qtr"},
    "year": {"period.previous": "Prev year", "period.next": "Next year"},
}

BINDINGS: tuple[BindingSpec, ...] = (
    *_specs(
        "app",
        ("app.quit", "q", "Quit"),
        ("app.help", "question_mark,f1", "Help"),
        ("period.previous", "left_square_bracket", PERIOD_KEY_WORDS["quarter"]["period.previous"]),
        ("period.next", "right_square_bracket", PERIOD_KEY_WORDS["quarter"]["period.next"]),
        ("app.export", "e", "Export"),
        ("app.copy", "c", "Copy"),
    ),
    BindingSpec("app.reload", "r", "Reload", ("app", "error")),
    *_specs(
        "main",
        *((f"panel.{name}", str(number), words) for number, (name, words) in enumerate(PANELS, 1)),
        ("focus.tree", "d", "Directorates"),
        ("view.tree", "t", "Toggle tree"),
        ("tree.narrower", "less_than_sign", "Narrower tree"),
        ("tree.wider", "greater_than_sign", "Wider tree"),
    ),
    *_specs(
        "indicators",
        ("indicators.search", "slash", "Search"),
        ("indicators.sort", "s", "Sort"),
        ("indicators.sort_reverse", "S", "Reverse"),
        ("indicators.filter", "f", "Filter"),
        ("filter.red", "R", "Red only"),
        ("filter.amber", "A", "Amber only"),
        ("filter.green", "ctrl+g", "Green only"),
        ("filter.no_data", "N", "No data only"),
        ("filter.clear", "x,asterisk", "Clear filters"),
    ),
    BindingSpec("kpi.next", "n", "Next KPI", ("trends", "detail", "red")),
    BindingSpec("kpi.previous", "p", "Prev KPI", ("trends", "detail", "red")),
    BindingSpec(
        "kpi.note", "m", "Note", ("indicators", "red", "trends", "changes", "notes", "detail")
    ),
    *_specs("detail", ("detail.close", "escape", "Back")),
    *_specs("benchmark", ("benchmark.peers", "b", "Peer group")),
    *_specs("quality", ("quality.severity", "v", "Severity")),
    *_specs(
        "table",
        ("table.down", "j", "Down"),
        ("table.up", "k", "Up"),
        ("table.top", "g", "Top"),
        ("table.bottom", "G", "Bottom"),
        ("table.left", "h", "Scroll left"),
        ("table.right", "l", "Scroll right"),
        ("table.page_down", "ctrl+d", "Page down"),
        ("table.page_up", "ctrl+u", "Page up"),
    ),
    *_specs(
        "scroll",
        ("scroll.down", "j", "Down"),
        ("scroll.up", "k", "Up"),
        ("scroll.top", "g", "Top"),
        ("scroll.bottom", "G", "Bottom"),
        ("scroll.page_down", "space", "Page down"),
    ),
    *_specs(
        "tree",
        ("tree.down", "j", "Down"),
        ("tree.up", "k", "Up"),
        ("tree.top", "g", "Top"),
        ("tree.bottom", "G", "Bottom"),
    ),
    *_specs("help", ("help.close", "escape,q,question_mark,f1", "Close")),
    *_specs("export", ("export.cancel", "escape", "Cancel")),
    *_specs("note", ("note.save", "ctrl+s", "Save note"), ("note.cancel", "escape", "Cancel")),
)
BY_ID = {spec.id: spec for spec in BINDINGS}

_SCROLLING = ("up", "down", "left", "right", "home", "end", "pageup", "pagedown")
#: Keys Textual's own classes bind (no id, not remappable), by holder.
FIXED: dict[str, frozenset[str]] = {
    "app": frozenset({"ctrl+q", "ctrl+c", "ctrl+p"}),
    "screen": frozenset({"tab", "shift+tab", "ctrl+c", "super+c"}),
    "table": frozenset(
        {"enter", *_SCROLLING, "ctrl+home", "ctrl+end", "ctrl+pageup", "ctrl+pagedown"}
    ),
    "scroll": frozenset({*_SCROLLING, "ctrl+pageup", "ctrl+pagedown"}),
    "tree": frozenset(
        {
            "enter",
            "space",
            "shift+space",
            "shift+left",
            "shift+right",
            "shift+up",
            "shift+down",
            *_SCROLLING,
            "ctrl+pageup",
            "ctrl+pagedown",
        }
    ),
}

_MAIN = ("main", "screen", "app")
#: Where bindings are active together: the holders from the focused widget up to the app,
#: each named as a message says it. A panel with a table and a text has a chain for each.
CONTEXTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("the Summary panel", ("scroll", *_MAIN)),
    ("the Indicators panel", ("table", "indicators", *_MAIN)),
    ("the Red detail panel", ("table", "red", *_MAIN)),
    ("the Red detail panel", ("scroll", "red", *_MAIN)),
    ("the Trends panel", ("scroll", "trends", *_MAIN)),
    ("the Changes panel", ("table", "changes", *_MAIN)),
    ("the Changes panel", ("scroll", "changes", *_MAIN)),
    ("the Notes panel", ("table", "notes", *_MAIN)),
    ("the Data quality panel", ("table", "quality", *_MAIN)),
    ("the Benchmark panel", ("table", "benchmark", *_MAIN)),
    ("the directorate tree", ("tree", *_MAIN)),
    ("the KPI detail", ("scroll", "detail", "screen", "app")),
    ("the help screen", ("scroll", "help", "screen", "app")),
    ("the error screen", ("error", "screen", "app")),
    ("the export dialog", ("export", "screen", "app")),
    ("the note dialog", ("note", "screen", "app")),
)
#: Dialogs over the app: their own keys take precedence over the app's on purpose (``q``
#: closes the help screen), so a remap may share a key between the two.
DIALOGS = frozenset({"help", "export"})

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
NAMED_KEYS = frozenset(
    {
        "escape",
        "enter",
        "return",
        "tab",
        "space",
        "backspace",
        "delete",
        "insert",
        *_SCROLLING,
        *(f"f{n}" for n in range(1, 25)),
    }
)
# Textual's shorter names for some characters (textual.keys.KEY_NAME_REPLACEMENTS).
_SHORTER = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}


def character_key(char: str) -> str:
    """The name Textual gives the key that types ``char`` ("," -> "comma")."""
    if char.isalnum():
        return char
    name = unicodedata.name(char, "").lower().replace("-", "_").replace(" ", "_")
    return _SHORTER.get(name, name)


@cache
def _character_names() -> dict[str, str]:
    """Key name -> character, for the printable characters of Latin-1."""
    chars = [chr(code) for code in (*range(0x20, 0x7F), *range(0xA1, 0x100))]
    return {character_key(c): c for c in chars if not c.isalnum()}


def _is_character_name(name: str) -> bool:
    if name in _character_names():
        return True
    for spelling in (name.replace("_", " "), name.replace("_", "-")):
        try:
            char = unicodedata.lookup(spelling)
        except KeyError:
            continue
        if character_key(char) == name:
            return True
    return False


def key_problem(key: str) -> str:
    """What is wrong with one key name ("" when Textual knows it)."""
    if not key:
        return "an empty key name"
    *modifiers, base = key.split("+")
    unknown = [m for m in modifiers if m not in MODIFIERS]
    if unknown or not base:
        return f'"{key}" is not a key name (modifiers are {", ".join(sorted(MODIFIERS))})'
    if len(base) == 1 and base.isalnum():
        return ""
    if base in NAMED_KEYS or _is_character_name(base):
        return ""
    if len(base) == 1:
        return f'"{key}" is not a key name: write "{"+".join([*modifiers, character_key(base)])}"'
    return f'"{key}" is not a key name{_did_you_mean(base, _known_names())}'


@cache
def _known_names() -> tuple[str, ...]:
    return (*sorted(NAMED_KEYS), *sorted(_character_names()))


def _did_you_mean(word: str, choices: tuple[str, ...]) -> str:
    import difflib  # only a wrong name needs it

    close = difflib.get_close_matches(word, choices, n=1, cutoff=SUGGEST_CUTOFF)
    return f' (did you mean "{close[0]}"?)' if close else ""


def split_keys(keys: str) -> list[str]:
    """``"x, asterisk"`` -> ``["x", "asterisk"]`` (Textual's spelling of several keys)."""
    return [key.strip() for key in keys.split(",")]


@dataclass(frozen=True)
class KeyProblem:
    """A ``[keys]`` entry that was not applied, and why (the message names its key)."""

    binding_id: str
    message: str


@dataclass(frozen=True)
class Keymap:
    """The remaps to apply (binding id -> keys) and the entries refused."""

    applied: dict[str, str]
    problems: tuple[KeyProblem, ...]


def _entry(binding_id: str, keys: str) -> str:
    from qpr_tui.config.describe import shown, where

    return f"{where(('keys', binding_id))} = {shown(keys)}"


def _checked_entry(binding_id: str, keys: str) -> str:
    """Why one entry cannot be applied on its own ("" when it can)."""
    if binding_id not in BY_ID:
        hint = _did_you_mean(binding_id, tuple(BY_ID)) or " (the help screen, ? or F1, lists them)"
        return f"{_entry(binding_id, keys)} was ignored: there is no binding with that id{hint}"
    for key in split_keys(keys):
        problem = key_problem(key)
        if problem:
            default = BY_ID[binding_id]
            return (
                f"{_entry(binding_id, keys)} was ignored: {problem}; "
                f"{default.description} keeps {shown_keys(default.keys)}"
            )
    return ""


def shown_keys(keys: str) -> str:
    """Keys as a message names them, characters as typed: ``x or *``."""
    names = _character_names()
    return " or ".join(names.get(key, key) for key in split_keys(keys))


def _active(spec: BindingSpec, holders: tuple[str, ...]) -> bool:
    return any(holder in holders for holder in spec.holders)


def clashes(binding_id: str, keys: dict[str, str]) -> list[tuple[str, str]]:
    """Where ``binding_id``'s keys are also another binding's: (context, what holds it),
    given every binding's keys (``keys``: id -> keys, after remapping). Two bindings that
    share a key by default do so on purpose (the help screen's ``q`` closes it)."""
    spec = BY_ID[binding_id]
    own_default = split_keys(spec.keys)
    found: list[tuple[str, str]] = []
    for context, holders in CONTEXTS:
        if not _active(spec, holders):
            continue
        fixed = set().union(*(FIXED.get(holder, ()) for holder in holders))
        for key in split_keys(keys[binding_id]):
            shown = shown_keys(key)
            if key in fixed and key not in own_default:
                found.append((context, f"{shown} is a key of Textual's own"))
            for other in BINDINGS:
                if other.id == binding_id or not _active(other, holders):
                    continue
                if _dialog_over_app(spec, other):
                    continue
                if key in split_keys(keys[other.id]) and not (
                    key in own_default and key in split_keys(other.keys)
                ):
                    found.append((context, f"{shown} is {other.description} ({other.id})"))
    return found


def _dialog_over_app(one: BindingSpec, other: BindingSpec) -> bool:
    pair = (set(one.holders), set(other.holders))
    return any(a & DIALOGS and "app" in b for a, b in (pair, pair[::-1]))


def _where(contexts: list[str]) -> str:
    names = list(dict.fromkeys(contexts))
    if len(names) == len({name for name, _ in CONTEXTS}):
        return "everywhere"
    if len(names) > 3:
        return f"in {', '.join(names[:3])} and {len(names) - 3:,} more places"
    return "in " + " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def _conflict(binding_id: str, keys: str, found: list[tuple[str, str]]) -> str:
    default = BY_ID[binding_id]
    what = list(dict.fromkeys(holder for _, holder in found))
    return (
        f"{_entry(binding_id, keys)} was ignored: {'; '.join(what)} "
        f"{_where([context for context, _ in found])}; "
        f"{default.description} keeps {shown_keys(default.keys)}"
    )


def resolve_keymap(table: dict[str, str]) -> Keymap:
    """The remaps of a ``[keys]`` table that can be applied, and why the others cannot.

    A remap whose key another binding holds where both are active is refused, the one
    written last first, until none is left (so two bindings never share a key).
    """
    problems: list[KeyProblem] = []
    applied: dict[str, str] = {}
    for binding_id, keys in table.items():
        problem = _checked_entry(binding_id, keys)
        if problem:
            problems.append(KeyProblem(binding_id, problem))
        else:
            applied[binding_id] = ", ".join(split_keys(keys))
    refused = True
    while refused:
        refused = False
        current = {spec.id: applied.get(spec.id, spec.keys) for spec in BINDINGS}
        for binding_id in reversed(applied):
            found = clashes(binding_id, current)
            if found:
                problems.append(
                    KeyProblem(binding_id, _conflict(binding_id, table[binding_id], found))
                )
                del applied[binding_id]
                refused = True
                break
    return Keymap(applied, tuple(problems))
