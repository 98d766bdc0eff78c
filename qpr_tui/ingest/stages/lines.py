"""Line numbers, rows with too few fields and broken records, all from polars.

polars numbers records, not lines, and a quoted field may hold line breaks. Data record ``r``
is on line ``r + 2`` when polars' count of the file's lines says every record is one line (the
usual case, at the cost of a line count). Otherwise the lines are read once more
(`record_starts`): a line starts a record unless it begins inside a quoted field, which an odd
number of quotes before it shows. The same reading counts the separators of a record outside
its quoted fields, for `short_records` and for `diagnose`.
"""

from __future__ import annotations

import re
from typing import NoReturn

import polars as pl

from qpr_tui.errors import Location, QprError
from qpr_tui.ingest.textfile import TextFile

QUOTE = '"'


def line_count(tf: TextFile) -> pl.LazyFrame:
    """One row, ``lines``: how many lines the file has (polars' fast count, quotes ignored)."""
    return pl.scan_csv(
        tf.source(),
        has_header=False,
        quote_char=None,
        separator=tf.separator,
        infer_schema=False,
        truncate_ragged_lines=True,
        raise_if_empty=False,
        glob=False,  # a file name is a name, even with [ or *
    ).select(pl.len().alias("lines"))


def one_line_each(tf: TextFile, records: int, lines: int) -> bool:
    """Whether data record ``r`` is on line ``r + 2`` (the line `scan` assumes), given the
    number of data records and the file's line count."""
    return tf.tabular or lines == records + 1


def lines_of(rows: pl.Series, tf: TextFile) -> pl.Series:
    """The file line of each 0-based data-record index in ``rows``, for a file whose records
    do not all fit on one line each."""
    starts = record_starts(tf)
    padded = starts.append(pl.Series([0], dtype=pl.Int64))
    return padded.gather(rows.cast(pl.Int64).clip(upper_bound=starts.len()))


def record_starts(tf: TextFile) -> pl.Series:
    """The line on which each data record starts (index 0 is the first data record).

    Raises `QprError` when a quoted field is never closed."""
    layout = _layout(tf).select("line", "quotes", "inside", "record").collect()
    if layout.get_column("quotes").sum() % 2:
        raise _unclosed(tf, layout)
    starts = layout.filter(~pl.col("inside") & (pl.col("record") >= 1))
    return starts.get_column("line").cast(pl.Int64)


def short_records(tf: TextFile, rows: pl.Series, one_line: bool) -> list[tuple[int, int]]:
    """(line, number of fields) of each data record in ``rows`` (0-based indices) that has
    fewer fields than the header and something in them. With ``one_line`` (every record is
    one line) only those records' lines are looked at."""
    width = len(tf.header)
    records = (rows.cast(pl.Int64) + 1).implode()
    if one_line:
        lines = _lines(tf).filter((pl.col("line") - 1).is_in(records))
        lines = lines.with_columns(
            pl.lit(False).alias("inside"), (pl.col("line") - 1).alias("record")
        )
    else:
        lines = _layout(tf).filter(pl.col("record").is_in(records))
    # What is left of a line without separators and quotes: nothing on an empty record.
    content = pl.col("text").str.replace_all(f"[{re.escape(tf.separator + QUOTE)}]", "")
    found = (
        lines.group_by("record", maintain_order=True)
        .agg(
            pl.col("line").first(),
            _separators(tf.separator).sum().alias("separators"),
            content.str.len_bytes().sum().alias("content"),
        )
        .filter((pl.col("separators") + 1 < width) & (pl.col("content") > 0))
        .sort("record")
        .collect()
    )
    return [(int(line), int(seps) + 1) for line, seps in found.select("line", "separators").rows()]


def diagnose(tf: TextFile, error: Exception) -> NoReturn:
    """Say where polars' failure to read a text file comes from, as a `QprError`."""
    width = len(tf.header)
    layout = _layout(tf).with_columns(_separators(tf.separator).alias("separators")).collect()
    if layout.get_column("quotes").sum() % 2:
        raise _unclosed(tf, layout)
    long = (
        layout.group_by("record", maintain_order=True)
        .agg(pl.col("line").first(), pl.col("separators").sum())
        .filter((pl.col("record") >= 1) & (pl.col("separators") + 1 > width))
        .head(1)
    )
    stray = _stray_quote(tf, layout)
    if long.height:
        line, separators = long.select("line", "separators").row(0)
        if stray is not None and stray.location is not None and stray.location.line <= line:
            raise stray  # its quote opened a field that ran on into the long row
        raise QprError(
            f"this row has {separators + 1} fields but the header has {width}.",
            Location(tf.display, line, width + 1),
            hint="Check for an unquoted comma in a text cell, or a stray column.",
        )
    after = _text_after_a_closing_quote(tf, layout)
    if after is not None:
        raise QprError(
            "the file is not valid CSV: a quoted field has text after its closing quote.",
            after,
            hint='Quote the whole cell, and double each quote inside it ("").',
        )
    if stray is not None:
        raise stray
    first = str(error).strip().splitlines()[0]
    raise QprError(f"the file could not be read as CSV ({first}).", Location(tf.display))


def _stray_quote(tf: TextFile, layout: pl.DataFrame) -> QprError | None:
    """The first quote inside a field that does not start with one (``ab"cd``): CSV allows
    quotes only around a whole field, doubled inside it, and polars cannot split such a
    file into records."""
    sep = re.escape(tf.separator)
    # A quote that neither opens a field (after a separator) nor closes one (before one).
    stray = rf'[^{sep}"]"[^{sep}"\r\n]'
    found = layout.filter(pl.col("text").str.contains(stray)).head(1)
    if found.height == 0:
        return None
    line, text = found.select("line", "text").row(0)
    at = re.search(stray, text)
    assert at is not None
    field = text[: at.start() + 1].count(tf.separator) + 1
    return QprError(
        "the file is not valid CSV: this field has a quote in the middle of its text; "
        "a quote may only enclose a whole field (and is written twice inside one).",
        Location(tf.display, int(line), field),
        hint='Remove the quote, or quote the whole field and write the quote as "".',
    )


def _text_after_a_closing_quote(tf: TextFile, layout: pl.DataFrame) -> Location | None:
    """The first line with a quoted field followed by something other than a separator
    (``"Alpha, beta"x``), and that field's number when the line starts a record."""
    separator = re.escape(tf.separator)
    # Before the field: plain characters and whole quoted fields, then the field's start.
    before = f'^((?:[^"]|"[^"]*")*?(?:^|{separator}))'
    pattern = before + f'"(?:[^"]|"")*"[^{separator}"\\r\\n]'
    text = pl.when(pl.col("inside")).then(pl.lit(QUOTE) + pl.col("text")).otherwise("text")
    found = (
        layout.with_columns(text.str.extract(pattern, 1).alias("before"))
        .filter(pl.col("before").is_not_null() & (pl.col("record") >= 1))
        .head(1)
    )
    if not found.height:
        return None
    line, inside, before_field = found.select("line", "inside", "before").row(0)
    unquoted = re.sub(r'"[^"]*"', "", before_field)
    column = 0 if inside else unquoted.count(tf.separator) + 1
    return Location(tf.display, int(line), column)


def _layout(tf: TextFile) -> pl.LazyFrame:
    """One row per line: ``line`` (1-based), ``text``, ``quotes`` (how many), ``inside``
    (the line begins inside a quoted field) and ``record`` (0 for the header)."""
    quotes = pl.col("text").str.count_matches(QUOTE, literal=True)
    before = pl.col("quotes").cum_sum() - pl.col("quotes")
    return (
        _lines(tf)
        .with_columns(quotes.alias("quotes"))
        .with_columns((before % 2 == 1).alias("inside"))
        .with_columns(((~pl.col("inside")).cum_sum().cast(pl.Int64) - 1).alias("record"))
    )


def _lines(tf: TextFile) -> pl.LazyFrame:
    """The file's lines: ``line`` (1-based) and ``text``."""
    lines = pl.scan_lines(tf.source(), name="text", glob=False).with_row_index("line", offset=1)
    return lines.with_columns(pl.col("line").cast(pl.Int64))


def _separators(separator: str) -> pl.Expr:
    """Separators on each line outside quoted fields (a line that begins inside one is read
    as if it began with the opening quote). As in polars, a quote opens a quoted field only
    at the field's start: one inside a cell (``x"a,b"``) is text, and so are the separators
    after it."""
    text = pl.when(pl.col("inside")).then(pl.lit(QUOTE) + pl.col("text")).otherwise("text")
    start = f"(^|{re.escape(separator)})"
    unquoted = text.str.replace_all(start + r'"(?:[^"]|"")*("|$)', "${1}")
    return unquoted.str.count_matches(separator, literal=True)


def _unclosed(tf: TextFile, layout: pl.DataFrame) -> QprError:
    start = layout.filter(~pl.col("inside")).get_column("line").max()
    return QprError(
        "the file is not valid CSV: the record starting here has a quoted field that is "
        "never closed (look for an unbalanced quote).",
        Location(tf.display, int(start)),  # type: ignore[arg-type]
    )
