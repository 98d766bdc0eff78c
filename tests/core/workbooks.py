"""Workbooks written for the tests: .xlsx through xlsxwriter, .ods by hand (no library that
writes OpenDocument is installed; the format is a zip of a few XML files).

A sheet is a list of rows, a row a list of cells; a cell is None (blank), a str, a number,
a `datetime.date`, `Pct(fraction)` (a number shown with a ``0.0%`` format) or, in an .xlsx,
`Formula(formula, result)`.
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

Cell = object
Rows = Sequence[Sequence[Cell]]


@dataclass(frozen=True)
class Formula:
    """A formula with the result a spreadsheet saved for it (``#DIV/0!``: an error)."""

    formula: str
    result: str


@dataclass(frozen=True)
class Pct:
    """A fraction stored as a number and shown as a percentage."""

    fraction: float


def write_xlsx(
    path: Path, sheets: dict[str, Rows], merges: dict[str, list[str]] | None = None
) -> Path:
    """The sheets as an .xlsx; ``merges`` names ranges to merge per sheet (``"D3:E3"``)."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    percent = workbook.add_format({"num_format": "0.0%"})
    dates = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                if cell is None:
                    continue
                if isinstance(cell, Pct):
                    sheet.write_number(r, c, cell.fraction, percent)
                elif isinstance(cell, Formula):
                    sheet.write_formula(r, c, cell.formula, None, cell.result)
                elif isinstance(cell, datetime.date):
                    moment = datetime.datetime.combine(cell, datetime.time())
                    sheet.write_datetime(r, c, moment, dates)
                elif isinstance(cell, str):
                    sheet.write_string(r, c, cell)
                else:
                    sheet.write_number(r, c, cell)
        for ref in (merges or {}).get(name, []):
            first = ref.split(":")[0]
            column, top = ord(first[0]) - ord("A"), int(first[1:]) - 1
            sheet.merge_range(ref, str(rows[top][column]))
    workbook.close()
    return path


_ODS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    "<office:body><office:spreadsheet>"
)
_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def _ods_cell(cell: Cell) -> str:
    value: object
    if cell is None:
        return "<table:table-cell/>"
    if isinstance(cell, Pct):
        value, kind, shown = cell.fraction, "percentage", f"{cell.fraction * 100:g}%"
    elif isinstance(cell, str):
        text = f"<text:p>{escape(cell)}</text:p>"
        return f'<table:table-cell office:value-type="string">{text}</table:table-cell>'
    else:
        value, kind, shown = cell, "float", f"{cell}"
    return (
        f'<table:table-cell office:value-type="{kind}" office:value="{value!r}">'
        f"<text:p>{shown}</text:p></table:table-cell>"
    )


def write_ods(path: Path, sheets: Mapping[str, Rows]) -> Path:
    """The sheets as an OpenDocument spreadsheet (strings, numbers and percentages)."""
    body = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join(
            "<table:table-row>" + "".join(_ods_cell(c) for c in row) + "</table:table-row>"
            for row in rows
        )
        + "</table:table>"
        for name, rows in sheets.items()
    )
    content = _ODS_HEAD + body + "</office:spreadsheet></office:body></office:document-content>"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", _MANIFEST)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path
