"""Reading one or more KPI files into a `Dataset`.

Long files (one row per KPI per period) and wide files (one column per period) are both
accepted; several files are stacked. Every cell that cannot be used becomes an `Issue`
naming its file, line and column; problems that make the whole input unusable raise
`QprError`.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import polars as pl

from qpr_tui.config import Config
from qpr_tui.errors import Issue, Location, QprError, Severity
from qpr_tui.ingest.columns import ColumnMap, match_columns
from qpr_tui.ingest.textfile import TextFile, open_text
from qpr_tui.ingest.values import clean_columns
from qpr_tui.model import PEER_SCHEMA, SCHEMA, TEXT_COLUMNS, Dataset, SourceFile
from qpr_tui.periods import PeriodError, label, parse_period

Progress = Callable[[str, float], None]
# Files up to this size are also checked for rows with too few fields (a pass in Python).
SHORT_ROW_CHECK = 20 * 1024 * 1024

POLARITY_WORDS: dict[str, str] = {
    **dict.fromkeys(
        [
            "h",
            "high",
            "higher",
            "higher is better",
            "up",
            "increase",
            "max",
            "aim to max",
            "aim to maximise",
            "aim to maximize",
            "+",
            "↑",
            "bigger",
            "high is good",
            "higher is good",
            "maximise",
            "maximize",
        ],
        "H",
    ),
    **dict.fromkeys(
        [
            "l",
            "low",
            "lower",
            "lower is better",
            "down",
            "decrease",
            "min",
            "aim to min",
            "aim to minimise",
            "aim to minimize",
            "-",
            "↓",
            "smaller",
            "low is good",
            "lower is good",
            "minimise",
            "minimize",
        ],
        "L",
    ),
    **dict.fromkeys(
        [
            "t",
            "target",
            "close to target",
            "closer to target",
            "goldilocks",
            "on target",
            "band",
            "range",
            "aim for target",
        ],
        "T",
    ),
}
# Words that say a KPI has no good direction: it is reported but never rated ("N").
NO_POLARITY = {
    "n/a",
    "none",
    "neither",
    "neutral",
    "na",
    "data only",
    "contextual",
    "monitor",
    "monitor only",
    "no polarity",
    "n",
}
POLARITY_WORDS.update(dict.fromkeys(NO_POLARITY, "N"))
RAG_WORDS: dict[str, str] = {
    **dict.fromkeys(["g", "green"], "G"),
    **dict.fromkeys(["a", "amber", "yellow"], "A"),
    **dict.fromkeys(["r", "red"], "R"),
    **dict.fromkeys(["b", "blue"], "B"),
}


def _count_quietly(tf: TextFile) -> None:
    """Count newlines in the background; a file that vanished meanwhile is reported by the
    read itself, so nothing is printed from this thread."""
    with contextlib.suppress(OSError):
        tf.newlines()


def _tidy_text(name: str) -> pl.Expr:
    """One line of text: line breaks and tabs become spaces, ends trimmed."""
    return pl.col(name).str.replace_all(r"[\r\n\t]+", " ").str.strip_chars().alias(name)


def _diagnose(tf: TextFile, exc: Exception) -> None:
    """polars does not say where a CSV is broken; find the first bad record with csv."""
    import csv
    import io

    starts = tf.record_lines()  # raises for an unbalanced quote
    reader = csv.reader(io.StringIO(tf.text(), newline=""), delimiter=tf.separator)
    for number, record in enumerate(reader):
        if number and len(record) > len(tf.header):
            line = starts[number - 1] if number - 1 < len(starts) else 0
            raise QprError(
                f"this row has {len(record)} fields but the header has {len(tf.header)}.",
                Location(tf.display, line, len(tf.header) + 1),
                hint="Check for an unquoted comma in a text cell, or a stray column.",
            ) from None
    first = str(exc).strip().splitlines()[0]
    raise QprError(f"the file could not be read as CSV ({first}).", Location(tf.display)) from None


def read_file(
    path: str | Path,
    config: Config,
    file_index: int = 0,
    display: str | None = None,
    home: str | None = None,
    split: bool = True,
) -> tuple[pl.DataFrame, pl.DataFrame | None, SourceFile, list[Issue]]:
    """Read one file into canonical columns (see `qpr_tui.model`) and its findings.

    With ``home`` (an organisation) and an organisation column, other organisations' rows
    keep only what benchmarking needs (ids, periods and numbers), and findings are reported
    for the home organisation's rows only.
    """
    try:
        result = _read_file(path, config, file_index, display, home, split, force_decode=False)
    except _NotUtf8:
        result = _read_file(path, config, file_index, display, home, split, force_decode=True)
    frame, others, source, issues = result
    # A wide file repeats a KPI's target and floor on every period's row: one finding per cell.
    seen: set[tuple[str, str, int, int]] = set()
    unique: list[Issue] = []
    for issue in issues:
        key = (issue.code, issue.location.file, issue.location.line, issue.location.column)
        if key not in seen or not issue.location.line:
            seen.add(key)
            unique.append(issue)
    issues = unique
    if source.encoding == "parquet":
        issues = [replace(i, location=replace(i.location, line_word="row")) for i in issues]
    return frame, others, source, issues


class _NotUtf8(Exception):
    """polars met invalid UTF-8 beyond the sniffed head: retry as Windows-1252."""


def _scan(tf: TextFile, indices: list[int]) -> pl.LazyFrame:
    names = [f"c{i}" for i in range(len(tf.header))]
    if tf.parquet:
        # Parquet columns are typed; everything goes through the same text cleaning.
        lf = pl.scan_parquet(tf.path).select(
            pl.col(tf.header[i]).cast(pl.String).alias(f"c{i}") for i in indices
        )
        return lf.with_row_index("_row")
    lf = pl.scan_csv(
        tf.source(),
        has_header=True,
        new_columns=names,
        separator=tf.separator,
        infer_schema=False,
        raise_if_empty=False,
        truncate_ragged_lines=False,
    )
    return lf.select([f"c{i}" for i in indices]).with_row_index("_row")


def _collect(lf: pl.LazyFrame, tf: TextFile) -> pl.DataFrame:
    try:
        return lf.collect(engine="streaming")
    except (pl.exceptions.ComputeError, pl.exceptions.ShapeError) as exc:
        if "utf-8" in str(exc).lower() and tf.decoded is None:
            raise _NotUtf8 from None
        _diagnose(tf, exc)
        raise  # pragma: no cover - _diagnose always raises


def _max_row(frame: pl.DataFrame) -> int:
    """The last ``_row`` index present (-1 for an empty frame)."""
    return -1 if frame.height == 0 else int(frame.get_column("_row").cast(pl.Int64).max())  # type: ignore[arg-type]


TOLERANCE_WORDS: dict[str, str] = {
    **dict.fromkeys(
        [
            "absolute",
            "abs",
            "points",
            "point",
            "pts",
            "pt",
            "pp",
            "units",
            "unit",
            "percentage points",
        ],
        "absolute",
    ),
    **dict.fromkeys(
        ["relative", "rel", "%", "percent", "percentage", "pct", "per cent"], "relative"
    ),
}


def _tolerance_types(
    raw: pl.DataFrame,
    tf: TextFile,
    header: list[str],
    cmap: ColumnMap,
    line_of: Callable[[int], int],
) -> tuple[pl.DataFrame, list[Issue]]:
    """Normalise tolerance types; an unknown one is reported and the configured one used."""
    if "tolerance_type" not in cmap.index:
        return raw, []
    text = pl.col("tolerance_type")
    mapped = text.replace_strict(TOLERANCE_WORDS, default=None, return_dtype=pl.String)
    bad = raw.filter(text.is_not_null() & (text != "") & mapped.is_null())
    column = cmap.index["tolerance_type"]
    issues = [
        Issue(
            Severity.ERROR,
            "bad-tolerance-type",
            f"tolerance type '{value}' is neither relative (%) nor absolute (points); "
            "the configured [rag] tolerance_type was used",
            Location(tf.display, line_of(row), column + 1, header[column]),
            kpi_id=str(kpi or ""),
        )
        for row, value, kpi in bad.select("_row", "tolerance_type", "kpi_id").iter_rows()
    ]
    return raw.with_columns(mapped.alias("tolerance_type")), issues


_YEAR_QUARTER = r"(?i)^\s*(\d{4}\s*[-\s]?\s*q[1-4]|q[1-4]\s*[-\s]?\s*\d{4})\s*$"


def _year_quarter_note(
    raw: pl.DataFrame, tf: TextFile, config: Config, cmap: ColumnMap, line_of: Callable[[int], int]
) -> list[Issue]:
    """'2024 Q2' is ambiguous (financial or calendar quarter): say how it was read, once."""
    found = (
        raw.filter(pl.col("_period_text").str.contains(_YEAR_QUARTER))
        .select("_row", "_period_text")
        .head(1)
    )
    if found.height == 0:
        return []
    row, text = found.row(0)
    period = label(parse_period(text, config.year_quarters))
    meaning = (
        "quarter of the financial year"
        if config.year_quarters == "financial"
        else "calendar quarter"
    )
    other = "calendar" if config.year_quarters == "financial" else "financial"
    column = cmap.index["period"]
    return [
        Issue(
            Severity.INFO,
            "year-quarter",
            f"periods such as '{text}' were read as the {meaning} ({text} = {period}); "
            f'set year_quarters = "{other}" in the configuration if they mean the '
            f"{other} quarter",
            Location(tf.display, line_of(row), column + 1, tf.header[column]),
        )
    ]


def _lines(tf: TextFile, frame: pl.DataFrame, total_rows: int) -> pl.Expr:
    """The ``_line`` column: file line of each row, allowing for multi-line records."""
    if tf.parquet:
        return (pl.col("_row").cast(pl.Int64) + 1).alias("_line")
    if frame.height == 0 or tf.lines_are_rows(total_rows):
        return (pl.col("_row").cast(pl.Int64) + 2).alias("_line")
    starts = pl.Series(tf.record_lines(), dtype=pl.Int64)
    return (
        pl.col("_row")
        .map_batches(lambda rows: starts.gather(rows), return_dtype=pl.Int64)
        .alias("_line")
    )


def _map_periods(
    raw: pl.DataFrame, config: Config
) -> tuple[pl.DataFrame, list[tuple[int, str, str]]]:
    """Parse each distinct period spelling once; rows with an unknown one are set aside."""
    mapping: dict[str | None, int | None] = {}
    reasons: dict[str | None, str] = {}
    for text in raw.get_column("_period_text").unique().to_list():
        if text is None or not text.strip():
            mapping[text], reasons[text] = None, "the period is blank"
            continue
        try:
            mapping[text] = parse_period(text, config.year_quarters)
        except PeriodError as exc:
            mapping[text], reasons[text] = None, exc.message
    raw = raw.with_columns(
        pl.col("_period_text")
        .replace_strict(mapping, default=None, return_dtype=pl.Int32)
        .alias("period")
    )
    bad = [
        (row, reasons[text], kpi or "")
        for row, text, kpi in raw.filter(pl.col("period").is_null())
        .select("_row", "_period_text", "kpi_id")
        .iter_rows()
    ]
    if bad:
        raw = raw.filter(pl.col("period").is_not_null())
    return raw, bad


def _read_file(
    path: str | Path,
    config: Config,
    file_index: int,
    display: str | None,
    home: str | None,
    split: bool,
    *,
    force_decode: bool,
) -> tuple[pl.DataFrame, pl.DataFrame | None, SourceFile, list[Issue]]:
    tf = open_text(path, display, force_decode=force_decode)
    issues: list[Issue] = []
    header = tf.header
    period_headers: dict[int, int] = {}
    for i, heading in enumerate(header):
        try:
            period_headers[i] = parse_period(heading, config.year_quarters)
        except PeriodError:
            pass
    cmap = match_columns(header, config.columns, tf.display, skip=set(period_headers))
    wide = "period" not in cmap.index and "value" not in cmap.index and bool(period_headers)
    layout = "wide" if wide else "long"
    where = Location(tf.display, 1)
    if "kpi_id" not in cmap.index and "indicator" not in cmap.index:
        raise QprError(
            "no column names the KPI: expected a header such as 'kpi_id' or 'indicator' "
            f"(found: {', '.join(repr(h) for h in header[:12])}).",
            where,
            hint='Map your headers in the configuration, e.g. [columns] indicator = ["Measure"].',
        )
    if not wide:
        missing = [name for name in ("period", "value") if name not in cmap.index]
        if missing:
            raise QprError(
                f"no {' or '.join(missing)} column was found "
                f"(found: {', '.join(repr(h) for h in header[:12])}).",
                where,
                hint="A long file needs 'period' and 'value' columns; a wide file needs one "
                "column per period headed like '2024/25 Q2'. Map other names in [columns].",
            )
    else:
        seen: dict[int, int] = {}
        for i, p in period_headers.items():
            if p in seen:
                raise QprError(
                    f"columns {seen[p] + 1} ('{header[seen[p]]}') and {i + 1} ('{header[i]}') "
                    f"are both {label(p)}.",
                    Location(tf.display, 1, i + 1),
                )
            seen[p] = i
    if "target" not in cmap.index:
        issues.append(
            Issue(
                Severity.WARNING,
                "no-target-column",
                "no target column: every KPI is shown as not rated",
                where,
            )
        )
    for i in cmap.unmatched:
        if i not in period_headers or not wide:
            if header[i]:
                issues.append(
                    Issue(
                        Severity.INFO,
                        "unused-column",
                        f"column '{header[i]}' is not used",
                        Location(tf.display, 1, i + 1, header[i]),
                    )
                )
    value_indices = sorted(period_headers) if wide else []
    indices = sorted(set(cmap.index.values()) | set(value_indices))
    lf = _scan(tf, indices)
    # Fully blank rows (spacer lines) carry no data; everything else is kept or reported.
    data_cols = [f"c{i}" for i in indices]
    # (Empty fields read as null, so a spacer line is all null.)
    lf = lf.filter(~pl.all_horizontal([pl.col(c).is_null() for c in data_cols]))
    columns_1based = {name: i + 1 for name, i in cmap.index.items()}
    home_only = split and home is not None and "organisation" in cmap.index
    if wide:
        id_cols = [f"c{i}" for i in sorted(cmap.index.values())]
        lf = lf.unpivot(
            on=[f"c{i}" for i in value_indices],
            index=["_row", *id_cols],
            variable_name="_var",
            value_name="_value_text",
        )
        col_of = {f"c{i}": i + 1 for i in value_indices}
        period_of = {f"c{i}": period_headers[i] for i in value_indices}
        lf = lf.with_columns(
            pl.col("_var").replace_strict(col_of, return_dtype=pl.Int32).alias("_value_col"),
            pl.col("_var").replace_strict(period_of, return_dtype=pl.Int32).alias("period"),
        )
        value_expr = pl.col("_value_text")
        period_text = pl.lit(None, dtype=pl.String)
    else:
        value_expr = pl.col(f"c{cmap.index['value']}")
        period_text = pl.col(f"c{cmap.index['period']}")
        lf = lf.with_columns(
            pl.lit(None, dtype=pl.Int32).alias("period"),
            pl.lit(cmap.index["value"] + 1, dtype=pl.Int32).alias("_value_col"),
        )

    def number(name: str) -> pl.Expr:
        if name == "value":
            return value_expr.alias("value")
        if name in cmap.index:
            return pl.col(f"c{cmap.index[name]}").alias(name)
        return pl.lit(None, dtype=pl.String).alias(name)

    org_index = cmap.index.get("organisation")

    if org_index is not None:
        # Trimmed once (a blank one is the home organisation's row), then compared per column.
        org = pl.col(f"c{org_index}").str.strip_chars()
        if home is not None:
            org = pl.when(org.is_null() | (org == "")).then(pl.lit(home)).otherwise(org)
        lf = lf.with_columns(org.alias("_org"))

    def org_expr() -> pl.Expr:
        return pl.col("_org")

    def text(name: str) -> pl.Expr:
        if name == "organisation":
            return org_expr().alias(name)
        if name == "kpi_id":
            return pl.col(f"c{cmap.index[name]}").str.strip_chars().alias(name)
        expr = pl.col(f"c{cmap.index[name]}")  # tidied after the split (`_tidy_text`)
        if home_only:
            # Other organisations' rows only feed benchmarks: keep their numbers, not text.
            expr = pl.when(org_expr() == home).then(expr)
        return expr.alias(name)

    numbers = ("value", "target", "floor", "tolerance")
    present = [
        name
        for name in (*TEXT_COLUMNS, "polarity", "rag", "reason", "tolerance_type", *numbers)
        if name in cmap.index or name == "value"
    ]
    renamed = {"polarity": "_polarity_text", "rag": "_rag_text", "reason": "_reason_text"}
    lf = lf.select(
        "_row",
        "period",
        "_value_col",
        period_text.alias("_period_text"),
        *[
            (number(name) if name in numbers else text(name)).alias(renamed.get(name, name))
            for name in present
        ],
    )
    counting = None
    if not tf.parquet and tf.decoded is None:
        # Line numbers need the file's newline count; polars releases the GIL while it
        # reads, so count in parallel rather than in a second pass afterwards.
        counting = threading.Thread(target=_count_quietly, args=(tf,), daemon=True)
        counting.start()
    try:
        raw = _collect(lf, tf)
    finally:
        if counting is not None:
            counting.join()
    rows = _max_row(raw) + 1  # every data record, home or not, blank rows included
    # Row index -> file line; cheap unless a record spans lines (then one csv pass, which
    # the `_line` column needs anyway).
    line_of = tf.line_of_rows(rows)
    others: pl.DataFrame | None = None
    if home_only:
        # Other organisations need only ids, periods and values (for benchmarks): clean
        # those alone and leave the full treatment to the home organisation's rows.
        is_home = pl.col("organisation") == home
        mask = raw.select(is_home.fill_null(False)).to_series()
        others = raw.select(
            "_row", "period", "_period_text", "_value_col", "organisation", "kpi_id", "value"
        ).filter(~mask)
        raw = raw.filter(mask)
    if "organisation" not in cmap.index:
        # A file without the column belongs to the home organisation (when another file
        # names one), so its rows stack with, and are checked against, that organisation's.
        raw = raw.with_columns(pl.lit(home or "", dtype=pl.String).alias("organisation"))
    # Columns the file does not have are added only now, to the (home) rows that use them.
    wanted = [*TEXT_COLUMNS, *renamed.values(), "tolerance_type", *numbers]
    raw = raw.with_columns(
        pl.lit(None, dtype=pl.String).alias(c) for c in wanted if c not in raw.columns
    )
    raw = raw.with_columns(
        *[
            _tidy_text(c)
            for c in (*TEXT_COLUMNS, *renamed.values(), "tolerance_type")
            if c not in ("organisation", "kpi_id")
        ],
    ).with_columns(pl.col("tolerance_type").str.to_lowercase())
    raw, found = _tolerance_types(raw, tf, header, cmap, line_of)
    issues.extend(found)
    if not wide:
        issues.extend(_year_quarter_note(raw, tf, config, cmap, line_of))
        raw, bad_rows = _map_periods(raw, config)
        for row, reason, kpi in bad_rows:
            issues.append(
                Issue(
                    Severity.ERROR,
                    "bad-period",
                    f"{reason}; this row was left out",
                    Location(
                        tf.display,
                        line_of(row),
                        cmap.index["period"] + 1,
                        header[cmap.index["period"]],
                    ),
                    kpi_id=kpi,
                )
            )
        if others is not None:
            others, _ = _map_periods(others, config)
    if not tf.parquet and tf.size <= SHORT_ROW_CHECK:
        # polars reads a short row's missing fields as blanks; say so, since a truncated
        # row can turn a rated KPI into "not rated" without anyone noticing.
        for line, fields in tf.short_records():
            issues.append(
                Issue(
                    Severity.WARNING,
                    "short-row",
                    f"this row has {fields} field{'s' if fields != 1 else ''} but the header has "
                    f"{len(header)}; the missing ones were read as blank",
                    Location(
                        tf.display, line, fields + 1, header[fields] if fields < len(header) else ""
                    ),
                )
            )
    frame = raw
    frame = frame.with_columns(pl.col(name).alias(f"{name}__raw") for name in numbers)
    frame = clean_columns(frame, list(numbers))
    frame = frame.with_columns(_lines(tf, frame, rows))
    if "kpi_id" not in cmap.index:
        frame = frame.with_columns(pl.col("indicator").alias("kpi_id"))
    elif "indicator" not in cmap.index:
        frame = frame.with_columns(pl.col("kpi_id").alias("indicator"))
    home_rows = frame.filter(pl.col("organisation") == home) if home_only else frame
    issues.extend(_cell_issues(home_rows, tf, header, cmap))
    no_id = frame.filter(pl.col("kpi_id").is_null() | (pl.col("kpi_id") == ""))
    for line in no_id.get_column("_line").to_list():
        name = "kpi_id" if "kpi_id" in cmap.index else "indicator"
        issues.append(
            Issue(
                Severity.ERROR,
                "missing-kpi",
                "the row names no KPI; it was left out",
                Location(tf.display, line, cmap.index[name] + 1, header[cmap.index[name]]),
            )
        )
    frame = frame.filter(pl.col("kpi_id").is_not_null() & (pl.col("kpi_id") != ""))
    polarity_lower = pl.col("_polarity_text").str.to_lowercase()
    frame = frame.with_columns(
        polarity_lower.replace_strict(POLARITY_WORDS, default=None, return_dtype=pl.String).alias(
            "polarity"
        ),
        pl.col("_rag_text")
        .str.to_lowercase()
        .replace_strict(RAG_WORDS, default=None, return_dtype=pl.String)
        .alias("published_rag"),
        pl.when(pl.col("value").is_null())
        .then(
            pl.coalesce(
                pl.col("_reason_text").str.to_lowercase(),
                pl.when(pl.col("value__bad")).then(pl.lit("unusable value")),
                pl.col("value__missing"),
            )
        )
        .alias("value_reason"),
        pl.lit(file_index, dtype=pl.Int32).alias("_file"),
    )
    unknown = frame.filter(
        pl.col("polarity").is_null()
        & pl.col("_polarity_text").is_not_null()
        & (pl.col("_polarity_text") != "")
    )
    for kpi, text, line in (
        unknown.group_by("kpi_id", maintain_order=True)
        .first()
        .select("kpi_id", "_polarity_text", "_line")
        .iter_rows()
    ):
        issues.append(
            Issue(
                Severity.WARNING,
                "unknown-polarity",
                f"polarity '{text}' is not recognised (use H, L or T); it is inferred from the "
                "target and floor",
                Location(
                    tf.display, line, cmap.index["polarity"] + 1, header[cmap.index["polarity"]]
                ),
                kpi_id=kpi,
            )
        )
    frame = frame.with_columns(*[pl.col(c).fill_null("") for c in TEXT_COLUMNS]).select(
        list(SCHEMA)
    )
    if others is not None:
        others = clean_columns(others.drop("_period_text"), ["value"])
        others = others.with_columns(
            _lines(tf, others, rows), pl.lit(file_index, dtype=pl.Int32).alias("_file")
        ).select(list(PEER_SCHEMA))
    source = SourceFile(
        path=tf.path,
        display=tf.display,
        size=tf.size,
        encoding=tf.encoding,
        layout=layout,
        rows=rows,
        header=header,
        columns=columns_1based,
    )
    return frame, others, source, issues


def _cell_issues(
    frame: pl.DataFrame, tf: TextFile, header: list[str], cmap: ColumnMap
) -> list[Issue]:
    issues: list[Issue] = []
    for name in ("value", "target", "floor", "tolerance"):
        if name != "value" and name not in cmap.index:
            continue
        fixed_col = cmap.index.get(name)
        bad = frame.filter(pl.col(f"{name}__bad"))
        if bad.height:
            for row in bad.select(
                "_line", "kpi_id", "period", "_value_col", f"{name}__raw"
            ).iter_rows():
                line, kpi, period, raw = row[0], row[1], row[2], row[4]
                column = int(row[3]) if name == "value" else (fixed_col or 0) + 1
                issues.append(
                    Issue(
                        Severity.WARNING if name == "value" else Severity.ERROR,
                        f"bad-{name}",
                        f"the {name} '{raw}' is not a number, so it was treated as missing",
                        Location(tf.display, line, column, header[column - 1] if column else name),
                        kpi_id=kpi or "",
                        period=label(period),
                    )
                )
        commas = frame.filter(pl.col(f"{name}__decimal_comma"))
        for line, kpi, period, col in commas.select(
            "_line", "kpi_id", "period", "_value_col"
        ).iter_rows():
            column = int(col) if name == "value" else (fixed_col or 0) + 1
            issues.append(
                Issue(
                    Severity.WARNING,
                    "decimal-comma",
                    f"the {name} uses a decimal comma; it was read with a decimal point",
                    Location(tf.display, line, column, header[column - 1]),
                    kpi_id=kpi or "",
                    period=label(period),
                )
            )
    missing = frame.filter(pl.col("value").is_null() & ~pl.col("value__bad"))
    for line, kpi, period, col, reason in missing.select(
        "_line", "kpi_id", "period", "_value_col", pl.coalesce("_reason_text", "value__missing")
    ).iter_rows():
        issues.append(
            Issue(
                Severity.INFO,
                "missing-value",
                f"no value ({reason})",
                Location(tf.display, line, int(col), header[int(col) - 1]),
                kpi_id=kpi or "",
                period=label(period),
            )
        )
    return issues


def _size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return f"{size} bytes"  # pragma: no cover


def _first_organisation(paths: Sequence[str | Path], config: Config) -> str | None:
    """The organisation on the first data row of the first file that has that column."""
    for path in paths:
        try:
            tf = open_text(path)
            cmap = match_columns(tf.header, config.columns, tf.display)
        except QprError:
            continue  # reported properly when the file is read
        index = cmap.index.get("organisation")
        if index is not None and index < len(tf.first_record) and tf.first_record[index].strip():
            return tf.first_record[index].strip()
    return None


def load(
    paths: Sequence[str | Path],
    config: Config | None = None,
    *,
    strict: bool = True,
    progress: Progress | None = None,
    organisation: str | None = None,
    everything: bool = False,
) -> Dataset:
    """Load KPI files into one `Dataset`.

    With ``strict`` (the default) rows that contradict each other (the same KPI and period
    twice) raise `QprError`; otherwise they are kept as findings for ``qpr validate``.
    In a file with several organisations, only the home one (``organisation``, else the
    configured one, else the first in the file) keeps its text columns and findings, unless
    ``everything`` is set.
    """
    config = config or Config()
    if not paths:
        raise QprError("no input file was given.")
    home = organisation or config.organisation or _first_organisation(paths, config)
    frames: list[pl.DataFrame] = []
    peer_frames: list[pl.DataFrame] = []
    sources: list[SourceFile] = []
    issues: list[Issue] = []
    for number, (path, shown) in enumerate(zip(paths, [str(p) for p in paths], strict=True)):
        if progress:
            size = Path(path).stat().st_size if Path(path).is_file() else 0
            progress(f"Reading {shown} ({_size(size)})", number / len(paths))
        frame, others, source, found = read_file(
            path, config, number, shown, home, split=not everything
        )
        frames.append(frame)
        if others is not None:
            peer_frames.append(others)
        sources.append(source)
        issues.extend(found)
    frame = pl.concat(frames, how="vertical") if len(frames) > 1 else frames[0]
    peers = pl.concat(peer_frames) if peer_frames else None
    if frame.height == 0 and peers is not None and peers.height:
        orgs = peers.get_column("organisation").unique(maintain_order=True).to_list()
        raise QprError(
            f"the home organisation '{home}' is not in the data, which has {len(orgs)}: "
            f"{', '.join(orgs[:5])}{'…' if len(orgs) > 5 else ''}.",
            hint="Choose one with --organisation, or set organisation in the configuration.",
        )
    if frame.height == 0:
        dropped = [i for i in issues if i.severity is Severity.ERROR]
        if dropped:
            raise QprError(
                f"no row could be used: {dropped[0].message.split('; this row')[0]} (and "
                f"{len(dropped) - 1} more rows "
                "like it).",
                dropped[0].location,
                hint="Periods are spelled like '2024/25 Q2', 'Sep-24' or '2024-09-30'.",
            )
        raise QprError(
            "the file has a header but no data rows.",
            Location(sources[0].display, 2) if len(sources) == 1 else None,
        )
    values_seen = frame.filter(pl.col("value").is_not_null()).height
    if values_seen == 0 and frame.filter(pl.col("value_reason") == "unusable value").height:
        raise QprError(
            "no value in the file is a number, so there is nothing to rate.",
            sources[0].location(2, "value") if len(sources) == 1 else None,
            hint="Check that the value column holds numbers such as 85.2 or 85.2%.",
        )
    if progress:
        progress("Checking for duplicate rows", 0.9)
    # Home and peer rows are different organisations, so they cannot duplicate each other.
    duplicates = _duplicates(frame, sources)
    if peers is not None:
        duplicates += _duplicates(peers, sources)
    if duplicates and strict:
        shown = "; ".join(str(i.message) for i in duplicates[:5])
        more = f" (and {len(duplicates) - 5} more)" if len(duplicates) > 5 else ""
        raise QprError(
            f"the same KPI and period appear twice: {shown}{more}.",
            hint="Remove one of each pair, or load the files separately.",
        )
    issues.extend(duplicates)
    frame, inferred = _infer_polarity(frame, sources, issues)
    issues.extend(inferred)
    if progress:
        progress("Loaded", 1.0)
    return Dataset(
        frame=frame,
        sources=sources,
        config=config,
        issues=issues,
        peers=peers,
        home=home if peers is not None else None,
    )


def _duplicates(frame: pl.DataFrame, sources: list[SourceFile]) -> list[Issue]:
    keys = ["organisation", "kpi_id", "period"]
    if frame.select(pl.struct(keys).n_unique()).item() == frame.height:
        return []
    dup = frame.filter(pl.len().over(keys) > 1)
    issues: list[Issue] = []
    grouped = dup.group_by(keys, maintain_order=True).agg(pl.col("_file"), pl.col("_line"))
    for _org, kpi, period, files, lines in grouped.iter_rows():
        places = [f"{sources[f].display} line {line}" for f, line in zip(files, lines, strict=True)]
        first = sources[files[1]].location(lines[1], "kpi_id")
        issues.append(
            Issue(
                Severity.ERROR,
                "duplicate",
                f"{kpi} {label(period)} is in {' and in '.join(places)}",
                first,
                kpi_id=kpi,
                period=label(period),
            )
        )
    return issues


def _infer_polarity(
    frame: pl.DataFrame, sources: list[SourceFile], issues: list[Issue]
) -> tuple[pl.DataFrame, list[Issue]]:
    """Fill a missing polarity per KPI: from another row of the same KPI, else from
    target and floor (floor above target means lower is better), else higher is better."""
    known = pl.col("polarity").drop_nulls().last().over("kpi_id")
    guess = (
        pl.when(pl.col("floor") > pl.col("target"))
        .then(pl.lit("L"))
        .when(pl.col("floor") < pl.col("target"))
        .then(pl.lit("H"))
    )
    guess_kpi = guess.drop_nulls().last().over("kpi_id")
    frame = frame.with_columns(pl.col("polarity").is_null().all().over("kpi_id").alias("_guessed"))
    warned = {i.kpi_id for i in issues if i.code == "unknown-polarity"}
    frame = frame.with_columns(
        pl.coalesce(pl.col("polarity"), known, guess_kpi, pl.lit("H")).alias("polarity")
    )
    found: list[Issue] = []
    guessed = (
        frame.filter(pl.col("_guessed") & ~pl.col("kpi_id").is_in(list(warned)))
        .group_by("kpi_id", maintain_order=True)
        .agg(pl.col("polarity").first(), pl.col("_file").first(), pl.col("_line").first())
    )
    silent: dict[int, list[str]] = {}  # files with no polarity column: one note per file
    for kpi, polarity, file, line in guessed.iter_rows():
        if "polarity" not in sources[file].columns:
            silent.setdefault(file, []).append(f"{kpi} {polarity}")
            continue
        word = {"H": "higher", "L": "lower"}.get(polarity, "higher")
        found.append(
            Issue(
                Severity.WARNING,
                "missing-polarity",
                f"no polarity given for {kpi}; assumed {word} is better",
                sources[file].location(line, "polarity"),
                kpi_id=kpi,
            )
        )
    for file, kpis in silent.items():
        shown = ", ".join(kpis[:6]) + (f" and {len(kpis) - 6} more" if len(kpis) > 6 else "")
        found.append(
            Issue(
                Severity.WARNING,
                "missing-polarity",
                f"no polarity column: inferred from target and floor (a floor above the target "
                f"means lower is better), else higher is better: {shown}",
                Location(sources[file].display, 1),
            )
        )
    return frame.drop("_guessed"), found
