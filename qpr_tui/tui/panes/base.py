"""The panel base class: lazy, in-place updates keyed on what the panel depends on."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding
from textual.containers import Container
from textual.events import Resize
from textual.widget import Widget

if TYPE_CHECKING:
    from qpr_tui.tui.state import ViewState


MAX_ROWS = 2000
"""No table shows more rows than this (Textual's DataTable slows down past a few thousand)."""


#: ``m``: write or edit the note for the meeting on the panel's KPI (see `Pane.note_kpi`).
NOTE_BINDING = Binding("m", "note", "Note", id="kpi.note")


class Pane(Container):
    """A panel. `show` is called with the app's view when the panel is visible; the panel
    rebuilds only when `view_key` changes, then `sync`s cheap things like the cursor.
    Panels whose tables fit columns to the width set `REFIT_ON_RESIZE`."""

    REFIT_ON_RESIZE: ClassVar[bool] = False

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._key: Hashable | None = None
        self.view: ViewState | None = None
        self._fitted_width = -1

    def view_key(self, view: ViewState) -> Hashable:
        return (view.generation, view.period, view.scope)

    def show(self, view: ViewState) -> None:
        self.view = view
        key = self.view_key(view)
        if key != self._key:
            self._key = key
            self._fitted_width = self.size.width
            self.rebuild(view)
        self.sync(view)

    def on_resize(self, event: Resize) -> None:
        if self.REFIT_ON_RESIZE and self.view is not None:
            self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        if self.view is not None and self.size.width != self._fitted_width:
            self._fitted_width = self.size.width
            self.invalidate()
            self.show(self.view)

    def invalidate(self) -> None:
        self._key = None

    def panel_width(self) -> int:
        """The panel's width; before its first layout, that of the nearest container that
        has one (a panel is built as its tab opens, before it is laid out)."""
        node: object = self
        while isinstance(node, Widget):
            if node.size.width:
                return node.size.width
            node = node.parent
        return self.app.size.width

    def rebuild(self, view: ViewState) -> None:
        """Build the panel's content for a new view."""

    def sync(self, view: ViewState) -> None:
        """Follow the selected KPI without rebuilding."""

    def main_widget(self) -> Widget | None:
        """The widget to focus when the panel is opened from the keyboard."""
        return None

    def note_kpi(self) -> str | None:
        """The KPI a note written here is about (panels of KPIs say which)."""
        return None

    def action_note(self) -> None:
        edit = getattr(self.app, "edit_note", None)
        if edit is not None:
            edit(self.note_kpi())
