"""The export dialog: choose a format, a scope and a file, then write the report.

``ExportScreen(analysis, period, scope, fmt=...)`` is a modal screen that dismisses with the
written `Path` (every file written, a CSV's provenance file too, in ``written``), or None
when cancelled (Escape or Cancel). It opens on the format list, at ``fmt`` (the app passes
the last format exported in the session). An existing file is only replaced after a
second, explicit "Overwrite" press; errors (a missing folder, no permission, a full disk, an
input file as the target) are shown inside the dialog. The file is written in a thread
worker by `qpr_tui.export.write_export`, atomically. Data text (directorate names, paths,
error messages) is shown as `rich.text.Text`, never parsed as markup.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from qpr_tui.analysis.summary import Analysis, Scope
from qpr_tui.errors import QprError
from qpr_tui.export import (
    DESCRIPTIONS,
    EXTENSIONS,
    FORMATS,
    ExportExistsError,
    default_filename,
    output_paths,
    write_export,
)
from qpr_tui.views.headings import scope_label
from qpr_tui.views.text import clean

ExportOutcome = Path | QprError
#: Below this many rows the dialog's fields and buttons drop their borders (one row each),
#: so the buttons stay on screen with a three-line message at 80x24.
COMPACT_BELOW = 34
#: The format the dialog offers first in a session: readable anywhere, no office suite needed.
DEFAULT_FORMAT = "html"


def _exists(path: Path) -> bool:
    """True for a regular file (or link) that writing would replace; devices do not count."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return path.is_symlink()
    return stat.S_ISREG(mode)


class ExportScreen(ModalScreen[Path | None]):
    """Export the QPR for one period and scope to a file."""

    DEFAULT_CSS = """
    ExportScreen {
        align: center middle;
    }
    #export-dialog {
        width: 84;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    #export-title {
        text-style: bold;
        width: 100%;
    }
    #export-dialog Label.export-label {
        text-style: bold;
    }
    #export-dialog Select, #export-dialog Input {
        width: 100%;
    }
    #export-message {
        margin-top: 1;
        height: auto;
        width: 100%;
    }
    #export-message.-error {
        color: $error;
    }
    #export-message.-warning {
        color: $warning;
    }
    #export-buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    #export-buttons Button {
        margin-left: 2;
    }
    ExportScreen.-compact #export-dialog Label.export-label {
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
    ]

    def __init__(
        self,
        analysis: Analysis,
        period: int,
        scope: Scope,
        *,
        directory: Path | None = None,
        fmt: str | None = None,
    ) -> None:
        super().__init__()
        self.analysis = analysis
        self.period = period
        self.scope = scope
        self.directory = directory if directory is not None else Path.cwd()
        self.fmt = fmt if fmt in FORMATS else DEFAULT_FORMAT
        self.written: list[Path] = []
        self._confirm: Path | None = None  # the existing file the user is asked about
        self._busy = False
        self._scopes = self._scope_choices()

    # ---- layout --------------------------------------------------------------------------
    def _scope_choices(self) -> list[Scope]:
        choices = [Scope()] + [Scope(d) for d in self.analysis.directorates]
        if self.scope not in choices:
            choices.insert(0, self.scope)
        return choices

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog"):
            yield Static(
                Text(
                    f"Export the QPR for {self.analysis.calendar.label(self.period)}", style="bold"
                ),
                id="export-title",
            )
            yield Label("Format", classes="export-label")
            yield Select(
                [(Text(f"{fmt}  {DESCRIPTIONS[fmt]}"), fmt) for fmt in FORMATS],
                value=self.fmt,
                allow_blank=False,
                id="export-format",
            )
            yield Label("Scope", classes="export-label")
            yield Select(
                [(Text(clean(scope_label(s))), s) for s in self._scopes],
                value=self.scope,
                allow_blank=False,
                id="export-scope",
            )
            yield Label("File", classes="export-label")
            yield Input(
                str(
                    self.directory
                    / default_filename(self.period, self.scope, self.fmt, self.analysis.calendar)
                ),
                id="export-path",
            )
            yield Static(Text(""), id="export-message")
            with Horizontal(id="export-buttons"):
                yield Button("Export", variant="primary", id="export-ok")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self.fit_height()
        self.query_one("#export-format", Select).focus()

    def on_resize(self) -> None:
        self.fit_height()

    def fit_height(self) -> None:
        """Borderless fields and buttons in a short window."""
        compact = self.app.size.height < COMPACT_BELOW
        self.set_class(compact, "-compact")
        for widget in self.query(
            "#export-dialog Select, #export-dialog Input, #export-dialog Button"
        ):
            if isinstance(widget, Select | Input | Button):
                widget.compact = compact

    # ---- state ---------------------------------------------------------------------------
    def _say(self, text: str, kind: str = "") -> None:
        message = self.query_one("#export-message", Static)
        message.set_class(kind == "error", "-error")
        message.set_class(kind == "warning", "-warning")
        message.update(Text(clean(text) if text else ""))

    def _reset_confirm(self) -> None:
        if self._confirm is not None:
            self._confirm = None
            button = self.query_one("#export-ok", Button)
            button.label = "Export"
            button.variant = "primary"
            self._say("")

    def _target(self) -> Path | None:
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            return None
        path = Path(text).expanduser()
        return path if path.is_absolute() else self.directory / path

    @property
    def _scope_value(self) -> Scope:
        value = self.query_one("#export-scope", Select).value
        return value if isinstance(value, Scope) else self.scope

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        new = event.value
        if not isinstance(new, str) or new == self.fmt:
            return
        path_input = self.query_one("#export-path", Input)
        current = Path(path_input.value)
        if current.suffix.lower().lstrip(".") in EXTENSIONS.values():
            path_input.value = str(current.with_suffix("." + EXTENSIONS[new]))
        self.fmt = new
        self._reset_confirm()

    @on(Select.Changed, "#export-scope")
    def _scope_changed(self, event: Select.Changed) -> None:
        new = event.value
        if not isinstance(new, Scope) or new == self.scope:
            return
        path_input = self.query_one("#export-path", Input)
        current = Path(path_input.value)
        if current.name == default_filename(
            self.period, self.scope, self.fmt, self.analysis.calendar
        ):
            path_input.value = str(
                current.with_name(
                    default_filename(self.period, new, self.fmt, self.analysis.calendar)
                )
            )
        self.scope = new
        self._reset_confirm()

    @on(Input.Changed, "#export-path")
    def _path_changed(self) -> None:
        self._reset_confirm()

    # ---- actions -------------------------------------------------------------------------
    def action_cancel(self) -> None:
        if not self._busy:
            self.dismiss(None)

    @on(Button.Pressed, "#export-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Button.Pressed, "#export-ok")
    @on(Input.Submitted, "#export-path")
    def _export_pressed(self) -> None:
        if self._busy:
            return
        target = self._target()
        if target is None:
            self._say("Enter the file to write.", "error")
            return
        existing = [p for p in output_paths(self.fmt, target) if _exists(p)]
        if existing and self._confirm != target:
            self._ask_overwrite(target, existing)
            return
        self._start(target, force=self._confirm == target)

    def _ask_overwrite(self, target: Path, existing: list[Path]) -> None:
        self._confirm = target
        names = " and ".join(str(p) for p in existing)
        verb = "exists" if len(existing) == 1 else "exist"
        self._say(
            f"{names} already {verb}. Press Overwrite to replace it, or change the file name.",
            "warning",
        )
        button = self.query_one("#export-ok", Button)
        button.label = "Overwrite"
        button.variant = "error"
        button.focus()

    def _start(self, target: Path, *, force: bool) -> None:
        # The button stays enabled (disabling it would move the focus to Cancel, where the
        # next Enter would close the dialog); `_busy` ignores presses meanwhile.
        self._busy = True
        self._say(f"Writing {target} …")
        analysis, fmt, period, scope = self.analysis, self.fmt, self.period, self._scope_value

        def work() -> ExportOutcome:
            try:
                return write_export(analysis, fmt, target, period, scope, force=force)
            except QprError as exc:
                return exc
            except Exception as exc:  # a bug: say so in the dialog rather than crash the app
                return QprError(f"internal error: {type(exc).__name__}: {exc}")

        self.run_worker(
            work, name="export", group="export", thread=True, exclusive=True, exit_on_error=False
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "export" or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            return
        self._busy = False
        result = (
            event.worker.result
            if event.state == WorkerState.SUCCESS
            else (QprError(f"the export did not finish ({event.worker.error or 'cancelled'})."))
        )
        if isinstance(result, Path):
            self.written = [result, *output_paths(self.fmt, result)[1:]]
            self.dismiss(result)
            return
        if isinstance(result, ExportExistsError):
            self._ask_overwrite(self._target() or result.path, [result.path])
            return
        self._confirm = None
        button = self.query_one("#export-ok", Button)
        button.label = "Export"
        button.variant = "primary"
        self._say(str(result), "error")
        self.query_one("#export-path", Input).focus()  # to correct the name
