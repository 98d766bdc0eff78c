"""Reading one or more KPI files into a `Dataset`.

Long files (one row per KPI per period) and wide files (one column per period) are both
accepted; several files are stacked. Each file is read by the stages of
`qpr_tui.ingest.stages`, composed into one lazy query that is collected once; every cell that
cannot be used becomes an `Issue` naming its file, line and column. Problems that make the
whole input unusable raise `QprError`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeAlias

import polars as pl

from qpr_tui.config import Config, ConfigSource
from qpr_tui.config.files import settings_for
from qpr_tui.config.schema import FileConfig
from qpr_tui.errors import Issue, Location, QprError, Severity
from qpr_tui.findings import Findings
from qpr_tui.ingest.carried import carried_rows, merge_carried, split_carried
from qpr_tui.ingest.catalogue import join_catalogue
from qpr_tui.ingest.columns import match_columns
from qpr_tui.ingest.combine import check_usable, duplicates, infer_polarity, restatements
from qpr_tui.ingest.field import (
    PeerScan,
    duplicate_rows,
    home_rows,
    lean_source,
    organisations,
    peer_rows,
    whole_field,
)
from qpr_tui.ingest.file_period import FilePeriod
from qpr_tui.ingest.file_settings import check_file_settings
from qpr_tui.ingest.frequency import decide, fold_months, not_due
from qpr_tui.ingest.gaps import blank_thresholds
from qpr_tui.ingest.overrides import apply_overrides
from qpr_tui.ingest.stages import finish, finish_peers, pipeline
from qpr_tui.ingest.stages.columns import Plan, column_name, plan_columns
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
from qpr_tui.ingest.stages.text import UNREPORTED
from qpr_tui.ingest.stages.values import marks, needs_text, value_reason
from qpr_tui.ingest.streams import local_path
from qpr_tui.ingest.switching import Keeping, Retained, blocks
from qpr_tui.ingest.textfile import HEAD, TextFile, open_text, sheet_file
from qpr_tui.ingest.values import Marks
from qpr_tui.ingest.words import Words
from qpr_tui.ingest.workbook import Sheet, is_workbook, misnamed_note, open_workbook
from qpr_tui.model import (
    MONTHS_SCHEMA,
    PEER_SCHEMA,
    READ_PERIOD_SCHEMA,
    SCHEMA,
    TEXT_COLUMNS,
    Dataset,
    PeerField,
    SourceFile,
    calendar_for,
)
from qpr_tui.periods import Calendar

Progress = Callable[[str, float], None]

# Other organisations' rows: kept lean, or left in the file (`qpr_tui.ingest.field`).
Others: TypeAlias = pl.DataFrame | PeerScan | None
Read: TypeAlias = tuple[pl.DataFrame, Others, SourceFile, Findings]
# A workbook's sheets and notes (`open_workbook`), opened once.
Opened: TypeAlias = tuple[list[Sheet], list[Issue]]


class _DecideFromWhole(Exception):
    """polars failed on a file opened from its head: the rest may be in another encoding or
    end its lines otherwise, so the whole file decides (`textfile.decode_whole`) before the
    failure is diagnosed."""


def read_file(
    path: str | Path,
    config: Config,
    file_index: int = 0,
    display: str | None = None,
    home: str | None = None,
    split: bool = True,
    lean: bool = False,
    texts: bool = True,
    keeping: Keeping | None = None,
) -> Read:
    """Read one file into canonical columns (see `qpr_tui.model`) and its findings.

    With ``home`` (an organisation) and an organisation column, other organisations' rows
    keep only what benchmarking needs (ids, periods and numbers), and findings are reported
    for the home organisation's rows only. With ``lean`` too, a Parquet file that allows it
    gives them as a `PeerScan`, a query over the file (`qpr_tui.ingest.field`). Without
    ``texts``, the text columns no finding reads (`UNREPORTED`) are left blank.
    ``keeping``: see `qpr_tui.ingest.switching`.
    """
    settings = settings_for(config, path)
    try:
        tf = open_text(path, display)
        result = _read(tf, config, file_index, home, split, settings, lean, texts, keeping)
    except _DecideFromWhole:
        tf = open_text(path, display, whole=True)
        result = _read(tf, config, file_index, home, split, settings, lean, texts, keeping)
    frame, others, source, issues = result
    note = misnamed_note(path, tf.display)
    return frame, others, source, _unique(Findings.concat([[note] if note else [], issues]), source)


def read_workbook(
    path: str | Path,
    config: Config,
    file_index: int = 0,
    display: str | None = None,
    home: str | None = None,
    split: bool = True,
    opened: Opened | None = None,
    texts: bool = True,
) -> tuple[list[Read], list[Issue]]:
    """Read each sheet of a workbook that holds a KPI table as `read_file` reads a file (the
    sheets take the file indices from ``file_index`` on), and the notes about the sheets
    that were skipped. ``opened``: the workbook as `open_workbook` gave it, if it was;
    ``texts`` as for `read_file`."""
    shown = display or str(path)
    sheets, notes = opened or open_workbook(path, shown, config)
    settings = settings_for(config, path)
    results: list[Read] = []
    for number, sheet in enumerate(sheets):
        try:
            frame, others, source, issues = _read(
                sheet_file(sheet), config, file_index + number, home, split, settings, texts=texts
            )
        except QprError as exc:
            raise QprError(exc.message, in_sheet(exc.location, sheet), exc.hint) from None
        results.append((frame, others, source, _unique(_in_sheet(issues, sheet), source)))
    return results, notes


def in_sheet(location: Location | None, sheet: Sheet) -> Location:
    """A place the stages name in a sheet's terms: the sheet, and its header's row for the
    header (the stages number a header line 1, as in a text file; a sheet's data rows are
    below its header, so line 1 means the header)."""
    if location is None or location.file != sheet.display:
        return location or sheet.place()
    line = sheet.header_row if location.line == 1 else location.line
    return replace(location, line=line, sheet=sheet.name)


def _in_sheet(issues: Findings, sheet: Sheet) -> Findings:
    """`in_sheet` for each of ``issues``."""
    mine = pl.col("file") == sheet.display
    header = mine & (pl.col("line") == 1)
    return Findings(
        issues.frame.with_columns(
            pl.when(header).then(pl.lit(sheet.header_row)).otherwise("line").alias("line"),
            pl.when(mine).then(pl.lit(sheet.name)).otherwise("sheet").alias("sheet"),
        )
    )


def _unique(issues: Findings, source: SourceFile) -> Findings:
    """Each finding once per cell, in the words of the file's kind."""
    # A wide file repeats a KPI's target and floor on every period's row: one finding per cell.
    cell = pl.struct("code", "file", "line", "column")
    unique = issues.where(cell.is_first_distinct() | (pl.col("line") == 0))
    if source.encoding == "parquet":
        unique = Findings(unique.frame.with_columns(pl.lit("row").alias("line_word")))
    return unique


def _read(
    tf: TextFile,
    config: Config,
    file_index: int,
    home: str | None,
    split: bool,
    settings: FileConfig,
    lean: bool = False,
    texts: bool = True,
    keeping: Keeping | None = None,
) -> Read:
    calendar = calendar_for(config)
    name = Path(tf.path).name
    plan, issues = plan_columns(
        tf.header, config, tf.display, home, split, calendar, settings, name
    )
    if not texts:
        plan = plan.without(UNREPORTED)
    known = keeping.block(tf.path, plan.home) if keeping and file_index == 0 else None
    replayed = _replay(tf, plan, calendar, *known) if known else None
    if replayed is not None:
        raw, kept = replayed
        records, short, numbers = kept.records, short_rows(plan, kept.short), kept.marks
        others: Others = kept.peers(str(plan.home))
    else:
        raw, records, short, numbers, others = _read_whole(
            tf, plan, calendar, file_index, lean, keeping
        )
    rows = raw.filter(pl.col("_home")) if plan.split else raw
    del raw  # the cells finish replaces are freed as it returns: a big file's peak is lower
    mine = finish(rows, plan, calendar, Words.from_config(config), numbers)
    del rows
    usable, found = findings(mine, plan, calendar, short, numbers)
    frame = _frame(usable, file_index)
    carried = carried_rows(usable, plan)
    if carried is not None:
        frame = pl.concat([frame, _frame(carried, file_index)])
    if plan.fixed:
        found = Findings.concat([[_period_note(plan.display, plan.fixed, calendar)], found])
    source = SourceFile(
        path=tf.path,
        display=tf.display,
        size=tf.size,
        encoding=tf.encoding,
        layout=plan.layout,
        rows=records,
        header=tf.header,
        columns={name: i + 1 for name, i in plan.index.items()},
        sheet=tf.sheet.name if tf.sheet else "",
        header_line=tf.sheet.header_row if tf.sheet else 1,
        role=plan.role,
        period_from=plan.fixed.described if plan.fixed else "",
    )
    return frame, others, source, Findings.concat([issues, found])


def _read_whole(
    tf: TextFile,
    plan: Plan,
    calendar: Calendar,
    file_index: int,
    lean: bool,
    keeping: Keeping | None,
) -> tuple[pl.DataFrame, int, list[Issue], Marks, Others]:
    """The file's rows, records, short-record findings, number marks and other
    organisations' rows; with ``keeping``, what a switch of home organisation needs too."""
    lean_peers = (
        peer_rows(tf, plan, calendar, file_index) if lean and lean_source(tf, plan) else None
    )
    raw, lines, typed = _query(tf, plan, calendar, home_only=lean_peers is not None)
    records = _records(raw) if lean_peers is None else _parquet_rows(tf)
    one_line = one_line_each(tf, records, lines)
    if not one_line:
        raw = raw.with_columns(lines_of(raw.get_column("_row"), tf).alias("_line"))
    found = _short_records(tf, raw, one_line)
    numbers = marks(raw, tf.separator)
    others: Others = lean_peers
    if lean_peers is None:
        others = _peers(raw, plan, calendar, file_index, numbers)
    if keeping is not None:
        reusable = one_line and file_index == 0 and not (plan.wide or tf.tabular or tf.whole)
        keeping.kept = None
        if reusable and plan.split and tf.decoded is None and isinstance(others, pl.DataFrame):
            runs = blocks(raw)
            if str(plan.home) in runs:  # else some of its rows may have a blank name
                mine = _lean(raw.filter(pl.col("_home")), plan, calendar, file_index, numbers)
                keeping.kept = Retained(
                    tf.path, str(plan.home), records, typed, found, numbers, others, mine, runs
                )
    return raw, records, short_rows(plan, found), numbers, others


def _replay(
    tf: TextFile, plan: Plan, calendar: Calendar, kept: Retained, block: tuple[int, int]
) -> tuple[pl.DataFrame, Retained] | None:
    """The home organisation's rows from its ``block`` of records, read as the whole file
    was (None if that fails: the whole file is read then)."""
    known = known_spellings(tf.sample, plan, calendar)
    lf = pipeline(scan(tf, plan, typed=kept.typed, block=block), plan, known, calendar)
    try:
        if not _named(tf, plan, kept):
            return None
        raw = _run_query(lf)
    except (pl.exceptions.PolarsError, OSError):
        return None
    return raw, kept


def _named(tf: TextFile, plan: Plan, kept: Retained) -> bool:
    """Whether every row the load that kept ``kept`` gave its home organisation names it: a
    row with a blank name is the home organisation's, so it would be the new one's. Those
    rows are among the kept home organisation's run of records (it is one run), which is
    read once to tell."""
    if kept.named is None:
        cell = pl.col(column_name(plan.index["organisation"])).str.strip_chars()
        rows = scan(tf, plan, block=kept.blocks[kept.home])
        blank = rows.select((cell.is_null() | (cell == "")).any()).collect().item()
        kept.named = not blank
    return kept.named


def _period_note(display: str, fixed: FilePeriod, calendar: Calendar) -> Issue:
    shown = calendar.label(fixed.period)
    return Issue(
        Severity.INFO,
        "period-from-outside",
        f"the file has no period column: its rows are {shown}, from {fixed.described}",
        Location(display, 1),
        period=shown,
    )


def _records(raw: pl.DataFrame) -> int:
    return 0 if raw.height == 0 else int(raw.get_column("_row").max()) + 1  # type: ignore[arg-type]


def _parquet_rows(tf: TextFile) -> int:
    return int(pl.scan_parquet(tf.path, glob=False).select(pl.len()).collect().item())


def _query(
    tf: TextFile, plan: Plan, calendar: Calendar, home_only: bool = False
) -> tuple[pl.DataFrame, int, bool]:
    """The file's collected result and line count. Target, floor and tolerance are read as
    numbers first, and the file again as text if one of them is not a plain finite number.
    ``home_only``: the home organisation's rows only (a Parquet file's scan filters them).
    The third result says whether the numbers were read as such."""
    known = known_spellings(tf.sample, plan, calendar)
    if home_only:
        mine = home_rows(tf.header[plan.index["organisation"]], str(plan.home))
        return *_collect(pipeline(scan(tf, plan, rows=mine), plan, known, calendar), tf), False
    if not tf.tabular:
        try:
            raw, lines = _collect(pipeline(scan(tf, plan, typed=True), plan, known, calendar), tf)
            if not needs_text(raw):
                return raw, lines, True
        except _NotPlainNumber:
            pass
    return *_collect(pipeline(scan(tf, plan), plan, known, calendar), tf), False


class _NotPlainNumber(Exception):
    """A column read as numbers has a cell that is not a plain number."""


def _run_query(lf: pl.LazyFrame) -> pl.DataFrame:
    """The query's result from polars' streaming engine, or from its in-memory engine when the
    streaming one fails inside polars itself (a panic, seen on some malformed CSV); a panic
    there too is read as an unreadable file."""
    try:
        return lf.collect(engine="streaming")
    except pl.exceptions.PanicException:
        pass
    try:
        return lf.collect()
    except pl.exceptions.PanicException as exc:
        raise pl.exceptions.ComputeError(str(exc).strip().splitlines()[0]) from None


def _collect(lf: pl.LazyFrame, tf: TextFile) -> tuple[pl.DataFrame, int]:
    """Run the file's query; for a text file first polars' count of its lines, which says
    whether every record is one line.

    (Two collects: `pl.collect_all` mixes up the options of two scans of one file. The count
    goes first, so its mapping of the file is released before the query's memory peaks.)"""
    try:
        lines = 0 if tf.tabular else int(line_count(tf).collect().item())
        return _run_query(lf), lines
    except (
        pl.exceptions.ComputeError,
        pl.exceptions.ShapeError,
        pl.exceptions.InvalidOperationError,  # a Parquet column that is not text or numbers
    ) as exc:
        if "as dtype `f64`" in str(exc):
            raise _NotPlainNumber from None
        if not (tf.tabular or tf.whole):
            raise _DecideFromWhole from None
        if tf.parquet:
            first = str(exc).strip().splitlines()[0]
            raise QprError(
                f"the Parquet file cannot be read ({first}).", Location(tf.display)
            ) from None
        diagnose(tf, exc)


def _short_records(tf: TextFile, raw: pl.DataFrame, one_line: bool) -> list[tuple[int, int]]:
    """Records with fewer fields than the header, in a file of any size: polars reads their
    missing fields as blanks, and a truncated row can turn a rated KPI into "not rated"
    unnoticed. Only the records whose last field is blank can be short, so a file whose last
    column is always filled costs nothing more."""
    if tf.tabular:
        return []
    candidates = raw.filter(pl.col("_maybe_short")).get_column("_row").unique()
    return short_records(tf, candidates, one_line) if candidates.len() else []


def _frame(rows: pl.LazyFrame, file_index: int) -> pl.DataFrame:
    rows = rows.with_columns(
        *[pl.col(c).fill_null("") for c in TEXT_COLUMNS],
        value_reason(),
        pl.col("value__provisional").alias("provisional"),
        pl.lit(file_index, dtype=pl.Int32).alias("_file"),
    )
    if "_percent" in rows.collect_schema():  # a workbook's percentages: their unit, unless given
        unit = pl.when((pl.col("unit") == "") & pl.col("_percent")).then(pl.lit("%"))
        rows = rows.with_columns(unit.otherwise(pl.col("unit")).alias("unit"))
    columns = [c for c in SCHEMA if c != "frequency"] + list(READ_PERIOD_SCHEMA)
    return rows.select(columns).collect()


def _peers(
    raw: pl.DataFrame, plan: Plan, calendar: Calendar, file_index: int, numbers: Marks
) -> pl.DataFrame | None:
    """Other organisations' rows with a readable period, kept lean for benchmarking."""
    if not plan.split:
        return None
    return _lean(raw.filter(~pl.col("_home")), plan, calendar, file_index, numbers)


def _lean(
    raw: pl.DataFrame, plan: Plan, calendar: Calendar, file_index: int, numbers: Marks
) -> pl.DataFrame:
    """``raw``'s rows with a readable period, lean as other organisations' rows are kept."""
    wanted = ["organisation", "kpi_id", "period", "value", "_line"]
    wanted += [name for name in READ_PERIOD_SCHEMA if name in raw.columns]
    # The texts are carried over only when there is something to read in them.
    for text in ("value__text", "_period_text"):
        if text in raw.columns and raw.get_column(text).null_count() < raw.height:
            wanted.append(text)
    rows = finish_peers(raw.select(wanted), plan, calendar, numbers)
    rows = rows.filter(pl.col("period").is_not_null())
    return rows.with_columns(pl.lit(file_index, dtype=pl.Int32).alias("_file")).select(
        *PEER_SCHEMA, *READ_PERIOD_SCHEMA
    )


def _size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return f"{size} bytes"  # pragma: no cover


def _first_organisation(
    paths: Sequence[str | Path], config: Config, opened: dict[str, Opened] | None = None
) -> str | None:
    """The organisation on the first data row of the first file that has that column (a
    workbook's first sheet; the workbook is kept in ``opened`` so as to be read once)."""
    opened = {} if opened is None else opened
    for path in paths:
        try:
            own = settings_for(config, path).columns
            if _is_workbook(path):
                opened[str(path)] = open_workbook(local_path(path), str(path), config)
                first = opened[str(path)][0][0]
                header, record = first.header, first.sample[0] if first.sample else []
            else:
                tf = open_text(path)
                header, record = tf.header, tf.first_record
            cmap = match_columns(header, config.columns, str(path), file_aliases=own)
        except QprError:
            continue  # reported properly when the file is read
        index = cmap.index.get("organisation")
        if index is not None and index < len(record) and record[index].strip():
            return record[index].strip()
    return None


def _read_any(
    path: str | Path,
    config: Config,
    file_index: int,
    home: str | None,
    split: bool,
    opened: dict[str, Opened],
    lean: bool = False,
    texts: bool = True,
    keeping: Keeping | None = None,
) -> tuple[list[Read], list[Issue]]:
    """A text or Parquet file as one result; a workbook as one per sheet, with notes."""
    shown = str(path)
    if str(path) in opened or _is_workbook(path):
        workbook = opened.pop(str(path), None)
        if keeping is not None:
            keeping.kept = None  # only a text file's records can be read again in part
        local = local_path(path)  # a stream's copy
        return read_workbook(local, config, file_index, shown, home, split, workbook, texts)
    return [read_file(path, config, file_index, shown, home, split, lean, texts, keeping)], []


def _is_workbook(path: str | Path) -> bool:
    try:
        with local_path(path).open("rb") as handle:
            head = handle.read(HEAD)
    except (OSError, QprError):
        return False  # `open_text` says why
    return is_workbook(path, head)


def load(
    paths: Sequence[str | Path],
    config: Config | None = None,
    *,
    strict: bool = True,
    progress: Progress | None = None,
    organisation: str | None = None,
    everything: bool = False,
    config_source: ConfigSource | None = None,
    texts: bool = True,
    keeping: Keeping | None = None,
) -> Dataset:
    """Load KPI files into one `Dataset`.

    With ``strict`` (the default) rows that contradict each other (the same KPI and period
    twice) raise `QprError`; otherwise they are kept as findings for ``qpr validate``.
    In a file with several organisations, only the home one (``organisation``, else the
    configured one, else the first in the file) keeps its text columns and findings, unless
    ``everything`` is set. ``config_source`` (where ``config`` was read) lets findings about
    configuration keys give their lines. Without ``texts`` the rows' commentary and actions,
    which no finding reads, are left blank (``qpr validate``: less to read and hold).
    ``keeping``: what a load of one file keeps for a quick switch of home organisation, and
    gives the next load (`qpr_tui.ingest.switching`).
    """
    config = config or Config()
    if not paths:
        raise QprError("no input file was given.")
    opened: dict[str, Opened] = {}
    home = organisation or config.organisation or _first_organisation(paths, config, opened)
    key_place = (config_source or ConfigSource()).location
    unused = check_file_settings(config, paths, key_place)
    if keeping is not None and (len(paths) != 1 or everything):
        keeping.kept = None
        keeping = None
    read = _read_all(paths, config, home, everything, progress, opened, texts, keeping)
    issues = Findings.concat([read.issues, unused])
    frame, notes = merge_carried(read.own, read.carried, read.sources)
    configured = key_place(("organisation",)) if not organisation and config.organisation else None
    check_usable(frame, _peers_seen(read, frame), issues, read.sources, home, configured)
    if read.catalogue is not None:
        frame, found = join_catalogue(frame, read.catalogue, read.sources)
        notes += found
        if read.catalogue.get_column("target").is_not_null().any():
            issues = issues.where(pl.col("code") != "no-target-column")
    frame, found = apply_overrides(frame, config, read.sources, key_place)
    blank = blank_thresholds(frame, read.sources, config)
    if progress:
        progress("Checking for duplicate rows", 0.9)
    everything_found = Findings.concat([issues, notes, found, blank])
    dataset = _dataset(frame, read.peers, read.sources, everything_found, config, strict, home)
    if read.scan is not None:
        if progress:
            progress("Comparing with the other organisations", 0.95)
        dataset = _with_field(dataset, read.scan, strict, home)
    if progress:
        progress("Loaded", 1.0)
    return dataset


def _peers_seen(read: _Read, frame: pl.DataFrame) -> pl.DataFrame | None:
    """Other organisations' rows as `check_usable` needs them: their names are enough."""
    if read.scan is None or frame.height:
        return read.peers
    return pl.DataFrame(
        {"organisation": organisations(read.scan)}, schema={"organisation": pl.String}
    )


def _with_field(dataset: Dataset, scan: PeerScan, strict: bool, home: str | None) -> Dataset:
    """``dataset`` with the other organisations of ``scan`` as statistics (`PeerField`)."""
    stats, names = whole_field(scan, dataset.frame)
    found = duplicates(duplicate_rows(scan, stats), dataset.sources)
    if found and strict:
        raise _duplicate_error(found, len(dataset.sources))
    dataset.issues.extend(found)
    dataset.peer_field = PeerField(stats, names, scan.rows)
    dataset.home = home
    return dataset


@dataclass
class _Read:
    """The files as read: values given for their own periods, carried values (see
    `qpr_tui.ingest.carried`), catalogues' rows and other organisations' rows."""

    own: pl.DataFrame
    carried: pl.DataFrame
    catalogue: pl.DataFrame | None
    peers: pl.DataFrame | None
    sources: list[SourceFile]
    issues: Findings
    scan: PeerScan | None = None  # other organisations left in a Parquet file


def _read_all(
    paths: Sequence[str | Path],
    config: Config,
    home: str | None,
    everything: bool,
    progress: Progress | None,
    opened: dict[str, Opened],
    texts: bool = True,
    keeping: Keeping | None = None,
) -> _Read:
    values: list[pl.DataFrame] = []
    kpis: list[pl.DataFrame] = []
    peer_frames: list[pl.DataFrame] = []
    scans: list[PeerScan] = []
    sources: list[SourceFile] = []
    issues: list[Findings | list[Issue]] = []
    lean = len(paths) == 1  # one file: its other organisations can stay in it
    for number, path in enumerate(paths):
        shown = str(path)
        if progress:
            size = Path(path).stat().st_size if Path(path).is_file() else 0
            progress(f"Reading {shown} ({_size(size)})", number / len(paths))
        split = not everything
        results, notes = _read_any(
            path, config, len(sources), home, split, opened, lean, texts, keeping
        )
        issues.append(notes)
        for frame, others, source, found in results:
            (kpis if source.role == "kpis" else values).append(frame)
            if isinstance(others, PeerScan):
                scans.append(others)
            elif others is not None:
                peer_frames.append(others)
            sources.append(source)
            issues.append(found)
    if not values:
        raise QprError(
            "every file given is a KPI catalogue (KPI ids and definitions, no periods or "
            "values), so there is nothing to report.",
            Location(sources[0].display, 1),
            hint="Give the files of values too, or map their columns in the configuration.",
        )
    parts = [split_carried(f, sources[f.item(0, "_file")]) for f in values if f.height]
    parts = parts or [(values[0], values[0].clear())]
    own = [mine for mine, _ in parts]
    carried = [theirs for _, theirs in parts]
    return _Read(
        own=pl.concat(own, how="vertical") if len(own) > 1 else own[0],
        carried=pl.concat(carried, how="vertical"),
        catalogue=pl.concat(kpis) if kpis else None,
        peers=pl.concat(peer_frames) if peer_frames else None,
        sources=sources,
        issues=Findings.concat(issues),
        scan=scans[0] if scans else None,
    )


def _duplicate_hint(files: int) -> str:
    hint = "Remove one of each pair, or load the files separately."
    if files > 1:
        hint += (
            " If a later file restates figures of an earlier one, set [load] restated = "
            '"later file wins" in the configuration.'
        )
    return hint


def _duplicate_error(errors: list[Issue], files: int) -> QprError:
    shown = "; ".join(str(i.message) for i in errors[:5])
    more = f" (and {len(errors) - 5:,} more)" if len(errors) > 5 else ""
    return QprError(
        f"the same KPI and period appear twice: {shown}{more}.", hint=_duplicate_hint(files)
    )


def _dataset(
    frame: pl.DataFrame,
    peers: pl.DataFrame | None,
    sources: list[SourceFile],
    issues: Findings,
    config: Config,
    strict: bool,
    home: str | None,
) -> Dataset:
    calendar = calendar_for(config)
    found: list[Issue] = []
    if config.load.restated == "later file wins":
        frame, found = restatements(frame, sources)
        if peers is not None:
            peers, restated_peers = restatements(peers, sources)
            found += restated_peers
    frame, months, repeated, folding = fold_months(decide(frame, config, calendar), config, sources)
    found += repeated
    frame = not_due(frame)
    # Home and peer rows are different organisations, so they cannot duplicate each other.
    found += duplicates(frame, sources)
    if peers is not None:
        peers, _, repeated, _ = fold_months(
            _as_rows(decide(peers, config, calendar)), config, sources
        )
        peers = peers.select(list(PEER_SCHEMA))
        found += repeated + duplicates(peers, sources)
    errors = [i for i in found if i.code == "duplicate"]
    if errors and strict:
        raise _duplicate_error(errors, len(sources))
    frame, issues = infer_polarity(frame, sources, Findings.concat([issues, found, folding]))
    return Dataset(
        frame=frame,
        sources=sources,
        config=config,
        issues=issues,
        peers=peers,
        home=home if peers is not None else None,
        months=months.select(list(MONTHS_SCHEMA)),
    )


def _as_rows(peers: pl.DataFrame) -> pl.DataFrame:
    """Peers' rows with every column of the model (null where peers carry none)."""
    return peers.with_columns(
        pl.lit(None, dtype=dtype).alias(name)
        for name, dtype in SCHEMA.items()
        if name not in peers.columns
    )
