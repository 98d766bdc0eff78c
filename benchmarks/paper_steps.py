"""Where the time of a PDF and an Excel export goes, in one process.

    python -m benchmarks.paper_steps

Loads the bundled sample, builds its paper at 2024/25 Q2 once, then times with wall and CPU
time (all threads): the first PDF of the process (eight SVG charts, the typst import), a
second PDF, the typst source and typst alone (the charts drawn beforehand and handed back),
then the first and a second Excel workbook.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any


def step(name: str, run: Callable[[], Any]) -> Any:
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    print(f"{name}: wall {time.perf_counter() - wall:.2f} s, cpu {time.process_time() - cpu:.2f} s")
    return result


def main() -> None:
    from qpr_tui.analysis.summary import Analysis, Scope
    from qpr_tui.config import load_config
    from qpr_tui.document import build_document
    from qpr_tui.ingest.reader import load
    from qpr_tui.loading import SAMPLE, SAMPLE_CONFIG

    settings = load_config(SAMPLE_CONFIG)
    analysis = Analysis(load([str(SAMPLE)], settings.config), config_source=settings.source)
    period = analysis.resolve_period("2024/25 Q2")
    now = datetime(2025, 1, 9, 9, 30, tzinfo=timezone.utc)
    document = step("build_document", lambda: build_document(analysis, period, Scope(), now=now))

    from qpr_tui.export import charts, pdf, typst_source, xlsx

    step(
        "first PDF of the process (8 SVGs, typst import)",
        lambda: pdf.render(document),
    )
    step("a second PDF (8 SVGs drawn again)", lambda: pdf.render(document))
    drawn = {f.chart.kpi_id: charts.render_svg(f.chart) for f in document.figures()}
    draw = charts.render_svg
    charts.render_svg = lambda chart, **_: drawn[chart.kpi_id]
    try:
        step("the typst source (charts drawn)", lambda: typst_source.build_source(document))
        step("typst alone (charts drawn)", lambda: pdf.render(document))
        step("typst alone, again", lambda: pdf.render(document))
    finally:
        charts.render_svg = draw
    step("first workbook of the process (xlsxwriter import)", lambda: xlsx.render(document))
    step("a second workbook", lambda: xlsx.render(document))


if __name__ == "__main__":
    main()
