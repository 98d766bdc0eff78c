"""Time of the paper's chart pictures: the sample's eight Red KPIs as SVG and as PNG.

    python -m benchmarks.charts [--runs 5]

Each run is a fresh process that times, in order: importing the chart modules with
vl-convert; drawing the eight as SVG (the paper's own writer, `export.chart_svg`); drawing
the eight as PNG (that SVG rasterised by resvg and deflated again); then, as the baseline of
the same run, the way the paper drew them before: Vega's engine start (the first conversion
of a process, a one-point chart), building the eight Vega-Lite specifications with Altair and
drawing them as SVG with vl-convert. Printed: the median of the runs, wall time and CPU time
(all threads), which is steadier on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from typing import Any

STEPS = ("import", "8 SVG", "8 PNG", "Vega start", "Vega 8 specs", "Vega 8 SVG")


def red_charts() -> list[Any]:
    """The sample's Red KPIs at its latest period, as trend charts."""
    from qpr_tui.analysis.summary import Analysis
    from qpr_tui.config import load_config
    from qpr_tui.document.chart import TrendChart
    from qpr_tui.ingest.reader import load
    from qpr_tui.loading import SAMPLE, SAMPLE_CONFIG
    from qpr_tui.periods import label
    from qpr_tui.vocabulary import HIGHER, LOWER, RED

    settings = load_config(SAMPLE_CONFIG)
    analysis = Analysis(load([str(SAMPLE)], settings.config), config_source=settings.source)
    table = analysis.table(analysis.latest)
    charts = []
    for kpi_id in table.filter(table["rag"] == RED).get_column("kpi_id"):
        history = analysis.history(kpi_id)
        charts.append(
            TrendChart(
                kpi_id=kpi_id,
                title=history["indicator"][0],
                unit=history["unit"][0],
                periods=tuple(label(p) for p in history["period"]),
                values=tuple(history["value"]),
                statuses=tuple(history["rag"]),
                targets=tuple(history["target"]),
                floors=tuple(history["floor"]),
                higher_is_better={HIGHER: True, LOWER: False}.get(history["polarity"][0]),
            )
        )
    return charts


def one_run() -> dict[str, tuple[float, float]]:
    """(wall, CPU) seconds of each step, in this process."""
    charts = red_charts()
    times: dict[str, tuple[float, float]] = {}

    def step(name: str, start: tuple[float, float]) -> tuple[float, float]:
        now = (time.perf_counter(), time.process_time())
        times[name] = (now[0] - start[0], now[1] - start[1])
        return now

    mark = (time.perf_counter(), time.process_time())
    import vl_convert

    from qpr_tui.export.charts import chart_json, render_png, render_svg

    mark = step("import", mark)
    svgs = [render_svg(chart) for chart in charts]
    mark = step("8 SVG", mark)
    pngs = [render_png(chart) for chart in charts]
    mark = step("8 PNG", mark)
    import altair  # noqa: F401

    vl_convert.vegalite_to_svg({"mark": "point", "data": {"values": [{}]}})
    mark = step("Vega start", mark)
    specs = [chart_json(chart) for chart in charts]
    mark = step("Vega 8 specs", mark)
    vega = [vl_convert.vegalite_to_svg(spec, allowed_base_urls=[]) for spec in specs]
    step("Vega 8 SVG", mark)
    assert len(pngs) == len(svgs) == len(vega) == 8, len(charts)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one_run()))
        return 0
    runs = []
    for _ in range(args.runs):
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.charts", "--one"],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(out.stdout))
    print(f"median of {args.runs} fresh processes (wall / CPU seconds)")
    for name in STEPS:
        wall = statistics.median(run[name][0] for run in runs)
        cpu = statistics.median(run[name][1] for run in runs)
        print(f"{name:14s} {wall:6.3f} / {cpu:6.3f}")
    for label, names in (("own: all", STEPS[:3]), ("Vega: all", STEPS[3:])):
        total = statistics.median(sum(run[name][0] for name in names) for run in runs)
        print(f"{label:14s} {total:6.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
