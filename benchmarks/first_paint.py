"""Time to the TUI's first frame (or to its data being shown), for whole-process timing.

    python -m benchmarks.first_paint FILE [--until paint|ready] [--organisation NAME]

Builds ``qpr_tui.tui.app.QprApp([FILE], config=...)`` and runs it headless
(``App.run(headless=True)``, 120x40 cells). Textual calls ``App._display`` with each composed
frame; this script wraps that method on the instance and:

* ``--until paint`` (default): exits at the first frame. The app shows its loading state
  before the data arrives, so this is the time to the first screen, not to the data.
* ``--until ready``: exits once the data is shown. The signal is the app's own state: a frame
  painted after ``QprApp.on_data_loaded`` has run (the app sets ``app.analysis`` there), and
  then the screen settling (no messages queued anywhere on the screen, nothing left to lay out
  or paint). ``LoadFailed`` (``app.load_error``) exits with status 2.

In headless mode Textual composes each frame but skips turning it into terminal escape
sequences; unless ``--no-render`` is given the wrapper does that step too
(``CompositorUpdate.render_segments``), so the cost of a real terminal's first frame is included
(apart from the write itself).

The process leaves with ``os._exit`` right after the mark: Textual's thread worker (the data
load) would otherwise keep the interpreter alive until it finished, which would hide the
first-paint time. A JSON line with in-process times (seconds since this script started) goes
to file descriptor 1 (Textual redirects ``sys.stdout`` while it runs).
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
from typing import Any  # noqa: E402

SIZE = (120, 40)


def _since() -> float:
    return round(time.perf_counter() - T0, 4)


def _emit(marks: dict[str, Any], status: int) -> None:
    os.write(1, (json.dumps(marks) + "\n").encode())
    os._exit(status)


def busy(app: Any) -> bool:
    """True while the current screen or the app still has work queued: a message waiting in
    any node's queue, or layout/paint pending on the screen."""
    screen = app.screen
    if (
        screen._layout_required
        or screen._repaint_required
        or screen._scroll_required
        or screen._recompose_required
        or screen._dirty_widgets
    ):
        return True
    nodes = [app, *screen.walk_children(with_self=True)]
    return any(not node._message_queue.empty() for node in nodes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.first_paint")
    parser.add_argument("file")
    parser.add_argument("--until", choices=("paint", "ready"), default="paint")
    parser.add_argument("--organisation")
    parser.add_argument("--config", help="TOML configuration (default: built-in defaults)")
    parser.add_argument("--size", default=f"{SIZE[0]}x{SIZE[1]}", help="WIDTHxHEIGHT")
    parser.add_argument(
        "--no-render", action="store_true", help="do not render frames to escape sequences"
    )
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.lower().split("x"))

    from textual._compositor import CompositorUpdate

    from qpr_tui.config import Config, load_config
    from qpr_tui.tui.app import QprApp

    marks: dict[str, Any] = {"imports": _since(), "frames": 0}
    config = load_config(args.config) if args.config else Config()
    app = QprApp([args.file], config=config, organisation=args.organisation)
    marks["constructed"] = _since()
    original = app._display
    state = {"settling": False}

    def settle() -> None:
        if busy(app):
            app.call_after_refresh(settle)
            return
        marks["ready"] = _since()
        _emit(marks, 0)

    def display(screen: Any, renderable: Any) -> None:
        original(screen, renderable)
        if renderable is None:
            return
        if not args.no_render and isinstance(renderable, CompositorUpdate):
            renderable.render_segments(app.console)
        marks["frames"] += 1
        if "first_paint" not in marks:
            marks["first_paint"] = _since()
            marks["first_screen"] = type(screen).__name__
            if args.until == "paint":
                _emit(marks, 0)
        if getattr(app, "load_error", None):
            marks["error"] = str(app.load_error)
            _emit(marks, 2)
        if getattr(app, "analysis", None) is not None and not state["settling"]:
            state["settling"] = True
            marks["data_frame"] = _since()
            app.call_after_refresh(settle)

    app._display = display  # type: ignore[method-assign]

    def give_up() -> None:
        marks["error"] = f"timed out after {args.timeout} s"
        _emit(marks, 3)

    timer = threading.Timer(args.timeout, give_up)
    timer.daemon = True
    timer.start()
    app.run(headless=True, size=(width, height))
    marks["error"] = "the app exited before the mark"
    _emit(marks, 4)
    return 4


if __name__ == "__main__":
    sys.exit(main())
