"""Finding the line of a TOML key (tomllib gives none)."""

from __future__ import annotations

import json
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from qpr_tui.config.toml_lines import key_lines, line_of

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

TEXT = """\
# a comment with [brackets] and key = "value"
title = "x"
"quoted key" = 1
'literal.key' = 2
a.b.c = 3
inline = { x = 1, y = { z = 2 } }
list = [
  "one", # ] not the end
  { k = 1 },
]
notes = '''
[not_a_table]
fake = 1
'''
escaped = "a \\" [ b"

[table]
key = 4
[table."sub table"]  # trailing comment
deep.er = 5
[[rows]]
n = 6
"""


def test_every_kind_of_key_has_its_line() -> None:
    lines = key_lines(TEXT)
    tomllib.loads(TEXT)  # the fixture is valid TOML
    expected = {
        ("title",): 2,
        ("quoted key",): 3,
        ("literal.key",): 4,
        ("a", "b", "c"): 5,
        ("inline",): 6,
        ("list",): 7,
        ("notes",): 11,
        ("escaped",): 15,
        ("table",): 17,
        ("table", "key"): 18,
        ("table", "sub table"): 19,
        ("table", "sub table", "deep", "er"): 20,
        ("rows",): 21,
        ("rows", "n"): 22,
    }
    assert {path: lines[path].line for path in expected} == expected
    assert ("not_a_table",) not in lines and ("fake",) not in lines


def test_keys_inside_inline_values_are_found_at_their_holder() -> None:
    lines = key_lines(TEXT)
    assert line_of(lines, ("inline", "y", "z")) == 6
    assert line_of(lines, ("list", "k")) == 7
    assert line_of(lines, ("table", "missing")) == 0  # [table] holds no inline value
    assert line_of(lines, ("nowhere",)) == 0


_names = st.text(st.characters(codec="utf-8", exclude_characters="\x7f"), min_size=1, max_size=8)
_values = st.sampled_from(["1", '"""\n[x]\ny = 1\n"""', "[\n  1, # ]\n]", "{ a = '[' }"])


def _quoted(name: str) -> str:
    return json.dumps(name, ensure_ascii=False)  # a TOML basic string too


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(_names, st.dictionaries(_names, _values, max_size=3), max_size=4))
def test_any_table_and_key_names(tables: dict[str, dict[str, str]]) -> None:
    text = ""
    where: dict[tuple[str, ...], int] = {}
    for table, keys in tables.items():
        where[(table,)] = text.count("\n") + 1
        text += f"[{_quoted(table)}]  # {table!r}\n\n"
        for key, value in keys.items():
            where[(table, key)] = text.count("\n") + 1
            text += f"{_quoted(key)} = {value}\n# {key!r} = 2\n"
    tomllib.loads(text)
    lines = key_lines(text)
    assert {path: lines[path].line for path in where} == where
