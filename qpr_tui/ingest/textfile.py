"""Opening an input file: encoding, line endings, binary check, delimiter and header.

Only the first 64 KiB are read up front (for the header, the delimiter and a binary check).
A head that is UTF-8 with one kind of line ending goes to polars straight from disk, and
polars checks the rest as it reads. Anything else is decided from the whole file
(`decode_whole`): UTF-16 (Excel's "Unicode text"), Windows-1252 text from Excel, and line
ending in a bare carriage return are decoded here and handed over as UTF-8 bytes with line
feeds. The reader asks for that reading too whenever polars fails on a file opened from its
head, so no later pass assumes UTF-8 beyond the head. Input files are only ever opened for
reading.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from qpr_tui.errors import Location, QprError
from qpr_tui.ingest.streams import local_path

if TYPE_CHECKING:
    from qpr_tui.ingest.workbook import Sheet

HEAD = 1 << 16


@dataclass
class TextFile:
    """What the loader needs to know about one input file before parsing it."""

    path: str
    display: str
    size: int
    encoding: str
    separator: str
    header: list[str]
    first_record: list[str]
    decoded: bytes | None = None  # UTF-8 bytes when the file had to be re-encoded
    # The whole file was read to decide its encoding and line endings (not only its head).
    whole: bool = False
    parquet: bool = False
    # The complete data records in the first 64 KiB: a sample of what the file holds.
    sample: list[list[str]] = field(default_factory=list)
    sheet: Sheet | None = None  # a workbook's sheet (`qpr_tui.ingest.workbook`)

    @property
    def tabular(self) -> bool:
        """A Parquet file or a workbook's sheet: its records are rows, not lines of text."""
        return self.parquet or self.sheet is not None

    def source(self) -> str | bytes:
        """What polars reads: the path, or the re-encoded bytes."""
        return self.decoded if self.decoded is not None else self.path


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def _sniff_separator(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (",", ";", "\t", "|")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > 0 else ","


def _decode_cp1252(data: bytes, shown: str) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line, column = _position(data, exc.start)
        raise QprError(
            f"the file is neither UTF-8 nor Windows-1252 text (byte 0x{data[exc.start]:02x} "
            "cannot be decoded).",
            Location(shown, line, column),
            hint="Save it from the spreadsheet as 'CSV UTF-8'.",
        ) from None


def _decode_utf16(data: bytes, shown: str) -> str:
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as exc:
        # The text before the bad pair says on which line it is.
        before = data[: exc.start - exc.start % 2].decode("utf-16", errors="replace")
        line = before.count("\n") + 1
        raise QprError(
            f"the file is UTF-16 text (it starts with a UTF-16 byte-order mark) but bytes "
            f"{exc.start:,}-{exc.end - 1:,} cannot be decoded ({exc.reason}).",
            Location(shown, line, len(before) - (before.rfind("\n") + 1) + 1),
            hint="Save it from the spreadsheet again, as 'CSV UTF-8'.",
        ) from None


def _is_utf16(head: bytes) -> bool:
    return head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def _bare_carriage_returns(data: bytes) -> bool:
    """Whether a line ends in a carriage return alone (old Mac files, or mixed endings);
    polars ends lines only at line feeds."""
    # A head cut between CR and LF ends in a CR that is not bare.
    trimmed = data[:-1] if data.endswith(b"\r") else data
    return trimmed.count(b"\r") > trimmed.count(b"\r\n")


def decode_whole(data: bytes, shown: str) -> tuple[bytes | None, str]:
    """The whole file's bytes as polars reads them, and the encoding they were in: None
    when the file is UTF-8 with line feeds already (polars reads it from disk), else UTF-8
    bytes whose lines end in line feeds. Raises `QprError` for bytes no encoding explains."""
    if _is_utf16(data):
        text, encoding = _decode_utf16(data, shown), "utf-16"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _decode_cp1252(data, shown), "windows-1252"
        else:
            if not _bare_carriage_returns(data):
                return None, "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.encode("utf-8"), encoding


def _head_text(head: bytes) -> str | None:
    """The head as text if it is UTF-8 with one kind of line ending, else None."""
    if _is_utf16(head) or _bare_carriage_returns(head):
        return None
    try:
        # An incremental decoder tolerates a character cut at the 64 KiB boundary.
        return codecs.getincrementaldecoder("utf-8-sig")("strict").decode(head)
    except UnicodeDecodeError:
        return None


def open_text(path: str | Path, display: str | None = None, *, whole: bool = False) -> TextFile:
    """Check an input file and describe it; raise `QprError` if it cannot be used.

    The encoding and line endings are decided from the file's head, or from the ``whole``
    file (see `decode_whole`) when the head cannot decide them or when asked.
    """
    shown = display or str(path)
    file = local_path(path)  # a stream's copy
    head, size = _head(file, shown)
    if head.startswith(b"PAR1"):
        return _open_parquet(file, shown, size)
    head_text = None if whole else _head_text(head)
    decoded: bytes | None = None
    encoding = "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
    from_whole = head_text is None
    if head_text is None:
        if not _is_utf16(head):
            _check_text(head, shown)
        decoded, encoding = decode_whole(_read_all(file, shown), shown)
        text = decoded if decoded is not None else head
        head_text = text[:HEAD].decode("utf-8-sig", errors="ignore")
    _check_text(head_text[:HEAD].encode("utf-8"), shown)
    lines = head_text.splitlines()
    separator = _sniff_separator(lines[0] if lines else "")
    header, records = _head_records(head_text, separator, whole=size <= HEAD)
    if not any(header):
        raise QprError("the first line is blank, so the file has no header.", Location(shown, 1))
    return TextFile(
        path=str(path) if file == Path(path) else str(file),
        display=shown,
        size=size,
        encoding=encoding,
        separator=separator,
        header=header,
        first_record=records[0] if records else [],
        decoded=decoded,
        whole=from_whole,
        sample=records,
    )


def _read_all(file: Path, shown: str) -> bytes:
    try:
        return file.read_bytes()
    except OSError as exc:
        raise QprError(
            f"the file cannot be read ({exc.strerror or exc}).", Location(shown)
        ) from None


def _head(file: Path, shown: str) -> tuple[bytes, int]:
    """The first 64 KiB of the file and its size."""
    where = Location(shown)
    if not file.exists():
        raise QprError(
            "the file does not exist.",
            where,
            hint="Check the path, or run 'qpr' with no file to open the sample.",
        )
    if file.is_dir():
        raise QprError(
            "this is a directory, not a file.", where, hint="Give the CSV files inside it instead."
        )
    try:
        with file.open("rb") as handle:
            return handle.read(HEAD), file.stat().st_size
    except PermissionError:
        raise QprError("the file cannot be read (permission denied).", where) from None
    except OSError as exc:
        raise QprError(f"the file cannot be read ({exc.strerror or exc}).", where) from None


def _check_text(head: bytes, shown: str) -> None:
    """Refuse binary and empty files."""
    nul = head.find(b"\x00")
    if nul >= 0:
        line, column = _position(head, nul)
        raise QprError(
            "the file contains NUL bytes, so it is a binary file (a spreadsheet workbook or a "
            "compressed file?) rather than CSV text.",
            Location(shown, line, column),
            hint="Save it from the spreadsheet as 'CSV UTF-8' and load that.",
        )
    if not head.strip(b"\xef\xbb\xbf \t\r\n"):
        raise QprError(
            "the file is empty.",
            Location(shown),
            hint="Expected a header line and one row per KPI per period.",
        )


def _head_records(head_text: str, separator: str, whole: bool) -> tuple[list[str], list[list[str]]]:
    """The header (names trimmed) and the data records in the file's head; unless the head
    is the ``whole`` file, its last record may be cut short, so it is left out (but a
    first record is always kept)."""
    reader = csv.reader(io.StringIO(head_text, newline=""), delimiter=separator)
    header: list[str] = []
    records: list[list[str]] = []
    try:
        header = next(reader, [])
        records.extend(reader)
    except csv.Error:
        pass
    if not whole and len(records) > 1:
        records.pop()
    return [h.strip() for h in header], records


def _open_parquet(file: Path, shown: str, size: int) -> TextFile:
    import polars as pl

    try:
        schema = pl.read_parquet_schema(file)
    except Exception as exc:  # polars raises several types for a damaged file
        raise QprError(
            f"the Parquet file cannot be read ({str(exc).splitlines()[0]}).", Location(shown)
        ) from None
    return TextFile(
        path=str(file),
        display=shown,
        size=size,
        encoding="parquet",
        separator="",
        header=list(schema),
        first_record=[],
        parquet=True,
    )


def sheet_file(sheet: Sheet) -> TextFile:
    """A workbook's sheet described as the stages read it."""
    return TextFile(
        path=sheet.path,
        display=sheet.display,
        size=Path(sheet.path).stat().st_size,
        encoding=sheet.kind,
        separator="",
        header=sheet.header,
        first_record=sheet.sample[0] if sheet.sample else [],
        sample=sheet.sample,
        sheet=sheet,
    )
