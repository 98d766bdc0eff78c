"""KPI catalogues: files that describe KPIs (name, polarity, unit, targets...) without values,
joined to the value files by KPI id.

Which side wins where both give something:

- what the KPI *is* (name, polarity, unit, directorate, service area, owner, basis): the
  catalogue, the one place that defines it; a value file's different word is a finding;
- its *targets* (target, floor, tolerance): the value file, whose rows are per period (a
  catalogue's target is a standing one, and targets change from year to year); the
  catalogue's fills the rows that have none.

Ids in one and not the other are findings, counted, with a few examples: a catalogue often
lists far more KPIs than a report has values for.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from qpr_tui.errors import Issue, Severity
from qpr_tui.model import SourceFile

DEFINED = ("indicator", "polarity", "unit", "directorate", "service_area", "owner", "basis")
TARGETS = ("target", "floor", "tolerance", "tolerance_type")
SHOWN = 5  # KPI ids named in a finding about many KPIs


def join_catalogue(
    frame: pl.DataFrame, catalogue: pl.DataFrame, sources: list[SourceFile]
) -> tuple[pl.DataFrame, list[Issue]]:
    """``frame`` (the values) with what ``catalogue`` (the catalogues' rows) says of each
    KPI, and the findings of the join (see the module docstring)."""
    kpis = catalogue.filter(pl.col("kpi_id").is_first_distinct())
    side = kpis.select(
        "kpi_id",
        *[pl.col(c).alias(f"{c}_cat") for c in (*DEFINED, *TARGETS)],
        pl.col("_file").alias("_file_cat"),
        pl.col("_line").alias("_line_cat"),
    )
    joined = frame.join(side, on="kpi_id", how="left")
    issues: list[Issue] = []
    for name in (*DEFINED, *TARGETS):
        mine, theirs = _given(name, pl.col(name)), _given(name, pl.col(f"{name}_cat"))
        differ = joined.filter(mine & theirs & (pl.col(name) != pl.col(f"{name}_cat")))
        if differ.height:
            issues.append(_disagreement(differ, name, sources))
        chosen = (
            pl.when(theirs).then(pl.col(f"{name}_cat")).otherwise(pl.col(name))
            if name in DEFINED
            else pl.when(mine).then(pl.col(name)).otherwise(pl.col(f"{name}_cat"))
        )
        joined = joined.with_columns(chosen.alias(name))
    joined = joined.select(frame.columns)
    return joined, issues + _unmatched(frame, kpis, sources)


def _given(name: str, column: pl.Expr) -> pl.Expr:
    """Whether a cell says something: not null, and for text not blank (a value file without
    indicator names shows the KPI id, which the catalogue's name replaces)."""
    if name in ("polarity", *TARGETS):
        return column.is_not_null()
    return column.is_not_null() & (column != "") & (column != pl.col("kpi_id"))


def _disagreement(differ: pl.DataFrame, name: str, sources: list[SourceFile]) -> Issue:
    kpis = differ.group_by("kpi_id", maintain_order=True).first()
    kpi, mine, theirs, file, line = kpis.select(
        "kpi_id", name, f"{name}_cat", "_file_cat", "_line_cat"
    ).row(0)
    winner = "the catalogue's" if name in DEFINED else "the value file's"
    others = f" (and for {_count(kpis.height - 1)} more)" if kpis.height > 1 else ""
    word = name.replace("_", " ")
    return Issue(
        Severity.WARNING if name == "polarity" else Severity.INFO,
        "catalogue-differs",
        f"the {word} of {kpi} is {_shown(theirs)} in the catalogue and {_shown(mine)} in "
        f"the values{others}; {winner} was used",
        sources[file].location(line, name),
        kpi_id=kpi,
    )


def _unmatched(frame: pl.DataFrame, kpis: pl.DataFrame, sources: list[SourceFile]) -> list[Issue]:
    """Catalogue KPIs with no values, and KPIs with values the catalogue does not describe."""
    issues: list[Issue] = []
    idle = kpis.join(frame.select("kpi_id").unique(), on="kpi_id", how="anti")
    if idle.height:
        first = sources[idle.item(0, "_file")]
        issues.append(
            Issue(
                Severity.INFO,
                "catalogue-no-values",
                f"{_count(idle.height)} of the catalogue {'has' if idle.height == 1 else 'have'} "
                f"no values: {_some(idle)}",
                first.location(idle.item(0, "_line"), "kpi_id"),
            )
        )
    strays = frame.filter(pl.col("kpi_id").is_first_distinct()).join(
        kpis.select("kpi_id"), on="kpi_id", how="anti"
    )
    if strays.height and strays.height == frame.get_column("kpi_id").n_unique():
        issues.append(_no_id_matches(strays, kpis, sources))
    elif strays.height:
        first = sources[strays.item(0, "_file")]
        issues.append(
            Issue(
                Severity.WARNING,
                "not-in-catalogue",
                f"{_count(strays.height)} with values {'is' if strays.height == 1 else 'are'} "
                f"not in the catalogue ({_some(strays)}); only the value files describe "
                f"{'it' if strays.height == 1 else 'them'}",
                first.location(strays.item(0, "_line"), "kpi_id"),
            )
        )
    return issues


def _shown(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else f"'{value}'"


def _no_id_matches(strays: pl.DataFrame, kpis: pl.DataFrame, sources: list[SourceFile]) -> Issue:
    """No KPI with values is in the catalogue: the two spell their ids differently."""
    catalogue = sources[kpis.item(0, "_file")]
    name = Path(catalogue.display).name
    return Issue(
        Severity.WARNING,
        "not-in-catalogue",
        f"none of the {_count(strays.height)} with values is in the catalogue {name}: the "
        f"values have {_some(strays)}, the catalogue {_some(kpis)}. Map the catalogue's "
        f'column of matching ids in [files."{name}"] columns = {{ kpi_id = ["..."] }}',
        sources[strays.item(0, "_file")].location(strays.item(0, "_line"), "kpi_id"),
    )


def _count(number: int) -> str:
    return f"{number} KPI{'s' if number != 1 else ''}"


def _some(rows: pl.DataFrame) -> str:
    ids = rows.get_column("kpi_id").head(SHOWN).to_list()
    more = f" and {rows.height - SHOWN:,} more" if rows.height > SHOWN else ""
    return ", ".join(ids) + more
