"""``[kpi."ID"]`` settings that override what the files say of a KPI: polarity, unit, target
and floor, on every row of that KPI.

The configuration is the user's last word, so it wins over the value files and catalogues; a
note says where it replaced a different value from a file, and a ``[kpi."ID"]`` that matches
no KPI is a warning at its line (a misspelt id would otherwise change nothing, silently).
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from qpr_tui.config import Config
from qpr_tui.errors import Issue, Location, Severity
from qpr_tui.model import SourceFile
from qpr_tui.vocabulary import POLARITY_NAMES

OVERRIDDEN = ("polarity", "unit", "target", "floor")
_POLARITY_NAME = {code: word for word, code in POLARITY_NAMES.items()}
KeyPlace = Callable[[tuple[str, ...]], Location]


def apply_overrides(
    frame: pl.DataFrame, config: Config, sources: list[SourceFile], key_place: KeyPlace
) -> tuple[pl.DataFrame, list[Issue]]:
    """``frame`` with the ``[kpi."ID"]`` overrides applied, and the findings about them;
    ``key_place`` says where a configuration key is written."""
    if not config.kpi:
        return frame, []
    known = set(frame.get_column("kpi_id").unique().to_list())
    issues = [
        Issue(
            Severity.WARNING,
            "config-unknown-kpi",
            f'[kpi."{kpi}"] matches no KPI in the data, so its settings were not used',
            key_place(("kpi", kpi)),
            kpi_id=kpi,
        )
        for kpi in config.kpi
        if kpi not in known
    ]
    rules = _rules(config)
    if rules.height == 0:
        return frame, issues
    joined = frame.join(rules, on="kpi_id", how="left")
    for name in OVERRIDDEN:
        setting = pl.col(f"{name}_set")
        differ = joined.filter(
            setting.is_not_null() & pl.col(name).is_not_null() & (pl.col(name) != setting)
        )
        issues += _replaced(differ, name, sources)
        joined = joined.with_columns(pl.coalesce(setting, pl.col(name)).alias(name))
    return joined.select(frame.columns), issues


def _rules(config: Config) -> pl.DataFrame:
    """One row per ``[kpi."ID"]`` that overrides something the files say."""
    rows = [
        {
            "kpi_id": kpi,
            "polarity_set": POLARITY_NAMES[rule.polarity] if rule.polarity else None,
            "unit_set": rule.unit,
            "target_set": rule.target,
            "floor_set": rule.floor,
        }
        for kpi, rule in config.kpi.items()
        if any(getattr(rule, name) is not None for name in OVERRIDDEN)
    ]
    schema = {
        "kpi_id": pl.String,
        "polarity_set": pl.String,
        "unit_set": pl.String,
        "target_set": pl.Float64,
        "floor_set": pl.Float64,
    }
    return pl.DataFrame(rows, schema=schema)


def _replaced(differ: pl.DataFrame, name: str, sources: list[SourceFile]) -> list[Issue]:
    """A note per KPI whose file gave ``name`` another value than its ``[kpi."ID"]``."""
    firsts = differ.group_by("kpi_id", maintain_order=True).agg(
        pl.col(name).first(),
        pl.col(f"{name}_set").first(),
        pl.col("_file").first(),
        pl.col("_line").first(),
        pl.len().alias("rows"),
    )
    notes: list[Issue] = []
    for kpi, given, setting, file, line, rows in firsts.iter_rows():
        if name == "polarity":
            given, setting = _POLARITY_NAME.get(given, given), _POLARITY_NAME[setting]
        more = f" (and on {rows - 1:,} more row{'s' if rows > 2 else ''})" if rows > 1 else ""
        notes.append(
            Issue(
                Severity.INFO,
                "config-override",
                f'[kpi."{kpi}"] {name} = {_shown(setting)} replaces {_shown(given)} given in '
                f"the file{more}",
                sources[file].location(line, name),
                kpi_id=kpi,
            )
        )
    return notes


def _shown(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else f'"{value}"'
