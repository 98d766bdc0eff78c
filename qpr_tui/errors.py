"""The project's own error and finding types.

Every problem a user can cause is reported as a `QprError` (fatal: the input cannot be used)
or as an `Issue` (a finding about one cell or row that does not stop the load). Both carry
the file, line and column so a message can point at the exact place.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Location:
    """A place in an input file; line and column are 1-based, 0 meaning unknown.

    In a workbook ``sheet`` names the sheet, ``line`` is the sheet's row and the column is
    shown as its letter (``kpis.xlsx, sheet 'People', row 14, column F``)."""

    file: str
    line: int = 0
    column: int = 0
    column_name: str = ""
    line_word: str = "line"  # "row" for Parquet, which has no lines
    sheet: str = ""

    def __str__(self) -> str:
        text = self.file
        if self.sheet:
            text += f", sheet '{self.sheet}'"
        if self.line:
            text += f", {'row' if self.sheet else self.line_word} {self.line}"
        if self.column:
            shown = column_letter(self.column) if self.sheet else str(self.column)
            text += f", column {shown}"
            if self.column_name:
                text += f" ({self.column_name})"
        elif self.column_name:
            text += f", column {self.column_name}"
        return text

    def short(self) -> str:
        """The place in short, for tables: ``kpis.csv:14:6``; in a workbook
        ``kpis.xlsx 'People'!F14`` (the file by its name, without its folder)."""
        name = self.file.rsplit("/", 1)[-1]
        if self.sheet:
            where = f"{name} '{self.sheet}'"
            if self.column:
                return f"{where}!{column_letter(self.column)}{self.line or ''}"
            return f"{where} row {self.line}" if self.line else where
        where = name + (f":{self.line}" if self.line else "")
        return where + (f":{self.column}" if self.column else "")


def column_letter(column: int) -> str:
    """A spreadsheet's letter for 1-based ``column`` (1 -> A, 27 -> AA)."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding about the data: where it is, how bad, and what it is."""

    severity: Severity
    code: str
    message: str
    location: Location
    kpi_id: str = ""
    period: str = ""

    def __str__(self) -> str:
        return f"{self.location}: {self.severity.value}: {self.message}"


class QprError(Exception):
    """An input, configuration or usage problem that stops the command.

    The message is written for the user: one paragraph saying what is wrong, where, and what
    to do about it.
    """

    def __init__(self, message: str, location: Location | None = None, hint: str = "") -> None:
        self.message = message
        self.location = location
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text += (" " if text.rstrip().endswith((".", "!", "?", ":")) else ". ") + self.hint
        return text
