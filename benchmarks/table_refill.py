"""The Indicators table alone: refilling it for another quarter, and drawing it.

    python -m benchmarks.table_refill FILE [--repeat 10] [--json]

Opens ``QprApp([FILE])`` headless at 120x40 with the Indicators panel showing, then for each
sample moves the app to another quarter's view and times the panel's rebuild (the cells
made, filtered, sorted and given to the table) and then the first frame with it (layout
and drawing, as `benchmarks.keypress` settles). The rest of a key's work (the summaries,
the other widgets) is left out, so this is what the table itself costs. Also timed: the
cursor moved to the last row (``G``), which draws rows far from the first screen.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from dataclasses import replace
from typing import Any

from benchmarks.keypress import SIZE, key_event
from benchmarks.keypress import settle as settle_within


async def settle(pilot: Any) -> None:
    await settle_within(pilot, limit=120.0)  # a DataTable of thousands of rows is slow


async def measure(file: str, repeat: int) -> dict[str, Any]:
    from qpr_tui.config import Config
    from qpr_tui.tui.app import QprApp

    app = QprApp([file], config=Config())
    app.animation_level = "none"
    result: dict[str, Any] = {"file": file}
    async with app.run_test(size=SIZE) as pilot:
        while getattr(app, "analysis", None) is None:
            await asyncio.sleep(0.01)
        await settle(pilot)
        app.post_message(key_event("2"))
        await settle(pilot)
        pane: Any = app.main.panes["indicators"]
        view = app.view
        assert view is not None
        periods = list(app.analysis.periods)[-2:]  # type: ignore[union-attr]
        for period in periods:  # the summaries of both quarters made and cached
            replace(view, period=period).summary  # noqa: B018
        samples: dict[str, list[tuple[float, float]]] = {"rebuild": [], "frame": [], "G": []}
        for n in range(repeat):
            shown = replace(view, period=periods[n % 2])
            wall, cpu = time.perf_counter(), time.process_time()
            pane.show(shown)
            samples["rebuild"].append(_since(wall, cpu))
            wall, cpu = time.perf_counter(), time.process_time()
            await settle(pilot)
            samples["frame"].append(_since(wall, cpu))
            pane.table.focus()
            await settle(pilot)
            wall, cpu = time.perf_counter(), time.process_time()
            app.post_message(key_event("G"))
            await settle(pilot)
            samples["G"].append(_since(wall, cpu))
        result["rows"] = pane.table.row_count
        for name, pairs in samples.items():
            result[name] = {
                "median_ms": round(statistics.median(w for w, _ in pairs), 1),
                "cpu_median_ms": round(statistics.median(c for _, c in pairs), 1),
                "max_ms": round(max(w for w, _ in pairs), 1),
            }
    return result


def _since(wall: float, cpu: float) -> tuple[float, float]:
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.table_refill")
    parser.add_argument("file")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    result = asyncio.run(measure(args.file, args.repeat))
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"{result['file']}: {result['rows']} rows in the Indicators table")
    for name in ("rebuild", "frame", "G"):
        row = result[name]
        print(
            f"  {name:8} median {row['median_ms']:7.1f} ms  cpu {row['cpu_median_ms']:7.1f} ms  "
            f"max {row['max_ms']:7.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
