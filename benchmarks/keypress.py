"""Key-press latency in the TUI, measured in-process with Textual's Pilot.

    python -m benchmarks.keypress FILE [--organisation NAME] [--repeat 10] [--json]

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
  (the tree takes the keys; the table refills for each scope).

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
    """Wait (without sleeping) until the app has nothing left to do and the frame is out."""
    app = pilot.app
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        await pilot._wait_for_screen()
        running = [w for w in app.workers if w.is_running]
        if running:
            await app.workers.wait_for_complete(running)
            continue
        screen = app.screen
        if (
            screen._layout_required
            or screen._repaint_required
            or screen._scroll_required
            or screen._dirty_widgets
        ):
            screen._on_timer_update()  # what the 60 fps update timer would do next
            await asyncio.sleep(0)
            continue
        if busy(app) or screen._callbacks:
            await asyncio.sleep(0)
            continue
        return
    raise NotSettled(f"the app was still busy after {limit} s")


PROFILES: dict[str, cProfile.Profile] = {}  # action -> profile, with --profile
PROFILING = False


async def timed(pilot: Any, *keys: str, action: str = "") -> tuple[float, float]:
    """Post each key and settle after each; return (wall ms, process CPU ms)."""
    app = pilot.app
    profile = PROFILES.setdefault(action, cProfile.Profile()) if PROFILING and action else None
    if profile is not None:
        profile.enable()
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        for key in keys:
            app.post_message(key_event(key))
            await settle(pilot)
    finally:
        if profile is not None:
            profile.disable()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


async def untimed(pilot: Any, *keys: str) -> None:
    await timed(pilot, *keys)


def summarise(samples: list[float], cpu: list[float], effect: int) -> dict[str, Any]:
    return {
        "n": len(samples),
        "median_ms": round(statistics.median(samples), 1) if samples else None,
        "max_ms": round(max(samples), 1) if samples else None,
        "min_ms": round(min(samples), 1) if samples else None,
        "cpu_median_ms": round(statistics.median(cpu), 1) if cpu else None,
        "samples_ms": [round(s, 1) for s in samples],
        "effective": effect,  # how many presses visibly changed the app's state
    }


async def measure(
    file: str,
    organisation: str | None,
    repeat: int,
    config_path: str | None,
    report: Callable[[dict[str, Any]], None],
) -> dict[str, Any]:
    from textual._compositor import CompositorUpdate

    from qpr_tui.config import Config, load_config
    from qpr_tui.tui.app import QprApp

    config = load_config(config_path) if config_path else Config()
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

        # (keys before, [(action or "" for untimed, keys, state that the keys change)], after)
        Step = tuple[str, tuple[str, ...], Callable[[], Any]]
        plan: list[tuple[tuple[str, ...], list[Step], tuple[str, ...]]] = [
            ((), [("period back [", ("left_square_bracket",), period)], ()),
            ((), [("period forward ]", ("right_square_bracket",), period)], ()),
            # d focuses the directorate tree; g + enter go back to "All directorates"
            (
                ("d",),
                [("directorate (down+enter)", ("down", "enter"), lambda: app.scope)],
                ("g", "enter"),
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
            ),
            ((), [("period back [ (indicators)", ("left_square_bracket",), period)], ()),
            ((), [("period forward ] (indicators)", ("right_square_bracket",), period)], ()),
            # the tree takes the keys, the Indicators table stays on screen and refills
            (
                ("d",),
                [("directorate (indicators)", ("down", "enter"), lambda: app.scope)],
                ("g", "enter", "2"),
            ),
        ]
        walls: dict[str, list[float]] = {}
        cpus: dict[str, list[float]] = {}
        effects: dict[str, int] = {}
        for _, steps, _ in plan:
            for name, _, _ in steps:
                walls[name], cpus[name], effects[name] = [], [], 0
        current = ""
        try:
            for before, steps, after in plan:
                await untimed(pilot, *before)
                for _ in range(repeat):
                    for name, keys, state in steps:
                        current = name
                        old = state()
                        wall, used = await timed(pilot, *keys, action=name)
                        walls[name].append(wall)
                        cpus[name].append(used)
                        effects[name] += state() != old
                current = f"after {steps[-1][0]}"
                await untimed(pilot, *after)
        except NotSettled as exc:
            result["not_settled"] = {"action": current, "message": str(exc)}
        for name in walls:
            if walls[name]:
                result["actions"][name] = summarise(walls[name], cpus[name], effects[name])
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
            f"  {name:32} median {row['median_ms']:8.1f} ms  max {row['max_ms']:8.1f} ms  "
            f"cpu {row['cpu_median_ms']:8.1f} ms  ({row['effective']}/{row['n']} took effect)"
        )
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
        "--profile",
        metavar="DIR",
        help="cProfile the timed key handling; one .prof file per action in DIR",
    )
    args = parser.parse_args(argv)
    global PROFILING
    PROFILING = bool(args.profile)

    def report(result: dict[str, Any]) -> None:
        if args.json:
            print(json.dumps(result))
        else:
            show(result)

    result = asyncio.run(measure(args.file, args.organisation, args.repeat, args.config, report))
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
