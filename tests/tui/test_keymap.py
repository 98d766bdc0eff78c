"""``[keys]``: the core's list of bindings is the app's, remaps are checked before they are
applied, and the help screen lists every key once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import App
from textual.keys import Keys, _character_to_key
from textual.screen import Screen
from textual.widgets import DataTable, Static, Tree
from textual.widgets._footer import FooterKey

from qpr_tui.config import load_config, parse_config
from qpr_tui.config.bindings import BINDINGS, FIXED, key_problem
from qpr_tui.tui.app import QprApp
from qpr_tui.tui.export_screen import ExportScreen
from qpr_tui.tui.panes.benchmark import BenchmarkPane
from qpr_tui.tui.panes.changes import ChangesPane
from qpr_tui.tui.panes.indicators import IndicatorsPane
from qpr_tui.tui.panes.notes import NotesPane
from qpr_tui.tui.panes.quality import QualityPane
from qpr_tui.tui.panes.red import RedPane
from qpr_tui.tui.panes.trends import TrendsPane
from qpr_tui.tui.screens.error import ErrorScreen
from qpr_tui.tui.screens.help import REMAP_EXAMPLE, HelpScreen, class_bindings
from qpr_tui.tui.screens.kpi_detail import KpiDetailScreen
from qpr_tui.tui.screens.main import MainScreen
from qpr_tui.tui.screens.note import NoteScreen
from qpr_tui.tui.widgets.tables import VimDataTable, VimScroll
from qpr_tui.tui.widgets.tree import DirectorateTree

from .helpers import loaded, plain, rows, sample_app
from .test_new_panels import FLAWED

Notes = Callable[[QprApp], list[str]]
SIZE = (120, 40)
HOLDERS: dict[str, type] = {
    "app": QprApp,
    "main": MainScreen,
    "indicators": IndicatorsPane,
    "trends": TrendsPane,
    "detail": KpiDetailScreen,
    "benchmark": BenchmarkPane,
    "quality": QualityPane,
    "table": VimDataTable,
    "scroll": VimScroll,
    "tree": DirectorateTree,
    "error": ErrorScreen,
    "help": HelpScreen,
    "export": ExportScreen,
    "red": RedPane,
    "changes": ChangesPane,
    "notes": NotesPane,
    "note": NoteScreen,
}
TEXTUAL_HOLDERS: dict[str, type] = {
    "app": App,
    "screen": Screen,
    "table": DataTable,
    "scroll": VimScroll,
    "tree": Tree,
}


def declared(cls: type) -> set[tuple[str, str, str]]:
    """(id, keys, description) of a class's own bindings, keys joined as written."""
    found: dict[tuple[str, str], list[str]] = {}
    for binding in class_bindings(cls):
        if binding.id:
            found.setdefault((binding.id, binding.description), []).append(binding.key)
    return {(ident, ",".join(keys), words) for (ident, words), keys in found.items()}


def test_the_core_lists_every_binding_of_the_app() -> None:
    for holder, cls in HOLDERS.items():
        listed = {
            (b.id, b.keys, b.description if holder == b.holders[0] else "")
            for b in BINDINGS
            if holder in b.holders
        }
        found = {
            (
                ident,
                keys,
                words if holder == next(b for b in BINDINGS if b.id == ident).holders[0] else "",
            )
            for ident, keys, words in declared(cls)
        }
        assert found == listed, holder
    assert {h for b in BINDINGS for h in b.holders} == set(HOLDERS)


def test_the_core_lists_textuals_own_keys() -> None:
    for holder, cls in TEXTUAL_HOLDERS.items():
        keys = {b.key for b in class_bindings(cls) if not b.id}
        keys |= {"ctrl+p"} if holder == "app" else set()  # the command palette
        assert keys == FIXED[holder], holder


def test_every_textual_key_name_is_accepted() -> None:
    named = [
        k.value
        for k in Keys
        if not k.value.startswith("<") and k.value not in ("ctrl-at", "ctrl+@")
    ]
    chars = [chr(c) for c in range(0x21, 0x7F)] + ["£", "§", "é"]
    for name in [*named, *(_character_to_key(c) for c in chars), "ctrl+comma", "alt+x"]:
        assert key_problem(name) == "", name


def test_key_names_textual_does_not_know_are_refused() -> None:
    assert key_problem("full stop") == '"full stop" is not a key name (did you mean "full_stop"?)'
    assert key_problem("?") == '"?" is not a key name: write "question_mark"'
    assert key_problem("ctrl+,") == '"ctrl+," is not a key name: write "ctrl+comma"'
    assert key_problem("cmd+x") == (
        '"cmd+x" is not a key name (modifiers are alt, ctrl, hyper, meta, shift, super)'
    )
    assert key_problem("") == "an empty key name"


def test_the_help_screens_example_is_a_remap_that_applies() -> None:
    loaded_config = parse_config(f"[keys]\n{REMAP_EXAMPLE}\n")
    assert loaded_config.warnings == ()
    assert loaded_config.config.keys == {"period.previous": "comma"}


def keys_app(tmp_path: Path, keys: str) -> QprApp:
    data = tmp_path / "flawed.csv"
    data.write_text(FLAWED)
    path = tmp_path / "keys.toml"
    path.write_text(f"[keys]\n{keys}", encoding="utf-8")
    return QprApp([str(data)], config=load_config(path))


async def test_a_conflict_is_reported_and_not_applied(tmp_path: Path, notes: Notes) -> None:
    app = keys_app(tmp_path, '"app.quit" = "e"\n"no.such.binding" = "x"\n"app.copy" = "y"\n')
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        assert app.keymap_overrides == {"app.copy": "y"}
        (note,) = [n for n in seen if "ignored" in n]
        assert note.splitlines() == [
            'line 2: [keys] "app.quit" = "e" was ignored: e is Export (app.export) everywhere; '
            "Quit keeps q",
            'line 3: [keys] "no.such.binding" = "x" was ignored: there is no binding with that '
            "id (the help screen, ? or F1, lists them)",
            "All are listed in Data quality (6).",
        ]
        await pilot.press("e")  # still the export dialog, not quit
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("escape")
        await pilot.press("6")
        await pilot.pause()
        pane = app.main.panes["quality"]
        assert isinstance(pane, QualityPane)
        found = {r[1].strip(): r[4] for r in rows(pane.table)}
        assert found["keys.toml:2"].startswith('[keys] "app.quit" = "e" was ignored')
        assert found["keys.toml:3"].startswith('[keys] "no.such.binding" = "x" was ignored')


async def test_a_remap_that_applies_moves_the_key_and_the_footer(tmp_path: Path) -> None:
    app = keys_app(tmp_path, '"period.next" = "full_stop"\n"app.export" = "ctrl+e"\n')
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        footer = {plain(k.render()).strip() for k in app.screen.query(FooterKey)}
        assert ". Next qtr" in footer and "^e Export" in footer
        assert not any("{" in key for key in footer)
        await pilot.press("e")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)


async def test_help_lists_every_key_once() -> None:
    app = sample_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = plain(app.screen.query_one("#help-table", Static), width=160)
        lines = text.splitlines()
        for spec in BINDINGS:
            assert sum(spec.id in line.split() for line in lines) == 1, spec.id
        assert any(line.split()[:3] == ["b", "Peer", "group"] for line in lines)
        assert any(line.split()[:2] == ["v", "Severity"] for line in lines)
        # Textual's generic bindings (focus, copy, scrolling by action) are not repeated
        for generic in ("Focus Next", "Scroll Up", "Copy selected text", "Cursor up"):
            assert generic not in text
        assert sum("Next / previous area" in line for line in lines) == 1
        foot = plain(app.screen.query_one("#help-foot", Static))
        assert REMAP_EXAMPLE in foot
