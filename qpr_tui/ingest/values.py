"""Cleaning the number cells that spreadsheets produce.

``85.2%``, ``1,234``, ``£1.2m``, ``(12)`` and ``85,2`` become numbers; ``85.2*`` is 85.2 marked
provisional; ``n/a``, ``-``, ``TBC``, ``*``, blank cells and text that says why ("Annual KPI",
"figures yet to be confirmed") become missing with a recorded reason; anything else is
*unusable* and reported. Most cells are plain numbers and take a single cast; only the
distinct texts of the others go through the rules, so their cost grows with the odd cells,
not with the file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from qpr_tui.errors import QprError
from qpr_tui.vocabulary import BLANK, MISSING_VALUE_PATTERNS, MISSING_VALUE_WORDS

# Lower-cased cell text -> the reason the value is missing; longer text by pattern (both
# the vocabulary's, with the reasons).
MISSING_TOKENS: dict[str, str] = MISSING_VALUE_WORDS

_MULTIPLIERS = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9}
# A number marked provisional: a trailing asterisk after its last digit or unit.
_PROVISIONAL = r"([0-9%mkb])\s*\*$"
_THOUSANDS = r"^-?\d{1,3}(,\d{3})+(\.\d+)?$"
# Where the comma is the decimal mark, only these can still be thousands separators.
_THOUSANDS_ONLY = r"^-?\d{1,3}((,\d{3}){2,}|(,\d{3})+\.\d+)$"
# ``85,2`` and ``1.234,5`` (points then group thousands).
_DECIMAL_COMMA = r"^-?(\d+|\d{1,3}(\.\d{3})+),\d+$"
# ``1,234``: a thousand and more, or a little more than one where the comma is the decimal mark.
_ONE_GROUP = r"^-?\d{1,3},\d{3}$"
# A cell that can only be a decimal comma (``1,5``, ``85,25``, ``1234,5``, ``1.234,5``), with
# the signs and units a number cell may have around it.
_ONLY_DECIMAL_COMMA = (
    r"^[-+(\s£$€]*(\d+,(\d{1,2}|\d{4,})|\d{4,},\d+|\d{1,3}(\.\d{3})+,\d+)[\s%)*a-z]*$"
)
_ONE_GROUP_CELL = r"^[-+(\s£$€]*\d{1,3},\d{3}[\s%)*a-z]*$"


@dataclass(frozen=True)
class Marks:
    """How one file writes its numbers, decided from all its number cells (`decimal_marks`).

    ``comma``: the comma is the file's decimal mark, so ``1,234`` is 1.234. ``doubt``: why a
    ``1,234`` read as 1234 could mean 1.234 ("" when nothing suggests it)."""

    comma: bool = False
    doubt: str = ""


def decimal_marks(texts: pl.Series, separator: str) -> Marks:
    """The `Marks` of a file separated by ``separator`` whose odd number cells are ``texts``.

    A ``;`` separator (Excel's where the comma is the decimal mark) together with cells that
    can only be decimal commas (``1,5``) makes the comma the decimal mark; either alone makes a
    ``1,234`` doubtful."""
    lower = texts.str.to_lowercase()
    evidence = bool(lower.str.contains(_ONLY_DECIMAL_COMMA).any())
    if separator == ";" and evidence:
        return Marks(comma=True)
    if not lower.str.contains(_ONE_GROUP_CELL).any():
        return Marks()
    if evidence:
        return Marks(doubt="the file uses decimal commas elsewhere")
    if separator == ";":
        return Marks(
            doubt="the file is separated by semicolons, as where the comma is the decimal mark"
        )
    return Marks()


class ValueParseError(QprError):
    """A value cell that is neither a number nor a recognised missing marker."""


# What `clean_cells` gives for each cell.
NUMBER_FIELDS: dict[str, type[pl.DataType]] = {
    "value": pl.Float64,
    "missing": pl.String,
    "bad": pl.Boolean,
    "decimal_comma": pl.Boolean,
    "provisional": pl.Boolean,
    "ambiguous": pl.Boolean,
}
# '1,234', '85.2%' and ' 85 ' as spreadsheets export them: commas and the percent sign go.
# (ASCII digits only: a cast does not read other scripts' digits.)
_SPREADSHEET = r"^-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?%?$"


def clean_cells(cells: pl.Series, marks: Marks | None = None) -> pl.DataFrame:
    """Clean number cells: one row per cell with the columns of `NUMBER_FIELDS`.

    ``value`` is the number (null when missing or unusable), ``missing`` the reason a value is
    missing (``blank`` for an empty cell, else from `MISSING_TOKENS`), ``bad`` whether the cell
    has text that is not a usable number and ``decimal_comma`` whether ``85,2`` was read as
    85.2, ``provisional`` whether the number was marked with a trailing ``*``, ``ambiguous``
    whether a ``1,234`` read as 1234 could mean 1.234 (see `Marks`). Most cells take a plain
    cast; the others go to `clean_odd`.
    """
    cast = cells.cast(pl.Float64, strict=False)
    plain = cast.is_finite().fill_null(False)
    frame = pl.DataFrame({"cast": cast, "plain": plain, "blank": cells.is_null()}).select(
        pl.when("plain").then("cast").alias("value"),
        pl.when("blank").then(pl.lit("blank")).alias("missing"),
        pl.lit(False).alias("bad"),
        pl.lit(False).alias("decimal_comma"),
        pl.lit(False).alias("provisional"),
        pl.lit(False).alias("ambiguous"),
    )
    odd = (~plain & cells.is_not_null()).arg_true()
    if odd.len():
        frame = scatter(frame, odd, clean_odd(cells.gather(odd), marks))
    return frame


def clean_odd(cells: pl.Series, marks: Marks | None = None) -> pl.DataFrame:
    """`clean_cells` for cells that are neither blank nor a plain number.

    Each distinct text is cleaned once: thousands separators, a percent sign and padding
    (``1,234``, ``85.2%``, `` 85 ``) by one pattern, anything else by the full rules (commas
    too, where ``marks`` say the comma may be the decimal mark)."""
    marks = marks or Marks()
    distinct = cells.unique()
    text = distinct.str.strip_chars(" ")
    simple = text.str.contains(_SPREADSHEET)
    if marks.comma or marks.doubt:
        simple = simple & ~text.str.contains(",")
    cleaned = pl.DataFrame(
        {
            "value": text.str.replace_all("[,%]", "").cast(pl.Float64, strict=False),
            "missing": pl.repeat(None, distinct.len(), dtype=pl.String, eager=True),
            "bad": pl.repeat(False, distinct.len(), eager=True),
            "decimal_comma": pl.repeat(False, distinct.len(), eager=True),
            "provisional": pl.repeat(False, distinct.len(), eager=True),
            "ambiguous": pl.repeat(False, distinct.len(), eager=True),
        }
    )
    rest = (~simple).arg_true()
    if rest.len():
        cleaned = scatter(cleaned, rest, _rules(distinct.gather(rest), marks))
    looked_up = pl.DataFrame({"cell": cells}).join(
        cleaned.with_columns(distinct.alias("cell")), on="cell", how="left", maintain_order="left"
    )
    return looked_up.select(list(NUMBER_FIELDS))


def scatter(frame: pl.DataFrame, rows: pl.Series, patch: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with ``patch``'s rows written at positions ``rows``."""
    return frame.with_columns(
        frame.get_column(name).scatter(rows, patch.get_column(name)) for name in frame.columns
    )


def _rules(cells: pl.Series, marks: Marks | None = None) -> pl.DataFrame:
    """The full rules: currency signs, ``k``/``m``/``bn`` multipliers, accounting negatives
    ``(12)``, thousands separators, decimal commas (as ``marks`` say), and the missing-value
    markers."""
    marks = marks or Marks()
    num = pl.col("num")
    frame = pl.DataFrame({"raw": cells}).with_columns(
        pl.col("raw").str.replace_all(r"[\s\u00a0\u202f]+", " ").str.strip_chars().alias("text")
    )
    frame = frame.with_columns(pl.col("text").str.to_lowercase().alias("lower"))
    frame = frame.with_columns(
        pl.when(pl.col("raw").is_null())
        .then(pl.lit(BLANK))
        .otherwise(_missing_reason(pl.col("lower")))
        .alias("missing"),
        pl.col("lower").str.contains(_PROVISIONAL).alias("provisional"),
        pl.col("lower")
        .str.replace(_PROVISIONAL, "$1")
        .str.replace_all(" ", "")
        .str.replace(r"^\((.*)\)$", "-$1")  # accounting negatives: (12) -> -12
        .str.replace(r"^([+-]?)[£$€]", "$1")
        .str.replace(r"%$", "")
        .alias("num"),
    )
    frame = frame.with_columns(
        num.str.extract(r"^[^a-z]*\d(bn|mn|k|m|b)$", 1).alias("suffix"),
        num.str.replace(r"(bn|mn|k|m|b)$", "").alias("num"),
    )
    thousands = num.str.contains(_THOUSANDS_ONLY if marks.comma else _THOUSANDS)
    frame = frame.with_columns(
        thousands.alias("thousands"),
        (thousands & bool(marks.doubt) & num.str.contains(_ONE_GROUP)).alias("ambiguous"),
    )
    frame = frame.with_columns(
        (~pl.col("thousands") & num.str.contains(_DECIMAL_COMMA)).alias("decimal_comma")
    )
    number = (
        pl.when("thousands")
        .then(num.str.replace_all(",", ""))
        .when("decimal_comma")
        .then(num.str.replace_all(r"\.", "").str.replace(",", "."))
        .otherwise(num)
    )
    multiplier = pl.col("suffix").replace_strict(_MULTIPLIERS, default=1.0, return_dtype=pl.Float64)
    frame = frame.with_columns(
        (number.cast(pl.Float64, strict=False) * multiplier.fill_null(1.0)).alias("value")
    )
    value, missing = pl.col("value"), pl.col("missing")
    frame = frame.with_columns(pl.when(value.is_finite() & missing.is_null()).then(value))
    frame = frame.with_columns((missing.is_null() & value.is_null()).alias("bad"))
    return frame.select(
        "value",
        "missing",
        "bad",
        (pl.col("decimal_comma") & ~pl.col("bad")).fill_null(False).alias("decimal_comma"),
        (pl.col("provisional") & value.is_not_null()).fill_null(False).alias("provisional"),
        (pl.col("ambiguous") & value.is_not_null()).fill_null(False).alias("ambiguous"),
    )


def _missing_reason(lower: pl.Expr) -> pl.Expr:
    """The reason a lower-cased cell gives for a missing value: its whole text, else the
    first pattern it matches (null for text that gives none)."""
    reasons = [
        pl.when(lower.str.contains(pattern)).then(pl.lit(why))
        for why, pattern in MISSING_VALUE_PATTERNS
    ]
    words = lower.replace_strict(MISSING_TOKENS, default=None, return_dtype=pl.String)
    return pl.coalesce(words, *reasons)


def parse_value(text: str | None) -> float | None:
    """Parse one cell exactly as the bulk path does; raise `ValueParseError` if unusable."""
    row = clean_cells(pl.Series([text], dtype=pl.String)).row(0, named=True)
    if row["bad"]:
        raise ValueParseError(f"'{text}' is not a number")
    value = row["value"]
    if value is None:
        return None
    number = float(value)
    assert math.isfinite(number)
    return number


def missing_reason(text: str | None) -> str | None:
    """The recorded reason for a missing-value marker or text, or None for other text."""
    row = clean_cells(pl.Series([text], dtype=pl.String)).row(0, named=True)
    return None if row["value"] is not None else row["missing"]
