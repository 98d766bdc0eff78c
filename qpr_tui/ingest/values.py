"""Cleaning the number cells that spreadsheets produce.

``85.2%``, ``1,234``, ``£1.2m``, ``(12)`` and ``85,2`` become numbers; ``n/a``, ``-``, ``TBC``,
``*`` and blank cells become missing with a recorded reason; anything else is *unusable* and
reported. Most cells are plain numbers and take a single cast; only the others go through the
rules, so their cost grows with the number of odd cells, not with the file.
"""

from __future__ import annotations

import math

import polars as pl

from qpr_tui.errors import QprError

# Lower-cased cell text -> the reason the value is missing.
MISSING_TOKENS: dict[str, str] = {
    "": "blank",
    "n/a": "not available",
    "na": "not available",
    "n.a.": "not available",
    "#n/a": "not available",
    "-": "not available",
    "–": "not available",
    "—": "not available",
    "..": "not available",
    "not available": "not available",
    "null": "not available",
    "none": "not available",
    "nan": "not available",
    "tbc": "awaiting",
    "tba": "awaiting",
    "awaiting": "awaiting",
    "awaiting data": "awaiting",
    "to follow": "awaiting",
    "not due": "not due",
    "annual": "not due",
    "nd": "no data",
    "no data": "no data",
    "*": "suppressed",
    "x": "suppressed",
    "c": "suppressed",
    "suppressed": "suppressed",
    "new": "new",
    "discontinued": "discontinued",
}

_MULTIPLIERS = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9}
_THOUSANDS = r"^-?\d{1,3}(,\d{3})+(\.\d+)?$"
_DECIMAL_COMMA = r"^-?\d+,\d+$"


class ValueParseError(QprError):
    """A value cell that is neither a number nor a recognised missing marker."""


def clean_values(column: str) -> list[pl.Expr]:
    """Expressions giving ``{column}`` as Float64 and three companions.

    ``{column}__missing``: the reason when the cell is a recognised missing marker (else null);
    ``{column}__bad``: True when the cell has text that is not a usable number;
    ``{column}__decimal_comma``: True when ``85,2`` was read as 85.2.
    """
    raw = pl.col(column)
    text = raw.str.replace_all(r"[\s\u00a0\u202f]+", " ").str.strip_chars()
    lower = text.str.to_lowercase()
    missing_reason = (
        pl.when(raw.is_null())
        .then(pl.lit("blank"))
        .otherwise(lower.replace_strict(MISSING_TOKENS, default=None, return_dtype=pl.String))
    )
    num = (
        lower.str.replace_all(" ", "")
        .str.replace(r"^\((.*)\)$", "-$1")  # accounting negatives: (12) -> -12
        .str.replace(r"^([+-]?)[£$€]", "$1")
        .str.replace(r"%$", "")
    )
    suffix = num.str.extract(r"^[^a-z]*\d(bn|mn|k|m|b)$", 1)
    num = num.str.replace(r"(bn|mn|k|m|b)$", "")
    is_thousands = num.str.contains(_THOUSANDS)
    is_decimal_comma = ~is_thousands & num.str.contains(_DECIMAL_COMMA)
    num = (
        pl.when(is_thousands)
        .then(num.str.replace_all(",", ""))
        .when(is_decimal_comma)
        .then(num.str.replace(",", "."))
        .otherwise(num)
    )
    multiplier = suffix.replace_strict(_MULTIPLIERS, default=1.0, return_dtype=pl.Float64)
    value = num.cast(pl.Float64, strict=False) * multiplier.fill_null(1.0)
    value = pl.when(value.is_finite() & missing_reason.is_null()).then(value)
    bad = missing_reason.is_null() & value.is_null()
    return [
        value.alias(column),
        missing_reason.alias(f"{column}__missing"),
        bad.alias(f"{column}__bad"),
        (is_decimal_comma & ~bad).fill_null(False).alias(f"{column}__decimal_comma"),
    ]


# What `clean_cells` gives for each cell.
NUMBER_FIELDS: dict[str, type[pl.DataType]] = {
    "value": pl.Float64,
    "missing": pl.String,
    "bad": pl.Boolean,
    "decimal_comma": pl.Boolean,
}
# '1,234', '85.2%' and ' 85 ' as spreadsheets export them: commas and the percent sign go.
_SPREADSHEET = r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$"


def clean_cells(cells: pl.Series) -> pl.DataFrame:
    """Clean number cells: one row per cell with the columns of `NUMBER_FIELDS`.

    ``value`` is the number (null when missing or unusable), ``missing`` the reason a value is
    missing (see `clean_values`), ``bad`` whether the cell has text that is not a usable
    number and ``decimal_comma`` whether ``85,2`` was read as 85.2. Three tiers, each on the
    cells the one before could not read: a plain cast (most cells); thousands separators, a
    percent sign and padding (``1,234``, ``85.2%``, `` 85 ``); then the full rules.
    """
    cast = cells.cast(pl.Float64, strict=False)
    plain = cast.is_finite().fill_null(False)
    frame = pl.DataFrame({"plain": plain, "cast": cast, "blank": cells.is_null()}).select(
        pl.when("plain").then("cast").alias("value"),
        pl.when("blank").then(pl.lit("blank")).alias("missing"),
        pl.lit(False).alias("bad"),
        pl.lit(False).alias("decimal_comma"),
    )
    odd = (~plain & cells.is_not_null()).arg_true()
    if odd.len():
        frame = _scatter(frame, odd, _clean_odd(cells.gather(odd)))
    return frame


def _clean_odd(cells: pl.Series) -> pl.DataFrame:
    """`clean_cells` for cells that are neither blank nor a plain number."""
    text = cells.str.strip_chars(" ")
    simple = text.str.contains(_SPREADSHEET)
    frame = pl.DataFrame(
        {
            "value": text.str.replace_all("[,%]", "").cast(pl.Float64, strict=False),
            "missing": pl.repeat(None, cells.len(), dtype=pl.String, eager=True),
            "bad": pl.repeat(False, cells.len(), eager=True),
            "decimal_comma": pl.repeat(False, cells.len(), eager=True),
        }
    )
    rest = (~simple).arg_true()
    if rest.len():
        ruled = pl.DataFrame({"cell": cells.gather(rest)}).select(clean_values("cell"))
        frame = _scatter(
            frame, rest, ruled.rename(dict(zip(ruled.columns, frame.columns, strict=True)))
        )
    return frame


def _scatter(frame: pl.DataFrame, rows: pl.Series, patch: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with ``patch``'s rows written at positions ``rows``."""
    return frame.with_columns(
        frame.get_column(name).scatter(rows, patch.get_column(name)) for name in frame.columns
    )


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
    """The recorded reason for a missing-value marker, or None for other text."""
    if text is None:
        return "blank"
    return MISSING_TOKENS.get(" ".join(text.split()).lower())
