"""Values a file gives for other periods than its rows': "last quarter" and "same period last
year" columns (``previous_value``, ``year_ago_value``).

Each such cell becomes a row of its own for the period before (ordinal - 1) or a year before
(ordinal - 4), keeping the row's KPI, texts, target and floor (files that show "last quarter"
beside "this quarter" keep one target for both) but none of its published status or
commentary, which are about the row's own period. `merge_carried` then lets a value given for
its own period win, with a note when the two differ.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from qpr_tui.errors import Issue, Location, Severity
from qpr_tui.ingest.stages.columns import CARRIED, Plan
from qpr_tui.model import SourceFile
from qpr_tui.periods import label

# How many periods back each carried column is (periods are ordinals of quarters).
PERIODS_BACK = {"previous_value": 1, "year_ago_value": 4}
_KEYS = ["organisation", "kpi_id", "period"]
_CLEARED = ("_rag_text", "commentary", "actions", "_reason_text")


def carried_rows(rows: pl.LazyFrame, plan: Plan) -> pl.LazyFrame | None:
    """One row per carried value cell of ``rows`` (a file's usable rows), or None."""
    frames: list[pl.LazyFrame] = []
    columns = rows.collect_schema()
    for name in CARRIED:
        if not plan.has(name):
            continue
        given = rows.filter(pl.col(name).is_not_null() & pl.col("period").is_not_null())
        frames.append(
            given.with_columns(
                pl.col(name).alias("value"),
                (pl.col("period") - PERIODS_BACK[name]).cast(pl.Int32).alias("period"),
                pl.lit(plan.index[name] + 1, dtype=pl.Int32).alias("_value_col"),
                pl.lit(False).alias("value__bad"),
                pl.lit(None, dtype=pl.String).alias("value__missing"),
                pl.lit(None, dtype=pl.String).alias("published_rag"),
                *[pl.lit(None, dtype=pl.String).alias(c) for c in _CLEARED if c in columns],
            )
        )
    return pl.concat(frames) if frames else None


def split_carried(frame: pl.DataFrame, source: SourceFile) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A file's loaded rows as (values for their own periods, carried values): a carried
    row's value is in one of the file's carried columns."""
    columns = [source.columns[name] for name in CARRIED if name in source.columns]
    if not columns:
        return frame, frame.clear()
    carried = pl.col("_value_col").is_in(columns)
    return frame.filter(~carried), frame.filter(carried)


def merge_carried(
    own: pl.DataFrame, carried: pl.DataFrame, sources: list[SourceFile]
) -> tuple[pl.DataFrame, list[Issue]]:
    """``own`` rows with the ``carried`` values they lack: a carried value fills a KPI and
    period no file gives a value for (a row of its own, or the value of a row that has none);
    a value given for its own period wins, and the first file's carried value wins over a
    later one, each with a note where they differ."""
    if carried.height == 0:
        return own, []
    first = pl.struct(_KEYS).is_first_distinct()
    kept, repeated = carried.filter(first), carried.filter(~first)
    notes = _differences(kept, repeated, sources, "the first file's was used")
    cells = ["value", "_file", "_line", "_value_col"]
    given = own.filter(pl.col("value").is_not_null())
    notes += _differences(given, kept, sources, "the value given for its own period was used")
    kept = kept.join(given.select(_KEYS), on=_KEYS, how="anti")
    fill = kept.select(*_KEYS, *[pl.col(c).alias(f"{c}_carried") for c in cells])
    own = own.join(fill, on=_KEYS, how="left", nulls_equal=True)
    filled = pl.col("value").is_null() & pl.col("value_carried").is_not_null()
    notes += _filled(own.filter(filled), sources)
    own = own.with_columns(
        *[
            pl.when(filled).then(pl.col(f"{c}_carried")).otherwise(pl.col(c)).alias(c)
            for c in cells
        ],
        pl.when(filled).then(None).otherwise(pl.col("value_reason")).alias("value_reason"),
    ).drop(f"{c}_carried" for c in cells)
    added = kept.join(own.select(_KEYS), on=_KEYS, how="anti", nulls_equal=True)
    return pl.concat([own, added.select(own.columns)]), notes


def _differences(
    winners: pl.DataFrame, losers: pl.DataFrame, sources: list[SourceFile], which: str
) -> list[Issue]:
    """A note for each KPI and period where ``losers`` give another value than ``winners``."""
    wanted = [*_KEYS, "value", "_file", "_line", "_value_col"]
    pairs = losers.select(wanted).join(
        winners.select(wanted), on=_KEYS, how="inner", suffix="_won", nulls_equal=True
    )
    pairs = pairs.filter(pl.col("value") != pl.col("value_won"))
    notes: list[Issue] = []
    for row in pairs.iter_rows(named=True):
        won, lost = _place(row, sources, "_won"), _place(row, sources, "")
        notes.append(
            Issue(
                Severity.INFO,
                "restated-value",
                f"{row['kpi_id']} {label(row['period'])} is {row['value_won']:g} in {won} and "
                f"{row['value']:g} in {lost}; {which}",
                _location(row, sources),
                kpi_id=row["kpi_id"],
                period=label(row["period"]),
            )
        )
    return notes


def _filled(rows: pl.DataFrame, sources: list[SourceFile]) -> list[Issue]:
    """A note for each row without a value that a carried value filled."""
    notes: list[Issue] = []
    for row in rows.iter_rows(named=True):
        empty = _place(row, sources, "")
        notes.append(
            Issue(
                Severity.INFO,
                "carried-value",
                f"{row['kpi_id']} {label(row['period'])} has no value in {empty}; "
                f"{row['value_carried']:g} from {_place(row, sources, '_carried')} was used",
                _location(row, sources, "_carried"),
                kpi_id=row["kpi_id"],
                period=label(row["period"]),
            )
        )
    return notes


def _location(row: dict[str, Any], sources: list[SourceFile], suffix: str = "") -> Location:
    """The cell of a row's value (``suffix`` picks the other row of a joined pair)."""
    source = sources[row[f"_file{suffix}"]]
    column = row[f"_value_col{suffix}"]
    name = source.header[column - 1] if column else ""
    return Location(
        source.display, row[f"_line{suffix}"], column, name, source.location().line_word
    )


def _place(row: dict[str, Any], sources: list[SourceFile], suffix: str) -> str:
    where = _location(row, sources, suffix)
    return f"{where.file} line {where.line} column {where.column} ({where.column_name})"
