"""Reading one or more KPI files into a `Dataset`.

Long files (one row per KPI per period) and wide files (one column per period) are both
accepted; several files are stacked. Every cell that cannot be used becomes an `Issue`
naming its file, line and column; problems that make the whole input unusable raise
`QprError`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import polars as pl

from qpr_tui.config import Config
from qpr_tui.errors import Issue, Location, QprError, Severity
from qpr_tui.ingest.columns import ColumnMap, match_columns
from qpr_tui.ingest.textfile import TextFile, open_text
from qpr_tui.ingest.values import clean_values
from qpr_tui.model import SCHEMA, TEXT_COLUMNS, Dataset, SourceFile
from qpr_tui.periods import PeriodError, label, parse_period

Progress = Callable[[str, float], None]

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
NO_POLARITY = {"", "n/a", "none", "neither", "neutral", "na", "data only", "contextual"}
RAG_WORDS: dict[str, str] = {
    **dict.fromkeys(["g", "green"], "G"),
    **dict.fromkeys(["a", "amber", "yellow"], "A"),
    **dict.fromkeys(["r", "red"], "R"),
    **dict.fromkeys(["b", "blue"], "B"),
}


def _text(cmap: ColumnMap, name: str) -> pl.Expr:
    if name not in cmap.index:
        return pl.lit(None, dtype=pl.String).alias(name)
    col = pl.col(f"c{cmap.index[name]}")
    return col.str.replace_all(r"[\r\n\t]+", " ").str.strip_chars().alias(name)


def _read_frame(tf: TextFile, indices: list[int]) -> pl.DataFrame:
    names = [f"c{i}" for i in range(len(tf.header))]
    try:
        frame = pl.read_csv(
            tf.source(),
            has_header=True,
            new_columns=names,
            columns=indices,
            separator=tf.separator,
            infer_schema=False,
            raise_if_empty=False,
            truncate_ragged_lines=False,
        )
    except (pl.exceptions.ComputeError, pl.exceptions.ShapeError) as exc:
        # polars does not say where; find the first bad record with the csv module.
        starts = tf.record_lines()
        import csv
        import io

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
        raise QprError(
            f"the file could not be read as CSV ({first}).", Location(tf.display)
        ) from None
    return frame


def read_file(
    path: str | Path, config: Config, file_index: int = 0, display: str | None = None
) -> tuple[pl.DataFrame, SourceFile, list[Issue]]:
    """Read one file into canonical columns (see `qpr_tui.model`) and its findings."""
    tf = open_text(path, display)
    issues: list[Issue] = []
    header = tf.header
    period_headers: dict[int, int] = {}
    for i, text in enumerate(header):
        try:
            period_headers[i] = parse_period(text, config.year_quarters)
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
    raw = _read_frame(tf, indices)
    rows = raw.height
    raw = raw.with_row_index("_row")
    # Fully blank rows (spacer lines) carry no data; everything else is kept or reported.
    data_cols = [c for c in raw.columns if c != "_row"]
    raw = raw.filter(
        ~pl.all_horizontal(
            [pl.col(c).is_null() | (pl.col(c).str.strip_chars() == "") for c in data_cols]
        )
    )
    columns_1based = {name: i + 1 for name, i in cmap.index.items()}
    if wide:
        id_cols = [f"c{i}" for i in sorted(cmap.index.values())]
        raw = raw.unpivot(
            on=[f"c{i}" for i in value_indices],
            index=["_row", *id_cols],
            variable_name="_var",
            value_name="_value_text",
        )
        col_of = {f"c{i}": i + 1 for i in value_indices}
        period_of = {f"c{i}": period_headers[i] for i in value_indices}
        raw = raw.with_columns(
            pl.col("_var").replace_strict(col_of, return_dtype=pl.Int32).alias("_value_col"),
            pl.col("_var").replace_strict(period_of, return_dtype=pl.Int32).alias("period"),
        )
        value_expr = pl.col("_value_text")
    else:
        texts = raw.get_column(f"c{cmap.index['period']}").unique().to_list()
        mapping: dict[str | None, int | None] = {}
        bad_periods: dict[str | None, str] = {}
        for text in texts:
            if text is None or not text.strip():
                mapping[text] = None
                bad_periods[text] = "the period is blank"
                continue
            try:
                mapping[text] = parse_period(text, config.year_quarters)
            except PeriodError as exc:
                mapping[text] = None
                bad_periods[text] = exc.message
        raw = raw.with_columns(
            pl.col(f"c{cmap.index['period']}")
            .replace_strict(mapping, default=None, return_dtype=pl.Int32)
            .alias("period"),
            pl.lit(cmap.index["value"] + 1, dtype=pl.Int32).alias("_value_col"),
        )
        value_expr = pl.col(f"c{cmap.index['value']}")
        if bad_periods:
            period_col = f"c{cmap.index['period']}"
            bad_rows = raw.filter(pl.col("period").is_null()).select("_row", period_col)
            line_of = tf.line_of_rows(rows)
            for row, text in bad_rows.iter_rows():
                issues.append(
                    Issue(
                        Severity.ERROR,
                        "bad-period",
                        f"{bad_periods[text]}; this row was left out",
                        Location(
                            tf.display,
                            line_of(row),
                            cmap.index["period"] + 1,
                            header[cmap.index["period"]],
                        ),
                    )
                )
            raw = raw.filter(pl.col("period").is_not_null())

    def number(name: str) -> pl.Expr:
        if name == "value":
            return value_expr.alias("value")
        if name in cmap.index:
            return pl.col(f"c{cmap.index[name]}").alias(name)
        return pl.lit(None, dtype=pl.String).alias(name)

    frame = raw.select(
        "_row",
        "period",
        "_value_col",
        *[_text(cmap, name) for name in TEXT_COLUMNS],
        _text(cmap, "polarity").alias("_polarity_text"),
        _text(cmap, "rag").alias("_rag_text"),
        _text(cmap, "reason").alias("_reason_text"),
        _text(cmap, "tolerance_type").str.to_lowercase().alias("tolerance_type"),
        *[number(name) for name in ("value", "target", "floor", "tolerance")],
    )
    numbers = ("value", "target", "floor", "tolerance")
    frame = frame.with_columns(pl.col(name).alias(f"{name}__raw") for name in numbers)
    frame = frame.with_columns(*[e for name in numbers for e in clean_values(name)])
    line_of = tf.line_of_rows(rows)
    simple = tf.line_of_rows(rows)(0) == 2 and (
        tf.newlines - (0 if tf.ends_with_newline else -1) == rows + 1
    )
    if simple:
        frame = frame.with_columns((pl.col("_row").cast(pl.Int64) + 2).alias("_line"))
    else:
        frame = frame.with_columns(
            pl.col("_row").map_elements(line_of, return_dtype=pl.Int64).alias("_line")
        )
    if "kpi_id" not in cmap.index:
        frame = frame.with_columns(pl.col("indicator").alias("kpi_id"))
    elif "indicator" not in cmap.index:
        frame = frame.with_columns(pl.col("kpi_id").alias("indicator"))
    issues.extend(_cell_issues(frame, tf, header, cmap))
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
        & ~pl.col("_polarity_text").str.to_lowercase().is_in(list(NO_POLARITY))
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
    source = SourceFile(
        path=tf.path,
        display=tf.display,
        sha256=tf.sha256,
        size=tf.size,
        encoding=tf.encoding,
        layout=layout,
        rows=rows,
        header=header,
        columns=columns_1based,
    )
    return frame, source, issues


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
            raw_col = "_value_col" if name == "value" else None
            for row in bad.select(
                "_line", "kpi_id", "period", "_value_col", f"{name}__raw"
            ).iter_rows():
                line, kpi, period, raw = row[0], row[1], row[2], row[4]
                column = int(row[3]) if raw_col else (fixed_col or 0) + 1
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


def _display_names(paths: Sequence[str | Path]) -> list[str]:
    return [str(p) for p in paths]


def load(
    paths: Sequence[str | Path],
    config: Config | None = None,
    *,
    strict: bool = True,
    progress: Progress | None = None,
) -> Dataset:
    """Load KPI files into one `Dataset`.

    With ``strict`` (the default) rows that contradict each other (the same KPI and period
    twice) raise `QprError`; otherwise they are kept as findings for ``qpr validate``.
    """
    config = config or Config()
    if not paths:
        raise QprError("no input file was given.")
    frames: list[pl.DataFrame] = []
    sources: list[SourceFile] = []
    issues: list[Issue] = []
    for number, (path, shown) in enumerate(zip(paths, _display_names(paths), strict=True)):
        if progress:
            progress(f"Reading {shown}", number / len(paths))
        frame, source, found = read_file(path, config, number, shown)
        frames.append(frame)
        sources.append(source)
        issues.extend(found)
    frame = pl.concat(frames, how="vertical") if len(frames) > 1 else frames[0]
    if frame.height == 0:
        dropped = [i for i in issues if i.severity is Severity.ERROR]
        if dropped:
            raise QprError(
                f"no row could be used: {dropped[0].message.split('; this row')[0]} (and "
                f"{len(dropped) - 1} more rows "
                "like it).", dropped[0].location,
                hint="Periods are spelled like '2024/25 Q2', 'Sep-24' or '2024-09-30'.")
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
    duplicates = _duplicates(frame, sources)
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
    return Dataset(frame=frame, sources=sources, config=config, issues=issues)


def _duplicates(frame: pl.DataFrame, sources: list[SourceFile]) -> list[Issue]:
    keys = ["organisation", "kpi_id", "period"]
    dup = frame.filter(pl.len().over(keys) > 1)
    if dup.height == 0:
        return []
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
        found.append(Issue(Severity.WARNING, "missing-polarity",
                           f"no polarity given for {kpi}; assumed {word} is better",
                           sources[file].location(line, "polarity"), kpi_id=kpi))
    for file, kpis in silent.items():
        shown = ", ".join(kpis[:6]) + (f" and {len(kpis) - 6} more" if len(kpis) > 6 else "")
        found.append(Issue(
            Severity.WARNING, "missing-polarity",
            f"no polarity column: inferred from target and floor (a floor above the target "
            f"means lower is better), else higher is better: {shown}",
            Location(sources[file].display, 1)))
    return frame.drop("_guessed"), found
