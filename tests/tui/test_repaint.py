"""Keys repaint what changed: fixed heights, a footer rebuilt only for new keys, the palette
kept per theme, the tree relabelled only where its counts change, the detail refilled in
place, and a reload that keeps the data shown while the header says what is loading."""

from __future__ import annotations

import pytest
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Offset
from textual.selection import Selection
from textual.widgets import Static

from qpr_tui.tui.app import QprApp
from qpr_tui.tui.messages import LoadProgress
from qpr_tui.tui.palette import palette
from qpr_tui.tui.screens.kpi_detail import KpiDetailScreen
from qpr_tui.tui.widgets.footer import QprFooter
from qpr_tui.tui.widgets.frozen import FrozenLines, show_frozen
from tests.tui.helpers import loaded, plain, sample_app


class OneStatic(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("", id="part")


async def test_a_frozen_part_is_as_tall_as_its_lines_and_a_text_stays_searchable() -> None:
    app = OneStatic()
    async with app.run_test(size=(40, 10)) as pilot:
        part = app.query_one("#part", Static)
        table = Table("Quarter", "Value")
        for n in range(3):
            table.add_row(f"Q{n + 1}", str(n))
        lines = show_frozen(part, table, 30)
        await pilot.pause()
        # top edge, heading, rule, three rows, bottom edge
        assert part.size.height == len(lines.plain.splitlines()) == 7
        words = Text("one two three four five six seven eight nine ten")
        show_frozen(part, words, 20)
        await pilot.pause()
        assert part.size.height == 3
        assert plain(part) == words.plain  # Textual wraps the text itself
        show_frozen(part, "", 20)
        await pilot.pause()
        assert part.size.height == 1


class Lines(App[None]):
    CSS = "#part, #lines { padding: 0 1; }"

    def compose(self) -> ComposeResult:
        yield Static("", id="part")
        yield FrozenLines(id="lines")


async def test_frozen_lines_draw_as_a_static_of_the_same_text_and_copy_a_selection() -> None:
    app = Lines()
    async with app.run_test(size=(40, 12)) as pilot:
        text = Text(no_wrap=True, overflow="crop", end="")
        text.append("KPI  Indicator", style="bold")
        text.append("\nA1   Alpha ")
        text.append("Red", style="bold red")
        text.append("\n\nB2   a name longer than the part is wide, cut off", style="dim")
        part, lines = app.query_one("#part", Static), app.query_one(FrozenLines)
        show_frozen(part, text, 36)
        assert lines.show(text, 36) is text
        await pilot.pause()
        assert lines.size.height == part.size.height == 4
        assert [lines.render_line(y) for y in range(4)] == [part.render_line(y) for y in range(4)]
        assert lines.get_selection(Selection(Offset(5, 0), Offset(8, 1))) == (
            "Indicator\nA1   Alp",
            "\n",
        )
        lines.show(Text("one two three four five six seven eight nine ten"), 20)
        await pilot.pause()
        assert lines.size.height == 3  # a text that wraps is laid out at the width


async def test_the_palette_is_kept_per_theme_and_follows_a_new_theme() -> None:
    app = OneStatic()
    async with app.run_test() as pilot:
        first = palette(app)
        assert palette(app) is first
        app.theme = "textual-light"
        await pilot.pause()
        light = palette(app)
        assert light is not first and light.fg != first.fg


async def test_the_footer_is_rebuilt_only_when_its_keys_change() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        footer = app.main.query_one(QprFooter)
        rebuilt: list[int] = []
        original = footer.recompose

        async def counted() -> None:
            rebuilt.append(1)
            await original()

        footer.recompose = counted  # type: ignore[method-assign]
        await pilot.press("right_square_bracket")  # same keys: no rebuild
        await pilot.pause()
        await pilot.press("2")  # the Indicators table has keys of its own
        await pilot.pause()
        assert len(rebuilt) == 1
        await pilot.press("enter", "escape")  # away and back: the same keys again
        await pilot.pause()
        assert isinstance(app.screen, type(app.main)) and len(rebuilt) == 1
        assert "Export" in " ".join(plain(key.render()) for key in footer.children)


async def test_the_tree_relabels_only_the_nodes_whose_label_changes() -> None:
    from qpr_tui.analysis.summary import Scope

    app = sample_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        tree = app.main.dir_tree
        assert app.analysis is not None
        directorate = app.analysis.directorates[0]
        set_labels: list[object] = []
        for node in tree._scope_nodes.values():
            original = node.set_label

            def spy(label: object, node: object = node, original: object = original) -> None:
                set_labels.append(node.data)  # type: ignore[attr-defined]
                original(label)  # type: ignore[operator]

            node.set_label = spy  # type: ignore[method-assign]
        width = tree.natural_width()
        app.set_scope(Scope(directorate))
        await pilot.pause()
        # The underline moves from All directorates to the directorate: two labels.
        assert sorted(map(str, set_labels)) == sorted(map(str, [Scope(), Scope(directorate)]))
        assert tree.natural_width() == width


async def test_the_kpi_detail_is_built_once_and_refilled() -> None:
    app = sample_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        await pilot.press("2", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, KpiDetailScreen)
        detail = screen.detail
        first = plain(detail.title_)
        history = detail.history
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        assert detail.history is history and plain(detail.title_) != first
        lines = plain(history).splitlines()
        assert history.size.height == len(lines) and "History" in lines[0]
        await pilot.press("escape", "enter")
        await pilot.pause()
        assert app.screen is screen  # the same screen, pushed again


async def test_a_reload_keeps_the_data_and_says_what_is_loading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        analysis = app.analysis
        assert analysis is not None
        held: list[bool] = []
        monkeypatch.setattr(QprApp, "_load", lambda self, reload, kept=None: held.append(reload))
        app.set_organisation("Another Council")
        await pilot.pause()
        body = app.main.query_one("#body")
        assert held == [True] and not body.loading and app.analysis is analysis
        header = plain(app.main.header)
        assert "Loading Another Council from kcc_qpr_sample.csv" in header
        app.post_message(LoadProgress("Reading kcc_qpr_sample.csv (70 KB)", 0.5))
        await pilot.pause()
        assert "Reading kcc_qpr_sample.csv (70 KB) (50%)" in plain(app.main.header)
        await pilot.press("left_square_bracket")  # still usable; the header waits
        await pilot.pause()
        assert "Loading Another Council" in plain(app.main.header)
