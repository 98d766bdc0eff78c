"""Input names that are not plain files: standard input, named pipes, and wrong names.

Every later step opens an input more than once (its head, polars' scans, a workbook's sheets,
its hash), which a stream cannot give. So a stream (``-`` or ``/dev/stdin`` for standard
input, a named pipe, a device) is read once, up to `STREAM_LIMIT`, into a private temporary
folder (never beside the input), and its copy is read from then on; the folder is removed
when the program ends. A name that cannot be opened gets a message that says why.
"""

from __future__ import annotations

import atexit
import errno
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO

from qpr_tui.errors import Location, QprError

STANDARD_INPUT = "-"
STREAM_LIMIT = 2 << 30  # bytes read from a stream at most: 2 GiB
_CHUNK = 1 << 20

# Each stream's copy, or why it could not be made, by the name it was given as: a stream
# cannot be read a second time.
_copies: dict[str, Path | QprError] = {}


def local_path(name: str | Path) -> Path:
    """The file to read for the input ``name``: the name itself for a file on disk, else
    the copy of the stream (made on first use). Raises `QprError` for a name that cannot be
    read (empty, a loop of symbolic links)."""
    text = str(name)
    if text not in _copies:
        check_name(text)
        if not is_stream(text):
            return Path(text)
        _copies[text] = _copy_of(text)
    copy = _copies[text]
    if isinstance(copy, QprError):
        raise copy
    return copy


def _copy_of(name: str) -> Path | QprError:
    copy = Path(tempfile.mkdtemp(dir=_folder())) / _copy_name(name)
    try:
        if name == STANDARD_INPUT:
            _copy(sys.stdin.buffer, copy, name)
        else:
            with open(name, "rb") as stream:
                _copy(stream, copy, name)
    except QprError as exc:
        return exc
    except OSError as exc:
        return QprError(f"the stream cannot be read ({exc.strerror or exc}).", Location(name))
    return copy


def reads_standard_input(name: str) -> bool:
    """Whether the input ``name`` is this program's standard input, as a stream."""
    named = name in ("/dev/stdin", "/dev/fd/0", "/proc/self/fd/0")
    return name == STANDARD_INPUT or (named and is_stream(name))


def is_stream(name: str) -> bool:
    """Whether ``name`` is standard input, a named pipe, a socket or a device: something
    that can be read only once."""
    if name == STANDARD_INPUT:
        return True
    try:
        mode = os.stat(name).st_mode
    except (OSError, ValueError):
        return False  # `check_name` or the opening says why
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def check_name(name: str) -> None:
    """Refuse a name no file can have, with the reason."""
    if name == "":
        raise QprError(
            "the file name is empty.", hint="Give the path of a CSV, Parquet or workbook file."
        )
    try:
        os.stat(name)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise QprError(
                "the name is a loop of symbolic links, so it leads to no file.",
                Location(name),
                hint="Point the link at the file itself.",
            ) from None
    except ValueError:  # a NUL in the name
        raise QprError("the file name contains a NUL character.", Location(repr(name))) from None


def _copy_name(name: str) -> str:
    # The copy keeps the name's last part, which may give the file's period or settings.
    if name == STANDARD_INPUT or name.startswith(("/dev/", "/proc/")):
        return "standard-input"
    return Path(name).name or "stream"


def _copy(stream: BinaryIO, copy: Path, name: str) -> None:
    shown = "standard input" if name == STANDARD_INPUT else name
    written = 0
    try:
        with open(copy, "xb") as out:
            while chunk := stream.read(_CHUNK):
                written += len(chunk)
                if written > STREAM_LIMIT:
                    raise QprError(
                        f"{shown} holds more than {_size(STREAM_LIMIT)}, the most read from "
                        "a stream.",
                        Location(name),
                        hint="Save it to a file and load that.",
                    )
                out.write(chunk)
    except OSError as exc:
        raise QprError(
            f"{shown} could not be read into a temporary file ({exc.strerror or exc}).",
            Location(name),
        ) from None


def _size(size: int) -> str:
    return f"{size / (1 << 30):g} GiB" if size >= 1 << 30 else f"{size:,} bytes"


_made: list[Path] = []


def _folder() -> Path:
    """The private folder of this run's copies (readable by this user only)."""
    if not _made:
        folder = Path(tempfile.mkdtemp(prefix="qpr-streams-"))
        atexit.register(shutil.rmtree, folder, True)
        _made.append(folder)
    return _made[0]
