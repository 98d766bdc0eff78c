"""Command palette (ctrl+p): jump to any KPI, period, directorate or panel; run actions."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from qpr_tui.views.text import clean

if TYPE_CHECKING:
    from qpr_tui.analysis.summary import Analysis, Scope

Command = tuple[str, Callable[[], object], str]


@runtime_checkable
class PaletteHost(Protocol):
    """What the palette needs of the app: its data and the actions it runs.

    The app satisfies it; declaring it here keeps this module from importing the app that
    registers it.
    """

    analysis: Analysis | None

    def show_panel(self, panel: str) -> None: ...
    def filter_indicators(self, status: str | None) -> None: ...
    def set_period(self, period: int) -> None: ...
    def set_scope(self, scope: Scope) -> None: ...
    def set_organisation(self, organisation: str) -> None: ...
    def set_peer_group(self, name: str | None) -> None: ...
    def open_kpi(self, kpi_id: str) -> None: ...
    def action_export(self) -> None: ...
    def action_reload(self) -> None: ...
    def action_help(self) -> None: ...


def commands(app: PaletteHost) -> list[Command]:
    """Every command the palette offers for the current data, as (title, callback, help)."""
    from qpr_tui.analysis.summary import Scope
    from qpr_tui.tui.screens.main import PANELS

    found: list[Command] = []
    for number, (panel, title) in enumerate(PANELS, 1):
        found.append((f"Panel: {title}", partial(app.show_panel, panel), f"Show panel {number}"))
    for status, word in (
        ("red", "Red"),
        ("amber", "Amber"),
        ("green", "Green"),
        ("no_data", "No data"),
    ):
        found.append(
            (
                f"Filter indicators: {word} only",
                partial(app.filter_indicators, status),
                "Show only these KPIs in the Indicators panel",
            )
        )
    found.append(
        (
            "Filter indicators: clear",
            partial(app.filter_indicators, None),
            "Show every KPI in the Indicators panel",
        )
    )
    found.append(("Export report…", app.action_export, "Write the QPR as HTML, SVG, text…"))
    found.append(("Reload files", app.action_reload, "Read the files again from disk"))
    found.append(("Keys (help)", app.action_help, "List every key binding"))
    analysis = app.analysis
    if analysis is None:
        return found
    label = analysis.calendar.label
    for period in reversed(analysis.periods):
        latest = " (latest)" if period == analysis.latest else ""
        found.append(
            (
                f"Period: {label(period)}{latest}",
                partial(app.set_period, period),
                "Show every panel for this quarter",
            )
        )
    found.append(
        ("Directorate: All directorates", partial(app.set_scope, Scope()), "The whole QPR")
    )
    for directorate in analysis.directorates:
        found.append(
            (
                f"Directorate: {clean(directorate)}",
                partial(app.set_scope, Scope(directorate)),
                "Limit every panel to it",
            )
        )
        for area in analysis.service_areas(directorate):
            if area:
                found.append(
                    (
                        f"Service area: {clean(area)} ({clean(directorate)})",
                        partial(app.set_scope, Scope(directorate, area)),
                        "Limit every panel to it",
                    )
                )
    if analysis.has_peers:
        for organisation in analysis.organisations:
            home = " (home)" if organisation == analysis.organisation else ""
            found.append(
                (
                    f"Organisation: {clean(organisation)}{home}",
                    partial(app.set_organisation, organisation),
                    "Make it the home organisation: every panel shows its QPR",
                )
            )
        found.append(
            (
                "Benchmark against: all organisations",
                partial(app.set_peer_group, None),
                "Compare with everyone",
            )
        )
        for group in analysis.config.peer_groups:
            found.append(
                (
                    f"Benchmark against: peer group {clean(group)}",
                    partial(app.set_peer_group, group),
                    "Compare with this group",
                )
            )
    names = analysis.rated.unique("kpi_id", keep="last", maintain_order=True)
    for kpi_id, indicator in names.select("kpi_id", "indicator").iter_rows():
        found.append(
            (
                f"KPI: {clean(kpi_id)} · {clean(indicator, limit=90)}",
                partial(app.open_kpi, str(kpi_id)),
                "Open the KPI's detail",
            )
        )
    return found


PERIOD_WORDS = ("period:", "period", "quarter:", "quarter")


def typed_period(app: PaletteHost, query: str) -> int | None:
    """The period in the data that ``query`` spells the way the command line accepts
    (``Q4 2023/24``, ``Sep-24``, ``2024-09-30``; ``Period:`` before it is allowed)."""
    from qpr_tui.periods import PeriodError, parse_period

    analysis = app.analysis
    text = query.strip()
    if analysis is None or not text:
        return None
    spellings = [text]
    for word in PERIOD_WORDS:
        if text.casefold().startswith(word):
            spellings.append(text[len(word) :].strip())
            break
    for spelling in spellings:
        try:
            period = parse_period(spelling, analysis.config.year_quarters)
        except PeriodError:
            continue
        return period if period in analysis.periods else None
    return None


def highlight(matcher: Matcher, text: str) -> Content:
    """Like `Matcher.highlight`, but the text is data, never parsed as markup."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class QprCommands(Provider):
    """Jump anywhere: KPIs, periods, directorates, panels, filters, export, reload."""

    def _app(self) -> PaletteHost | None:
        return self.app if isinstance(self.app, PaletteHost) else None

    async def discover(self) -> Hits:
        app = self._app()
        if app is None:
            return
        for title, callback, help_text in commands(app):
            if title.startswith(("Panel:", "Period:", "Export", "Reload", "Keys")):
                yield DiscoveryHit(Content(title), callback, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        app = self._app()
        if app is None:
            return
        period = typed_period(app, query)
        if period is not None:
            from qpr_tui.periods import label

            title = f"Period: {label(period)}"
            yield Hit(
                1.0,
                Content(title),
                partial(app.set_period, period),
                text=title,
                help=f"{clean(query.strip())}: show every panel for this quarter",
            )
        matcher = self.matcher(query)
        for title, callback, help_text in commands(app):
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, highlight(matcher, title), callback, text=title, help=help_text)
