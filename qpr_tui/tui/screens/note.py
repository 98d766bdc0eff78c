"""The note dialog: write or edit the note for the meeting on one KPI in one quarter.

``NoteScreen(title, text)`` dismisses with the text to keep (blank: delete the note), or
None when cancelled. The App stores it (`qpr_tui.notes`); this screen only edits text.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea


class NoteScreen(ModalScreen[str | None]):
    """Edit one note: ctrl+s (or Save) keeps it, Escape (or Cancel) leaves it unchanged."""

    DEFAULT_CSS = """
    NoteScreen {
        align: center middle;
    }
    #note-dialog {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    #note-title {
        text-style: bold;
    }
    #note-text {
        height: 8;
        min-height: 3;
    }
    #note-hint {
        color: $text-muted;
    }
    #note-buttons {
        height: auto;
        align-horizontal: right;
    }
    #note-buttons Button {
        margin-left: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save note", id="note.save"),
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
    ]

    def __init__(self, title: Text, text: str) -> None:
        super().__init__(id="note-screen")
        self.title_text = title
        self.initial = text

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog"):
            yield Static(self.title_text, id="note-title")
            yield TextArea(self.initial, id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Static(
                Text(
                    "A question for the meeting or an action to chase. "
                    "ctrl+s saves; an empty note is deleted; Escape cancels."
                ),
                id="note-hint",
            )
            with Horizontal(id="note-buttons"):
                yield Button("Save", id="note-save", variant="primary")
                yield Button("Cancel", id="note-cancel")

    def on_mount(self) -> None:
        area = self.query_one("#note-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def text(self) -> str:
        return self.query_one("#note-text", TextArea).text

    def action_save(self) -> None:
        self.dismiss(self.text)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#note-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#note-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
