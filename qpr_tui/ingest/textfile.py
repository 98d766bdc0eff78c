"""Opening an input file: encoding, binary check, delimiter, header and line numbers.

Files are read in chunks so a large file is checked without holding two copies in memory.
UTF-8 (with or without BOM) is read by polars straight from disk; Windows-1252 text from
Excel is decoded here and handed over as UTF-8 bytes. Input files are only ever opened for
reading.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from qpr_tui.errors import Location, QprError

CHUNK = 1 << 22
csv.field_size_limit(1 << 30)


@dataclass
class TextFile:
    """What the loader needs to know about one input file before parsing it."""

    path: str
    display: str
    size: int
    sha256: str
    encoding: str
    separator: str
    header: list[str]
    newlines: int
    ends_with_newline: bool
    decoded: bytes | None = None  # UTF-8 bytes when the file had to be re-encoded
    _record_lines: list[int] | None = field(default=None, repr=False)

    def source(self) -> str | bytes:
        return self.decoded if self.decoded is not None else self.path

    def text(self) -> str:
        if self.decoded is not None:
            return self.decoded.decode("utf-8")
        return Path(self.path).read_bytes().decode("utf-8-sig")

    def record_lines(self) -> list[int]:
        """Line number at which each data record starts (index 0 is the first data row)."""
        if self._record_lines is None:
            reader = csv.reader(io.StringIO(self.text(), newline=""), delimiter=self.separator,
                                strict=True)
            starts: list[int] = []
            previous_end = 0
            try:
                for _ in reader:
                    starts.append(previous_end + 1)
                    previous_end = reader.line_num
            except csv.Error as exc:
                raise QprError(
                    f"the file is not valid CSV: {exc} (the record starting here is never "
                    "closed; look for an unbalanced quote)",
                    Location(self.display, previous_end + 1),
                ) from None
            self._record_lines = starts[1:]
        return self._record_lines

    def line_of_rows(self, rows: int) -> Callable[[int], int]:
        """A function from 0-based data-row index to 1-based file line."""
        simple = self.newlines - (0 if self.ends_with_newline else -1) == rows + 1
        if simple:
            return lambda row: row + 2
        starts = self.record_lines()
        return lambda row: starts[row] if row < len(starts) else 0


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def _sniff_separator(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (",", ";", "\t", "|")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > 0 else ","


def open_text(path: str | Path, display: str | None = None) -> TextFile:
    """Check an input file and describe it; raise `QprError` if it cannot be used."""
    file = Path(path)
    shown = display or str(path)
    where = Location(shown)
    if not file.exists():
        raise QprError("the file does not exist.", where,
                       hint="Check the path, or run 'qpr' with no file to open the sample.")
    if file.is_dir():
        raise QprError("this is a directory, not a file.", where,
                       hint="Give the CSV or Parquet files inside it instead.")
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    newlines = 0
    size = 0
    utf8 = True
    first = b""
    last_byte = b""
    try:
        with file.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                if not first:
                    first = chunk[: 1 << 16]
                nul = chunk.find(b"\x00")
                if nul >= 0:
                    head = file.read_bytes()[: size + nul + 1] if size else chunk
                    line, column = _position(head, size + nul)
                    raise QprError(
                        "the file contains NUL bytes, so it is a binary file (a spreadsheet "
                        "workbook or a compressed file?) rather than CSV text.",
                        Location(shown, line, column),
                        hint="Save it from the spreadsheet as 'CSV UTF-8' and load that.",
                    )
                digest.update(chunk)
                newlines += chunk.count(b"\n")
                if utf8:
                    try:
                        decoder.decode(chunk)
                    except UnicodeDecodeError:
                        utf8 = False
                size += len(chunk)
                last_byte = chunk[-1:]
            if utf8:
                try:
                    decoder.decode(b"", final=True)
                except UnicodeDecodeError:
                    utf8 = False
    except PermissionError:
        raise QprError("the file cannot be read (permission denied).", where) from None
    except OSError as exc:
        raise QprError(f"the file cannot be read ({exc.strerror or exc}).", where) from None
    if size == 0 or not first.strip(b"\xef\xbb\xbf \t\r\n"):
        raise QprError("the file is empty.", where,
                       hint="Expected a header line and one row per KPI per period.")
    decoded: bytes | None = None
    encoding = "utf-8-sig" if first.startswith(codecs.BOM_UTF8) else "utf-8"
    if not utf8:
        data = file.read_bytes()
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            line, column = _position(data, exc.start)
            raise QprError(
                f"the file is neither UTF-8 nor Windows-1252 text (byte 0x{data[exc.start]:02x} "
                "cannot be decoded).",
                Location(shown, line, column),
                hint="Save it from the spreadsheet as 'CSV UTF-8'.",
            ) from None
        decoded = text.encode("utf-8")
        encoding = "windows-1252"
        head_text = text[: 1 << 16]
    else:
        head_text = first.decode("utf-8-sig", errors="ignore")
    header_line = head_text.splitlines()[0] if head_text.splitlines() else ""
    separator = _sniff_separator(header_line)
    try:
        header = next(csv.reader(io.StringIO(head_text, newline=""), delimiter=separator))
    except (StopIteration, csv.Error):
        header = []
    header = [h.strip() for h in header]
    if not any(header):
        raise QprError("the first line is blank, so the file has no header.",
                       Location(shown, 1))
    return TextFile(
        path=str(path),
        display=shown,
        size=size,
        sha256=digest.hexdigest(),
        encoding=encoding,
        separator=separator,
        header=header,
        newlines=newlines,
        ends_with_newline=last_byte == b"\n",
        decoded=decoded,
    )
