"""The canonical data model: one polars frame, one row per KPI per quarter, plus findings.

Columns of `Dataset.frame` (types in brackets):

- ``organisation``, ``kpi_id``, ``indicator``, ``directorate``, ``service_area``, ``unit``,
  ``basis``, ``owner``, ``commentary``, ``actions`` [str; "" when absent]
- ``polarity`` [str: "H" higher is better, "L" lower is better, "T" close to target,
  "N" no good direction (data only: reported, never rated)]
- ``period`` [Int32: the quarter's ordinal, see `qpr_tui.periods`]
- ``frequency`` [str: "month", "quarter" or "year", the vocabulary's `FREQUENCIES`]: how often
  the KPI is measured. A monthly KPI's row is its quarter's value (its latest month in the
  quarter, or the months' sum or mean: ``[kpi."ID"] quarter_value``), its months are in
  `Dataset.months`; an annual KPI's row is in the last quarter of its financial year (and, in
  the year's earlier quarters of a dataset that has them, a row without a value whose
  ``value_reason`` is "not due")
- ``value``, ``target``, ``floor``, ``tolerance`` [Float64, null when missing]
- ``value_reason`` [str, null when there is a value]: why the value is missing (one of the
  vocabulary's `REASONS`, or the file's own reason column's words)
- ``provisional`` [Boolean]: the value was marked provisional (``85.2*``, or a wide file's
  column headed ``Dec-24 (provisional)`` or ``Dec-24*``)
- ``tolerance_type`` [str or null], ``published_rag`` [str G/A/R/B, N for not rated,
  or null]
- ``_file`` [Int32 index into `Dataset.sources`], ``_line`` [Int64 file line]

`Dataset.months` holds the monthly KPIs' months: ``organisation``, ``kpi_id``, ``month``
[Int32 month ordinal], ``value``, ``_file``, ``_line``.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import cached_property

import polars as pl

from qpr_tui.config import Config
from qpr_tui.errors import Location, QprError
from qpr_tui.findings import Findings
from qpr_tui.periods import Calendar, calendar_of
from qpr_tui.vocabulary import YEAR

TEXT_COLUMNS = (
    "organisation",
    "kpi_id",
    "indicator",
    "directorate",
    "service_area",
    "unit",
    "basis",
    "owner",
    "commentary",
    "actions",
)
NUMBER_COLUMNS = ("value", "target", "floor", "tolerance")

SCHEMA: dict[str, type[pl.DataType] | pl.DataType] = {
    **{name: pl.String for name in TEXT_COLUMNS},
    "polarity": pl.String,
    "period": pl.Int32,
    "frequency": pl.String,
    **{name: pl.Float64 for name in NUMBER_COLUMNS},
    "value_reason": pl.String,
    "provisional": pl.Boolean,
    "tolerance_type": pl.String,
    "published_rag": pl.String,
    "_file": pl.Int32,
    "_line": pl.Int64,
    "_value_col": pl.Int32,
}


# Other organisations' rows, kept lean for benchmarking (see `Dataset.peers`).
PEER_SCHEMA: dict[str, type[pl.DataType] | pl.DataType] = {
    "organisation": pl.String,
    "kpi_id": pl.String,
    "period": pl.Int32,
    "value": pl.Float64,
    "_file": pl.Int32,
    "_line": pl.Int64,
}

MONTHS_SCHEMA: dict[str, type[pl.DataType] | pl.DataType] = {
    "organisation": pl.String,
    "kpi_id": pl.String,
    "month": pl.Int32,
    "value": pl.Float64,
    "_file": pl.Int32,
    "_line": pl.Int64,
}
# What the ingest reads of each row's period before the frequencies are decided: the
# frequency its spelling names and, for a month, the month's ordinal.
READ_PERIOD_SCHEMA: dict[str, type[pl.DataType] | pl.DataType] = {
    "_freq": pl.String,
    "_month": pl.Int32,
}


def calendar_for(config: Config) -> Calendar:
    """The configured calendar (``[periods] year_starts``, ``year_quarters``)."""
    return calendar_of(config.periods.year_starts, config.year_quarters)


def not_in_data(
    home: str, organisations: list[str], configured: Location | None = None
) -> QprError:
    """The one message for a home organisation that the data does not have; ``configured``
    is where the configuration names it, when it came from there."""
    more = len(organisations) - 5
    shown = ", ".join(organisations[:5]) + (f" and {more:,} more" if more > 0 else "")
    if configured is not None:
        return QprError(
            f"organisation = '{home}' names a home organisation that is not in the data, "
            f"which has {len(organisations)}: {shown}.",
            configured,
            hint="Correct organisation in the configuration, or choose one with --organisation.",
        )
    return QprError(
        f"the home organisation '{home}' is not in the data, which has "
        f"{len(organisations)}: {shown}.",
        hint="Choose one with --organisation, or set organisation in the configuration.",
    )


@dataclass(frozen=True)
class SourceFile:
    """One input file as loaded: enough to cite it and to prove which bytes were used.

    A workbook is one `SourceFile` per sheet read (``sheet`` names it; ``rows`` and ``header``
    are the sheet's), all with the workbook's path, size and hash.

    ``mtime_ns`` is the file's modification time when it was loaded (taken from the file
    system when not given). `sha256` hashes the file only while its size and modification
    time still match what was loaded, so provenance never vouches for bytes that were not
    used.
    """

    path: str
    display: str
    size: int
    encoding: str
    layout: str  # "long" or "wide"
    rows: int
    header: list[str]
    columns: dict[str, int]  # canonical name -> 1-based column number
    mtime_ns: int = 0  # 0: read from the file system now; -1: the file could not be found
    sheet: str = ""  # a workbook's sheet; "" for a text or Parquet file
    header_line: int = 1  # the header's line (a sheet's header row)
    role: str = "values"  # or "kpis": a catalogue, which describes KPIs and has no values
    period_from: str = ""  # a file without a period column: where its period was read

    def __post_init__(self) -> None:
        if self.mtime_ns == 0:
            try:
                mtime_ns = os.stat(self.path).st_mtime_ns
            except OSError:
                mtime_ns = -1
            object.__setattr__(self, "mtime_ns", mtime_ns)

    def _check_unchanged(self, status: os.stat_result | None) -> None:
        if status is None or status.st_size != self.size or status.st_mtime_ns != self.mtime_ns:
            raise QprError(
                f"{self.display} has changed on disk since it was loaded, so the export could "
                "not vouch for its contents. Reload (r in the app) and export again."
            )

    def _status(self) -> os.stat_result | None:
        try:
            return os.stat(self.path)
        except OSError:
            return None

    @cached_property
    def sha256(self) -> str:
        """SHA-256 of the file as loaded (computed on first use, for provenance).

        Raises `QprError` when the file has changed (or gone) since it was loaded."""
        self._check_unchanged(self._status())
        digest = hashlib.sha256()
        try:
            with open(self.path, "rb") as handle:
                self._check_unchanged(os.fstat(handle.fileno()))
                while chunk := handle.read(1 << 22):
                    digest.update(chunk)
                self._check_unchanged(os.fstat(handle.fileno()))
        except OSError:
            self._check_unchanged(None)
        self._check_unchanged(self._status())  # not replaced while it was being read
        return digest.hexdigest()

    def location(self, line: int = 0, column: str = "") -> Location:
        number = self.columns.get(column, 0)
        name = self.header[number - 1] if number else ""
        word = "row" if self.encoding == "parquet" else "line"
        return Location(self.display, line, number, name, word, sheet=self.sheet)

    def place(self, line: int) -> str:
        """Where ``line`` is, in a sentence: ``kpis.csv line 14``, or ``kpis.xlsx, sheet
        'People', row 14``."""
        if self.sheet:
            return f"{self.display}, sheet '{self.sheet}', row {line}"
        return f"{self.display} line {line}"


@dataclass(frozen=True)
class PeerField:
    """The other organisations of a benchmarking file read for one home organisation, as
    statistics rather than rows (see `qpr_tui.ingest.field`): ``stats`` per KPI and period
    over every organisation (the home one included), ``organisations`` the others' names in
    the order of their first rows, and ``rows`` a lazy query over their rows in the file
    (organisation, kpi_id, period, value), run again for a peer group's statistics."""

    stats: pl.DataFrame
    organisations: list[str]
    rows: pl.LazyFrame


@dataclass
class Dataset:
    """Loaded data. ``frame`` holds every column for the home organisation (or everything
    when the data has one organisation or was loaded in full); ``peers`` holds only ids,
    periods and values for the other organisations in a benchmarking file, or ``peer_field``
    their statistics only (a Parquet file read for its home organisation)."""

    frame: pl.DataFrame
    sources: list[SourceFile]
    config: Config
    issues: Findings = field(default_factory=Findings)
    peers: pl.DataFrame | None = None
    home: str | None = None
    months: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=MONTHS_SCHEMA))
    peer_field: PeerField | None = None

    @cached_property
    def calendar(self) -> Calendar:
        """The configured calendar, annual when every KPI of the data is annual (then each
        period is labelled as its financial year)."""
        calendar = calendar_for(self.config)
        frequency = self.frame.get_column("frequency")
        annual = frequency.len() > 0 and bool((frequency == YEAR).all())
        return Calendar(calendar.year_start, calendar.year_quarters, annual)

    def all_values(self) -> pl.DataFrame:
        """organisation, kpi_id, period, value for every organisation (for benchmarks; with
        ``peer_field``, the other organisations' rows are read from the file again, in full)."""
        cols = ["organisation", "kpi_id", "period", "value"]
        # Picked lazily, then made one chunk: an eager select of a frame whose columns are
        # chunked differently would first copy all of its columns, not only these.
        mine = self.frame.lazy().select(cols).collect().rechunk()
        if self.peer_field is not None:
            return pl.concat([mine, self.peer_field.rows.select(cols).collect()])
        if self.peers is None:
            return mine
        return pl.concat([mine, self.peers.select(cols)])

    @property
    def periods(self) -> list[int]:
        return sorted(self.frame.get_column("period").unique().to_list())
