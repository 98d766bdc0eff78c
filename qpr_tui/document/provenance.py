"""Where an export came from: inputs, configuration, rules in force, version and time.

Files are named by their base name and identified by SHA-256, not by their full path: the
hash proves which bytes were used, and a report sent to Cabinet does not publish the
analyst's folder layout. An input that has changed on disk since it was loaded cannot be
vouched for, so building the provenance then fails with a `QprError` (see
`qpr_tui.model.SourceFile.sha256`); the configuration's hash is of the bytes read when it was
loaded. The generation time is UTC; tests and reproducible builds fix it with
the ``now`` argument, ``QPR_EXPORT_TIME`` (ISO 8601) or ``SOURCE_DATE_EPOCH`` (seconds).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
from msgspec.structs import asdict as table_dict

from qpr_tui import __version__
from qpr_tui.config import ConfigSource, RagConfig
from qpr_tui.errors import QprError
from qpr_tui.views.headings import scope_label
from qpr_tui.views.methods import describe_method
from qpr_tui.views.text import json_text
from qpr_tui.vocabulary import TARGET

if TYPE_CHECKING:
    from qpr_tui.analysis.summary import Analysis, Summary
    from qpr_tui.model import SourceFile


def export_time(now: datetime | None = None) -> datetime:
    """The generation time in UTC, to the second."""
    if now is None:
        fixed = os.environ.get("QPR_EXPORT_TIME", "").strip()
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if fixed:
            try:
                now = datetime.fromisoformat(fixed[:-1] + "+00:00" if fixed[-1:] in "Zz" else fixed)
            except ValueError:
                raise QprError(
                    f"QPR_EXPORT_TIME='{fixed}' is not an ISO 8601 time.",
                    hint="Use for example 2025-01-09T09:00:00Z.",
                ) from None
        elif epoch:
            try:
                now = datetime.fromtimestamp(int(epoch), timezone.utc)
            except (ValueError, OverflowError, OSError):
                raise QprError(f"SOURCE_DATE_EPOCH='{epoch}' is not a number of seconds.") from None
        else:
            now = datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    return now.astimezone(timezone.utc).replace(microsecond=0)


def iso_time(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _tolerance(value: float, kind: str) -> str:
    return f"{value:g}% of target" if kind == "relative" else f"{value:g} in the KPI's units"


def describe_rag(rag: RagConfig, close_to_target: bool = True) -> str:
    """The RAG rule in force, in words."""
    if rag.rule == "floor":
        text = (
            "floor standard: Green when the target is achieved or exceeded, Amber when the "
            "floor standard is achieved but not the target, Red when the floor is not "
            f"achieved ({_equality(rag)})"
        )
        if rag.tolerance is not None:
            text += (
                f"; KPIs without a floor are Amber within "
                f"{_tolerance(rag.tolerance, rag.tolerance_type)}"
            )
    else:
        tolerance = _tolerance(rag.tolerance or 0.0, rag.tolerance_type)
        text = (
            f"tolerance: Green when the target is achieved or exceeded, Amber within "
            f"{tolerance}, otherwise Red ({_equality(rag)})"
        )
    if rag.blue is not None:
        text += f"; Blue when the target is beaten by {_tolerance(rag.blue, rag.tolerance_type)}"
    if rag.zero_target == "no target":
        text += "; a target of 0 means no target (not rated)"
    if close_to_target:
        text += f"; close-to-target KPIs are Green within {rag.close_band:g}% of target"
    return text


def _equality(rag: RagConfig) -> str:
    if rag.equal_to_target == "amber":
        return "a value equal to the target is Amber"
    return "equality counts as achieved"


def _config_info(source: ConfigSource) -> dict[str, Any] | None:
    if not source.path:
        return None
    # The hash of the bytes read when the configuration was loaded, not of the file as it is
    # now: an edit after loading must not be certified as the rules used. Without one
    # (parsed from text), no hash is claimed.
    return {"name": Path(source.path).name, "sha256": source.sha256 or None}


def _sheets(item: dict[str, Any]) -> str:
    sheets = item.get("sheets", [])
    if not sheets:
        return ""
    return f"; sheet{'s' if len(sheets) > 1 else ''} " + ", ".join(f"'{s}'" for s in sheets)


@dataclass(frozen=True)
class Provenance:
    generator: str
    generated_at: str
    organisation: str
    period: str
    scope: str
    inputs: list[dict[str, Any]]
    config: dict[str, Any] | None
    rag_rule: str
    rag: dict[str, Any]
    dot_method: str
    dot: dict[str, Any]
    kpi_rules: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["config"] = self.config if self.config is not None else "defaults"
        return data

    def json_text(self, csv_file: str | None = None) -> str:
        data = self.to_json()
        if csv_file is not None:
            data = {"describes": csv_file, **data}
        return json_text(data) + "\n"

    @property
    def config_text(self) -> str:
        if self.config is None:
            return "defaults (no configuration file)"
        sha = self.config.get("sha256")
        return f"{self.config['name']}" + (f" (SHA-256 {sha})" if sha else "")

    def lines(self) -> list[tuple[str, str]]:
        """``(label, text)`` pairs for the human-readable exports."""
        rows = [
            (
                f"Input {i}" if len(self.inputs) > 1 else "Input",
                f"{item['name']} (SHA-256 {item['sha256']}, {item['bytes']:,} bytes, "
                f"{item['encoding']}{_sheets(item)}{_about(item)})",
            )
            for i, item in enumerate(self.inputs, 1)
        ]
        rows += [
            ("Configuration", self.config_text),
            ("RAG rule", self.rag_rule),
            ("Direction of Travel", self.dot_method),
        ]
        if self.kpi_rules:
            rows.append(
                ("Per-KPI rules", ", ".join(self.kpi_rules) + " (see the configuration file)")
            )
        rows += [("Generated", f"{self.generated_at} by {self.generator}")]
        return rows


def _inputs(sources: list[SourceFile]) -> list[dict[str, Any]]:
    """One input per file read; a workbook's lists the sheets read (one source each)."""
    inputs: dict[str, dict[str, Any]] = {}
    for source in sources:
        if source.path in inputs:
            inputs[source.path]["sheets"].append(source.sheet)
            continue
        inputs[source.path] = {
            "name": Path(source.display).name or source.display,
            "sha256": source.sha256,
            "bytes": source.size,
            "encoding": source.encoding,
        }
        if source.sheet:
            inputs[source.path]["sheets"] = [source.sheet]
        # Only where they say something: a catalogue, a period not read from the rows.
        if source.role == "kpis":
            inputs[source.path]["role"] = "KPI catalogue"
        if source.period_from:
            inputs[source.path]["period_from"] = source.period_from
    return list(inputs.values())


def _about(item: dict[str, Any]) -> str:
    """What else an input's line says: that it is a catalogue, where its period came from."""
    about = [item["role"]] if "role" in item else []
    if "period_from" in item:
        about.append(f"period from {item['period_from']}")
    return "".join(f"; {text}" for text in about)


def build_provenance(analysis: Analysis, summary: Summary, moment: datetime) -> Provenance:
    config = analysis.config
    has_t = bool(analysis.rated.filter(pl.col("polarity") == TARGET).height)
    return Provenance(
        generator=f"qpr_tui {__version__}",
        generated_at=iso_time(moment),
        organisation=summary.organisation,
        period=summary.period_label,
        scope=scope_label(summary.scope),
        inputs=_inputs(analysis.dataset.sources),
        config=_config_info(analysis.config_source),
        rag_rule=describe_rag(config.rag, has_t),
        rag=table_dict(config.rag),
        dot_method=describe_method(config.dot),
        dot=table_dict(config.dot),
        kpi_rules={
            key: {k: v for k, v in table_dict(rule).items() if v is not None}
            for key, rule in sorted(config.kpi.items())
        },
    )
