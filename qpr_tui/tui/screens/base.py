"""Screens that show the app's view implement `update_view`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from qpr_tui.tui.state import ViewState


class ViewScreen(Screen[None]):
    """A screen the App refreshes whenever the period, scope, KPI or data change."""

    def update_view(self, view: ViewState) -> None:
        raise NotImplementedError

    def invalidate(self) -> None:
        """Forget what was drawn (e.g. after a theme change) so the next update redraws."""
