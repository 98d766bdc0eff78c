"""Panel 6: data quality — every finding of `qpr validate`, with file, line and column."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Static

from qpr_tui.tui.messages import KpiChosen, KpiHighlighted
from qpr_tui.tui.palette import palette
from qpr_tui.tui.panes.base import Pane
from qpr_tui.tui.widgets.vtable import Cell, VirtualTable, widest
from qpr_tui.vocabulary import AMBER, FINDING_GLYPHS, FINDING_LEVELS, FINDING_WORDS, RED

if TYPE_CHECKING:
    from qpr_tui.errors import Issue
    from qpr_tui.findings import Findings
    from qpr_tui.tui.state import ViewState


def describe(issue: Issue) -> Text:
    """The whole finding: severity, exact place, KPI and period, message."""
    from qpr_tui.views.text import safe

    level = issue.severity.value
    # The file by name, as the header shows it (the full path is in `qpr validate`).
    where = replace(issue.location, file=Path(issue.location.file).name)
    text = Text.assemble(
        (f"{FINDING_GLYPHS[level]} {FINDING_WORDS[level]}", "bold"), "  ", safe(str(where))
    )
    if issue.kpi_id or issue.period:
        text.append("  ·  ")
        text.append_text(safe(" ".join(p for p in (issue.kpi_id, issue.period) if p)))
    text.append("\n")
    text.append_text(safe(issue.message))
    return text


LEVELS: list[str | None] = [None, *FINDING_LEVELS]


class FindingsTable(VirtualTable):
    """Findings, one per row; the row's KPI (if any) follows the cursor and opens on Enter,
    and the full finding shows below the table."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.issues: Findings | None = None
        self.kpis: list[str] = []
        self.detail: Static | None = None

    def kpi_at(self, row: int) -> str | None:
        return self.kpis[row] or None if 0 <= row < len(self.kpis) else None

    def on_virtual_table_row_highlighted(self, event: VirtualTable.RowHighlighted) -> None:
        if event.cursor_row != self.cursor_row:
            return
        if self.detail is not None and self.issues is not None:
            if 0 <= event.cursor_row < len(self.issues):
                self.detail.update(describe(self.issues.issue(event.cursor_row)))
        kpi = self.kpi_at(event.cursor_row)
        if kpi:
            self.post_message(KpiHighlighted(kpi))

    def on_virtual_table_row_selected(self, event: VirtualTable.RowSelected) -> None:
        event.stop()
        kpi = self.kpi_at(event.cursor_row)
        if kpi:
            self.post_message(KpiChosen(kpi))


class QualityPane(Pane):
    REFIT_ON_RESIZE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "level", "Severity", id="quality.severity"),
    ]

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.heading = Static("", classes="pane-title")
        self.table = FindingsTable(id="quality-table")
        self.detail = Static("", id="quality-detail")
        self.table.detail = self.detail
        self.level: str | None = None

    def compose(self) -> ComposeResult:
        yield self.heading
        yield self.table
        yield self.detail

    def main_widget(self) -> Widget:
        return self.table

    def view_key(self, view: ViewState) -> object:
        return (view.generation, self.level)

    def action_level(self) -> None:
        """Cycle the severity shown: all, errors, warnings, notes."""
        self.level = LEVELS[(LEVELS.index(self.level) + 1) % len(LEVELS)]
        if self.view is not None:
            self.show(self.view)

    def rebuild(self, view: ViewState) -> None:
        import polars as pl

        from qpr_tui.validate.checks import cached_issues, counted, counts
        from qpr_tui.views.text import clean

        issues = cached_issues(view.analysis)
        tally = counts(issues)
        shown = issues if self.level is None else issues.where(pl.col("severity") == self.level)
        colours = palette(self.app)
        style = {"error": colours.fg[RED], "warning": colours.fg[AMBER], "info": colours.muted}
        bold = Style(bold=True)
        heading = Text.assemble(
            ("Data quality: ", "bold"),
            (f"{tally['error']} errors", bold + style["error"]),
            ", ",
            (f"{tally['warning']} warnings", bold + style["warning"]),
            ", ",
            (f"{tally['info']} notes", "bold"),
            f", {counted(view.analysis)}",
            ("  ·  showing ", "dim"),
            (self.level or "all", "bold"),
            (" (v: severity; Enter opens the KPI)", "dim"),
        )
        if not issues:
            heading.append("\nNo problems found in ", style="green")
            heading.append(clean(view.file_names), style="green")
        self.heading.update(heading)
        table = self.table
        table.clear(columns=True)
        rows = shown
        columns = self._columns(rows, style)
        headers = ("", "Where", "KPI", "Period", "Finding")
        fixed = [max(len(h), widest(c)) for h, c in zip(headers[:4], columns[:4], strict=True)]
        width = table.spare_width(fixed, minimum=20, fallback=self.panel_width() - 1)
        for header in headers:
            table.add_column(
                header,
                width=width if header == "Finding" else None,
                style="bold" if header == "KPI" else "",
            )
        table.issues = rows
        table.kpis = rows.frame.get_column("kpi_id").to_list()
        self.detail.update(describe(rows.issue(0)) if rows else "")
        table.set_rows([None] * len(rows), columns, widths=[*fixed, None])
        table.display = bool(rows)

    @staticmethod
    def _columns(issues: Findings, style: dict[str, Style]) -> list[list[Cell]]:
        """The findings' cells, column by column."""
        import polars as pl

        from qpr_tui.findings import short_places
        from qpr_tui.views.text import clean_all

        glyphs = {level: Text(FINDING_GLYPHS[level], style=style[level]) for level in style}
        frame = issues.frame
        places = clean_all(pl.Series(short_places(issues), dtype=pl.String))
        texts = [clean_all(frame.get_column(name)) for name in ("kpi_id", "period", "message")]
        return [
            [glyphs[level] for level in frame.get_column("severity").to_list()],
            places,  # type: ignore[list-item]
            *texts,  # type: ignore[list-item]
        ]
