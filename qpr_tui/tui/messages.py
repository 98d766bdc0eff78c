"""Messages: workers and widgets post these; the App handles them and owns the state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from collections.abc import Hashable

    from rich.text import Text

    from qpr_tui.analysis.summary import Analysis, Scope
    from qpr_tui.ingest.switching import Retained


class LoadProgress(Message):
    """The loading worker's progress (``fraction`` from 0 to 1)."""

    def __init__(self, text: str, fraction: float) -> None:
        super().__init__()
        self.text = text
        self.fraction = fraction


class DataLoaded(Message):
    """The files were read and analysed. ``period`` is the one asked for on the command line
    (first load only); a reload keeps the user's period where it still exists. ``kept``:
    what another home organisation's load can reuse (`qpr_tui.ingest.switching`)."""

    def __init__(
        self, analysis: Analysis, period: int, reload: bool, kept: Retained | None = None
    ) -> None:
        super().__init__()
        self.analysis = analysis
        self.period = period
        self.reload = reload
        self.kept = kept


class LoadFailed(Message):
    """The files could not be used; ``error`` is the user-facing message."""

    def __init__(self, error: str, reload: bool) -> None:
        super().__init__()
        self.error = error
        self.reload = reload


class KpiHighlighted(Message):
    """The cursor is on a KPI (the app's selected KPI follows it)."""

    def __init__(self, kpi_id: str) -> None:
        super().__init__()
        self.kpi_id = kpi_id


class KpiChosen(Message):
    """Enter on a KPI: open its detail. ``order`` is the list it was chosen from, in the
    order shown there (n / p in the detail step through it); empty: every KPI in scope."""

    def __init__(self, kpi_id: str, order: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.kpi_id = kpi_id
        self.order = order


class ScopeChosen(Message):
    """A directorate or service area was selected in the tree."""

    def __init__(self, scope: Scope) -> None:
        super().__init__()
        self.scope = scope


class PartsLaidOut(Message):
    """The prefetch worker laid out a neighbouring quarter's Summary texts (its Red list and
    cover text) under ``key`` (`qpr_tui.tui.panes.summary.SummaryPane.parts_key`)."""

    def __init__(self, key: tuple[Hashable, int, int], parts: tuple[Text, Text]) -> None:
        super().__init__()
        self.key = key
        self.parts = parts


class QuartersPrepared(Message):
    """The prefetch worker prepared the earlier quarters of ``analysis`` after a load."""

    def __init__(self, analysis: Analysis) -> None:
        super().__init__()
        self.analysis = analysis


class SummaryRefitted(Message):
    """The Summary laid its texts out again at a new width (those laid out ahead, gone)."""
