"""Exports: the QPR as HTML, SVG, plain text, Markdown, CSV and JSON.

HTML, SVG and text are recorded from the same rich renderables the TUI and ``qpr summary``
show, so what you see is what you export. Markdown is the cover report in the structure of
KCC's report to Cabinet, followed by the KPI table. CSV and JSON carry the computed table for
spreadsheets and scripts. Every export says where it came from (input files with their
SHA-256, configuration, rules in force, qpr_tui version, time of generation); CSV keeps that
in a ``<name>.provenance.json`` file next to it so the table itself stays clean.

Public API (used by the TUI and the CLI):

- `FORMATS`, `EXTENSIONS`, `DESCRIPTIONS`
- `render(analysis, fmt, period, scope, now=None) -> str`
- `write_export(analysis, fmt, path, period, scope, *, force=False, now=None) -> Path`
- `default_filename(period, scope, fmt)`, `output_paths(fmt, path)`, `ExportExistsError`

Nothing here imports Textual.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from qpr_tui.errors import QprError
from qpr_tui.export.files import ExportExistsError, output_paths, sidecar_path
from qpr_tui.periods import label
from qpr_tui.views.headings import scope_label

if TYPE_CHECKING:
    from qpr_tui.analysis.summary import Analysis, Scope

FORMATS: tuple[str, ...] = ("html", "svg", "txt", "md", "csv", "json")
EXTENSIONS: dict[str, str] = {fmt: fmt for fmt in FORMATS}
DESCRIPTIONS: dict[str, str] = {
    "html": "HTML page (self-contained, for a browser or the intranet)",
    "svg": "SVG image of the summary page (for slides)",
    "txt": "Plain text (for email)",
    "md": "Markdown cover report (for the Cabinet paper)",
    "csv": "CSV table (for Excel), with a .provenance.json file",
    "json": "JSON (the summary and the KPI table, for scripts)",
}


def check_format(fmt: str) -> str:
    """The format name in canonical form, or a `QprError` naming the choices."""
    name = str(fmt).strip().lower().lstrip(".")
    if name == "markdown":
        name = "md"
    if name == "text":
        name = "txt"
    if name not in FORMATS:
        raise QprError(f"'{fmt}' is not an export format (choose one of {', '.join(FORMATS)}).")
    return name


def _slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")
    return slug[:60].rstrip("-") or "all"


def default_filename(period: int, scope: Scope, fmt: str) -> str:
    """``qpr-2024-25-Q2-all.html``: safe on every file system, no spaces."""
    fmt = check_format(fmt)
    where = "all" if scope.is_all else _slug(scope_label(scope))
    return f"qpr-{_slug(label(period))}-{where}.{EXTENSIONS[fmt]}"


def render(
    analysis: Analysis, fmt: str, period: int | None, scope: Scope, now: datetime | None = None
) -> str:
    """The export as text (CSV without the byte-order mark that files get).

    ``now`` fixes the generation time (otherwise ``QPR_EXPORT_TIME``, ``SOURCE_DATE_EPOCH``
    or the clock); ``period`` None means the latest.
    """
    from qpr_tui.export.provenance import build_provenance, export_time

    fmt = check_format(fmt)
    summary = analysis.summary(period, scope)
    if fmt == "csv":  # the table alone: its provenance goes to a separate file
        from qpr_tui.export.table import render_csv

        return render_csv(summary)
    provenance = build_provenance(analysis, summary, export_time(now))
    if fmt in ("html", "svg", "txt"):
        from qpr_tui.export.report import render_rich

        return render_rich(fmt, analysis, summary, provenance)
    if fmt == "md":
        from qpr_tui.export.markdown import render_markdown

        return render_markdown(analysis, summary, provenance)
    from qpr_tui.export.table import render_json

    return render_json(summary, provenance)


def write_export(
    analysis: Analysis,
    fmt: str,
    path: str | Path,
    period: int | None,
    scope: Scope,
    *,
    force: bool = False,
    now: datetime | None = None,
) -> Path:
    """Write one export atomically and return its absolute path.

    Refuses (with `QprError`) to write onto an input or configuration file, to replace an
    existing file unless ``force`` (`ExportExistsError`), and reports unwritable folders and
    full disks plainly. For CSV the provenance goes to ``<name>.provenance.json`` alongside.
    """
    from qpr_tui.export.files import check_targets, protected_paths, write_files
    from qpr_tui.export.provenance import build_provenance, export_time

    fmt = check_format(fmt)
    if not str(path).strip():
        raise QprError("no output file was given.")
    target = Path(path).expanduser()
    targets = output_paths(fmt, target)
    example = default_filename(analysis.latest if period is None else period, scope, fmt)
    check_targets(targets, protected_paths(analysis), force=force, example=example)
    stamp = export_time(now)
    content = render(analysis, fmt, period, scope, now=stamp)
    if len(targets) == 2:  # CSV and its provenance file
        summary = analysis.summary(period, scope)
        sidecar = build_provenance(analysis, summary, stamp).json_text(csv_file=target.name)
        # The byte-order mark makes Excel read the file as UTF-8 (£, –, accents).
        write_files(
            [(target, ("\ufeff" + content).encode("utf-8")), (targets[1], sidecar.encode("utf-8"))]
        )
    elif fmt == "csv":
        write_files([(target, content.encode("utf-8"))])  # a device or pipe: no BOM
    else:
        write_files([(target, content.encode("utf-8"))])
    return target.absolute()


__all__ = [
    "DESCRIPTIONS",
    "EXTENSIONS",
    "FORMATS",
    "ExportExistsError",
    "check_format",
    "default_filename",
    "output_paths",
    "render",
    "sidecar_path",
    "write_export",
]
