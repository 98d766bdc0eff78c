"""Notes for the meeting: a question or an action to chase, one per KPI and period.

Notes live in a small TOML file of their own, never in the data: ``NAME.qpr-notes.toml``
beside the first data file, or ``[notes] path`` of the configuration. The bundled sample's
notes go to the user's data folder (``~/.local/share/qpr`` on Linux), not into the installed
package, which may be read-only and is replaced by every upgrade. Each note is a
``[[note]]`` table keyed by KPI id and period, so notes survive reloads and edits of the data.
The file is written atomically (a temporary file in the same folder, then `os.replace`).

A file that cannot be read or parsed is reported with its line and never written over, so a
hand edit that went wrong loses nothing; the notes taken meanwhile stay in memory.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qpr_tui.config import Config
from qpr_tui.config.toml_text import decode_toml, toml_error
from qpr_tui.errors import Location, QprError
from qpr_tui.periods import label, parse_period

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on Python 3.10
    import tomli as tomllib

SUFFIX = ".qpr-notes.toml"
_HEADER = re.compile(r"^\s*\[\[\s*note\s*\]\]")
_HEAD = (
    "# Notes for the meeting, written by qpr: one [[note]] per KPI and period.\n"
    '# Each note has kpi (the KPI id), period (such as "2024/25 Q2") and text.\n'
)


def notes_path(files: Sequence[str], config: Config, config_path: str = "") -> Path | None:
    """Where the notes of these files are kept: ``[notes] path`` (relative to the
    configuration file), else ``NAME.qpr-notes.toml`` beside the first file."""
    configured = config.notes.path.strip()
    if configured:
        path = Path(configured).expanduser()
        if not path.is_absolute() and config_path:
            path = Path(config_path).parent / path
        return path
    if not files:
        return None
    first = Path(files[0])
    if _is_bundled(first):
        import platformdirs  # only needed for the sample

        return platformdirs.user_data_path("qpr", appauthor=False) / (first.stem + SUFFIX)
    return first.with_name(first.stem + SUFFIX)


def _is_bundled(path: Path) -> bool:
    """Whether ``path`` lies inside the installed package (the bundled sample)."""
    try:
        return path.resolve().is_relative_to(Path(__file__).resolve().parent)
    except OSError:
        return False


@dataclass
class NoteBook:
    """The notes of one QPR, by (KPI id, period ordinal).

    ``problem`` says why the file could not be read; while it is set the file is never
    written (`save` raises), and ``unsaved`` says that notes are held only in memory.
    """

    path: Path | None = None
    notes: dict[tuple[str, int], str] = field(default_factory=dict)
    problem: QprError | None = None
    unsaved: bool = False

    def get(self, kpi_id: str, period: int) -> str:
        """The note on a KPI in a period ("" for none)."""
        return self.notes.get((kpi_id, period), "")

    def has(self, kpi_id: str, period: int) -> bool:
        return (kpi_id, period) in self.notes

    def for_period(self, period: int) -> dict[str, str]:
        """KPI id -> note, for one period."""
        return {kpi: text for (kpi, p), text in self.notes.items() if p == period}

    def put(self, kpi_id: str, period: int, text: str) -> None:
        """Set a note; blank text deletes it. Marks the book unsaved until `save`."""
        text = text.strip()
        if text:
            self.notes[(kpi_id, period)] = text
        else:
            self.notes.pop((kpi_id, period), None)
        self.unsaved = True

    def save(self) -> None:
        """Write every note to `path` atomically; a `QprError` says why it could not be."""
        if self.path is None:
            raise QprError(
                "there is no data file to keep notes beside; the note is kept in memory."
            )
        if self.problem is not None:
            raise QprError(
                f"{self.path} was not written over, since it could not be read "
                f"({self.problem}). Fix or move it, then reload; the note is kept in memory."
            )
        write_atomically(self.path, to_toml(self.notes))
        self.unsaved = False


def _toml_string(text: str) -> str:
    # JSON's escapes are TOML's, except that TOML also wants DEL escaped.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def to_toml(notes: dict[tuple[str, int], str]) -> str:
    """The notes file's text, notes in KPI id then period order."""
    parts = [_HEAD]
    for (kpi_id, period), text in sorted(notes.items()):
        parts.append(
            f"\n[[note]]\nkpi = {_toml_string(kpi_id)}\nperiod = {_toml_string(label(period))}\n"
            f"text = {_toml_string(text)}\n"
        )
    return "".join(parts)


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder."""
    try:
        if not path.parent.exists():  # the user's data folder, on first use
            path.parent.mkdir(parents=True)
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise QprError(f"could not write {path}: {exc.strerror or exc}.") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except OSError as exc:
        with suppress(OSError):
            os.unlink(temp)
        raise QprError(f"could not write {path}: {exc.strerror or exc}.") from None


def load_notes(path: Path | None, year_quarters: str = "financial") -> NoteBook:
    """The notes in ``path`` (none when it does not exist); a broken file gives a book with
    ``problem`` set and the notes that could be read."""
    book = NoteBook(path)
    if path is None or not path.exists():
        return book
    try:
        text = decode_toml(path.read_bytes(), str(path), "notes file")
    except OSError as exc:
        book.problem = QprError(f"the notes file could not be read: {exc}", Location(str(path)))
        return book
    except QprError as exc:
        book.problem = exc
        return book
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        book.problem = toml_error(exc, text, str(path), "notes file")
        return book
    _read_entries(book, data, text, year_quarters)
    return book


def _read_entries(book: NoteBook, data: dict[str, Any], text: str, year_quarters: str) -> None:
    """Fill ``book`` from the parsed file; the first entry that cannot be used is its
    ``problem`` (the others are still read)."""
    assert book.path is not None
    lines = [n for n, raw in enumerate(text.split("\n"), 1) if _HEADER.match(raw)]
    extra = sorted(set(data) - {"note"})
    if extra:
        book.problem = QprError(
            f"the notes file has '{extra[0]}', which is not a note: each note is a [[note]] "
            "table with kpi, period and text.",
            Location(str(book.path)),
        )
    entries = data.get("note", [])
    if not isinstance(entries, list):
        entries = [entries]
    for index, entry in enumerate(entries):
        line = lines[index] if index < len(lines) else 0
        try:
            key, note = _entry(entry, year_quarters)
        except ValueError as exc:
            if book.problem is None:
                book.problem = QprError(str(exc), Location(str(book.path), line))
            continue
        if note.strip():
            book.notes[key] = note.strip()


def _entry(entry: object, year_quarters: str) -> tuple[tuple[str, int], str]:
    if not isinstance(entry, dict):
        raise ValueError("a note must be a [[note]] table with kpi, period and text.")
    values = {name: entry.get(name) for name in ("kpi", "period", "text")}
    for name, value in values.items():
        if not isinstance(value, str) or (name != "text" and not value.strip()):
            raise ValueError(
                f"this note's {name} must be text in quotes, such as {_EXAMPLE[name]}."
            )
    unknown = sorted(set(entry) - set(values))
    if unknown:
        raise ValueError(f"this note has '{unknown[0]}'; a note has only kpi, period and text.")
    try:
        period = parse_period(str(values["period"]), year_quarters)
    except QprError as exc:
        raise ValueError(f"this note's period: {exc.message}") from None
    return (str(values["kpi"]).strip(), period), str(values["text"])


_EXAMPLE = {"kpi": 'kpi = "CS01"', "period": 'period = "2024/25 Q2"', "text": 'text = "Why?"'}
