"""The command line's output layer: the one place that writes to standard output.

Standard output may be closed (``>&-``), full (``> /dev/full``), a pipe whose reader has
stopped (``| head -1``) or unable to encode what is written (``PYTHONIOENCODING=ascii``).
Each becomes a plain outcome here, never a traceback: a closed or failing stream raises
`OutputError` (a one-line message, exit 2), a closed pipe raises `OutputStopped` (the reader
took what it wanted: exit 0, nothing more written), and characters the stream cannot encode
degrade to plain stand-ins (``–`` to ``-``, a status glyph to a shape; JSON escapes them, so it
stays exact).
"""

from __future__ import annotations

import codecs
import io
import os
import sys
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

from qpr_tui.errors import QprError
from qpr_tui.vocabulary import ASCII_GLYPHS

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from qpr_tui.views.text import FrameRows

DEGRADE = "qpr-degrade"  # the codec error handler registered below
_PUNCTUATION = {
    "–": "-",
    "—": "-",
    "−": "-",
    "·": ".",
    "…": "...",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "£": "GBP ",
    "€": "EUR ",
    "×": "x",
    "≥": ">=",
    "≤": "<=",
    "\u00a0": " ",
}


class OutputError(QprError):
    """Standard output could not be written (closed, full, or failing)."""


class OutputStopped(Exception):
    """The program reading standard output closed the pipe: stop writing, quietly."""


def _stand_in(char: str) -> str:
    if char in ASCII_GLYPHS:
        return ASCII_GLYPHS[char]
    if char in _PUNCTUATION:
        return _PUNCTUATION[char]
    plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    return plain or "?"


def _degrade(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(_stand_in(c) for c in text), error.end


codecs.register_error(DEGRADE, _degrade)


def degrade(text: str, encoding: str) -> str:
    """``text`` as ``encoding`` can carry it (the stand-ins for what it cannot)."""
    return text.encode(encoding, DEGRADE).decode(encoding)


def prepare() -> None:
    """Let standard output degrade what it cannot encode, instead of raising."""
    stream = sys.stdout
    if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
        stream.reconfigure(errors=DEGRADE)


def stdout() -> TextIO:
    """Standard output, or `OutputError` when the command was started with it closed."""
    if sys.stdout is None:
        raise OutputError(
            "standard output is closed, so there is nowhere to write.",
            hint="Run the command without '>&-', or redirect its output to a file.",
        )
    return sys.stdout


def _encoding() -> str:
    return getattr(stdout(), "encoding", None) or "utf-8"


def can_encode(text: str) -> bool:
    """Whether standard output carries ``text`` exactly."""
    try:
        text.encode(_encoding())
    except UnicodeEncodeError:
        return False
    return True


def _silence() -> None:
    """Point the standard output descriptor at the null device, so that what is still
    buffered is dropped at exit instead of failing again (the interpreter flushes it)."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stdout().fileno())
        os.close(null)
    except (OSError, ValueError, QprError):
        pass


@contextmanager
def writing() -> Iterator[None]:
    """Turn the stream's failures inside the block into `OutputError` / `OutputStopped`."""
    try:
        yield
    except BrokenPipeError:
        _silence()
        raise OutputStopped() from None
    except OSError as exc:
        _silence()
        reason = exc.strerror or type(exc).__name__
        raise OutputError(f"could not write to standard output ({reason}).") from None


def write_text(text: str) -> None:
    """``text`` on standard output, flushed."""
    with writing():
        stream = stdout()
        stream.write(text)
        stream.flush()


def write_bytes(data: bytes) -> None:
    """Bytes as they are, whatever the stream's encoding (the output is a file format)."""
    with writing():
        stream = stdout()
        stream.flush()
        buffer = getattr(stream, "buffer", None)
        if buffer is None:
            stream.write(data.decode("utf-8"))
        else:
            buffer.write(data)
            buffer.flush()
        stream.flush()


def write_json(data: object) -> None:
    """``data`` as JSON on standard output: readable Unicode where the stream carries it,
    ``\\u`` escapes where it does not (so the JSON stays exact)."""
    from qpr_tui.views.text import json_parts

    parts = json_parts(data)
    if not _encodable(parts):
        parts = json_parts(data, ascii_only=True)
    with writing():
        stream = stdout()
        for part in [*parts, "\n"]:
            for piece in (part,) if isinstance(part, str) else part:
                stream.write(piece)
        stream.flush()


def _encodable(parts: list[str | FrameRows]) -> bool:
    """Whether standard output carries every piece of ``parts`` exactly. A frame's rows
    are polars' text, which is always UTF-8: a UTF-8 stream carries them unread."""
    texts = [part for part in parts if isinstance(part, str)]
    if not all(map(can_encode, texts)):
        return False
    if codecs.lookup(_encoding()).name == "utf-8":
        return True
    rows = [part for part in parts if not isinstance(part, str)]
    return all(can_encode(piece) for part in rows for piece in part)


def console() -> Console:
    """A Rich console on standard output (plain boxes when the stream is not UTF-8)."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:  # Rich would exit 1; here the reader just stopped
            self.quiet = True
            raise BrokenPipeError()

    return _Console(file=stdout())


def show(*renderables: RenderableType) -> None:
    """Rich renderables on standard output, flushed."""
    with writing():
        out = console()
        for renderable in renderables:
            out.print(renderable)
        out.file.flush()


def finish() -> None:
    """Flush standard output before the command returns (a full device reports here)."""
    if sys.stdout is not None:
        with writing():
            sys.stdout.flush()
