"""``qpr validate``: the data-quality report on the command line.

Exit 0 when there are no errors or warnings (notes alone, such as an explained missing value,
do not fail), 1 when there are, 2 when the input cannot be used at all.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

import polars as pl

from qpr_tui.errors import Issue, Severity
from qpr_tui.findings import Findings
from qpr_tui.loading import config_from_args, default_files
from qpr_tui.model import Dataset
from qpr_tui.validate.checks import counted, counts, find_issues
from qpr_tui.views import output
from qpr_tui.views.text import clean, safe
from qpr_tui.vocabulary import FINDING_GLYPHS, FINDING_WORDS

if TYPE_CHECKING:
    from rich.console import RenderableType

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "dark_orange", Severity.INFO: "dim"}
TITLE = {s: f"{FINDING_GLYPHS[s.value]} {FINDING_WORDS[s.value]}s" for s in Severity}


def issues_json(issues: Findings) -> pl.DataFrame:
    """The findings as ``qpr validate --json`` lists them: a record per finding, null for
    what a finding does not say (no sheet, line, column, KPI or period)."""
    given = ["severity", "code", "message", "file"]
    optional = ["sheet", "line", "column", "column_name", "kpi_id", "period"]
    unknown = {"line": 0, "column": 0}
    return issues.frame.select(
        *given,
        *(pl.when(pl.col(n) != unknown.get(n, "")).then(pl.col(n)).alias(n) for n in optional),
    )


def _where(issue: Issue) -> str:
    """The place in short (`Location.short`); a file with no line by its full name."""
    loc = issue.location
    if loc.line or loc.sheet:
        return loc.short()
    return loc.file + (f":{loc.column}" if loc.column else "")


def report(issues: Findings, files: list[str], scope: str = "") -> RenderableType:
    """The findings by severity; ``scope`` says whose rows they cover (`counted`)."""
    # rich is imported here: ``--json`` does without it.
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    tally = counts(issues)
    parts: list[RenderableType] = [
        Text.assemble(
            ("Data quality: ", "bold"),
            f"{', '.join(clean(f) for f in files)}  —  ",
            (f"{tally['error']} errors", STYLE[Severity.ERROR]),
            ", ",
            (f"{tally['warning']} warnings", STYLE[Severity.WARNING]),
            ", ",
            f"{tally['info']} notes",
            f", {scope}" if scope else "",
        )
    ]
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        group = list(issues.where(pl.col("severity") == severity.value))
        if not group:
            continue
        table = Table(
            title=Text(f"{TITLE[severity]} ({len(group)})", style=STYLE[severity]),
            title_justify="left",
            box=box.SIMPLE_HEAD,
            expand=True,
        )
        # A sheet's name may be long: such places wrap at their spaces.
        table.add_column("Where", no_wrap=not any(i.location.sheet for i in group))
        table.add_column("KPI", no_wrap=True)
        table.add_column("Period", no_wrap=True)
        table.add_column("Finding", ratio=1)
        for issue in group:
            table.add_row(
                safe(_where(issue)), safe(issue.kpi_id), safe(issue.period), safe(issue.message)
            )
        parts.append(table)
    if not issues:
        parts.append(Text("No problems found.", style="green"))
    return Group(*parts)


def _files(dataset: Dataset) -> list[str]:
    """The files read, each once (a workbook is a source per sheet)."""
    return list(dict.fromkeys(source.display for source in dataset.sources))


def run_validate(args: argparse.Namespace) -> int:
    """Print every data problem; exit 1 when there are errors or warnings, else 0."""
    from qpr_tui.analysis.summary import Analysis
    from qpr_tui.ingest.reader import load

    files = default_files(args.files)
    loaded = config_from_args(args, files)
    # Commentary and actions are in no finding: left unread, the rows take less to read and hold.
    dataset = load(
        files,
        loaded.config,
        strict=False,
        everything=True,
        config_source=loaded.source,
        texts=False,
    )
    analysis = Analysis(dataset, args.organisation, loaded.source)
    analysis.resolve_period(args.period)  # a period the data lacks is a usage error, as elsewhere
    issues = find_issues(analysis)
    files_read, scope = _files(dataset), counted(analysis)
    # The rows are not needed any more: their memory is free for the report's text.
    del analysis, dataset
    if args.json:
        output.write_json(
            {
                "files": files_read,
                "counts": counts(issues),
                "counted": scope,
                "issues": issues_json(issues),
            }
        )
    else:
        output.show(report(issues, files_read, scope))
    tally = counts(issues)
    return 1 if tally["error"] or tally["warning"] else 0
