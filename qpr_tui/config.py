"""Configuration: TOML read with tomllib (tomli before Python 3.11) into plain dataclasses.

Every setting has a documented default (``config/qpr.toml`` lists them all), so the tool
works with no file at all. Unknown keys are kept as warnings rather than errors so that an
older qpr_tui still opens a newer configuration.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from qpr_tui.errors import Location, QprError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on Python 3.10
    import tomli as tomllib

RAG_RULES = ("floor", "tolerance")
TOLERANCE_TYPES = ("relative", "absolute")
DOT_METHODS = ("regression", "previous", "year", "spc")


@dataclass(frozen=True)
class RagConfig:
    """How a value is rated against its target and floor.

    ``rule = "floor"`` is KCC's: Green at or beyond target, Amber at or beyond the floor, else
    Red. A KPI with no floor then falls back to ``tolerance`` if one is set, and is otherwise
    Red when it misses target. ``rule = "tolerance"`` ignores floors: Amber is within
    ``tolerance`` of target, measured as a percentage of the target (``relative``) or in the
    KPI's own units (``absolute``). ``blue`` (same measure) adds a Blue band for beating the
    target by at least that much. ``close_band`` is the Green band, as a percentage of target,
    for close-to-target (T) KPIs.
    """

    rule: str = "floor"
    tolerance: float | None = None
    tolerance_type: str = "relative"
    blue: float | None = None
    close_band: float = 5.0


@dataclass(frozen=True)
class DotConfig:
    """How Direction of Travel is decided.

    ``regression`` (KCC's method): ordinary least squares over the last ``window`` quarters up to
    the reported one; a trend only when the slope's two-sided p-value is below
    ``significance`` and at least ``min_points`` values exist. ``previous`` and ``year`` compare
    with the previous quarter or the same quarter last year; a change smaller than
    ``stable_tolerance`` percent of the earlier value counts as stable. ``spc`` applies NHS
    Making Data Count rules (shift and trend run lengths below) to the whole series.
    """

    method: str = "regression"
    window: int = 8
    significance: float = 0.05
    min_points: int = 4
    stable_tolerance: float = 0.0
    spc_shift: int = 7
    spc_trend: int = 7


@dataclass(frozen=True)
class KpiRule:
    """Per-KPI overrides of the RAG rule (from ``[kpi."ID"]`` tables)."""

    rule: str | None = None
    tolerance: float | None = None
    tolerance_type: str | None = None
    blue: float | None = None


@dataclass(frozen=True)
class Config:
    organisation: str = ""
    year_quarters: str = "financial"
    columns: dict[str, list[str]] = field(default_factory=dict)
    rag: RagConfig = field(default_factory=RagConfig)
    dot: DotConfig = field(default_factory=DotConfig)
    directorate_order: list[str] = field(default_factory=list)
    kpi: dict[str, KpiRule] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    peer_groups: dict[str, list[str]] = field(default_factory=dict)
    source: str = ""
    warnings: list[str] = field(default_factory=list)
    # SHA-256 of the exact bytes read from ``source`` (set by `load_config`), so provenance
    # names the configuration that was used even if the file is edited afterwards.
    source_sha256: str = ""


_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOP_KEYS = {
    "organisation",
    "year_quarters",
    "columns",
    "rag",
    "dot",
    "directorates",
    "kpi",
    "keys",
    "peer_groups",
}


def _section(
    data: dict[str, Any], name: str, cls: type[Any], path: str, warnings: list[str]
) -> Any:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise QprError(f"[{name}] must be a table", Location(path))
    known = {f.name: f for f in fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in table.items():
        if key not in known:
            warnings.append(f"{path}: unknown key '{key}' in [{name}] was ignored")
            continue
        annotation = str(known[key].type)
        expected: tuple[type, ...] = (
            (str,)
            if annotation.startswith("str")
            else ((int,) if annotation == "int" else (int, float))
        )
        if isinstance(value, bool) or not isinstance(value, expected):
            raise QprError(
                f"[{name}] {key} = {value!r} has the wrong type "
                f"(expected {'text' if expected == (str,) else 'a number'})",
                Location(path),
            )
        kwargs[key] = float(value) if expected == (int, float) else value  # type: ignore[arg-type]
    return cls(**kwargs)


def _check_choice(value: str | None, choices: tuple[str, ...], what: str, path: str) -> None:
    if value is not None and value not in choices:
        raise QprError(f"{what} = '{value}' is not one of {', '.join(choices)}", Location(path))


SPC_RUNS = (3, 12)  # run lengths accepted for the SPC shift and trend rules


def _check_not_negative(table: Any, keys: tuple[str, ...], where: str, path: str) -> None:
    for key in keys:
        value = getattr(table, key)
        if value is not None and not value >= 0:  # also refuses nan
            raise QprError(f"{where} {key} = {value:g} must be 0 or more", Location(path))


def _check_ranges(rag: RagConfig, dot: DotConfig, path: str) -> None:
    """Refuse settings that are well typed but make every result meaningless."""
    _check_not_negative(rag, ("tolerance", "blue", "close_band"), "[rag]", path)
    low, high = SPC_RUNS
    for key in ("spc_shift", "spc_trend"):
        value = getattr(dot, key)
        if not low <= value <= high:
            raise QprError(
                f"[dot] {key} = {value} must be between {low} and {high} "
                "(NHS Making Data Count uses 6 to 8)",
                Location(path),
            )
    if dot.min_points > dot.window:
        raise QprError(
            f"[dot] min_points = {dot.min_points} must not exceed window = "
            f"{dot.window} (no window could hold enough points for a trend)",
            Location(path),
        )


def parse_config(text: str, path: str = "<config>", sha256: str = "") -> Config:
    """Parse configuration text; ``sha256`` is the hash of the bytes it was decoded from."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POS.search(message)
        line, column = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
        reason = _TOML_POS.sub("", message).strip()
        raise QprError(
            f"the configuration is not valid TOML: {reason}", Location(path, line, column)
        ) from None
    warnings: list[str] = []
    for key in data:
        if key not in _TOP_KEYS:
            warnings.append(f"{path}: unknown key '{key}' was ignored")
    rag = _section(data, "rag", RagConfig, path, warnings)
    dot = _section(data, "dot", DotConfig, path, warnings)
    _check_choice(rag.rule, RAG_RULES, "[rag] rule", path)
    _check_choice(rag.tolerance_type, TOLERANCE_TYPES, "[rag] tolerance_type", path)
    _check_choice(dot.method, DOT_METHODS, "[dot] method", path)
    if dot.window < 2 or dot.min_points < 3 or not 0 < dot.significance < 1:
        raise QprError(
            "[dot] needs window >= 2, min_points >= 3 and 0 < significance < 1", Location(path)
        )
    _check_ranges(rag, dot, path)
    columns: dict[str, list[str]] = {}
    for name, aliases in data.get("columns", {}).items():
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise QprError(f"[columns] {name} must be a list of header names", Location(path))
        columns[name] = aliases
    kpi: dict[str, KpiRule] = {}
    for kpi_id, table in data.get("kpi", {}).items():
        rule = _section({"kpi": table}, "kpi", KpiRule, path, warnings)
        _check_choice(rule.rule, RAG_RULES, f"[kpi.{kpi_id}] rule", path)
        _check_choice(rule.tolerance_type, TOLERANCE_TYPES, f"[kpi.{kpi_id}] tolerance_type", path)
        _check_not_negative(rule, ("tolerance", "blue"), f"[kpi.{kpi_id}]", path)
        kpi[str(kpi_id)] = rule
    directorates = data.get("directorates", {})
    order = directorates.get("order", []) if isinstance(directorates, dict) else []
    keys = {str(k): str(v) for k, v in data.get("keys", {}).items()}
    peer_groups: dict[str, list[str]] = {}
    for name, members in data.get("peer_groups", {}).items():
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            raise QprError(
                f"[peer_groups] {name} must be a list of organisation names", Location(path)
            )
        peer_groups[str(name)] = members
    year_quarters = str(data.get("year_quarters", "financial"))
    _check_choice(year_quarters, ("financial", "calendar"), "year_quarters", path)
    return Config(
        organisation=str(data.get("organisation", "")),
        year_quarters=year_quarters,
        columns=columns,
        rag=rag,
        dot=dot,
        directorate_order=[str(d) for d in order],
        kpi=kpi,
        keys=keys,
        peer_groups=peer_groups,
        source=path,
        warnings=warnings,
        source_sha256=sha256,
    )


def load_config(path: str | Path | None) -> Config:
    """Read a TOML configuration; ``None`` gives the defaults."""
    if path is None:
        return Config()
    file = Path(path)
    try:
        raw = file.read_bytes()
        text = raw.decode("utf-8-sig")
    except FileNotFoundError:
        raise QprError("the configuration file does not exist", Location(str(path))) from None
    except IsADirectoryError:
        raise QprError(
            "the configuration path is a directory, not a file", Location(str(path))
        ) from None
    except PermissionError:
        raise QprError(
            "the configuration file cannot be read (permission denied)", Location(str(path))
        ) from None
    except UnicodeDecodeError as exc:
        raise QprError(
            f"the configuration file is not UTF-8 text ({exc.reason})", Location(str(path))
        ) from None
    return parse_config(text, str(path), hashlib.sha256(raw).hexdigest())
