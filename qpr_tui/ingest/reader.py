"""Reading one or more KPI files into a `Dataset`.

Long files (one row per KPI per period) and wide files (one column per period) are both
accepted; several files are stacked. Each file is read by the stages of
`qpr_tui.ingest.stages`, composed into one lazy query that is collected once; every cell that
cannot be used becomes an `Issue` naming its file, line and column. Problems that make the
whole input unusable raise `QprError`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import polars as pl

from qpr_tui.config import Config
from qpr_tui.errors import Issue, Location, QprError
from qpr_tui.ingest.columns import match_columns
from qpr_tui.ingest.combine import check_usable, duplicates, infer_polarity, restatements
from qpr_tui.ingest.stages import finish, finish_peers, pipeline
from qpr_tui.ingest.stages.columns import Plan, plan_columns
from qpr_tui.ingest.stages.findings import findings, short_rows
from qpr_tui.ingest.stages.lines import (
    diagnose,
    line_count,
    lines_of,
    one_line_each,
    short_records,
)
from qpr_tui.ingest.stages.periods import known_spellings
from qpr_tui.ingest.stages.scan import scan
from qpr_tui.ingest.stages.values import needs_text, value_reason
from qpr_tui.ingest.textfile import TextFile, open_text
from qpr_tui.ingest.words import Words
from qpr_tui.model import PEER_SCHEMA, SCHEMA, TEXT_COLUMNS, Dataset, SourceFile

Progress = Callable[[str, float], None]
# Files up to this size are also checked for rows with too few fields (polars reads the lines
# of the records that could be short once more).
SHORT_ROW_CHECK = 20 * 1024 * 1024


class _NotUtf8(Exception):
    """polars met invalid UTF-8 beyond the sniffed head: retry as Windows-1252."""


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
        tf = open_text(path, display)
        result = _read(tf, config, file_index, home, split)
    except _NotUtf8:
        tf = open_text(path, display, force_decode=True)
        result = _read(tf, config, file_index, home, split)
    frame, others, source, issues = result
    # A wide file repeats a KPI's target and floor on every period's row: one finding per cell.
    seen: set[tuple[str, str, int, int]] = set()
    unique: list[Issue] = []
    for issue in issues:
        key = (issue.code, issue.location.file, issue.location.line, issue.location.column)
        if key not in seen or not issue.location.line:
            seen.add(key)
            unique.append(issue)
    if source.encoding == "parquet":
        unique = [replace(i, location=replace(i.location, line_word="row")) for i in unique]
    return frame, others, source, unique


def _read(
    tf: TextFile, config: Config, file_index: int, home: str | None, split: bool
) -> tuple[pl.DataFrame, pl.DataFrame | None, SourceFile, list[Issue]]:
    plan, issues = plan_columns(tf.header, config, tf.display, home, split)
    raw, lines = _query(tf, plan, config.year_quarters)
    records = 0 if raw.height == 0 else int(raw.get_column("_row").max()) + 1  # type: ignore[arg-type]
    one_line = one_line_each(tf, records, lines)
    if not one_line:
        raw = raw.with_columns(lines_of(raw.get_column("_row"), tf).alias("_line"))
    short = short_rows(plan, _short_records(tf, raw, one_line))
    others = _peers(raw, plan, config.year_quarters, file_index)
    rows = raw.filter(pl.col("_home")) if plan.split else raw
    mine = finish(rows, plan, config.year_quarters, Words.from_config(config))
    mine, found = findings(mine, plan, config.year_quarters, short)
    source = SourceFile(
        path=tf.path,
        display=tf.display,
        size=tf.size,
        encoding=tf.encoding,
        layout=plan.layout,
        rows=records,
        header=tf.header,
        columns={name: i + 1 for name, i in plan.index.items()},
    )
    return _frame(mine, file_index), others, source, issues + found


def _query(tf: TextFile, plan: Plan, year_quarters: str) -> tuple[pl.DataFrame, int]:
    """The file's collected result and line count. Target, floor and tolerance are read as
    numbers first, and the file again as text if one of them is not a plain finite number."""
    known = known_spellings(tf.sample, plan, year_quarters)
    if not tf.parquet:
        try:
            raw, lines = _collect(pipeline(scan(tf, plan, typed=True), plan, known), tf)
            if not needs_text(raw):
                return raw, lines
        except _NotPlainNumber:
            pass
    return _collect(pipeline(scan(tf, plan), plan, known), tf)


class _NotPlainNumber(Exception):
    """A column read as numbers has a cell that is not a plain number."""


def _collect(lf: pl.LazyFrame, tf: TextFile) -> tuple[pl.DataFrame, int]:
    """Run the file's query; for a text file first polars' count of its lines, which says
    whether every record is one line.

    (Two collects: `pl.collect_all` mixes up the options of two scans of one file. The count
    goes first, so its mapping of the file is released before the query's memory peaks.)"""
    lines = 0 if tf.parquet else int(line_count(tf).collect().item())
    try:
        return lf.collect(engine="streaming"), lines
    except (
        pl.exceptions.ComputeError,
        pl.exceptions.ShapeError,
        pl.exceptions.InvalidOperationError,  # a Parquet column that is not text or numbers
    ) as exc:
        if "as dtype `f64`" in str(exc):
            raise _NotPlainNumber from None
        if "utf-8" in str(exc).lower() and tf.decoded is None:
            raise _NotUtf8 from None
        if tf.parquet:
            first = str(exc).strip().splitlines()[0]
            raise QprError(
                f"the Parquet file cannot be read ({first}).", Location(tf.display)
            ) from None
        diagnose(tf, exc)


def _short_records(tf: TextFile, raw: pl.DataFrame, one_line: bool) -> list[tuple[int, int]]:
    """Records with fewer fields than the header: polars reads their missing fields as
    blanks, and a truncated row can turn a rated KPI into "not rated" unnoticed."""
    if tf.parquet or tf.size > SHORT_ROW_CHECK:
        return []
    candidates = raw.filter(pl.col("_maybe_short")).get_column("_row").unique()
    return short_records(tf, candidates, one_line) if candidates.len() else []


def _frame(rows: pl.DataFrame, file_index: int) -> pl.DataFrame:
    return rows.with_columns(
        *[pl.col(c).fill_null("") for c in TEXT_COLUMNS],
        value_reason(),
        pl.col("value__provisional").alias("provisional"),
        pl.lit(file_index, dtype=pl.Int32).alias("_file"),
    ).select(list(SCHEMA))


def _peers(
    raw: pl.DataFrame, plan: Plan, year_quarters: str, file_index: int
) -> pl.DataFrame | None:
    """Other organisations' rows with a readable period, kept lean for benchmarking."""
    if not plan.split:
        return None
    wanted = ["organisation", "kpi_id", "period", "value", "_line"]
    # The texts are carried over only when there is something to read in them.
    for text in ("value__text", "_period_text"):
        if text in raw.columns and raw.get_column(text).null_count() < raw.height:
            wanted.append(text)
    rows = raw.filter(~pl.col("_home")).select(wanted)
    rows = finish_peers(rows, plan, year_quarters).filter(pl.col("period").is_not_null())
    return rows.with_columns(pl.lit(file_index, dtype=pl.Int32).alias("_file")).select(
        list(PEER_SCHEMA)
    )


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
    for number, path in enumerate(paths):
        shown = str(path)
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
    check_usable(frame, peers, issues, sources, home)
    if progress:
        progress("Checking for duplicate rows", 0.9)
    dataset = _dataset(frame, peers, sources, issues, config, strict, home)
    if progress:
        progress("Loaded", 1.0)
    return dataset


def _duplicate_hint(files: int) -> str:
    hint = "Remove one of each pair, or load the files separately."
    if files > 1:
        hint += (
            " If a later file restates figures of an earlier one, set [load] restated = "
            '"later file wins" in the configuration.'
        )
    return hint


def _dataset(
    frame: pl.DataFrame,
    peers: pl.DataFrame | None,
    sources: list[SourceFile],
    issues: list[Issue],
    config: Config,
    strict: bool,
    home: str | None,
) -> Dataset:
    # Home and peer rows are different organisations, so they cannot duplicate each other.
    found: list[Issue] = []
    if config.load.restated == "later file wins":
        frame, found = restatements(frame, sources)
        if peers is not None:
            peers, restated_peers = restatements(peers, sources)
            found += restated_peers
    found += duplicates(frame, sources)
    if peers is not None:
        found += duplicates(peers, sources)
    errors = [i for i in found if i.code == "duplicate"]
    if errors and strict:
        shown = "; ".join(str(i.message) for i in errors[:5])
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        raise QprError(
            f"the same KPI and period appear twice: {shown}{more}.",
            hint=_duplicate_hint(len(sources)),
        )
    frame, issues = infer_polarity(frame, sources, issues + found)
    return Dataset(
        frame=frame,
        sources=sources,
        config=config,
        issues=issues,
        peers=peers,
        home=home if peers is not None else None,
    )
