"""Findings as a frame: one row per `Issue`, in the order they were found.

A big file has a hundred thousand findings (a blank floor or a missing value per row), and a
Python object for each costs more than finding them. The ingest writes such findings as frames
with polars and keeps the few others as `Issue` objects until they join a `Findings`; the
command line and the TUI read the frame. Iterating over a `Findings` gives `Issue` objects
(for the few findings code or tests look at one by one).

The columns hold what an `Issue` holds, with its defaults: ``""`` for no sheet, column name,
KPI or period, 0 for an unknown line or column.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import polars as pl

from qpr_tui.errors import Issue, Location, Severity

SCHEMA: dict[str, type[pl.DataType]] = {
    "severity": pl.String,
    "code": pl.String,
    "message": pl.String,
    "file": pl.String,
    "sheet": pl.String,
    "line": pl.Int64,
    "column": pl.Int64,
    "column_name": pl.String,
    "line_word": pl.String,
    "kpi_id": pl.String,
    "period": pl.String,
}
_DEFAULTS: dict[str, object] = {
    "sheet": "",
    "line": 0,
    "column": 0,
    "column_name": "",
    "line_word": "line",
    "kpi_id": "",
    "period": "",
}
SEVERITY_RANK = {Severity.ERROR.value: 0, Severity.WARNING.value: 1, Severity.INFO.value: 2}


class Findings:
    """Findings in the order they were found, as a frame of `SCHEMA`'s columns."""

    __slots__ = ("frame",)

    def __init__(self, frame: pl.DataFrame | None = None) -> None:
        self.frame = pl.DataFrame(schema=SCHEMA) if frame is None else frame

    @classmethod
    def of(cls, issues: Iterable[Issue] | Findings) -> Findings:
        """``issues`` as findings (the same object when they already are)."""
        if isinstance(issues, Findings):
            return issues
        rows = [
            (
                i.severity.value,
                i.code,
                i.message,
                i.location.file,
                i.location.sheet,
                i.location.line,
                i.location.column,
                i.location.column_name,
                i.location.line_word,
                i.kpi_id,
                i.period,
            )
            for i in issues
        ]
        return cls(pl.DataFrame(rows, schema=SCHEMA, orient="row"))

    @classmethod
    def concat(cls, parts: Iterable[Findings | Sequence[Issue]]) -> Findings:
        """The findings of ``parts``, one after another."""
        frames = [cls.of(part).frame for part in parts]
        frames = [frame for frame in frames if frame.height]
        if not frames:
            return cls()
        return cls(frames[0] if len(frames) == 1 else pl.concat(frames, how="vertical"))

    def __len__(self) -> int:
        return self.frame.height

    def __bool__(self) -> bool:
        return self.frame.height > 0

    def __iter__(self) -> Iterator[Issue]:
        for row in self.frame.iter_rows():
            yield _issue(row)

    def __add__(self, other: Findings | Sequence[Issue]) -> Findings:
        return Findings.concat([self, other])

    def __radd__(self, other: Sequence[Issue]) -> Findings:
        return Findings.concat([other, self])

    def extend(self, other: Findings | Sequence[Issue]) -> None:
        """Add ``other``'s findings after these."""
        self.frame = Findings.concat([self, other]).frame

    def __getitem__(self, row: int) -> Issue:
        return self.issue(row)

    def issue(self, row: int) -> Issue:
        """The finding on ``row`` as an `Issue`."""
        return _issue(self.frame.row(row))

    def where(self, predicate: pl.Expr) -> Findings:
        """The findings ``predicate`` picks, in their order."""
        return Findings(self.frame.filter(predicate))

    def first(self, count: int) -> list[Issue]:
        """The first ``count`` findings as `Issue` objects."""
        return list(Findings(self.frame.head(count)))


def _issue(row: tuple[object, ...]) -> Issue:
    severity, code, message, file, sheet, line, column, column_name, word, kpi, period = row
    place = Location(str(file), int(line), int(column), str(column_name), str(word), str(sheet))  # type: ignore[call-overload]
    return Issue(Severity(severity), str(code), str(message), place, str(kpi), str(period))


def from_rows(rows: pl.DataFrame, **columns: pl.Expr | str | int) -> Findings:
    """Findings made from ``rows`` by polars: an expression (or a constant) per column of
    `SCHEMA`; those not given take their defaults (severity, code, message and file must be)."""
    if rows.height == 0:
        return Findings()
    exprs = []
    for name, dtype in SCHEMA.items():
        given = columns.get(name, _DEFAULTS.get(name))
        if given is None:
            raise TypeError(f"a finding needs its {name}")
        expr = given if isinstance(given, pl.Expr) else pl.lit(given)
        exprs.append(expr.cast(dtype).alias(name))
    # Constants are as many as the rows (`with_columns` repeats them, `select` would not).
    return Findings(rows.with_columns(exprs).select(list(SCHEMA)))


def worst_first(findings: Findings) -> Findings:
    """``findings`` most severe first, then by file, sheet, line and column (the order
    otherwise kept)."""
    rank = pl.col("severity").replace_strict(SEVERITY_RANK, return_dtype=pl.Int8)
    keys = [rank, pl.col("file"), pl.col("sheet"), pl.col("line"), pl.col("column")]
    return Findings(findings.frame.sort(keys, maintain_order=True))


def short_places(findings: Findings) -> list[str]:
    """`Location.short` of each finding (``kpis.csv:14:6``), the places in a text file's
    terms written by polars (a workbook's, with column letters, one by one)."""
    frame = findings.frame
    name = pl.col("file").str.replace(r"(?s)^.*/", "")
    line, column = pl.col("line"), pl.col("column")
    shown = frame.select(
        pl.concat_str(
            name,
            pl.when(line != 0).then(pl.format(":{}", line)).otherwise(pl.lit("")),
            pl.when(column != 0).then(pl.format(":{}", column)).otherwise(pl.lit("")),
        )
    )
    places: list[str] = shown.to_series().to_list()
    for row in frame.get_column("sheet").ne("").arg_true().to_list():
        places[row] = findings.issue(row).location.short()
    return places
