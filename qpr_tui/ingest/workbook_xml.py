"""What calamine does not tell of a workbook, from its XML: percentages and merged cells.

calamine gives a cell's number, not its number format, so a percentage stored as a fraction
(0.853 shown as ``85.3%``) would read as 0.853. An .xlsx names each cell's style (its ``s``
attribute) and each style's number format (``xl/styles.xml``: ``cellXfs`` and ``numFmts``); an
OpenDocument sheet marks a percentage cell itself (``office:value-type="percentage"`` in
``content.xml``). Only the sheet's XML of the columns asked for is searched, and only when the
workbook has a percentage format at all. An .xls or .xlsb (binary) is not searched: its
percentages read as fractions.

An .xlsx cell that holds an error (``#DIV/0!``) is read as blank by calamine: its error is
found in the XML too (`marked_cells`), so that it becomes a finding. Merged cells (an .xlsx
sheet's ``mergeCells``) are read for the header only, and only when
the header looks merged (`header_merges`).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

import polars as pl

from qpr_tui.errors import column_letter

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_PERCENT_BUILTIN = {9, 10}  # "0%" and "0.00%"
# A '%' in a format code, outside quoted text and escapes ("%" or \%), means a percentage.
_LITERALS = re.compile(r'"[^"]*"|\\.')


@dataclass(frozen=True)
class SheetStyles:
    """Where one sheet's percentage cells and merged cells can be found."""

    path: str
    kind: str  # "xlsx" or "ods"
    member: str  # the sheet's XML in the archive (xlsx), or the sheet's name (ods)
    percent_styles: frozenset[int]  # xlsx: the cell styles with a percentage format


@dataclass(frozen=True)
class Merge:
    """A merged range of cells: 1-based rows, 0-based columns, first and last included."""

    first_row: int
    last_row: int
    first_column: int
    last_column: int


@dataclass(frozen=True)
class WorkbookStyles:
    """The percentage formats of a workbook, per sheet."""

    path: str
    kind: str
    members: dict[str, str]  # sheet name -> its XML (xlsx)
    percent_styles: frozenset[int]

    def sheet(self, name: str) -> SheetStyles | None:
        """The styles of sheet ``name``, or None when its XML is not known."""
        if self.kind == "ods":
            return SheetStyles(self.path, "ods", name, frozenset())
        if name not in self.members:
            return None
        return SheetStyles(self.path, "xlsx", self.members[name], self.percent_styles)


def read_styles(path: str | Path, kind: str) -> WorkbookStyles | None:
    """The percentage formats of the workbook at ``path`` (None for a binary workbook, or
    when its XML cannot be read: its numbers are then taken as they are stored)."""
    try:
        with zipfile.ZipFile(path) as archive:
            if kind == "ods":
                return WorkbookStyles(str(path), "ods", {}, frozenset())
            if kind != "xlsx":
                return None
            percent = _percent_styles(archive.read("xl/styles.xml"))
            members = _sheet_members(archive)
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError):
        return None
    return WorkbookStyles(str(path), kind, members, percent)


def _percent_styles(styles: bytes) -> frozenset[int]:
    """The indices of the cell styles (``cellXfs``) whose number format is a percentage."""
    root = ElementTree.fromstring(styles)
    percent_formats = set(_PERCENT_BUILTIN)
    for fmt in root.iter(f"{_MAIN}numFmt"):
        code = _LITERALS.sub("", fmt.get("formatCode", ""))
        if "%" in code:
            percent_formats.add(int(fmt.get("numFmtId", "-1")))
    cell_xfs = root.find(f"{_MAIN}cellXfs")
    if cell_xfs is None:
        return frozenset()
    return frozenset(
        i
        for i, xf in enumerate(cell_xfs.iter(f"{_MAIN}xf"))
        if int(xf.get("numFmtId", "0")) in percent_formats
    )


def _sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the archive member holding the sheet's XML."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {
        rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PACKAGE_REL}Relationship")
    }
    members: dict[str, str] = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        if target:
            member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            members[sheet.get("name", "")] = str(PurePosixPath(member))
    return members


def marked_cells(
    styles: SheetStyles | None, columns: list[int], header_row: int, errors: bool = False
) -> pl.DataFrame:
    """``_line`` and, per 0-based sheet column ``i`` in ``columns``, ``_p<i>`` (the cell is
    shown as a percentage) and ``_e<i>`` (the error an .xlsx cell holds, such as
    ``#DIV/0!``, which calamine reads as a blank; searched only with ``errors``), for the rows
    below ``header_row`` that have either."""
    percent: list[tuple[int, int]] = []
    failed: list[tuple[int, int, str]] = []
    try:
        if styles is not None and styles.kind == "ods":
            percent = _ods_cells(styles)
        elif styles is not None and (styles.percent_styles or errors):
            with zipfile.ZipFile(styles.path) as archive:
                data = archive.read(styles.member)
            if styles.percent_styles:
                percent = _xlsx_percent(data, styles.percent_styles, columns)
            failed = _xlsx_errors(data, columns) if errors else []
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError):
        percent, failed = [], []
    schema = {"_line": pl.Int64, "_column": pl.Int64, "_error": pl.String}
    cells = pl.concat(
        [
            pl.DataFrame([(*cell, None) for cell in percent], schema=schema, orient="row"),
            pl.DataFrame(failed, schema=schema, orient="row"),
        ]
    ).filter((pl.col("_line") > header_row) & pl.col("_column").is_in(columns))
    here = {i: pl.col("_column") == i for i in columns}
    return cells.group_by("_line").agg(
        *[(here[i] & pl.col("_error").is_null()).any().alias(f"_p{i}") for i in columns],
        *[pl.col("_error").filter(here[i]).first().alias(f"_e{i}") for i in columns],
    )


def _xlsx_percent(data: bytes, styles: frozenset[int], columns: list[int]) -> list[tuple[int, int]]:
    """(row, 0-based column) of each cell of ``columns`` with a percentage style in an .xlsx
    sheet's XML. Writers put a cell's reference first and its style next (Excel, LibreOffice,
    openpyxl, xlsxwriter: ``<c r="F14" s="3" t="n">``), which one pattern finds without
    reading the XML as a tree."""
    letters = "|".join(column_letter(i + 1) for i in columns)
    ids = "|".join(str(i) for i in sorted(styles))
    pattern = re.compile(rf'<c r="({letters})([0-9]+)"(?: t="[a-z]+")? s="(?:{ids})"'.encode())
    return [(int(row), _column_index(found)) for found, row in pattern.findall(data)]


def _xlsx_errors(data: bytes, columns: list[int]) -> list[tuple[int, int, str]]:
    """(row, 0-based column, error) of each cell of ``columns`` holding an error
    (``t="e"``: ``#DIV/0!``, ``#N/A``, ``#REF!`` ...) in an .xlsx sheet's XML."""
    letters = "|".join(column_letter(i + 1) for i in columns)
    pattern = re.compile(
        rf'<c r="({letters})([0-9]+)"(?: s="[0-9]+")? t="e"[^>]*>'
        r"(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)?<v>([^<]*)</v>".encode()
    )
    return [
        (int(row), _column_index(found), error.decode("utf-8", "replace"))
        for found, row, error in pattern.findall(data)
    ]


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - ord("A") + 1
    return index - 1


def _ods_cells(styles: SheetStyles) -> list[tuple[int, int]]:
    """(row, 0-based column) of each percentage cell in an OpenDocument sheet (rows and
    cells may stand for several, ``number-rows-repeated`` / ``number-columns-repeated``)."""
    found: list[tuple[int, int]] = []
    with zipfile.ZipFile(styles.path) as archive, archive.open("content.xml") as content:
        in_sheet, row = False, 0
        for event, element in ElementTree.iterparse(content, events=("start", "end")):
            if element.tag == f"{_TABLE}table":
                in_sheet = event == "start" and element.get(f"{_TABLE}name") == styles.member
            elif in_sheet and event == "end" and element.tag == f"{_TABLE}table-row":
                repeat = int(element.get(f"{_TABLE}number-rows-repeated", "1"))
                found += _ods_row(element, row, repeat)
                row += repeat
                element.clear()
    return found


def _ods_row(row: ElementTree.Element, start: int, repeat: int) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    column = 0
    for cell in row:
        span = int(cell.get(f"{_TABLE}number-columns-repeated", "1"))
        if cell.get(f"{_OFFICE}value-type") == "percentage":
            found += [
                (start + r + 1, column + c) for r in range(min(repeat, 1000)) for c in range(span)
            ]
        column += span
    return found


_MERGE = re.compile(rb'<mergeCell\s+ref="([A-Z]+)([0-9]+):([A-Z]+)([0-9]+)"')


def header_merges(styles: SheetStyles | None, header_row: int) -> list[Merge]:
    """The merged ranges of an .xlsx sheet that take in its header row (none for other
    formats, or when the XML cannot be read)."""
    if styles is None or styles.kind != "xlsx":
        return []
    try:
        with zipfile.ZipFile(styles.path) as archive:
            data = archive.read(styles.member)
    except (KeyError, zipfile.BadZipFile, OSError):
        return []
    start = data.rfind(b"<mergeCells")
    merges = [
        Merge(int(r1), int(r2), _column_index(c1), _column_index(c2))
        for c1, r1, c2, r2 in _MERGE.findall(data, start if start >= 0 else len(data))
    ]
    return [m for m in merges if m.first_row <= header_row <= m.last_row]
