"""What ``c`` copies: the focused table's row as tab-separated text, or the Summary as text.

Every piece goes through `clean` (as everything shown does), so a copied cell never carries a
raw escape sequence or control character into whatever it is pasted into.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from rich.console import Console
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from qpr_tui.tui.widgets.vtable import VirtualTable
from qpr_tui.views.text import clean

if TYPE_CHECKING:
    from qpr_tui.tui.state import ViewState

SUMMARY_WIDTH = 100  # characters: the Summary as text, as 'qpr summary' prints it


def _cell_text(cell: object) -> str:
    plain = getattr(cell, "plain", cell)
    return clean(plain).strip()


def row_text(table: DataTable[Any] | VirtualTable, view: ViewState | None = None) -> str:
    """The row under the table's cursor, its cells separated by tabs ("" if none).

    A KPI's name is copied in full even where the table shortens it to fit.
    """
    if not table.row_count or not 0 <= table.cursor_row < table.row_count:
        return ""
    cells = [_cell_text(cell) for cell in table.get_row_at(table.cursor_row)]
    if isinstance(table, VirtualTable):
        row_key = table.row_key(table.cursor_row)
    else:
        row_key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
    kpi = view.kpi_row(str(row_key)) if view is not None and row_key is not None else None
    if kpi is not None:
        for index, column in enumerate(table.ordered_columns):
            if column.key.value == "indicator" and kpi.get("indicator"):
                cells[index] = clean(kpi["indicator"]).strip()
    return "\t".join(cells)


def summary_text(view: ViewState) -> str:
    """The Summary as plain text lines (the report 'qpr summary' prints, without colour)."""
    from qpr_tui.views.summary import summary_report

    console = Console(
        width=SUMMARY_WIDTH, file=io.StringIO(), record=True, color_system=None, emoji=False
    )
    console.print(summary_report(view.summary))
    lines = console.export_text(styles=False).splitlines()
    return "\n".join(clean(line).rstrip() for line in lines).strip("\n") + "\n"
