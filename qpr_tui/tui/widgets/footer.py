"""The footer: Textual's, recomposed only when the keys it shows change."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.screen import Screen


def shown_keys(screen: Screen[object]) -> tuple[Hashable, ...]:
    """What the footer would show for the screen's active bindings: each shown binding's
    key, action, words, group and whether it is enabled."""
    return tuple(
        (
            binding.key,
            binding.action,
            binding.description,
            binding.key_display,
            binding.group,
            enabled,
            tooltip,
        )
        for (_, binding, enabled, tooltip) in screen.active_bindings.values()
        if binding.show
    )


class QprFooter(Footer):
    """Textual's footer rebuilds its keys (a widget each, styled and laid out) whenever a
    screen's bindings may have changed: on every screen switch, focus change and many key
    presses. This one rebuilds only when the keys shown would differ."""

    _shown: tuple[Hashable, ...] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            keys = shown_keys(screen)
            if keys == self._shown and self._bindings_ready:
                return
            self._shown = keys
        super().bindings_changed(screen)
