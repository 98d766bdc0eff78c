"""What only the stacked files together can tell: duplicates and restated figures, usable
input, polarity.

Each file is read on its own (`qpr_tui.ingest.reader.read_file`); these checks run on the rows of
all of them, since the same KPI and period can appear in two files.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from qpr_tui.errors import Issue, Location, QprError, Severity
from qpr_tui.findings import Findings
from qpr_tui.model import SourceFile, not_in_data
from qpr_tui.periods import label as quarter_label
from qpr_tui.vocabulary import POLARITY_DESCRIPTIONS, UNUSABLE


def check_usable(
    frame: pl.DataFrame,
    peers: pl.DataFrame | None,
    issues: Findings,
    sources: list[SourceFile],
    home: str | None,
    configured: Location | None = None,
) -> None:
    """Raise `QprError` when the home organisation's rows leave nothing to report
    (``configured``: where the configuration names the home, when it does)."""
    if frame.height == 0 and peers is not None and peers.height:
        orgs = peers.get_column("organisation").unique(maintain_order=True).to_list()
        raise not_in_data(str(home), orgs, configured)
    if frame.height == 0:
        dropped = issues.where(pl.col("severity") == Severity.ERROR.value)
        if dropped:
            first = dropped.issue(0)
            raise QprError(
                f"no row could be used: {first.message.split('; this row')[0]} (and "
                f"{len(dropped) - 1:,} more rows like it).",
                first.location,
                hint="Periods are spelled like '2024/25 Q2', 'Sep-24' or '2024-09-30'.",
            )
        raise QprError(
            "the file has a header but no data rows.",
            sources[0].location(sources[0].header_line + 1) if len(sources) == 1 else None,
        )
    # Counted, not filtered: a filter would copy every column of a big file's rows.
    values_seen, unusable = frame.select(
        pl.col("value").is_not_null().sum(), (pl.col("value_reason") == UNUSABLE).sum()
    ).row(0)
    if values_seen == 0 and unusable:
        raise QprError(
            "no value in the file is a number, so there is nothing to rate.",
            sources[0].location(sources[0].header_line + 1, "value") if len(sources) == 1 else None,
            hint="Check that the value column holds numbers such as 85.2 or 85.2%.",
        )


def duplicates(
    frame: pl.DataFrame,
    sources: list[SourceFile],
    keys: tuple[str, str, str] = ("organisation", "kpi_id", "period"),
    label: Callable[[int], str] = quarter_label,
) -> list[Issue]:
    """One error per KPI and period that an organisation has on more than one row (the
    period is the column ``keys[2]``, named by ``label``: a quarter, or a month's ordinal)."""
    if _distinct(frame, list(keys)):
        return []
    # In file order: a lazy join hands the other organisations' rows over in any order.
    # Lazily: an eager filter would first copy every column of a big file's rows.
    repeated = frame.lazy().filter(pl.len().over(keys) > 1).sort("_file", "_line").collect()
    grouped = repeated.group_by(keys, maintain_order=True).agg(pl.col("_file"), pl.col("_line"))
    issues: list[Issue] = []
    for _org, kpi, period, files, lines in grouped.iter_rows():
        places = [sources[f].place(line) for f, line in zip(files, lines, strict=True)]
        issues.append(
            Issue(
                Severity.ERROR,
                "duplicate",
                f"{kpi} {label(period)} is in {' and in '.join(places)}",
                sources[files[1]].location(lines[1], "kpi_id"),
                kpi_id=kpi,
                period=label(period),
            )
        )
    return issues


def restatements(
    frame: pl.DataFrame, sources: list[SourceFile]
) -> tuple[pl.DataFrame, list[Issue]]:
    """``[load] restated = "later file wins"``: a KPI and period given by several files keeps
    the row of the file given last, with a note naming every place. A KPI and period twice in
    one file is left for `duplicates` (an error whatever the setting)."""
    # A month's rows share their quarter's period: the month tells them apart.
    keys = ["organisation", "kpi_id", "period"]
    keys += ["_month"] if "_month" in frame.columns else []
    if _distinct(frame, keys):
        return frame, []
    per_file = pl.len().over([*keys, "_file"])
    restated = (pl.len().over(keys) > 1) & (per_file == 1).all().over(keys)
    marked = frame.with_columns(restated.alias("_restated"))
    repeated = marked.filter("_restated").sort("_file", maintain_order=True)
    grouped = repeated.group_by(keys, maintain_order=True).agg(pl.col("_file"), pl.col("_line"))
    notes = [
        _restated_note(row["kpi_id"], row["period"], row["_file"], row["_line"], sources)
        for row in grouped.iter_rows(named=True)
    ]
    later = pl.col("_file") == pl.col("_file").max().over(keys)
    kept = marked.filter(~pl.col("_restated") | later).drop("_restated")
    return kept, notes


def _restated_note(
    kpi: str, period: int, files: list[int], lines: list[int], sources: list[SourceFile]
) -> Issue:
    places = [f"{sources[f].display} line {line}" for f, line in zip(files, lines, strict=True)]
    return Issue(
        Severity.INFO,
        "restated",
        f"{kpi} {quarter_label(period)} is restated: {places[-1]} (the later file) replaces "
        f"{' and '.join(places[:-1])}",
        sources[files[-1]].location(lines[-1], "value"),
        kpi_id=kpi,
        period=quarter_label(period),
    )


def _distinct(frame: pl.DataFrame, keys: list[str]) -> bool:
    """Whether no two rows have the same keys, if that is cheap to prove.

    Rows in strictly increasing key order (as exports sorted by organisation, KPI and period
    are) are distinct; so are rows whose 64-bit key hashes are (equal hashes, from a duplicate
    or rarely a collision, leave it to the exact check). Each key is hashed on its own, with
    its own seed, which is cheaper than hashing them as one struct."""
    if frame.height < 2:
        return True
    *first, last = (pl.col(key) for key in keys)
    later = last > last.shift()
    for key in reversed(first):  # lexicographic: an earlier key decides, ties go on
        later = (key > key.shift()) | ((key == key.shift()) & later)
    if frame.select(later.fill_null(False).slice(1).all()).item():
        return True
    hashes = [pl.col(key).hash(seed) for seed, key in enumerate(keys, start=1)]
    combined = hashes[0]
    for hashed in hashes[1:]:
        combined = combined ^ hashed
    return bool(frame.select(combined.n_unique()).item() == frame.height)


def infer_polarity(
    frame: pl.DataFrame, sources: list[SourceFile], issues: Findings
) -> tuple[pl.DataFrame, Findings]:
    """Fill a missing polarity per KPI: from another row of the same KPI, else from
    target and floor (floor above target means lower is better), else higher is better.
    Returns the frame and ``issues`` with the findings about it (an unrecognised polarity's
    finding says which polarity was used)."""
    unknown = pl.col("code") == "unknown-polarity"
    warned = set(issues.where(unknown).frame.get_column("kpi_id").to_list())
    if frame.get_column("polarity").null_count() == 0:  # every row gives it: nothing to infer
        return frame, _said_used(issues, _polarity_used(frame, warned))
    known = pl.col("polarity").drop_nulls().last().over("kpi_id")
    guess = (
        pl.when(pl.col("floor") > pl.col("target"))
        .then(pl.lit("L"))
        .when(pl.col("floor") < pl.col("target"))
        .then(pl.lit("H"))
    )
    guess_kpi = guess.drop_nulls().last().over("kpi_id")
    frame = frame.with_columns(pl.col("polarity").is_null().all().over("kpi_id").alias("_guessed"))
    frame = frame.with_columns(
        pl.coalesce(pl.col("polarity"), known, guess_kpi, pl.lit("H")).alias("polarity")
    )
    guessed = (
        frame.filter(pl.col("_guessed") & ~pl.col("kpi_id").is_in(list(warned)))
        .group_by("kpi_id", maintain_order=True)
        .agg(pl.col("polarity").first(), pl.col("_file").first(), pl.col("_line").first())
    )
    issues = _said_used(issues, _polarity_used(frame, warned))
    return frame.drop("_guessed"), issues + _polarity_findings(guessed, sources)


def _said_used(issues: Findings, used: dict[str, str]) -> Findings:
    """``issues`` with each unknown polarity's finding saying which polarity was used."""
    if not used:
        return issues
    words = pl.col("kpi_id").replace_strict(used, default=None, return_dtype=pl.String)
    said = pl.when((pl.col("code") == "unknown-polarity") & words.is_not_null())
    message = said.then(pl.col("message") + ": " + words).otherwise("message")
    return Findings(issues.frame.with_columns(message.alias("message")))


def _polarity_used(frame: pl.DataFrame, kpis: set[str]) -> dict[str, str]:
    """The polarity each of ``kpis`` was given, in words."""
    if not kpis:
        return {}
    chosen = (
        frame.filter(pl.col("kpi_id").is_in(list(kpis)))
        .group_by("kpi_id")
        .agg(pl.col("polarity").first())
    )
    return {kpi: POLARITY_DESCRIPTIONS[code] for kpi, code in chosen.iter_rows()}


def _polarity_findings(guessed: pl.DataFrame, sources: list[SourceFile]) -> list[Issue]:
    found: list[Issue] = []
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
        shown = ", ".join(kpis[:6]) + (f" and {len(kpis) - 6:,} more" if len(kpis) > 6 else "")
        found.append(
            Issue(
                Severity.WARNING,
                "missing-polarity",
                f"no polarity column: inferred from target and floor (a floor above the target "
                f"means lower is better), else higher is better: {shown}",
                sources[file].location(sources[file].header_line),
            )
        )
    return found
