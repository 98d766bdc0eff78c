"""The top line: organisation, period (and the one it is compared with), scope, files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.events import Resize
from textual.widgets import Static

from qpr_tui.tui.widgets.frozen import show_frozen
from qpr_tui.views.text import clean

if TYPE_CHECKING:
    from qpr_tui.tui.state import ViewState


class QprHeader(Static):
    """One or two lines, never a clock (snapshots stay stable). Laid out at the screen's
    width and as tall as its lines, so a new period repaints the header without a layout
    of the screen (unless the header gains or loses a line)."""

    _shown: tuple[int, int, object] | None = None
    _text: Text | None = None
    _width = 0
    #: Saying what is loading: the view's line waits until the load is over (or failed).
    loading = False

    def show(self, text: Text) -> None:
        self._text = text
        self._width = self.text_width()
        show_frozen(self, text, self._width)

    def text_width(self) -> int:
        """The header spans the screen: its width within its padding."""
        return (self.size.width or self.app.size.width) - self.styles.gutter.width

    def on_resize(self, event: Resize) -> None:
        if self._text is not None and self.text_width() != self._width:
            self.show(self._text)

    def show_loading(self, files: str, message: str = "", fraction: float = 0.0) -> None:
        self._shown = None
        self.loading = True
        text = Text.assemble(("qpr", "bold"), "  ·  ", ("Loading ", "bold"), clean(files))
        if message:
            text.append(f"  ·  {clean(message)} ({fraction:.0%})", style="dim")
        self.show(text)

    def show_error(self, files: str) -> None:
        self._shown = None
        self.loading = False
        self.show(
            Text.assemble(("qpr", "bold"), "  ·  ", ("Could not load ", "bold"), clean(files))
        )

    def update_view(self, view: ViewState) -> None:
        from qpr_tui.views.summary import header_text

        key = (view.generation, view.period, view.scope)
        if key == self._shown or self.loading:
            return
        self._shown = key
        summary = view.summary
        text = header_text(summary)
        if view.period != view.latest:
            text.append(
                f"  ◂ the latest is {view.analysis.calendar.label(view.latest)}", style="bold"
            )
        text.append("  ·  ")
        text.append(clean(view.file_names), style="dim")
        issues = view.analysis.dataset.issues.frame
        problems = issues.height - issues.get_column("severity").eq("info").sum()
        if problems:
            text.append(
                f"  ·  ⚠ {problems:,} data problem{'s' if problems != 1 else ''} (qpr validate)",
                style="bold",
            )
        self.show(text)
