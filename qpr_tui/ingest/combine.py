"""What only the stacked files together can tell: duplicates, usable input, polarity.

Each file is read on its own (`qpr_tui.ingest.reader.read_file`); these checks run on the rows of
all of them, since the same KPI and period can appear in two files.
"""

from __future__ import annotations

import polars as pl

from qpr_tui.errors import Issue, QprError, Severity
from qpr_tui.model import SourceFile
from qpr_tui.periods import label

_KEYS = ["organisation", "kpi_id", "period"]


def check_usable(
    frame: pl.DataFrame,
    peers: pl.DataFrame | None,
    issues: list[Issue],
    sources: list[SourceFile],
    home: str | None,
) -> None:
    """Raise `QprError` when the home organisation's rows leave nothing to report."""
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
                f"{len(dropped) - 1} more rows like it).",
                dropped[0].location,
                hint="Periods are spelled like '2024/25 Q2', 'Sep-24' or '2024-09-30'.",
            )
        raise QprError(
            "the file has a header but no data rows.",
            sources[0].location(sources[0].header_line + 1) if len(sources) == 1 else None,
        )
    values_seen = frame.filter(pl.col("value").is_not_null()).height
    if values_seen == 0 and frame.filter(pl.col("value_reason") == "unusable value").height:
        raise QprError(
            "no value in the file is a number, so there is nothing to rate.",
            sources[0].location(sources[0].header_line + 1, "value") if len(sources) == 1 else None,
            hint="Check that the value column holds numbers such as 85.2 or 85.2%.",
        )


def duplicates(frame: pl.DataFrame, sources: list[SourceFile]) -> list[Issue]:
    """One error per KPI and period that an organisation has on more than one row."""
    if _distinct(frame):
        return []
    repeated = frame.filter(pl.len().over(_KEYS) > 1)
    grouped = repeated.group_by(_KEYS, maintain_order=True).agg(pl.col("_file"), pl.col("_line"))
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


def _distinct(frame: pl.DataFrame) -> bool:
    """Whether no two rows have the same keys, if that is cheap to prove.

    Rows in strictly increasing key order (as exports sorted by organisation, KPI and period
    are) are distinct; so are rows whose 64-bit key hashes are (equal hashes, from a duplicate
    or rarely a collision, leave it to the exact check). Each key is hashed on its own, with
    its own seed, which is cheaper than hashing them as one struct."""
    organisation, kpi_id, period = (pl.col(key) for key in _KEYS)
    later = (organisation > organisation.shift()) | (
        (organisation == organisation.shift())
        & ((kpi_id > kpi_id.shift()) | ((kpi_id == kpi_id.shift()) & (period > period.shift())))
    )
    if frame.height < 2 or frame.select(later.fill_null(False).slice(1).all()).item():
        return True
    hashes = (pl.col(key).hash(seed) for seed, key in enumerate(_KEYS, start=1))
    a, b, c = hashes
    return bool(frame.select((a ^ b ^ c).n_unique()).item() == frame.height)


def infer_polarity(
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
    guessed = (
        frame.filter(pl.col("_guessed") & ~pl.col("kpi_id").is_in(list(warned)))
        .group_by("kpi_id", maintain_order=True)
        .agg(pl.col("polarity").first(), pl.col("_file").first(), pl.col("_line").first())
    )
    return frame.drop("_guessed"), _polarity_findings(guessed, sources)


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
        shown = ", ".join(kpis[:6]) + (f" and {len(kpis) - 6} more" if len(kpis) > 6 else "")
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
