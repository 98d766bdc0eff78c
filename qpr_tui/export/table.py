"""The computed KPI table as CSV (for Excel) and the summary plus table as JSON (for scripts).

CSV is safe to open in Excel: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab,
a carriage return or a line feed (or their full-width forms) is prefixed with ``'`` so it is
shown as text and never run as a formula; numeric columns are written from numbers, so
``-5.2`` stays a number. Files get a UTF-8 byte-order mark (added when writing) so Excel reads
``£`` and ``–`` correctly. The provenance is in the ``.provenance.json`` file alongside.
"""

from __future__ import annotations

import csv
import io
import math
from typing import TYPE_CHECKING, Any

from qpr_tui.views.text import clean, json_text
from qpr_tui.vocabulary import DIRECTION_LABELS, STATUS_WORDS

if TYPE_CHECKING:
    from qpr_tui.document import Document

CSV_COLUMNS = (
    "kpi_id",
    "indicator",
    "directorate",
    "service_area",
    "unit",
    "value",
    "target",
    "floor",
    "rag",
    "previous_rag",
    "dot",
    "period",
    "note",
)
NUMERIC = frozenset({"value", "target", "floor"})
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralise(text: str) -> str:
    """``=1+1`` -> ``'=1+1``: spreadsheet formula injection defused, text kept."""
    return "'" + text if text.startswith(FORMULA_START) else text


def number_cell(value: float | int | None) -> str:
    """A number as Excel reads it: ``62.3``, ``1511000``, ``-5.2``; blank when missing."""
    if value is None:
        return ""
    number = float(value)
    if not math.isfinite(number):
        return ""
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def _text(column: str, value: Any) -> str:
    if value is None:
        return ""
    if column in ("rag", "previous_rag"):
        return STATUS_WORDS.get(value, str(value))
    if column == "dot":
        return DIRECTION_LABELS.get(value, str(value))
    # Control characters would act on a terminal that shows the file: make them visible.
    return neutralise(clean(value))


def render_csv(document: Document) -> str:
    """The KPI register as CSV (CRLF line ends; the byte-order mark is added for files)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in (record.row for record in document.kpis):
        writer.writerow(
            [number_cell(row.get(c)) if c in NUMERIC else _text(c, row.get(c)) for c in CSV_COLUMNS]
        )
    return buffer.getvalue()


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def render_json(document: Document) -> str:
    """``qpr summary --json`` plus ``kpis`` (one object per KPI) and ``provenance``."""
    data = dict(document.summary)
    data["kpis"] = [
        {key: _finite(value) for key, value in record.row.items()} for record in document.kpis
    ]
    data["provenance"] = document.provenance.to_json()
    return json_text(data) + "\n"
