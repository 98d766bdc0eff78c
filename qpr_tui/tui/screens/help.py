"""The help screen: every key binding, generated from the widgets' BINDINGS and the keymap."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from qpr_tui.tui.widgets.tables import VimScroll

#: The remap the help screen shows as an example (a test checks it is accepted as it is).
REMAP_EXAMPLE = '"period.previous" = "comma"'


def class_bindings(cls: type) -> list[Binding]:
    """The bindings a class declares (its own and inherited), as `Binding` objects."""
    found: list[Binding] = []
    seen: set[tuple[str, str]] = set()
    for klass in cls.__mro__:
        declared: list[BindingType] = list(vars(klass).get("BINDINGS", []))
        for item in Binding.make_bindings(declared):
            if (item.key, item.action) in seen:
                continue
            seen.add((item.key, item.action))
            found.append(item)
    return found


def keys_for(app: App[Any], binding: Binding, keymap: dict[str, str]) -> str:
    """The keys that trigger a binding, after the user's keymap, as the footer shows them."""
    keys = keymap[binding.id].split(",") if binding.id and binding.id in keymap else [binding.key]
    return ", ".join(
        app.get_key_display(binding.with_key(k.strip(), key_display=None)) for k in keys
    )


def merge(
    app: App[Any], bindings: Iterable[Binding], keymap: dict[str, str]
) -> list[tuple[str, str, str]]:
    """One row per action: (keys, description, id); bindings sharing an action merge."""
    rows: dict[tuple[str, str], list[str]] = {}
    order: list[tuple[str, str]] = []
    for binding in bindings:
        ident = (binding.action, binding.id or "")
        if ident not in rows:
            rows[ident] = []
            order.append(ident)
        keys = keys_for(app, binding, keymap)
        if keys not in rows[ident]:
            rows[ident].append(keys)
    described = {(b.action, b.id or ""): b.description or b.action for b in bindings}
    return [(", ".join(rows[i]), described[i], i[1]) for i in order]


def bindings_table(
    app: App[Any], sections: list[tuple[str, list[Binding]]], keymap: dict[str, str]
) -> RenderableType:
    parts: list[RenderableType] = []
    for title, bindings in sections:
        table = Table(
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            expand=True,
            title=Text(title, style="bold"),
            title_justify="left",
        )
        table.add_column("Key", no_wrap=True, style="bold")
        table.add_column("Does", ratio=1)
        table.add_column(Text("Binding id (for [keys])"), style="dim", no_wrap=True)
        for keys, description, ident in merge(app, bindings, keymap):
            table.add_row(Text(keys), Text(description), Text(ident or "–"))
        parts.append(table)
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    """Lists every binding; Escape, ``q``, ``?`` or F1 closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "app.pop_screen", "Close", id="help.close"),
    ]

    def __init__(
        self, sections: list[tuple[str, list[Binding]]], keymap: dict[str, str], intro: str = ""
    ) -> None:
        super().__init__(id="help")
        self.sections = sections
        self.keymap = keymap
        self.intro = intro

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(Text("Keys", style="bold"), id="help-title")
            with VimScroll(id="help-scroll"):
                yield Static(Text(self.intro, style="dim"), id="help-intro")
                yield Static(bindings_table(self.app, self.sections, self.keymap), id="help-table")
            yield Static(
                Text(
                    "Escape closes this screen. Remap any key in the [keys] table "
                    f"of the configuration, e.g.  {REMAP_EXAMPLE}",
                    style="dim",
                ),
                id="help-foot",
            )

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()
