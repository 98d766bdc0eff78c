"""Key-press latency in the TUI, measured in-process with Textual's Pilot.

    python -m benchmarks.keypress FILE [--organisation NAME] [--repeat 10] [--json]
        [--breakdown] [--profile DIR] [--switch-to NAME]

Runs ``QprApp([FILE])`` under ``app.run_test()`` (headless, 120x40), waits for the data to be
shown, then times these actions, each ``--repeat`` times:

* ``period back [``: the previous quarter (first visit to each quarter: nothing cached);
* ``period forward ]``: back towards the latest quarter (the summaries are cached now);
* ``directorate (down+enter)``: in the directorate tree (``d`` focuses it), move the cursor
  down one node and select it (a directorate or a service area, in turn);
* ``open KPI (enter)``: Enter on a row of the Indicators table (panel ``2``) opens the KPI
  detail screen; then (timed separately) ``close KPI (escape)`` and ``next row (j)``, which
  moves the table cursor and so selects the next KPI;
* ``period back [ (indicators)``: the previous quarter with the Indicators table showing (the
  table is rebuilt; the summaries are cached); ``period forward ] (indicators)`` back again;
* ``directorate (indicators)``: the directorate change above with the Indicators table showing
  (the tree takes the keys; the table refills for each scope);
* ``organisation switch``: another organisation made the home one, as the command palette's
  "Organisation: ..." does (``app.set_organisation``), from the call until its data is shown
  and the app has settled: each time one not shown before (``--switch-to`` first, then the
  file's others in turn), so each is read from the file; then ``organisation switch back``
  to the home organisation, whose data the app kept. ``--switches`` pairs (default 4; a
  sample may take up to 300 s before it counts as not settled).

Each action reports its median and 90th percentile (nearest rank) over the samples. With
``--breakdown`` each action's time is split into Textual's parts (exclusive times, summed
over its samples and divided by their number): ``views`` (qpr's own code handing the new view
to the screens, ``QprApp.refresh_views``, without the parts below that it calls),
``layout`` (the screen's reflow, without the
measuring below), ``measure`` (widgets' content heights and widths, which a layout asks for
when a widget's size depends on its content), ``render`` (widgets drawing their lines),
``paint`` (the compositor cutting and combining those lines into the frame), ``styles``
(CSS applied to nodes: mounts, class changes), ``compose`` (widgets composed or mounted),
and ``other`` (everything else: message dispatch, event handlers, the harness's loop).

**What one sample is.** From posting the key event until the app is settled: every message
queued on the app and on every widget of the current screen handled (repeatedly, until none
are left), any running worker finished, and the resulting frame composed and rendered to escape
sequences (as `benchmarks.first_paint` does). That is ``pilot.press(key)`` followed by
``pilot.pause()`` without their fixed sleeps: ``press`` and ``pause`` call Textual's
``wait_for_idle``, which sleeps in 20 ms steps until the process looks idle, so timing them
directly adds 40-100 ms of harness time to every sample. That overhead is measured separately
(``harness``: ``pilot.press`` of an unbound key plus ``pilot.pause()``) so it can be added back
for comparison. Animations are off (``app.animation_level = "none"``): the time is the work, not
an animation's duration. Frames are composed as soon as the work is done rather than on the
60 fps refresh timer, which can add up to 17 ms on a real terminal.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.first_paint import busy

SIZE = (120, 40)
CHARS = {
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "enter": "\r",
    "escape": "\x1b",
    "down": None,
    "up": None,
}


def key_event(key: str) -> Any:
    from textual import events

    char = CHARS.get(key, key if len(key) == 1 else None)
    return events.Key(key, char)


class NotSettled(Exception):
    """The app was still busy when the time limit ran out (a message loop that never ends)."""


async def settle(pilot: Any, limit: float = 10.0) -> None:
    """Wait (without sleeping) until the app has nothing left to do and the frame is out.

    Pilot's ``_wait_for_screen`` (a callback through every widget's queue, about 10 ms on
    this machine with the main screen's hundred widgets) confirms the app is idle only once
    the cheap checks say so, rather than on every round of the loop."""
    app = pilot.app
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        if await _work_left(app):
            continue
        await pilot._wait_for_screen()
        if not await _work_left(app):
            return
    raise NotSettled(f"the app was still busy after {limit} s")


async def _work_left(app: Any) -> bool:
    """Whether anything was still to do (a worker, a layout or repaint, a queued message);
    waits for or starts that work before answering."""
    running = [w for w in app.workers if w.is_running]
    if running:
        await app.workers.wait_for_complete(running)
        return True
    screen = app.screen
    if (
        screen._layout_required
        or screen._repaint_required
        or screen._scroll_required
        or screen._dirty_widgets
    ):
        screen._on_timer_update()  # what the 60 fps update timer would do next
        await asyncio.sleep(0)
        return True
    if busy(app) or screen._callbacks:
        await asyncio.sleep(0)
        return True
    return False


SWITCH_LIMIT = 300.0  # seconds: an organisation switch reads the file again
PROFILES: dict[str, cProfile.Profile] = {}  # action -> profile, with --profile
PROFILING = False


class Breakdown:
    """Exclusive time spent in a few of Textual's methods (``--breakdown``): each wrapped
    method's own time, without the time of wrapped methods it calls."""

    def __init__(self) -> None:
        self.parts: dict[str, float] = {}
        self.stack: list[list[float]] = []  # [start, time of nested parts] per open call

    def install(self) -> None:
        from textual._compositor import Compositor
        from textual.css.stylesheet import Stylesheet
        from textual.screen import Screen
        from textual.widget import Widget

        from qpr_tui.tui.app import QprApp

        for owner, method, part in (
            (QprApp, "refresh_views", "views"),
            (Screen, "_refresh_layout", "layout"),
            (Widget, "get_content_height", "measure"),
            (Widget, "get_content_width", "measure"),
            (Widget, "render_lines", "render"),
            (Compositor, "render_update", "paint"),
            (Stylesheet, "update_nodes", "styles"),
            (Stylesheet, "apply", "styles"),
            (Widget, "_compose", "compose"),
            (Widget, "mount_composed_widgets", "compose"),
            (Widget, "recompose", "compose"),
        ):
            setattr(owner, method, self.wrap(getattr(owner, method), part))

    def wrap(self, function: Callable[..., Any], part: str) -> Callable[..., Any]:
        import functools
        import inspect

        if inspect.iscoroutinefunction(function):
            # Coroutines interleave: count only the call itself, not what it awaits.
            @functools.wraps(function)
            async def coroutine(*args: Any, **kwargs: Any) -> Any:
                self.begin()
                try:
                    awaitable = function(*args, **kwargs)
                finally:
                    self.end(part)
                return await awaitable

            return coroutine

        @functools.wraps(function)
        def timed_call(*args: Any, **kwargs: Any) -> Any:
            self.begin()
            try:
                return function(*args, **kwargs)
            finally:
                self.end(part)

        return timed_call

    def begin(self) -> None:
        self.stack.append([time.perf_counter(), 0.0])

    def end(self, part: str) -> None:
        start, nested = self.stack.pop()
        spent = time.perf_counter() - start
        self.parts[part] = self.parts.get(part, 0.0) + spent - nested
        if self.stack:
            self.stack[-1][1] += spent

    def take(self) -> dict[str, float]:
        parts, self.parts = self.parts, {}
        return parts


BREAKDOWN: Breakdown | None = None  # with --breakdown


async def timed(
    pilot: Any, *keys: str, action: str = "", call: Callable[[], Any] | None = None
) -> tuple[float, float]:
    """Post each key (or make the call) and settle after each; return (wall ms, process CPU
    ms)."""
    app = pilot.app
    profile = PROFILES.setdefault(action, cProfile.Profile()) if PROFILING and action else None
    if BREAKDOWN is not None:
        BREAKDOWN.take()
    if profile is not None:
        profile.enable()
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        if call is not None:
            call()
            await settle(pilot, limit=SWITCH_LIMIT)
        for key in keys:
            app.post_message(key_event(key))
            await settle(pilot)
    finally:
        if profile is not None:
            profile.disable()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


async def untimed(pilot: Any, *keys: str) -> None:
    await timed(pilot, *keys)


def percentile(samples: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest sample at or above ``share`` of them."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summarise(
    samples: list[float], cpu: list[float], effect: int, parts: dict[str, float] | None = None
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "n": len(samples),
        "median_ms": round(statistics.median(samples), 1) if samples else None,
        "p90_ms": round(percentile(samples, 0.9), 1) if samples else None,
        "max_ms": round(max(samples), 1) if samples else None,
        "min_ms": round(min(samples), 1) if samples else None,
        "cpu_median_ms": round(statistics.median(cpu), 1) if cpu else None,
        "samples_ms": [round(s, 1) for s in samples],
        "effective": effect,  # how many presses visibly changed the app's state
    }
    if parts is not None and samples:
        total = sum(samples)
        shares = {name: spent * 1000 / len(samples) for name, spent in sorted(parts.items())}
        shares["other"] = total / len(samples) - sum(shares.values())
        result["breakdown_ms"] = {name: round(ms, 1) for name, ms in shares.items()}
    return result


def as_qpr_runs_it() -> None:
    """The cyclic collector's thresholds as ``qpr`` sets them before it opens the app (the
    app runs here without the command line in front of it)."""
    import gc

    from qpr_tui.cli import GC_YOUNG_THRESHOLD

    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


async def measure(
    file: str,
    organisation: str | None,
    repeat: int,
    config_path: str | None,
    report: Callable[[dict[str, Any]], None],
    switch_to: str | None = None,
    switches: int = 4,
) -> dict[str, Any]:
    from textual._compositor import CompositorUpdate

    from qpr_tui.config import Config, load_config
    from qpr_tui.tui.app import QprApp

    config = load_config(config_path) if config_path else Config()
    as_qpr_runs_it()
    app = QprApp([file], config=config, organisation=organisation)
    app.animation_level = "none"
    original = app._display

    def display(screen: Any, renderable: Any) -> None:
        original(screen, renderable)
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(app.console)

    app._display = display  # type: ignore[method-assign]
    result: dict[str, Any] = {"file": file, "size": f"{SIZE[0]}x{SIZE[1]}", "actions": {}}
    start = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        while getattr(app, "analysis", None) is None:
            if getattr(app, "load_error", None):
                raise RuntimeError(f"the app could not load {file}: {app.load_error}")
            if time.perf_counter() - start > 600:
                raise RuntimeError("the data did not load within 600 s")
            await asyncio.sleep(0.01)
        await settle(pilot)
        result["load_s"] = round(time.perf_counter() - start, 3)
        analysis: Any = app.analysis
        result["kpis_in_view"] = len(analysis.summary(app.period).kpis)
        result["periods"] = len(analysis.periods)

        # Pilot's own cost: an unbound key with press + pause (its idle-detection sleeps).
        overhead: list[float] = []
        for _ in range(5):
            t = time.perf_counter()
            await pilot.press("f12")
            await pilot.pause()
            overhead.append((time.perf_counter() - t) * 1000)
        result["harness_ms"] = round(statistics.median(overhead), 1)

        from qpr_tui.tui.screens.kpi_detail import KpiDetailScreen

        def on_detail() -> bool:
            return isinstance(app.screen, KpiDetailScreen)

        def period() -> Any:
            return app.period

        home = analysis.organisation
        others = [o for o in analysis.organisations if o != home]
        if switch_to is not None:
            others = [switch_to, *[o for o in others if o != switch_to]]
        other: str | None = others[0] if others else None
        unvisited = iter(others)

        def home_now() -> Any:
            return app.analysis.organisation if app.analysis is not None else None

        def switch() -> None:
            # An organisation not shown before (read from the file), a new one each time.
            app.set_organisation(next(unvisited, str(other)))

        def switch_back() -> None:
            # Back to the one shown before the switch (the app keeps its data).
            app.set_organisation(home)

        # (keys before, [(action, keys or a call, the state they change)], keys after, times)
        Step = tuple[str, tuple[str, ...] | Callable[[], None], Callable[[], Any]]
        plan: list[tuple[tuple[str, ...], list[Step], tuple[str, ...], int]] = [
            ((), [("period back [", ("left_square_bracket",), period)], (), repeat),
            ((), [("period forward ]", ("right_square_bracket",), period)], (), repeat),
            # d focuses the directorate tree; g + enter go back to "All directorates"
            (
                ("d",),
                [("directorate (down+enter)", ("down", "enter"), lambda: app.scope)],
                ("g", "enter"),
                repeat,
            ),
            # 2 shows the Indicators panel and focuses its table
            (
                ("2",),
                [
                    ("open KPI (enter)", ("enter",), on_detail),
                    ("close KPI (escape)", ("escape",), on_detail),
                    ("next row (j)", ("j",), lambda: app.kpi_id),
                ],
                (),
                repeat,
            ),
            ((), [("period back [ (indicators)", ("left_square_bracket",), period)], (), repeat),
            (
                (),
                [("period forward ] (indicators)", ("right_square_bracket",), period)],
                (),
                repeat,
            ),
            # the tree takes the keys, the Indicators table stays on screen and refills
            (
                ("d",),
                [("directorate (indicators)", ("down", "enter"), lambda: app.scope)],
                ("g", "enter", "2"),
                repeat,
            ),
        ]
        if other is not None and switches:
            # 1 goes back to the Summary panel, where the app starts.
            plan.append(
                (
                    ("1",),
                    [
                        ("organisation switch", switch, home_now),
                        ("organisation switch back", switch_back, home_now),
                    ],
                    (),
                    switches,
                )
            )
        walls: dict[str, list[float]] = {}
        cpus: dict[str, list[float]] = {}
        effects: dict[str, int] = {}
        parts: dict[str, dict[str, float]] = {}
        for _, steps, _, _ in plan:
            for name, _, _ in steps:
                walls[name], cpus[name], effects[name], parts[name] = [], [], 0, {}
        current = ""
        try:
            for before, steps, after, times in plan:
                await untimed(pilot, *before)
                for _ in range(times):
                    for name, keys, state in steps:
                        current = name
                        old = state()
                        if callable(keys):
                            wall, used = await timed(pilot, action=name, call=keys)
                        else:
                            wall, used = await timed(pilot, *keys, action=name)
                        walls[name].append(wall)
                        cpus[name].append(used)
                        effects[name] += state() != old
                        if BREAKDOWN is not None:
                            for part, spent in BREAKDOWN.take().items():
                                parts[name][part] = parts[name].get(part, 0.0) + spent
                current = f"after {steps[-1][0]}"
                await untimed(pilot, *after)
        except NotSettled as exc:
            result["not_settled"] = {"action": current, "message": str(exc)}
        for name in walls:
            if walls[name]:
                result["actions"][name] = summarise(
                    walls[name],
                    cpus[name],
                    effects[name],
                    parts[name] if BREAKDOWN is not None else None,
                )
            elif name != current:
                result["actions"][name] = {"skipped": True}
            else:
                result["actions"][name] = {"not_settled": True}
        result["total_s"] = round(time.perf_counter() - start, 3)
        if "not_settled" in result:
            # The app is still busy-looping and would not shut down cleanly: report and leave.
            report(result)
            sys.stdout.flush()
            os._exit(0)
    return result


def show(result: dict[str, Any]) -> None:
    print(
        f"{result['file']}: data shown after {result['load_s']} s; {result['kpis_in_view']} "
        f"KPIs in view; Pilot press+pause harness overhead {result['harness_ms']} ms"
    )
    for name, row in result["actions"].items():
        if "median_ms" not in row:
            print(f"  {name:32} {'skipped' if row.get('skipped') else 'did not settle'}")
            continue
        print(
            f"  {name:32} median {row['median_ms']:8.1f} ms  p90 {row['p90_ms']:8.1f} ms  "
            f"max {row['max_ms']:8.1f} ms  cpu {row['cpu_median_ms']:8.1f} ms  "
            f"({row['effective']}/{row['n']} took effect)"
        )
        if "breakdown_ms" in row:
            parts = "  ".join(f"{part} {ms:.1f}" for part, ms in row["breakdown_ms"].items())
            print(f"  {'':32} ms per sample: {parts}")
    if "not_settled" in result:
        print(
            f"  NOT SETTLED during {result['not_settled']['action']}: "
            f"{result['not_settled']['message']}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.keypress")
    parser.add_argument("file")
    parser.add_argument("--organisation")
    parser.add_argument("--config")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--switch-to", help="the other organisation for the switch (default: the first other one)"
    )
    parser.add_argument(
        "--switches", type=int, default=4, help="organisation switches to time (0: none)"
    )
    parser.add_argument(
        "--breakdown",
        action="store_true",
        help="split each action's time into layout, measure, render, paint, styles, compose",
    )
    parser.add_argument(
        "--profile",
        metavar="DIR",
        help="cProfile the timed key handling; one .prof file per action in DIR",
    )
    args = parser.parse_args(argv)
    global PROFILING, BREAKDOWN
    PROFILING = bool(args.profile)
    if args.breakdown:
        BREAKDOWN = Breakdown()
        BREAKDOWN.install()

    def report(result: dict[str, Any]) -> None:
        if args.json:
            print(json.dumps(result))
        else:
            show(result)

    result = asyncio.run(
        measure(
            args.file,
            args.organisation,
            args.repeat,
            args.config,
            report,
            switch_to=args.switch_to,
            switches=args.switches,
        )
    )
    report(result)
    if args.profile:
        out = Path(args.profile)
        out.mkdir(parents=True, exist_ok=True)
        for action, profile in PROFILES.items():
            name = "".join(c if c.isalnum() else "_" for c in action).strip("_")
            profile.dump_stats(out / f"{name}.prof")
        print(f"profiles in {out}/ (python -m pstats FILE, or snakeviz)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
