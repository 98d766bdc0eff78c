"""Header matching: which input column holds which canonical field."""

from __future__ import annotations

import re
from dataclasses import dataclass

from qpr_tui.errors import Location, QprError

# Canonical column -> accepted headers (compared after `normalise_header`).
BUILTIN_ALIASES: dict[str, list[str]] = {
    "kpi_id": [
        "kpi id",
        "kpi",
        "kpi code",
        "code",
        "ref",
        "reference",
        "id",
        "indicator code",
        "indicator id",
        "pi code",
        "measure code",
        "kpi ref",
    ],
    "indicator": [
        "indicator",
        "kpi name",
        "name",
        "measure",
        "indicator name",
        "title",
        "measure name",
        "description",
        "kpi description",
    ],
    "directorate": ["directorate", "department", "section", "portfolio"],
    "service_area": ["service area", "service", "division", "service line"],
    "unit": ["unit", "units", "measure type", "format"],
    "polarity": ["polarity", "direction", "good is", "aim", "better is", "good direction"],
    "period": [
        "period",
        "quarter",
        "reporting period",
        "date",
        "period end",
        "month",
        "period ending",
        "time period",
    ],
    "value": ["value", "actual", "result", "performance", "outturn", "latest value", "score"],
    "target": ["target", "target value"],
    "floor": ["floor", "floor standard", "minimum standard", "threshold", "floor target"],
    "rag": ["rag", "rag status", "published rag", "rating", "rag rating", "status"],
    "commentary": ["commentary", "context", "comment", "comments", "narrative", "notes"],
    "actions": ["actions", "management actions", "management action", "action", "mitigations"],
    "owner": ["owner", "lead", "responsible officer", "lead officer", "kpi owner"],
    "basis": ["basis", "data period", "period type", "frequency", "measure basis"],
    "organisation": [
        "organisation",
        "organization",
        "org",
        "authority",
        "council",
        "local authority",
        "area name",
        "provider",
    ],
    "reason": ["reason", "data status", "status reason", "no data reason", "data note"],
    "tolerance": ["tolerance", "amber tolerance"],
    "tolerance_type": ["tolerance type"],
    # The value of the period before the row's, and of the same period a year earlier (a file
    # that shows "last quarter" beside "this quarter"). "last year" alone is left out: files
    # use it for last year's outturn as often as for the same quarter a year ago.
    "previous_value": [
        "previous value",
        "last quarter",
        "previous quarter",
        "previous period",
        "last period",
        "prior quarter",
    ],
    "year_ago_value": [
        "year ago value",
        "same period last year",
        "same quarter last year",
        "last year same quarter",
        "year ago",
    ],
}
CANONICAL = tuple(BUILTIN_ALIASES)


def normalise_header(text: str) -> str:
    text = text.replace("\ufeff", "").strip().lower()
    text = re.sub(r"[_\-.]+", " ", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class ColumnMap:
    """Canonical column -> 0-based index of the input column that holds it."""

    index: dict[str, int]
    unmatched: list[int]


def match_columns(
    header: list[str],
    user_aliases: dict[str, list[str]],
    display: str,
    skip: set[int] | None = None,
    file_aliases: dict[str, list[str]] | None = None,
) -> ColumnMap:
    """Map the header onto canonical columns.

    The file's own aliases (``[files."NAME"] columns``) win over the user's (``[columns]``),
    which win over the exact canonical name, which wins over built-in aliases. Two headers
    claiming one column at the same level is an error, since guessing could rate the wrong
    numbers.
    """
    skip = skip or set()
    given: list[dict[str, list[str]]] = [file_aliases or {}, user_aliases]
    levels = [*given, {name: [name] for name in CANONICAL}, BUILTIN_ALIASES]
    normalised = [normalise_header(h) for h in header]
    index: dict[str, int] = {}
    taken: set[int] = set(skip)
    for number, level in enumerate(levels):
        claims = _claims(level, normalised, index, taken)
        for name, positions in claims.items():
            positions = [p for p in positions if p not in taken]
            if len(positions) > 1 and number < len(given):
                # Headers that differ only by case or spaces: an alias written exactly as
                # one of them picks it.
                exact = [p for p in positions if header[p] in level[name]]
                positions = exact if len(exact) == 1 else positions
            if not positions:
                continue
            if len(positions) > 1:
                raise _ambiguous(header, name, positions, display)
            index[name] = positions[0]
            taken.add(positions[0])
    unmatched = [i for i in range(len(header)) if i not in taken]
    return ColumnMap(index=index, unmatched=unmatched)


def _claims(
    level: dict[str, list[str]], normalised: list[str], index: dict[str, int], taken: set[int]
) -> dict[str, list[int]]:
    """Canonical column -> the free input columns whose header one of its aliases names."""
    claims: dict[str, list[int]] = {}
    for name, aliases in level.items():
        if name in index:
            continue
        wanted = {normalise_header(a) for a in aliases}
        for i, text in enumerate(normalised):
            if i not in taken and text in wanted:
                claims.setdefault(name, []).append(i)
    return claims


def _ambiguous(header: list[str], name: str, positions: list[int], display: str) -> QprError:
    """Two headers claim one column: the error, with a hint that settles it (an alias
    written exactly as one header, case and spaces included, picks that one)."""
    names = " and ".join(f"'{header[p]}' (column {p + 1})" for p in positions)
    if len({header[p] for p in positions}) == 1:
        hint = "Rename or remove one of them."
    else:
        chosen = header[positions[0]].replace("\\", "\\\\").replace('"', '\\"')
        hint = (
            f"Rename one, or say which in the configuration: "
            f'[columns] {name} = ["{chosen}"] (written exactly as its header).'
        )
    return QprError(
        f"{names} could both be the {name} column.",
        Location(display, 1, positions[1] + 1),
        hint=hint,
    )
