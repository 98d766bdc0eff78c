"""Where a TOML file went wrong: the line and column of a syntax error or of a byte that is
not UTF-8, for the configuration, the user's file and the notes alike."""

from __future__ import annotations

import re
import sys

from qpr_tui.errors import Location, QprError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on Python 3.10
    import tomli as tomllib

_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_AT_END = re.compile(r"\(at end of document\)")


def decode_toml(raw: bytes, path: str, what: str) -> str:
    """``raw`` as text (a UTF-8 BOM dropped); a byte that is not UTF-8 is a `QprError` at its
    line and column. ``what`` names the file in the message ("configuration file")."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = raw[exc.start]
        raise QprError(
            f"the {what} is not UTF-8 text (byte 0x{byte:02x} cannot be decoded: {exc.reason})",
            Location(path, line, column),
            hint="Save it as UTF-8 in the editor.",
        ) from None


def toml_error(exc: tomllib.TOMLDecodeError, text: str, path: str, what: str) -> QprError:
    """``exc`` as a `QprError` at its line and column; an error at the end of the document is
    placed on the file's last line, and the message says where such an error usually starts."""
    message = str(exc)
    match = _POSITION.search(message)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        reason = _POSITION.sub("", message).strip()
        return QprError(f"the {what} is not valid TOML: {reason}", Location(path, line, column))
    lines = text.splitlines() or [""]
    reason = _AT_END.sub("", message).strip()
    return QprError(
        f"the {what} is not valid TOML: {reason} at the end of the file",
        Location(path, len(lines), len(lines[-1]) + 1),
        hint="Something opened earlier is never closed: look above for a quote, bracket or "
        "brace without its partner.",
    )
