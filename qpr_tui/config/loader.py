"""Reading the configuration: TOML (tomllib; tomli before Python 3.11) into the schema.

Every setting has a documented default (``config/qpr.toml`` lists them all), so the tool
works with no file at all. Unknown keys are warnings rather than errors so that an older
qpr_tui still opens a newer configuration. Where the configuration came from and what reading
it found travel beside it (`LoadedConfig.source`), not inside the `Config`.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from qpr_tui.config.schema import Config
from qpr_tui.config.toml_text import decode_toml, toml_error
from qpr_tui.errors import Issue, Location, QprError, Severity

if TYPE_CHECKING:
    from qpr_tui.config.checking import Explained
    from qpr_tui.config.toml_lines import KeyLine, KeyPath

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on Python 3.10
    import tomli as tomllib


@dataclass(frozen=True)
class ConfigSource:
    """Where a configuration came from and what reading it found.

    ``path`` is the file as named ("" for the built-in defaults); ``sha256`` is the hash of
    the exact bytes read ("" when parsed from text), so provenance names the configuration
    that was used even if the file is edited afterwards; ``warnings`` are the unknown keys,
    each with its line; ``text`` is the TOML as read, so that later findings about a key
    (a ``[kpi."ID"]`` that matches no KPI) can give its line.
    """

    path: str = ""
    sha256: str = ""
    warnings: tuple[Issue, ...] = ()
    text: str = ""

    def location(self, keys: tuple[str, ...]) -> Location:
        """Where the key ``keys`` is written (its line when the text is known)."""
        from qpr_tui.config.toml_lines import line_of

        line = line_of(_key_lines(self.text), keys) if self.text else 0
        return Location(self.path or "configuration", line)


@lru_cache(maxsize=4)
def _key_lines(text: str) -> dict[KeyPath, KeyLine]:
    """`key_lines`, scanned once per text however many keys a load asks about."""
    from qpr_tui.config.toml_lines import key_lines

    return key_lines(text)


@dataclass(frozen=True)
class LoadedConfig:
    """A `Config` and, beside it, its `ConfigSource`."""

    config: Config = field(default_factory=Config)
    source: ConfigSource = field(default_factory=ConfigSource)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return self.source.warnings


def _parse_toml(text: str, path: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise toml_error(exc, text, path, "configuration") from None


def _one_name_as_list(data: dict[str, Any]) -> None:
    """``[columns] value = "Outturn"`` is short for ``value = ["Outturn"]``."""
    tables = [data.get("columns")]
    files = data.get("files")
    if isinstance(files, dict):
        tables += [table.get("columns") for table in files.values() if isinstance(table, dict)]
    for columns in tables:
        if isinstance(columns, dict):
            for name, headers in columns.items():
                if isinstance(headers, str):
                    columns[name] = [headers]


def _error(explained: Explained, text: str, path: str) -> QprError:
    from qpr_tui.config.toml_lines import key_lines, line_of

    lines = key_lines(text)
    found = (line_of(lines, place) for place in explained.places)
    return QprError(explained.message, Location(path, next((n for n in found if n), 0)))


def _checked(data: dict[str, Any], text: str, path: str) -> tuple[Config, tuple[Issue, ...]]:
    """Convert a file that msgspec refused: unknown keys become warnings and are dropped,
    then a wrong value is a `QprError` naming its key and line."""
    from qpr_tui.config.checking import explain, strip_unknown_keys
    from qpr_tui.config.toml_lines import key_lines, line_of

    unknown = strip_unknown_keys(data)
    try:
        config = msgspec.convert(data, Config)
    except msgspec.ValidationError as error:
        raise _error(explain(error, data), text, path) from None
    lines = key_lines(text)
    warnings = tuple(
        Issue(Severity.WARNING, "config", key.message, Location(path, line_of(lines, key.path)))
        for key in unknown
    )
    return config, warnings


def parse_config(text: str, path: str = "<config>", sha256: str = "") -> LoadedConfig:
    """Parse configuration text; ``sha256`` is the hash of the bytes it was decoded from.

    A wrong type, choice or range is a `QprError` naming the key and its line; unknown keys
    are ignored and reported in ``warnings``.
    """
    data = _parse_toml(text, path)
    _one_name_as_list(data)
    warnings: tuple[Issue, ...] = ()
    try:  # the schema forbids unknown keys: a clean file needs nothing more
        config = msgspec.convert(data, Config)
    except msgspec.ValidationError:
        config, warnings = _checked(data, text, path)
    warnings += _key_warnings(config, text, path)
    return LoadedConfig(config, ConfigSource(path, sha256, warnings, text))


def _key_warnings(config: Config, text: str, path: str) -> tuple[Issue, ...]:
    """``[keys]`` entries the app will not apply (unknown ids, bad names, conflicts)."""
    if not config.keys:
        return ()
    from qpr_tui.config.bindings import resolve_keymap
    from qpr_tui.config.toml_lines import key_lines, line_of

    problems = resolve_keymap(config.keys).problems
    lines = key_lines(text) if problems else {}
    found = [
        Issue(
            Severity.WARNING,
            "config-keys",
            problem.message,
            Location(path, line_of(lines, ("keys", problem.binding_id))),
        )
        for problem in problems
    ]
    return tuple(sorted(found, key=lambda issue: issue.location.line))


def load_config(path: str | Path | None) -> LoadedConfig:
    """Read a TOML configuration; ``None`` gives the defaults."""
    if path is None:
        return LoadedConfig()
    file = Path(path)
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise QprError("the configuration file does not exist", Location(str(path))) from None
    except IsADirectoryError:
        raise QprError(
            "the configuration path is a directory, not a file", Location(str(path))
        ) from None
    except PermissionError:
        raise QprError(
            "the configuration file cannot be read (permission denied)", Location(str(path))
        ) from None
    text = decode_toml(raw, str(path), "configuration file")
    return parse_config(text, str(path), hashlib.sha256(raw).hexdigest())
