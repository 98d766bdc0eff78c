"""Opening a spreadsheet workbook (.xlsx, .xlsm, .xlsb, .xls, .ods): its sheets and headers.

Workbooks are read by calamine through fastexcel, the engine of polars' ``read_excel``. Every
sheet is read unless ``[files."NAME"] sheets`` names some; in each, the header is the first of
the top `HEADER_SEARCH` rows whose cells name the KPI and one more known column (titles and
blank rows above it are passed over), or the row ``header_row`` gives. A sheet without one is
skipped with a note, never silently. Each sheet read becomes a `Sheet`: its cells as text in
columns named by `column_name` after their sheet column (``c0`` is column A), and the sheet row
of each (``_line``), so the stages after *scan* treat it like a text file.

Cells are read as text, which rounds numbers (fastexcel keeps nine decimals) and turns errors
(``#DIV/0!``) into blanks; `sheet_cells` reads the number columns again as numbers (a second
parse of the sheet: calamine gives a cell as text or as a number, not both), so numbers typed
as numbers stay exact, and gives percentages as shown and errors as written
(`qpr_tui.ingest.workbook_xml`).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from qpr_tui.config import Config
from qpr_tui.config.files import settings_for
from qpr_tui.errors import Issue, Location, QprError, Severity, column_letter
from qpr_tui.ingest.columns import BUILTIN_ALIASES, match_columns, normalise_header
from qpr_tui.ingest.stages.columns import column_name
from qpr_tui.model import calendar_for
from qpr_tui.periods import PeriodError, read_period

if TYPE_CHECKING:
    import fastexcel

    from qpr_tui.ingest.workbook_xml import SheetStyles

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
HEADER_SEARCH = 50  # rows looked at for the header
# Sheets with at most this many rows are always searched for a merged header; larger ones
# only when a column has data but no header (the XML of a large sheet takes a while to read).
SMALL_SHEET = 5000
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls and of encrypted workbooks
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")


@dataclass
class Sheet:
    """One sheet of a workbook with a KPI table, as the ingest reads it."""

    path: str
    display: str
    kind: str  # "xlsx", "xlsb", "xls" or "ods"
    name: str
    header_row: int  # 1-based sheet row
    header: list[str]  # one name per sheet column from column A ("" where blank)
    cells: pl.DataFrame  # the rows below the header: `column_name` columns and ``_line``
    reader: fastexcel.ExcelReader
    columns: dict[int, str]  # 0-based sheet column -> fastexcel's name for it
    styles: SheetStyles | None = None
    sample: list[list[str]] = field(default_factory=list)  # the first rows, for the stages

    def place(self, row: int = 0, column: int = 0, name: str = "") -> Location:
        """A place in this sheet (``row`` and ``column`` 1-based, 0 when unknown)."""
        return Location(self.display, row, column, name, sheet=self.name)

    def note(self, code: str, message: str, row: int = 0, column: int = 0) -> Issue:
        """A warning about this sheet's layout."""
        name = self.header[column - 1] if column and column <= len(self.header) else ""
        return Issue(Severity.WARNING, code, message, self.place(row, column, name))


def is_workbook(path: str | Path, head: bytes) -> bool:
    """Whether the file is a workbook: by its name, or by its first bytes."""
    if Path(path).suffix.lower() in WORKBOOK_SUFFIXES:
        return not _is_text(head)
    return head.startswith(_OLE) or (head.startswith(_ZIP) and _zip_kind(path) != "")


def _is_text(head: bytes) -> bool:
    """A file that is plainly text (a CSV saved with a workbook's name)."""
    return bool(head.strip()) and b"\x00" not in head and not head.startswith(_ZIP)


def misnamed_note(path: str | Path, display: str) -> Issue | None:
    """A note for a file named as a workbook that is text: it is read as CSV."""
    if Path(path).suffix.lower() not in WORKBOOK_SUFFIXES:
        return None
    return Issue(
        Severity.WARNING,
        "not-a-workbook",
        f"the file is named {Path(path).suffix} but holds text, not a workbook; it was read as CSV",
        Location(display),
    )


def open_workbook(
    path: str | Path, display: str, config: Config
) -> tuple[list[Sheet], list[Issue]]:
    """The sheets of the workbook at ``path`` that hold a KPI table, and notes about the
    others and about their headers; raise `QprError` when the workbook cannot be read or has
    no KPI table."""
    import fastexcel

    kind = _kind(path, display)
    try:
        reader = fastexcel.read_excel(str(path))
        names = list(reader.sheet_names)
    except fastexcel.FastExcelError as exc:
        raise _unreadable(path, display, exc) from None
    settings = settings_for(config, path)
    wanted = _chosen_sheets(names, settings.sheets, display)
    # Imported here (as below): a text file's load does without the XML reader.
    from qpr_tui.ingest.workbook_xml import read_styles

    styles = read_styles(path, kind)
    sheets: list[Sheet] = []
    notes: list[Issue] = []
    for name in wanted:
        where = Sheet(str(path), display, kind, name, 0, [], pl.DataFrame(), reader, {})
        where.styles = styles.sheet(name) if styles else None
        sheet, found = _open_sheet(where, config, settings.header_row)
        if sheet is None and settings.sheets:  # a sheet asked for by name must be usable
            raise QprError(found[0].message + ".", found[0].location)
        notes += found
        if sheet is not None:
            sheets.append(sheet)
    if kind in ("xls", "xlsb") and sheets:
        notes.append(_binary_note(display, kind))
    if not sheets:
        shown = ", ".join(f"'{name}'" for name in wanted)
        raise QprError(
            f"no sheet has a KPI table (looked at {shown}): no row among the first "
            f"{HEADER_SEARCH} of any sheet names the KPI and another known column.",
            Location(display),
            hint='Map your headers in [columns], or give the header\'s row in [files."NAME"] '
            "header_row.",
        )
    return sheets, notes


def _binary_note(display: str, kind: str) -> Issue:
    return Issue(
        Severity.INFO,
        "binary-workbook",
        f"the number formats of an .{kind} workbook are not read, so a percentage stored as a "
        "fraction reads as the fraction (0.853, not 85.3); save it as .xlsx to have it read as "
        "shown",
        Location(display),
    )


def _chosen_sheets(names: list[str], chosen: list[str], display: str) -> list[str]:
    unknown = [name for name in chosen if name not in names]
    if unknown:
        shown = ", ".join(f"'{name}'" for name in names)
        raise QprError(
            f"the workbook has no sheet {', '.join(repr(n) for n in unknown)}; its sheets are "
            f"{shown}.",
            Location(display),
            hint='Correct [files."NAME"] sheets in the configuration.',
        )
    return chosen or names


def _open_sheet(
    sheet: Sheet, config: Config, header_row: int | None
) -> tuple[Sheet | None, list[Issue]]:
    """``sheet`` (its name and workbook) with its header and cells, and notes about them; or
    None and a note saying why it is skipped."""

    def skipped(why: str) -> tuple[None, list[Issue]]:
        note = Issue(Severity.INFO, "skipped-sheet", f"the sheet {why}", sheet.place())
        return None, [note]

    loaded = _load_sheet(sheet, dtypes="string")
    columns = {info.absolute_index: info.name for info in loaded.available_columns()}
    frame = loaded.to_polars().rename({text: column_name(i) for i, text in columns.items()})
    if frame.height == 0 or not columns:
        return skipped("is empty, so it was skipped")
    width = max(columns) + 1
    index = _header_index(_rows_as_text(frame.head(HEADER_SEARCH), width), config)
    if header_row is not None:
        index = header_row - 1
    if index is None:
        return skipped(
            f"has no KPI table (no row among its first {HEADER_SEARCH} names the KPI and another "
            "known column), so it was skipped"
        )
    if index >= frame.height:
        return skipped(f"has only {frame.height} rows, so it has no header in row {index + 1}")
    sheet.columns, sheet.header_row = columns, index + 1
    sheet.header = [text.strip() for text in _rows_as_text(frame.slice(index, 1), width)[0]]
    sheet.cells = frame.slice(index + 1).with_row_index("_line", offset=index + 2)
    notes = _header_notes(sheet)
    data = sheet.cells.drop("_line")
    if data.height == 0 or data.select(pl.all_horizontal(pl.all().is_null()).all()).item():
        return skipped(
            f"has a header in row {sheet.header_row} but no rows below it, so it was skipped"
        )
    sheet.cells = sheet.cells.with_columns(pl.col("_line").cast(pl.Int64))
    sheet.sample = _rows_as_text(data.head(HEADER_SEARCH), width)
    return sheet, notes


def _header_notes(sheet: Sheet) -> list[Issue]:
    """Notes on a header with merged cells or columns without a name, which are not read; a
    header merged down over several rows takes them all (the data starts below)."""
    unnamed = [
        i
        for i in sorted(sheet.columns)
        if not sheet.header[i] and sheet.cells.get_column(column_name(i)).is_not_null().any()
    ]
    small = sheet.cells.height <= SMALL_SHEET
    from qpr_tui.ingest.workbook_xml import header_merges

    merges = header_merges(sheet.styles, sheet.header_row) if unnamed or small else []
    notes: list[Issue] = []
    for merge in merges:
        if merge.last_column > merge.first_column:
            first, last = merge.first_column, merge.last_column
            notes.append(_merged_across(sheet, first, last))
            unnamed = [i for i in unnamed if not first < i <= last]
    last_row = max((m.last_row for m in merges), default=sheet.header_row)
    if last_row > sheet.header_row:
        notes.append(
            sheet.note(
                "merged-header",
                f"the header is merged down over rows {sheet.header_row} to {last_row}; the "
                f"rows below row {last_row} are read as data",
                row=sheet.header_row,
            )
        )
        sheet.cells = sheet.cells.filter(pl.col("_line") > last_row)
    for i in unnamed:
        notes.append(
            sheet.note(
                "unnamed-column",
                f"column {column_letter(i + 1)} holds data but its header (row "
                f"{sheet.header_row}) is blank, so it is not used",
                row=sheet.header_row,
                column=i + 1,
            )
        )
    return notes


def _merged_across(sheet: Sheet, first: int, last: int) -> Issue:
    return sheet.note(
        "merged-header",
        f"the header cell '{sheet.header[first]}' is merged across columns "
        f"{column_letter(first + 1)} to {column_letter(last + 1)}; only column "
        f"{column_letter(first + 1)} has that name, so the others are not used (un-merge the "
        "cells and give each column its own header)",
        row=sheet.header_row,
        column=first + 1,
    )


def _rows_as_text(frame: pl.DataFrame, width: int) -> list[list[str]]:
    """The rows of ``frame`` as lists of one text per sheet column from column A."""
    present = [(int(name[1:]), i) for i, name in enumerate(frame.columns) if name.startswith("c")]
    out: list[list[str]] = []
    for values in frame.rows():
        row = [""] * width
        for column, position in present:
            value = values[position]
            if value is not None:
                row[column] = _date_part(value)
        out.append(row)
    return out


def _date_part(text: str) -> str:
    """A date cell read as text without its time of day (``2024-09-30 00:00:00``)."""
    return text[:10] if len(text) == 19 and text.endswith(" 00:00:00") else text


def _header_index(rows: list[list[str]], config: Config) -> int | None:
    """The 0-based index of the first row that reads as a KPI table's header."""
    known = _known_headers(config)
    for index, row in enumerate(rows):
        # Most rows above a header (titles, blanks) have no known header at all.
        if any(normalise_header(text) in known for text in row if text):
            if _looks_like_header(row, config):
                return index
    return None


def _known_headers(config: Config) -> set[str]:
    """Every header a column can be known by (normalised)."""
    names = {normalise_header(name) for name in BUILTIN_ALIASES}
    for aliases in (*BUILTIN_ALIASES.values(), *config.columns.values()):
        names.update(normalise_header(alias) for alias in aliases)
    return names


def _looks_like_header(row: list[str], config: Config) -> bool:
    """A row that names the KPI and another known column (or a period, in a wide table)."""
    try:
        found = match_columns(row, config.columns, "").index
    except QprError:  # two headers claim one column: a header, which the stages report on
        return True
    if "kpi_id" not in found and "indicator" not in found:
        return False
    if len(found) > 1:
        return True
    return any(_is_period(text, config) for text in row if text)


def _is_period(text: str, config: Config) -> bool:
    try:
        read_period(text, calendar_for(config))
    except PeriodError:
        return False
    return True


def sheet_cells(sheet: Sheet, numbers: list[int], used: list[int]) -> pl.DataFrame:
    """The sheet's ``used`` columns as text and ``_line``, with the ``numbers`` columns read
    as numbers where the cell is a number (exact, percentages as shown; an error cell as its
    error, ``#DIV/0!``) and ``_percent`` (one of those numbers was shown as a percentage)."""
    cells = sheet.cells.select(
        "_line",
        *[
            pl.col(name).cast(pl.String)
            if name in sheet.cells.columns
            else pl.lit(None, pl.String).alias(name)
            for name in map(column_name, used)
        ],
    )
    present = [i for i in numbers if i in sheet.columns]
    percent = pl.lit(False)
    if present:
        cells = cells.join(_typed_numbers(sheet, present), on="_line", how="left")
        blanks = pl.any_horizontal(
            pl.col(f"_n{i}").is_null() & pl.col(column_name(i)).is_null() for i in present
        )
        errors = bool(cells.select(blanks.any()).item())
        from qpr_tui.ingest.workbook_xml import marked_cells

        marks = marked_cells(sheet.styles, present, sheet.header_row, errors)
        cells = cells.join(marks, on="_line", how="left")
        for i in present:
            exact, shown = pl.col(f"_n{i}"), pl.col(f"_p{i}").fill_null(False)
            as_shown = pl.when(shown).then(_times_100(exact))
            text = pl.coalesce(as_shown, exact.cast(pl.String), column_name(i), f"_e{i}")
            cells = cells.with_columns(text.alias(column_name(i)))
        percent = pl.any_horizontal(
            pl.col(f"_p{i}").fill_null(False) & pl.col(f"_n{i}").is_not_null() for i in present
        )
    text = pl.col(pl.String)
    midnight = text.str.len_bytes() == 19  # a date cell read as text: its time of day goes
    period_like = pl.when(midnight).then(text.str.strip_suffix(" 00:00:00")).otherwise(text)
    return cells.with_columns(period_like.name.keep(), percent.alias("_percent")).select(
        "_line", *[column_name(i) for i in used], "_percent"
    )


def _typed_numbers(sheet: Sheet, present: list[int]) -> pl.DataFrame:
    """The ``present`` columns' number cells (``_n<column>``, null where a cell is not a
    number) by ``_line``."""
    names = [sheet.columns[i] for i in present]
    loaded = _load_sheet(sheet, use_columns=names, dtypes=dict.fromkeys(names, "float"))
    frame = loaded.to_polars().with_row_index("_line", offset=1)
    renamed = {name: f"_n{i}" for i, name in zip(present, names, strict=True)}
    frame = frame.rename(renamed).filter(pl.col("_line") > sheet.header_row)
    return frame.with_columns(pl.col("_line").cast(pl.Int64))


def _times_100(number: pl.Expr) -> pl.Expr:
    """A fraction shown as a percentage, as text with the digits shown: 0.853 -> 85.3.

    The shortest text of the number, with its decimal point moved two places (a float
    multiplication would give 85.30000000000001)."""
    decimal = number.cast(pl.String).cast(pl.Decimal(38, 18), strict=False) * 100
    text = decimal.cast(pl.String).str.replace(r"(\.\d*?)0+$", "$1").str.replace(r"\.$", "")
    return pl.when(number.is_finite()).then(text)


def _kind(path: str | Path, display: str) -> str:
    """The workbook's format from its bytes; raise `QprError` for an encrypted one."""
    file = Path(path)
    with file.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(_OLE):
        if file.suffix.lower() in (".xlsx", ".xlsm", ".xlsb") or _ENCRYPTED in file.read_bytes():
            raise QprError(
                "the workbook is password-protected (encrypted), so it cannot be read.",
                Location(display),
                hint="Open it in the spreadsheet, remove the password (or save a copy without "
                "one) and load that.",
            )
        return "xls"
    return _zip_kind(path) or file.suffix.lower().lstrip(".")


def _zip_kind(path: str | Path) -> str:
    """ "xlsx", "xlsb" or "ods" for a zip file that is a workbook, else ""."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return ""
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    return "ods" if "content.xml" in names else ""


def _load_sheet(sheet: Sheet, **options: Any) -> fastexcel.ExcelSheet:
    """The sheet's cells from calamine, every row from the first; a sheet whose XML is
    damaged (the workbook opens, the sheet does not) is a `QprError` naming it."""
    import fastexcel

    try:
        loaded: fastexcel.ExcelSheet = sheet.reader.load_sheet(
            sheet.name, header_row=None, skip_rows=0, **options
        )
    except fastexcel.FastExcelError as exc:
        raise QprError(
            f"the sheet cannot be read: its contents are damaged ({_reason(exc)}).",
            Location(sheet.display, sheet=sheet.name),
            hint="Open the workbook in the spreadsheet and save it again, or save the sheet as "
            "'CSV UTF-8'.",
        ) from None
    return loaded


def _reason(exc: Exception) -> str:
    """calamine's message without its prefixes and context, short enough for one line."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    text = text.removeprefix("calamine error: ").split(" Context:")[0].strip()
    return text if len(text) <= 120 else text[:119] + "…"


def _unreadable(path: str | Path, display: str, exc: Exception) -> QprError:
    reason = _reason(exc)
    return QprError(
        f"the workbook cannot be read: it is damaged or not a {Path(path).suffix or 'workbook'} "
        f"file ({reason}).",
        Location(display),
        hint="Open it in the spreadsheet and save it again, or save it as 'CSV UTF-8'.",
    )
