"""``config/qpr.toml`` documents every key of the schema, and only those.

Keys are documented there either set to their default (``window = 8``) or as a commented-out
example (``# tolerance = 5.0``, ``# [kpi."CS07"]``). A commented line is an example when,
without its ``#``, it is TOML on its own; prose never is.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, get_args

from qpr_tui.config import Config, parse_config
from qpr_tui.config.describe import ANY_NAME, is_table, plain_type, schema_keys, table_fields

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REFERENCE = Path(__file__).resolve().parents[2] / "config" / "qpr.toml"


def _uncommented(line: str) -> str:
    stripped = line.strip()
    if not stripped.startswith("#"):
        return line
    candidate = stripped.lstrip("#").strip()
    try:
        tomllib.loads(candidate)
    except tomllib.TOMLDecodeError:
        return line
    return candidate if "=" in candidate or candidate.startswith("[") else line


def reference_with_examples() -> str:
    """The reference file with its commented-out examples switched on."""
    return "\n".join(_uncommented(line) for line in REFERENCE.read_text("utf-8").split("\n"))


def documented_keys(value: Any, declared: Any = Config, path: tuple[str, ...] = ()) -> set:
    """The key paths in ``value``, with names the user chooses spelt as `ANY_NAME`."""
    plain, _ = plain_type(declared)
    found: set[tuple[str, ...]] = set()
    if isinstance(value, list):  # [[array]] tables: the keys of each
        for item in value:
            found |= documented_keys(item, get_args(plain)[0], path)
        return found
    if not isinstance(value, dict):
        return found
    for key, item in value.items():
        if is_table(plain):
            shape, inner = (*path, key), table_fields(plain).get(key)
        else:
            shape, inner = (*path, ANY_NAME), get_args(plain)[1]
        found.add(shape)
        if inner is not None:
            found |= documented_keys(item, inner, shape)
    return found


def test_every_schema_key_is_documented_and_every_documented_key_exists() -> None:
    documented = documented_keys(tomllib.loads(reference_with_examples()))
    declared = set(schema_keys())
    assert declared - documented == set(), "declared in the schema but not in config/qpr.toml"
    assert documented - declared == set(), "in config/qpr.toml but not in the schema"


def test_the_documented_examples_are_valid_settings() -> None:
    loaded = parse_config(reference_with_examples(), "qpr.toml (examples)")
    assert loaded.warnings == ()
    assert loaded.config.kpi["CS07"].blue is not None  # the examples really were read


def test_an_undocumented_key_would_be_noticed() -> None:
    text = '[dot]\nwindow = 8\n# [kpi."X"]\n# rule = "floor"\n# Prose = words, not TOML.\n'
    keys = documented_keys(tomllib.loads("\n".join(_uncommented(x) for x in text.split("\n"))))
    assert keys == {
        ("dot",),
        ("dot", "window"),
        ("kpi",),
        ("kpi", ANY_NAME),
        ("kpi", ANY_NAME, "rule"),
    }
