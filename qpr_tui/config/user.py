"""The user's own configuration file (``~/.config/qpr/qpr.toml`` on Linux, by platformdirs).

It is found after ``--config`` and ``QPR_CONFIG``; the app writes to it only the ``theme``
key, when the user changes the theme, leaving every other byte as it was. Input files and
project configuration are never written.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from qpr_tui.config.toml_text import decode_toml
from qpr_tui.errors import QprError

APP_NAME = "qpr"
FILE_NAME = "qpr.toml"
_HEADER = re.compile(r"^\s*\[")


def user_config_file() -> Path:
    """Where the user's configuration lives on this system (it may not exist)."""
    import platformdirs  # small, but only needed when configuration is looked for

    return platformdirs.user_config_path(APP_NAME, appauthor=False) / FILE_NAME


def _theme_line(theme: str, newline: str) -> str:
    import json

    return f"theme = {json.dumps(theme, ensure_ascii=False)}{newline}"


def with_theme(text: str, theme: str) -> str:
    """``text`` with its top-level ``theme`` set to ``theme``; every other line unchanged.

    The key is replaced where it is written, or added before the first table (after any
    opening comments) when the file has none.
    """
    from qpr_tui.config.toml_lines import key_lines

    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    written = key_lines(text).get(("theme",))
    if written is not None:
        old = lines[written.line - 1]
        ending = old[len(old.rstrip("\r\n")) :]
        lines[written.line - 1] = _theme_line(theme, ending or newline).rstrip("\r\n") + ending
        return "".join(lines)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    first_table = next((i for i, line in enumerate(lines) if _HEADER.match(line)), len(lines))
    lines.insert(first_table, _theme_line(theme, newline))
    return "".join(lines)


def _new_mode() -> int:
    """The permissions a newly created file gets here (0o644 under the usual umask)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_theme(theme: str, path: Path | None = None) -> Path:
    """Remember ``theme`` in the user's configuration (created if absent), atomically: the
    new text is written beside the file and moved over it, so a reader sees the old file
    or the new one, never half of one."""
    from qpr_tui.config.loader import parse_config

    target = path or user_config_file()
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        raw = b""
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    text = decode_toml(raw, str(target), "configuration file")
    parse_config(text, str(target))  # only a file that reads correctly is edited
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=".qpr-", suffix=".toml", dir=target.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
            file.write(bom + with_theme(text, theme))
        os.chmod(temporary, target.stat().st_mode & 0o7777 if target.exists() else _new_mode())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def remembered_theme(path: Path | None = None) -> str:
    """The ``theme`` in the user's configuration ("" if none, or if the file cannot be read:
    the app then starts with the configured or default theme)."""
    from qpr_tui.config.loader import load_config

    target = path or user_config_file()
    if not target.is_file():
        return ""
    try:
        return load_config(target).config.theme
    except QprError:
        return ""
