"""The prefetch worker: the quarters either side laid out ahead, the earlier ones prepared."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from rich.text import Text

from qpr_tui.analysis.summary import Scope
from qpr_tui.tui.messages import PartsLaidOut
from qpr_tui.tui.panes.summary import SummaryPane, lay_out

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from qpr_tui.analysis.summary import Analysis
    from qpr_tui.tui.app import QprApp
    from qpr_tui.tui.state import ViewState

from .helpers import loaded, plain, sample_app


async def settled(app: QprApp, pilot: Pilot[None]) -> tuple[Analysis, ViewState]:
    """The app's analysis and view once the load and its prefetch have finished."""
    await loaded(app, pilot)
    await app.workers.wait_for_complete()
    await pilot.pause()
    analysis, view = app.analysis, app.view
    assert analysis is not None and view is not None
    return analysis, view


def summary_pane(app: QprApp) -> SummaryPane:
    pane = app.main.panes["summary"]
    assert isinstance(pane, SummaryPane)
    return pane


async def test_prefetch_prepares_earlier_quarters_and_lays_out_the_previous() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 40)) as pilot:
        analysis, view = await settled(app, pilot)
        # Every quarter of the whole organisation is summarised already.
        assert all((p, Scope()) in analysis._summaries for p in analysis.periods)
        pane = summary_pane(app)
        previous = analysis.previous(view.period)
        assert previous is not None
        width = pane.text_width()
        before = dataclasses.replace(view, period=previous)
        assert pane.has_parts(pane.parts_key(before, width))
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.period == previous
        # What the prefetch laid out is what the quarter's own layout gives.
        red, cover = lay_out(analysis.summary(previous, Scope()), width)
        assert plain(pane.red_list) == red.plain
        assert plain(pane.narrative) == cover.plain
        assert analysis.summary(previous).period_label in plain(pane.title_)


async def test_prefetch_lays_out_nothing_for_another_panel() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("2")  # the Indicators
        await app.workers.wait_for_complete()
        pane = summary_pane(app)
        kept = dict(pane._parts)
        await pilot.press("left_square_bracket")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert pane._parts == kept


async def test_texts_laid_out_before_an_invalidation_are_not_used() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 40)) as pilot:
        analysis, view = await settled(app, pilot)
        pane = summary_pane(app)
        previous = analysis.previous(view.period)
        assert previous is not None
        width = pane.text_width()
        stale = pane.parts_key(dataclasses.replace(view, period=previous), width)
        pane.invalidate()  # as a change of theme or a saved note does
        # A worker's texts from before arrive after it.
        pane.post_message(PartsLaidOut(stale, (Text("stale red"), Text("stale cover"))))
        await pilot.pause()
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.period == previous
        assert "stale" not in plain(pane.red_list) and "stale" not in plain(pane.narrative)


async def test_load_prepares_every_scope_of_the_quarter_shown() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 40)) as pilot:
        analysis, view = await settled(app, pilot)
        scopes = app.main.dir_tree.scopes()
        assert len(scopes) > 2
        assert all((view.period, s) in analysis._summaries for s in scopes)
        # Not the other quarters' scopes: only the whole organisation's quarters back.
        other = analysis.previous(view.period)
        assert other is not None and (other, scopes[1]) not in analysis._summaries


async def test_tree_lays_out_the_next_scope_ahead() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 40)) as pilot:
        analysis, view = await settled(app, pilot)
        pane = summary_pane(app)
        scopes = app.main.dir_tree.scopes()
        await pilot.press("d", "down", "enter")  # the first directorate
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.scope == scopes[1]
        width = pane.text_width()
        below = dataclasses.replace(view, scope=scopes[2])
        assert pane.has_parts(pane.parts_key(below, width))
        await pilot.press("down", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.scope == scopes[2]
        # What the prefetch laid out is what the scope's own layout gives.
        red, cover = lay_out(analysis.summary(view.period, scopes[2]), width)
        assert plain(pane.red_list) == red.plain
        assert plain(pane.narrative) == cover.plain


async def test_scopes_are_not_laid_out_ahead_without_the_tree_or_the_summary() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 40)) as pilot:
        _, view = await settled(app, pilot)
        pane = summary_pane(app)
        scopes = app.main.dir_tree.scopes()
        width = pane.text_width()
        # The Summary showing, the tree without the keys: the quarters, not the scopes.
        app.set_scope(scopes[1])
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not pane.has_parts(pane.parts_key(dataclasses.replace(view, scope=scopes[2]), width))
        # The tree with the keys, the Indicators showing: nothing laid out.
        await pilot.press("2", "d")
        kept = dict(pane._parts)
        await pilot.press("down", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.scope == scopes[2]
        assert pane._parts == kept
