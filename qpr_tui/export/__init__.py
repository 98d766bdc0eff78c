"""Exports: the QPR paper as Word, PDF, HTML, Markdown and text; Excel, CSV, JSON for data; SVG.

The paper formats are written from one document model (`qpr_tui.document`), built once per
export from the analysis, so the numbers agree everywhere. Each format's writer is its own
module, imported only when that format is written (`WRITERS`), so writing Markdown never
loads python-docx, typst or xlsxwriter. The SVG is the screenshot: the summary as the
terminal shows it. Every export says where it came from (input files with their SHA-256,
configuration, rules in force, qpr_tui version, time of generation): in the text, and in a
file's own properties where it has them (Word, PDF, Excel); CSV keeps it in a
``<name>.provenance.json`` file next to it.

Public API (used by the TUI and the CLI):

- `FORMATS`, `EXTENSIONS`, `DESCRIPTIONS`, `BINARY`, `WRITERS`
- `render(analysis, fmt, period, scope, now=None, peers=None) -> str` (text formats)
- `render_bytes(...) -> bytes` (any format, as a file would hold it, CSV without its BOM)
- `write_export(analysis, fmt, path, period, scope, *, force=False, now=None, peers=None)`
- `default_filename(period, scope, fmt)`, `output_paths(fmt, path)`, `ExportExistsError`
- `PAPERS`, `left_out(analysis, fmt, period, scope) -> list[str]`: what a paper leaves out

Nothing here imports Textual.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from qpr_tui.errors import QprError
from qpr_tui.export.files import ExportExistsError, output_paths, sidecar_path
from qpr_tui.periods import UK, Calendar
from qpr_tui.views.headings import scope_label

if TYPE_CHECKING:
    from qpr_tui.analysis.summary import Analysis, Scope
    from qpr_tui.document import Document

FORMATS: tuple[str, ...] = ("docx", "pdf", "html", "md", "txt", "xlsx", "csv", "json", "svg")
EXTENSIONS: dict[str, str] = {fmt: fmt for fmt in FORMATS}
DESCRIPTIONS: dict[str, str] = {
    "docx": "Word document (the Cabinet paper, with charts)",
    "pdf": "PDF document (the Cabinet paper on A4, with charts)",
    "html": "HTML document (for a browser or the intranet; prints on A4)",
    "md": "Markdown paper (to paste into Word or a wiki)",
    "txt": "Plain text paper (for email)",
    "xlsx": "Excel workbook (KPIs, their history and the counts, for analysts)",
    "csv": "CSV table (for Excel), with a .provenance.json file",
    "json": "JSON (the summary and the KPI table, for scripts)",
    "svg": "SVG screenshot of the summary (for slides)",
}
#: The paper formats: the ones that limit per-KPI detail (`qpr_tui.document.limits`).
PAPERS: frozenset[str] = frozenset({"docx", "pdf", "html", "md", "txt"})
#: Formats whose files are not text: never printed on a terminal.
BINARY: frozenset[str] = frozenset({"docx", "pdf", "xlsx"})
#: Each format's writer: module and function, ``function(document) -> str | bytes``.
WRITERS: dict[str, tuple[str, str]] = {
    "docx": ("qpr_tui.export.word", "render"),
    "pdf": ("qpr_tui.export.pdf", "render"),
    "html": ("qpr_tui.export.paper_html", "render"),
    "md": ("qpr_tui.export.markdown", "render"),
    "txt": ("qpr_tui.export.plaintext", "render"),
    "xlsx": ("qpr_tui.export.xlsx", "render"),
    "csv": ("qpr_tui.export.table", "render_csv"),
    "json": ("qpr_tui.export.table", "render_json"),
}
ALIASES = {"markdown": "md", "text": "txt", "word": "docx", "htm": "html", "excel": "xlsx"}


def check_format(fmt: str) -> str:
    """The format name in canonical form, or a `QprError` naming the choices."""
    name = str(fmt).strip().lower().lstrip(".")
    name = ALIASES.get(name, name)
    if name not in FORMATS:
        raise QprError(f"'{fmt}' is not an export format (choose one of {', '.join(FORMATS)}).")
    return name


def _slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")
    return slug[:60].rstrip("-") or "all"


def default_filename(period: int, scope: Scope, fmt: str, calendar: Calendar = UK) -> str:
    """``qpr-2024-25-Q2-all.html``: safe on every file system, no spaces."""
    fmt = check_format(fmt)
    where = "all" if scope.is_all else _slug(scope_label(scope))
    return f"qpr-{_slug(calendar.label(period))}-{where}.{EXTENSIONS[fmt]}"


def left_out(analysis: Analysis, fmt: str, period: int | None, scope: Scope) -> list[str]:
    """What the export in ``fmt`` leaves out and why, one sentence each (the paper says the
    same where it cuts; the svg slide its own lists); empty for the data formats, which
    hold every KPI."""
    fmt = check_format(fmt)
    if fmt == "svg":
        from qpr_tui.export.screenshot import slide_cuts

        return slide_cuts(analysis.summary(period, scope))
    if fmt not in PAPERS:
        return []
    from qpr_tui.document.build import paper_cuts
    from qpr_tui.document.limits import PAGED

    charts = analysis.config.report.charts == "all"
    summary = analysis.summary(period, scope)
    return [cut.text for cut in paper_cuts(summary, charts, paged=fmt in PAGED)]


def write_document(document: Document, fmt: str) -> str | bytes:
    """One format's writer applied to the document (the writer imported only now)."""
    import importlib

    from qpr_tui.document.limits import PAGED, for_pages

    module, function = WRITERS[fmt]
    writer: Callable[[Document], str | bytes] = getattr(importlib.import_module(module), function)
    return writer(for_pages(document) if fmt in PAGED else document)


def _produce(
    analysis: Analysis,
    fmt: str,
    period: int | None,
    scope: Scope,
    now: datetime | None,
    peers: str | None,
) -> str | bytes:
    if fmt == "svg":  # the screenshot: the terminal's views, not the paper
        from qpr_tui.document.provenance import build_provenance, export_time
        from qpr_tui.export.screenshot import render_svg

        summary = analysis.summary(period, scope)
        return render_svg(summary, build_provenance(analysis, summary, export_time(now)))
    from qpr_tui.document import build_document

    document = build_document(analysis, period, scope, now=now, peers=peers)
    return write_document(document, fmt)


def render(
    analysis: Analysis,
    fmt: str,
    period: int | None,
    scope: Scope,
    now: datetime | None = None,
    peers: str | None = None,
) -> str:
    """A text format's export as text (CSV without the byte-order mark that files get).

    ``now`` fixes the generation time (otherwise ``QPR_EXPORT_TIME``, ``SOURCE_DATE_EPOCH``
    or the clock); ``period`` None means the latest; ``peers`` names the benchmark's peer
    group. A binary format (`BINARY`) is refused: use `render_bytes` or `write_export`.
    """
    fmt = check_format(fmt)
    if fmt in BINARY:
        raise QprError(f"{fmt} is not a text format; write it to a file.")
    content = _produce(analysis, fmt, period, scope, now, peers)
    assert isinstance(content, str)
    return content


def render_bytes(
    analysis: Analysis,
    fmt: str,
    period: int | None,
    scope: Scope,
    now: datetime | None = None,
    peers: str | None = None,
) -> bytes:
    """Any format's export as bytes (text as UTF-8; CSV without its byte-order mark)."""
    content = _produce(analysis, check_format(fmt), period, scope, now, peers)
    return content.encode("utf-8") if isinstance(content, str) else content


def write_export(
    analysis: Analysis,
    fmt: str,
    path: str | Path,
    period: int | None,
    scope: Scope,
    *,
    force: bool = False,
    now: datetime | None = None,
    peers: str | None = None,
) -> Path:
    """Write one export atomically and return its absolute path.

    Refuses (with `QprError`) to write onto an input or configuration file, to replace an
    existing file unless ``force`` (`ExportExistsError`), and reports unwritable folders and
    full disks plainly. For CSV the provenance goes to ``<name>.provenance.json`` alongside.
    """
    from qpr_tui.document.provenance import export_time
    from qpr_tui.export.files import check_targets, protected_paths, write_files

    fmt = check_format(fmt)
    if not str(path).strip():
        raise QprError("no output file was given.")
    target = Path(path).expanduser()
    targets = output_paths(fmt, target)
    example = default_filename(
        analysis.latest if period is None else period, scope, fmt, analysis.calendar
    )
    check_targets(targets, protected_paths(analysis), force=force, example=example)
    stamp = export_time(now)
    if fmt != "csv":
        write_files([(target, render_bytes(analysis, fmt, period, scope, stamp, peers))])
        return target.absolute()
    from qpr_tui.document import build_document
    from qpr_tui.export.table import render_csv

    document = build_document(analysis, period, scope, now=stamp, peers=peers)
    content = render_csv(document).encode("utf-8")
    if len(targets) == 1:  # a device or pipe: no BOM, no provenance file
        write_files([(target, content)])
        return target.absolute()
    sidecar = document.provenance.json_text(csv_file=target.name)
    # The byte-order mark makes Excel read the file as UTF-8 (£, –, accents).
    write_files([(target, "\ufeff".encode() + content), (targets[1], sidecar.encode("utf-8"))])
    return target.absolute()


__all__ = [
    "BINARY",
    "DESCRIPTIONS",
    "EXTENSIONS",
    "FORMATS",
    "PAPERS",
    "WRITERS",
    "ExportExistsError",
    "check_format",
    "default_filename",
    "left_out",
    "output_paths",
    "render",
    "render_bytes",
    "sidecar_path",
    "write_document",
    "write_export",
]
