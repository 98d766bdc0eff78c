"""The QPR terminal app.

The App owns the state (the loaded `Analysis`, the period, the scope and the selected KPI);
a thread worker loads the files and posts `DataLoaded` or `LoadFailed`; screens and panels
only display the `ViewState` the App hands them.
"""

from __future__ import annotations

import dataclasses
import gc
import importlib
import os
import time
from collections.abc import Hashable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import get_current_worker

from qpr_tui.config import Config, LoadedConfig
from qpr_tui.config.bindings import PERIOD_KEY_WORDS, resolve_keymap
from qpr_tui.tui.commands import QprCommands
from qpr_tui.tui.messages import (
    DataLoaded,
    KpiChosen,
    KpiHighlighted,
    LoadFailed,
    LoadProgress,
    PartsLaidOut,
    QuartersPrepared,
    ScopeChosen,
    SummaryRefitted,
)
from qpr_tui.tui.panes.summary import SummaryPane, lay_out
from qpr_tui.tui.screens.base import ViewScreen
from qpr_tui.tui.screens.error import ErrorScreen
from qpr_tui.tui.screens.main import MainScreen
from qpr_tui.tui.state import ViewState

if TYPE_CHECKING:
    from textual.binding import Binding as BindingT
    from textual.theme import Theme
    from textual.timer import Timer
    from textual.worker import Worker

    from qpr_tui.analysis.summary import Analysis, Scope
    from qpr_tui.ingest.switching import Retained
    from qpr_tui.notes import NoteBook

THEME_SETTLE = 0.8  # seconds a theme must stay chosen before it is written down
# KPI-quarters the prefetch prepares going back (2,000 KPIs: 30 quarters; 200,000: one).
PREPARED_KPI_QUARTERS = 60_000
# KPI-scopes it prepares in the quarter shown after a load (2,000 KPIs: every directorate
# and service area; 200,000: the first directorate or two).
PREPARED_KPI_SCOPES = 60_000
NEEDS_DATA = {"period_previous", "period_next", "export", "step_kpi", "copy"}


class QprApp(App[None]):
    """``qpr [FILE ...]``: review a Quarterly Performance Report in the terminal."""

    CSS_PATH = "app.tcss"
    TITLE = "qpr"
    COMMANDS = App.COMMANDS | {QprCommands}
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 (App declares it without ClassVar)
        (0, "-narrow"),
        (100, "-normal"),
        (170, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("left_square_bracket", "period_previous", "Prev qtr", id="period.previous"),
        Binding("right_square_bracket", "period_next", "Next qtr", id="period.next"),
        Binding("e", "export", "Export", id="app.export"),
        Binding("r", "reload", "Reload", show=False, id="app.reload"),
        Binding("c", "copy", "Copy", show=False, id="app.copy"),
    ]

    def __init__(
        self,
        files: Sequence[str],
        config: LoadedConfig | Config | None = None,
        period: str | None = None,
        organisation: str | None = None,
    ) -> None:
        super().__init__()
        self.files = [str(f) for f in files]
        loaded = config if isinstance(config, LoadedConfig) else LoadedConfig(config or Config())
        self.config_ = loaded.config
        self.config_source = loaded.source
        self.period_arg = period
        self._last_warning: tuple[str, float] = ("", 0.0)  # see notify_once
        self.organisation = organisation
        # Only the remaps that can be applied; the refused ones are configuration warnings.
        self.keymap_overrides = resolve_keymap(self.config_.keys).applied
        self.analysis: Analysis | None = None
        self.period = 0
        self.scope: Scope | None = None
        self.kpi_id: str | None = None
        # The list the open KPI detail was chosen from: n / p step through it.
        self.detail_order: tuple[str, ...] = ()
        self.generation = 0
        self.load_error: str | None = None
        self.loading_what = ""  # what the header says is loading: the files, or whose data
        self.export_format: str | None = None  # the last format exported, for this session
        self.theme_remembered = ""  # the theme the user's configuration holds (or will)
        self._theme_timer: Timer | None = None
        # The files as they were when the data shown (and the data being loaded) was read,
        # and the organisation shown before the last switch, kept to switch back to.
        self._files_read: FilesStamp | None = None
        self._files_reading: FilesStamp | None = None
        self._kept: tuple[Analysis, FilesStamp] | None = None
        # What a load of the files as they were kept for loading another home organisation
        # without reading them in full (`qpr_tui.ingest.switching`).
        self._retained: tuple[Retained, FilesStamp] | None = None
        if self.keymap_overrides:
            self.set_keymap(self.keymap_overrides)

    # ---- screens -------------------------------------------------------------------------
    def get_default_screen(self) -> Screen[None]:
        return MainScreen(on_mounted=self.load)

    @property
    def main(self) -> MainScreen:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("the main screen is not installed")

    @property
    def file_names(self) -> str:
        return ", ".join(Path(f).name for f in self.files)

    def on_mount(self) -> None:
        # Said at once, not after the load: a file that cannot be loaded must not hide them.
        self._notify_config_warnings()
        self._start_theme()
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _start_theme(self) -> None:
        """The theme chosen last time (the user's configuration), else the configured one."""
        from qpr_tui.config.user import remembered_theme

        name = remembered_theme() or self.config_.theme
        self.theme_remembered = name
        if not name:
            return
        if name in self.available_themes:
            self.theme = name
            return
        from qpr_tui.views.text import clean

        self.notify(
            f"There is no theme '{clean(name)}'; using {self.theme}. Ctrl+P, then 'theme', "
            "lists them.",
            title="theme",
            severity="warning",
            markup=False,
        )

    def _theme_changed(self, theme: Theme) -> None:
        """RAG colours in tables and the tree follow the theme: redraw them; a theme the
        user chose is remembered in their configuration."""
        for screen in self.screen_stack:
            if isinstance(screen, ViewScreen):
                screen.invalidate()
        self.refresh_views()
        if theme.name != self.theme_remembered:
            # The theme picker previews each theme it passes: remember the one it stops on.
            if self._theme_timer is not None:
                self._theme_timer.stop()
            self._theme_timer = self.set_timer(THEME_SETTLE, self._remember_theme)

    async def action_quit(self) -> None:
        """Quit; a theme chosen moments ago is remembered first."""
        if self._theme_timer is not None:
            self._theme_timer.stop()
            self._remember_theme()
        await super().action_quit()

    def _remember_theme(self) -> None:
        from qpr_tui.config.user import write_theme
        from qpr_tui.errors import QprError
        from qpr_tui.views.text import clean

        self._theme_timer = None
        name = self.theme
        if name == self.theme_remembered:
            return
        self.theme_remembered = name
        try:
            write_theme(name)  # a few bytes, written at once: no second writer to race
        except (OSError, QprError) as exc:
            self.notify(
                f"The theme could not be remembered: {clean(exc)}",
                severity="warning",
                markup=False,
            )

    # ---- loading -------------------------------------------------------------------------
    def load(self, reload: bool = False, switching: bool = False) -> None:
        """Load the files in a worker. The first load covers the body with a loading
        indicator; a reload (another home organisation, ``r``) keeps the data shown, usable,
        until the new data is ready, and the header says what is loading and how far it is
        (an indicator over the body would redraw many times a second, taking the processor
        from the load). ``switching`` (another home organisation): what the last load kept
        is reused if the files have not changed since."""
        self.loading_what = self.file_names
        if self.analysis is None:
            self.main.set_loading(True)
        elif self.organisation and self.organisation != self.analysis.organisation:
            self.loading_what = f"{self.organisation} from {self.file_names}"
        self.main.header.show_loading(self.loading_what)
        gc.unfreeze()  # the data shown now may be replaced: let the collector see it again
        self._files_reading = files_stamp(self.files)
        kept, stamp = self._retained or (None, None)
        self._load(reload, kept if switching and stamp == self._files_reading else None)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self, reload: bool, kept: Retained | None = None) -> None:
        """Read and analyse the files off the UI thread; report back with a message."""
        worker = get_current_worker()
        try:
            from qpr_tui.analysis.summary import Analysis, Scope
            from qpr_tui.errors import QprError
            from qpr_tui.ingest.reader import load
            from qpr_tui.ingest.switching import Keeping

            keeping = Keeping(kept)

            def progress(message: str, fraction: float) -> None:
                self.post_message(LoadProgress(message, fraction))

            try:
                dataset = load(
                    self.files,
                    self.config_,
                    progress=progress,
                    organisation=self.organisation,
                    config_source=self.config_source,
                    keeping=keeping,
                )
                analysis = Analysis(
                    dataset, self.organisation, self.config_source, self._read_notes()
                )
                period = analysis.resolve_period(None if reload else self.period_arg)
            except QprError as exc:
                if not worker.is_cancelled:
                    self.post_message(LoadFailed(str(exc), reload))
                return
            analysis.summary(period, Scope())  # warm the caches off the UI thread
            analysis.tree_counts(period)
            from qpr_tui.validate.checks import cached_issues

            cached_issues(analysis)
        except Exception as exc:  # a bug: say so on screen rather than crash
            if not worker.is_cancelled:
                self.post_message(
                    LoadFailed(
                        f"internal error: {type(exc).__name__}: {exc}. Set QPR_DEBUG=1 and run "
                        "'qpr summary' on the same files for details.",
                        reload,
                    )
                )
            return
        if not worker.is_cancelled:
            self.post_message(DataLoaded(analysis, period, reload, keeping.kept))

    def _read_notes(self) -> NoteBook:
        from qpr_tui.notes import load_notes, notes_path

        path = notes_path(self.files, self.config_, self.config_source.path)
        return load_notes(path, self.config_.year_quarters)

    def on_load_progress(self, message: LoadProgress) -> None:
        if self.main.header.loading:
            self.main.header.show_loading(self.loading_what, message.text, message.fraction)

    def on_data_loaded(self, message: DataLoaded) -> None:
        files = self._files_reading
        before = self.analysis.organisation if self.analysis is not None else None
        self._retained = (message.kept, files) if message.kept and files else None
        self._show_data(message.analysis, message.period, message.reload, files)
        home = message.analysis.organisation
        if message.reload and home != before and home:
            self.notify(f"{home} is the home organisation", title="Organisation", markup=False)
        elif message.reload:
            self.notify(f"Reloaded {self.file_names}", title="Reloaded", markup=False)
        self._notify_notes_problem(message.analysis.notes)

    def _show_data(
        self, analysis: Analysis, period: int, reload: bool, files: FilesStamp | None
    ) -> None:
        """Show newly loaded (or kept) data, on the period, scope and KPI shown before
        where it has them; another organisation's data shown before is kept."""
        from qpr_tui.analysis.summary import Scope

        previous = self.analysis
        if previous is not None and previous.organisation != analysis.organisation:
            self._kept = (previous, self._files_read) if self._files_read else None
        self._files_read = files
        scope, kpi = Scope(), None
        if reload and previous is not None:
            if self.period in analysis.periods:
                period = self.period
            if self.scope is not None and _scope_exists(analysis, self.scope):
                scope = self.scope
            if self.kpi_id is not None and self.kpi_id in analysis.kpi_order:
                kpi = self.kpi_id
        if previous is not None and previous.notes.unsaved:
            self._keep_unsaved_notes(previous.notes, analysis.notes)
        self.analysis = analysis
        self.period, self.scope, self.kpi_id = period, scope, kpi
        self.generation += 1
        self.load_error = None
        self.main.set_loading(False)
        self.main.header.loading = False
        if isinstance(self.screen, ErrorScreen):
            self.pop_screen()
        self.refresh_views()
        self._word_period_keys()
        # What lives as long as this data (widgets, caches, the analysis's Python side) is
        # set aside from the cyclic collector: a full collection over it took 40-80 ms and
        # came every few key presses.
        gc.freeze()
        self.prefetch(further=True)

    def _word_period_keys(self) -> None:
        """The period keys say what one period is: "Prev year" when every KPI is annual."""
        words = self.period_key_words()
        # Textual keeps a node's bindings in `_bindings` (a copy per instance) and has no
        # public way to change a description; a keymap is applied over them when read.
        table = self._bindings.key_to_bindings
        for key, bindings in table.items():
            table[key] = [worded(binding, words) for binding in bindings]
        self.refresh_bindings()

    def period_key_words(self) -> dict[str, str]:
        """The period keys' words for the data shown (a quarter's before any is loaded)."""
        word = self.analysis.calendar.period_word if self.analysis is not None else "quarter"
        return PERIOD_KEY_WORDS[word]

    def _keep_unsaved_notes(self, before: NoteBook, after: NoteBook) -> None:
        """Notes that could not be written are carried into the reloaded data (and written
        now, if their file can be written at last)."""
        from qpr_tui.errors import QprError

        after.notes.update(before.notes)
        after.unsaved = True
        try:
            after.save()
        except QprError:
            pass  # still held in memory; the next note says why it is not saved

    def _notify_notes_problem(self, notes: NoteBook) -> None:
        if notes.problem is None:
            return
        self.notify(
            f"{notes.problem}\nNotes are shown but not saved until the file is fixed "
            f"(then press {self.key_display('app.reload')}).",
            title="Notes file not read in full",
            severity="warning",
            timeout=12,
            markup=False,
        )

    def _notify_config_warnings(self) -> None:
        """Settings the configuration has that were ignored (unknown keys, ``[keys]`` that
        cannot apply): say so once, and where to see them all."""
        from qpr_tui.views.text import clean  # key names are the user's: no control codes

        warnings = self.config_source.warnings
        if not warnings:
            return
        name = clean(Path(self.config_source.path).name)
        shown = [
            clean(f"line {w.location.line}: {w.message}" if w.location.line else w.message)
            for w in warnings[:3]
        ]
        more = f"\n… and {len(warnings) - 3:,} more" if len(warnings) > 3 else ""
        panel = self.key_display("panel.quality")
        self.notify(
            "\n".join(shown) + more + f"\nAll are listed in Data quality ({panel}).",
            title=f"{name}: {len(warnings)} setting{'s' if len(warnings) > 1 else ''} ignored",
            severity="warning",
            timeout=12,
            markup=False,
        )

    def on_load_failed(self, message: LoadFailed) -> None:
        self.main.set_loading(False)
        self.load_error = message.error
        if self.analysis is not None:
            # Still the data loaded before: its organisation, and its header again.
            self.organisation = self.analysis.organisation
            self.main.header.loading = False
            self.refresh_views()
            self.notify(
                f"{message.error}\nStill showing the data loaded before.",
                title="Reload failed",
                severity="error",
                timeout=12,
                markup=False,
            )
            return
        self.main.header.show_error(self.file_names)
        reload_keys = self.key_display("app.reload")
        quit_keys = self.key_display("app.quit")
        hint = f"Fix the file, then press {reload_keys} to try again, or {quit_keys} to quit."
        if isinstance(self.screen, ErrorScreen):
            self.screen.show_message(message.error)
        else:
            self.push_screen(ErrorScreen(message.error, hint))

    # ---- state ---------------------------------------------------------------------------
    @property
    def view(self) -> ViewState | None:
        if self.analysis is None or self.scope is None:
            return None
        return ViewState(
            self.analysis, self.period, self.scope, self.kpi_id, self.generation, tuple(self.files)
        )

    def refresh_views(self) -> None:
        """Hand the current view to every screen that shows it (in place, no recompose)."""
        view = self.view
        if view is None:
            return
        for screen in self.screen_stack:
            if isinstance(screen, ViewScreen) and screen.is_mounted:
                screen.update_view(view)

    def set_period(self, period: int) -> None:
        if self.analysis is None or period not in self.analysis.periods:
            return
        self.period = period
        self.refresh_views()
        self.prefetch()

    def set_scope(self, scope: Scope) -> None:
        if self.analysis is None or not _scope_exists(self.analysis, scope):
            return
        self.scope = scope
        self.refresh_views()
        self.prefetch()

    def prefetch(self, further: bool = False) -> None:
        """Get the quarters either side ready while the user reads this one (with the
        Summary showing, its texts laid out too), and, while the tree has the keys, the
        scopes next to this one in it; ``further`` (after a load): then the earlier quarters
        and every scope of this quarter, one by one."""
        view = self.view
        if view is None:
            return
        near = self._near_scopes(view)
        self._prefetch(
            view.analysis,
            view.period,
            view.scope,
            self._parts_wanted(view, near),
            near,
            self.main.dir_tree.scopes() if further else [],
        )

    def _near_scopes(self, view: ViewState) -> list[Scope]:
        """The scopes on the tree's lines either side of the view's, while the tree has the
        keys (where the cursor goes next); none otherwise."""
        tree = self.main.dir_tree
        return _neighbours(tree.scopes(), view.scope) if self.focused is tree else []

    def _parts_wanted(
        self, view: ViewState, scopes: Sequence[Scope] = ()
    ) -> dict[tuple[int, Scope], tuple[Hashable, int, int]]:
        """The views whose Summary texts are not laid out at the Summary's width (none
        unless the Summary is showing), and the keys the pane keeps them by: the quarters
        either side, and ``scopes`` in this quarter."""
        pane = self.main.panes["summary"]
        parts: dict[tuple[int, Scope], tuple[Hashable, int, int]] = {}
        if not (isinstance(pane, SummaryPane) and self.main.active_panel == "summary"):
            return parts
        width = pane.text_width()
        near = [
            (n, view.scope)
            for n in (view.analysis.previous(view.period), view.analysis.next(view.period))
            if n is not None
        ]
        for period, scope in [*near, *((view.period, s) for s in scopes)]:
            key = pane.parts_key(dataclasses.replace(view, period=period, scope=scope), width)
            if not pane.has_parts(key):
                parts[(period, scope)] = key
        return parts

    @work(thread=True, exclusive=True, group="prefetch", exit_on_error=False)
    def _prefetch(
        self,
        analysis: Analysis,
        period: int,
        scope: Scope,
        parts: dict[tuple[int, Scope], tuple[Hashable, int, int]],
        near: list[Scope],
        scopes: list[Scope],
    ) -> None:
        worker = get_current_worker()
        try:
            views = [(n, scope) for n in (analysis.previous(period), analysis.next(period))]
            for n, s in [*views, *((period, s) for s in near)]:
                if n is not None and not worker.is_cancelled:
                    self._prepare(analysis, n, s, parts.get((n, s)))
            if not scopes:
                return
            # Then, after a load, further back (the user goes back more often than
            # forward) and the other scopes of this quarter, each until a cap on KPIs
            # summarised (a summary of 200,000 KPIs is a second's work).
            earlier = ((p, scope) for p in _earlier(analysis, period))
            _prepare_within(analysis, earlier, PREPARED_KPI_QUARTERS, worker)
            others = ((period, other) for other in scopes)
            _prepare_within(analysis, others, PREPARED_KPI_SCOPES, worker)
            if not worker.is_cancelled:
                self.post_message(QuartersPrepared(analysis))
        except Exception:  # only a head start: the UI computes it again if needed
            return

    @work(thread=True, group="summary-parts", exit_on_error=False)
    def _lay_out_parts(
        self, analysis: Analysis, parts: dict[tuple[int, Scope], tuple[Hashable, int, int]]
    ) -> None:
        try:
            for (period, scope), key in parts.items():
                self._prepare(analysis, period, scope, key)
        except Exception:  # as for the prefetch
            return

    def _prepare(
        self, analysis: Analysis, period: int, scope: Scope, key: tuple[Hashable, int, int] | None
    ) -> None:
        """(In a worker.) A view's analysis; with ``key``, its Summary texts laid out and
        posted to the Summary."""
        analysis.prepare(period, scope)
        if key is not None:
            laid = lay_out(analysis.summary(period, scope), key[1])
            self.main.panes["summary"].post_message(PartsLaidOut(key, laid))

    def on_quarters_prepared(self, message: QuartersPrepared) -> None:
        # The earlier quarters' summaries live as long as the data: set aside as at a load.
        if message.analysis is self.analysis:
            gc.freeze()

    def on_summary_refitted(self, message: SummaryRefitted) -> None:
        # The texts laid out ahead were for the old width (the first layout after a load
        # comes before the panel's size is known): again, without cutting a prefetch short.
        view = self.view
        if view is not None:
            self._lay_out_parts(view.analysis, self._parts_wanted(view, self._near_scopes(view)))

    def select_kpi(self, kpi_id: str) -> None:
        if kpi_id != self.kpi_id:
            self.kpi_id = kpi_id
            self.refresh_views()

    def open_kpi(self, kpi_id: str, order: tuple[str, ...] = ()) -> None:
        """Select a KPI and show its detail screen; n / p there step through ``order`` (the
        list it was chosen from), else through every KPI in scope."""
        from qpr_tui.tui.screens.kpi_detail import KpiDetailScreen

        if self.analysis is None or kpi_id not in self.analysis.kpi_order:
            return
        self.kpi_id = kpi_id
        self.detail_order = order if kpi_id in order else ()
        view = self.view
        if view is None:
            return
        if not isinstance(self.screen, KpiDetailScreen):
            if not self.is_screen_installed("kpi-detail"):
                self.install_screen(KpiDetailScreen(view), name="kpi-detail")
            self.push_screen("kpi-detail")
        self.refresh_views()

    def edit_note(self, kpi_id: str | None) -> None:
        """Open the note dialog for a KPI in the viewed quarter; keep what it returns."""
        from qpr_tui.periods import label
        from qpr_tui.tui.screens.note import NoteScreen
        from qpr_tui.views.text import safe

        view = self.view
        if view is None or kpi_id is None:
            self.notify("Choose a KPI first: m writes a note on the KPI under the cursor.")
            return
        row = view.kpi_row(kpi_id)
        name = row["indicator"] if row else ""
        title = safe(f"Note for the meeting: {kpi_id} {name}".strip(), style="bold")
        title.append(f"  ({label(view.period)})", style="dim")
        period = view.period
        book = view.analysis.notes

        def done(text: str | None) -> None:
            if text is not None and text.strip() != book.get(kpi_id, period):
                self.store_note(book, kpi_id, period, text)

        self.push_screen(NoteScreen(title, book.get(kpi_id, period)), done)

    def store_note(self, book: NoteBook, kpi_id: str, period: int, text: str) -> None:
        """Keep a note and write the notes file; if it cannot be written, say why (the note
        stays in memory, and the next successful write saves it)."""
        from qpr_tui.errors import QprError

        book.put(kpi_id, period, text)
        try:
            book.save()
        except QprError as exc:
            self.notify(f"{exc}", title="Note kept in memory only", severity="error", markup=False)
        else:
            done = "saved" if book.has(kpi_id, period) else "deleted"
            self.notify(f"Note {done} in {book.path}", title="Note", markup=False)
        for screen in self.screen_stack:
            if isinstance(screen, ViewScreen):
                screen.invalidate()
        self.refresh_views()

    def show_panel(self, panel: str) -> None:
        while not isinstance(self.screen, MainScreen) and len(self.screen_stack) > 1:
            self.pop_screen()
        self.main.show_panel(panel)

    def set_organisation(self, organisation: str) -> None:
        """Make another organisation the home one: every panel shows its QPR (a reload,
        since only the home organisation's text is kept in memory; of its own records only,
        when the last load noted where they lie in an unchanged file)."""
        if self.analysis is not None and organisation == self.analysis.organisation:
            return
        self.organisation = organisation
        kept = self._kept
        if kept is not None and kept[0].organisation == organisation:
            analysis, files = kept
            if files == files_stamp(self.files):  # the files have not changed since
                self.workers.cancel_group(self, "load")
                analysis.notes = self._read_notes()  # notes written since are in the file
                self._show_data(analysis, analysis.resolve_period(None), True, files)
                reload = self.key_display("app.reload")
                self.notify(
                    f"Back to {organisation}, as read before ({reload} reads the files again)",
                    markup=False,
                )
                return
        self.notify(f"Loading {organisation}…", markup=False)
        self.load(reload=True, switching=True)

    def set_peer_group(self, name: str | None) -> None:
        """Benchmark against a named peer group (None: every organisation)."""
        from qpr_tui.tui.panes.benchmark import BenchmarkPane

        pane = self.main.panes["benchmark"]
        if isinstance(pane, BenchmarkPane):
            pane.group_name = name
            pane.invalidate()
        self.show_panel("benchmark")

    def filter_indicators(self, status: str | None) -> None:
        from qpr_tui.tui.panes.indicators import IndicatorsPane

        self.show_panel("indicators")
        pane = self.main.panes["indicators"]
        if isinstance(pane, IndicatorsPane):
            pane.set_filter(status)

    def key_display(self, binding_id: str) -> str:
        """How the footer would show the key(s) for a binding id (of the app or the main
        screen), after the keymap."""
        from qpr_tui.tui.screens.help import keys_for

        for binding in Binding.make_bindings([*self.BINDINGS, *MainScreen.BINDINGS]):
            if binding.id == binding_id:
                return keys_for(self, binding, self.keymap_overrides)
        return binding_id

    # ---- messages from widgets ----------------------------------------------------------
    @on(KpiHighlighted)
    def _kpi_highlighted(self, message: KpiHighlighted) -> None:
        self.select_kpi(message.kpi_id)

    @on(KpiChosen)
    def _kpi_chosen(self, message: KpiChosen) -> None:
        self.open_kpi(message.kpi_id, message.order)

    @on(ScopeChosen)
    def _scope_chosen(self, message: ScopeChosen) -> None:
        self.set_scope(message.scope)

    # ---- actions -------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in NEEDS_DATA and self.analysis is None:
            return False
        return True

    def action_period_previous(self) -> None:
        self._step_period(-1)

    def action_period_next(self) -> None:
        self._step_period(1)

    def _step_period(self, step: int) -> None:
        if self.analysis is None:
            return
        calendar = self.analysis.calendar
        move = self.analysis.previous if step < 0 else self.analysis.next
        target = move(self.period)
        if target is None:
            edge = "earliest" if step < 0 else "latest"
            self.notify_once(
                f"{calendar.label(self.period)} is the {edge} {calendar.period_word} in the data."
            )
            return
        self.set_period(target)

    def notify_once(self, message: str) -> None:
        """A warning, unless the same one is still showing: a key held down at the edge of
        the data would otherwise stack a toast per repeat."""
        now = time.monotonic()
        shown, at = self._last_warning
        if shown == message and now - at < self.NOTIFICATION_TIMEOUT:
            return
        self._last_warning = (message, now)
        self.notify(message, severity="warning")

    def action_step_kpi(self, step: int) -> None:
        from qpr_tui.tui.screens.kpi_detail import KpiDetailScreen

        view = self.view
        if view is None:
            return
        ids = view.kpi_ids
        if isinstance(self.screen, KpiDetailScreen) and self.kpi_id in self.detail_order:
            ids = list(self.detail_order)
        elif self.kpi_id not in ids:
            from qpr_tui.analysis.summary import Scope

            ids = ViewState(view.analysis, view.period, Scope(), None, view.generation).kpi_ids
        if not ids:
            return
        index = ids.index(self.kpi_id) if self.kpi_id in ids else -step
        self.kpi_id = ids[(index + step) % len(ids)]
        self.refresh_views()

    def action_copy(self) -> None:
        """``c``: the focused table's row, or on the Summary the summary, to the clipboard."""
        from textual.widgets import DataTable

        from qpr_tui.tui.copying import row_text, summary_text
        from qpr_tui.tui.widgets.vtable import VirtualTable

        focused = self.focused
        view = self.view
        if isinstance(focused, DataTable | VirtualTable) and focused.row_count:
            text, what = row_text(focused, view), "the row"
            kpi = focused.row_kpi() if hasattr(focused, "row_kpi") else None
            if kpi:
                from qpr_tui.views.text import clean

                what = f"the row of {clean(kpi)}"
        elif (
            view is not None
            and isinstance(self.screen, MainScreen)
            and self.main.active_panel == "summary"
        ):
            text, what = summary_text(view), "the Summary"
        else:
            self.notify(
                "Nothing to copy here: move to a table row, or to the Summary.",
                severity="warning",
                markup=False,
            )
            return
        self.copy_to_clipboard(text)
        lines = text.count("\n") + (not text.endswith("\n"))
        self.notify(
            f"Copied {what} to the clipboard ({lines} line{'s' if lines != 1 else ''}).",
            title="Copied",
            markup=False,
        )

    def action_reload(self) -> None:
        self.load(reload=self.analysis is not None)

    def action_help(self) -> None:
        from qpr_tui.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(
            HelpScreen(
                help_sections(self),
                self.keymap_overrides,
                intro=(
                    "Select a directorate in the tree (Enter) to scope every panel; Enter on a KPI "
                    "opens its detail. Ctrl+P searches KPIs, periods and directorates."
                ),
            )
        )

    def action_export(self) -> None:
        if self.analysis is None or self.scope is None:
            return
        try:
            # from qpr_tui.tui.export_screen import ExportScreen (optional module)
            ExportScreen: Any = importlib.import_module("qpr_tui.tui.export_screen").ExportScreen
        except (ImportError, AttributeError):
            self.notify("export is not available in this installation.", severity="warning")
            return

        screen = ExportScreen(self.analysis, self.period, self.scope, fmt=self.export_format)

        def done(result: Path | None) -> None:
            if result is not None:
                self.export_format = screen.fmt
                written = " and ".join(str(path) for path in screen.written)
                self.notify(f"Wrote {written}", title="Exported", markup=False, timeout=10)

        self.push_screen(screen, done)


FilesStamp = tuple[tuple[str, int, int], ...]
"""Each file's path, modification time (ns) and size."""


def files_stamp(files: Sequence[str]) -> FilesStamp | None:
    """The files' stamp, or None if one cannot be read."""
    try:
        return tuple((f, (st := os.stat(f)).st_mtime_ns, st.st_size) for f in files)
    except OSError:
        return None


def _earlier(analysis: Analysis, period: int) -> Iterator[int]:
    """The periods before ``period``, latest first."""
    older = analysis.previous(period)
    while older is not None:
        yield older
        older = analysis.previous(older)


def _prepare_within(
    analysis: Analysis, views: Iterable[tuple[int, Scope]], budget: int, worker: Worker[None]
) -> None:
    """(In a worker.) Prepare ``views`` in turn until ``budget`` KPIs have been summarised
    or the worker is cancelled."""
    for period, scope in views:
        if budget <= 0 or worker.is_cancelled:
            return
        analysis.prepare(period, scope)
        budget -= analysis.summary(period, scope).total


def _neighbours(order: Sequence[Scope], scope: Scope) -> list[Scope]:
    """The scopes on the tree's lines above and below ``scope`` (below first: the way
    the cursor usually goes)."""
    if scope not in order:
        return []
    at = order.index(scope)
    return [order[i] for i in (at + 1, at - 1) if 0 <= i < len(order)]


def _scope_exists(analysis: Analysis, scope: Scope) -> bool:
    if scope.directorate is None:
        return True
    if scope.directorate not in analysis.directorates:
        return False
    return scope.service_area is None or scope.service_area in analysis.service_areas(
        scope.directorate
    )


def help_sections(app: App[Any]) -> list[tuple[str, list[BindingT]]]:
    """The help screen's sections: each class's own bindings (those with an id, which
    ``[keys]`` can remap) and, once each, the few Textual keys worth knowing."""
    from qpr_tui.tui.panes.benchmark import BenchmarkPane
    from qpr_tui.tui.panes.indicators import IndicatorsPane
    from qpr_tui.tui.panes.notes import NotesPane
    from qpr_tui.tui.panes.quality import QualityPane
    from qpr_tui.tui.panes.red import RedPane
    from qpr_tui.tui.panes.trends import TrendsPane
    from qpr_tui.tui.screens.help import HelpScreen, class_bindings
    from qpr_tui.tui.screens.kpi_detail import KpiDetailScreen
    from qpr_tui.tui.screens.note import NoteScreen
    from qpr_tui.tui.widgets.tables import VimDataTable, VimScroll
    from qpr_tui.tui.widgets.tree import DirectorateTree

    def own(*classes: type) -> list[BindingT]:
        # Each id once (the first class's wording); the note key is the same on every KPI
        # list, so it has a section of its own.
        found: dict[str, BindingT] = {}
        for binding in (b for cls in classes for b in class_bindings(cls)):
            if binding.id and binding.id != "kpi.note":
                found.setdefault(binding.id, binding)
        return list(found.values())

    def textual(keys: str, action: str, description: str) -> list[BindingT]:
        return list(Binding.make_bindings([Binding(keys, action, description)]))

    moving = "up,down,pageup,pagedown,home,end"
    period_words = app.period_key_words() if isinstance(app, QprApp) else {}
    return [
        (
            "Everywhere",
            [
                *textual(app.COMMAND_PALETTE_BINDING, "command_palette", PALETTE_WORDS),
                *(worded(b, period_words) for b in own(type(app))),
                *textual("ctrl+q", "quit", "Quit"),
                *textual("tab,shift+tab", "focus", "Next / previous area"),
            ],
        ),
        ("Main screen", own(MainScreen)),
        ("Indicators panel", own(IndicatorsPane)),
        ("Trends panel, Red detail and KPI detail", own(TrendsPane, KpiDetailScreen, RedPane)),
        (
            "Notes for the meeting (any KPI list, the KPI detail)",
            [b for b in class_bindings(NotesPane) if b.id == "kpi.note"],
        ),
        ("Data quality panel", own(QualityPane)),
        ("Benchmark panel", own(BenchmarkPane)),
        (
            "Tables and lists",
            [
                *own(VimDataTable),
                *textual("enter", "select", "Open the KPI (or finding) on the row"),
                *textual(f"{moving},left,right", "move", "Move the cursor"),
            ],
        ),
        (
            "Directorate tree",
            [
                *own(DirectorateTree),
                *textual("enter", "select", "Scope every panel to it"),
                *textual("space", "toggle", "Open or close a directorate"),
                *textual(moving, "move", "Move the cursor"),
            ],
        ),
        ("Scrolling text", [*own(VimScroll), *textual(moving, "move", "Scroll")]),
        ("Dialogs", own(HelpScreen, *_export_screen_class(), NoteScreen)),
    ]


def worded(binding: BindingT, words: dict[str, str]) -> BindingT:
    """The binding with the words given for its id, if any."""
    if binding.id in words:
        return dataclasses.replace(binding, description=words[binding.id])
    return binding


PALETTE_WORDS = "Command palette: jump to a KPI, period or directorate; theme"


def _export_screen_class() -> list[type]:
    try:  # an optional module, as in `QprApp.action_export`
        return [importlib.import_module("qpr_tui.tui.export_screen").ExportScreen]
    except (ImportError, AttributeError):
        return []
