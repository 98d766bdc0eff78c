"""Workbook load times, each against a baseline measured in the same run.

    python -m benchmarks.workbooks [--runs 7] [--rows 100000]

1. The bundled sample: ``load`` of ``kcc_qpr_sample.xlsx`` vs ``load`` of the CSV (the same
   612 rows), and the whole ``qpr summary --json`` process on each.
2. A workbook of ``--rows`` rows (the benchmark generator's long layout, 50 organisations,
   one sheet; generated into ``benchmarks/data/`` on first use): ``load`` vs polars'
   ``read_excel`` of it (calamine engine, every sheet, types inferred), which reads the cells
   without cleaning, findings or periods.
3. The cost of percentages: the same rows with every ``%`` KPI stored as a fraction with a
   ``0.0%`` format, so that the sheet's XML is searched (`qpr_tui.ingest.workbook_xml`);
   ``load`` of it vs ``load`` of the plain workbook, and the search alone.

In-process timings (``load`` and ``read_excel`` in this interpreter, after one warm-up each,
alternating A B A B ...) report medians and the median of the per-round ratios.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from benchmarks.generate import DATA_DIR, generate

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "qpr_tui" / "sample" / "kcc_qpr_sample.csv"
SAMPLE_CONFIG = ROOT / "qpr_tui" / "sample" / "kcc.toml"
NUMBERS = ("value", "target", "floor")


def _workbook(rows: int, percent: bool) -> Path:
    """The benchmark workbook of about ``rows`` rows (50 organisations, 20 quarters)."""
    kpis = max(1, rows // (50 * 20))
    source = DATA_DIR / f"kpi_{rows // 1000}k.csv"
    out = DATA_DIR / f"kpi_{rows // 1000}k{'_percent' if percent else ''}.xlsx"
    if out.exists():
        return out
    if not source.exists():
        generate(source, 50, kpis, 20)
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    fraction = workbook.add_format({"num_format": "0.0%"})
    sheet = workbook.add_worksheet("KPIs")
    with source.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        sheet.write_row(0, 0, header)
        unit = header.index("unit")
        numbers = {header.index(name) for name in NUMBERS}
        for r, record in enumerate(reader, start=1):
            as_percent = percent and record[unit] == "%"
            for c, text in enumerate(record):
                _write(sheet, r, c, text, c in numbers, as_percent, fraction)
    workbook.close()
    return out


def _write(sheet, row, column, text, number, as_percent, fraction) -> None:
    if not text:
        return
    if number:
        try:
            value = Decimal(text)
        except ArithmeticError:
            sheet.write_string(row, column, text)
            return
        if as_percent:
            sheet.write_number(row, column, float(value.scaleb(-2)), fraction)
        else:
            sheet.write_number(row, column, float(value))
        return
    sheet.write_string(row, column, text)


def _alternate(runs: int, a: Callable[[], object], b: Callable[[], object]) -> dict[str, float]:
    a(), b()  # warm-up
    times_a: list[float] = []
    times_b: list[float] = []
    for _ in range(runs):
        for fn, times in ((a, times_a), (b, times_b)):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    ratios = [x / y for x, y in zip(times_a, times_b, strict=True)]
    return {
        "a_ms": statistics.median(times_a) * 1000,
        "b_ms": statistics.median(times_b) * 1000,
        "ratio": statistics.median(ratios),
    }


def _process(runs: int, *argv: str) -> float:
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:]) * 1000


def _line(name: str, result: dict[str, float], a: str, b: str) -> str:
    return (
        f"| {name} | {a} {result['a_ms']:.1f} ms | {b} {result['b_ms']:.1f} ms | "
        f"{result['ratio']:.2f}× |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv)

    import polars as pl

    from qpr_tui.config import load_config
    from qpr_tui.ingest.reader import load
    from qpr_tui.ingest.workbook_xml import marked_cells, read_styles

    config = load_config(str(SAMPLE_CONFIG)).config
    sample_xlsx = SAMPLE.with_suffix(".xlsx")
    print("| what | A | B | A / B |")
    print("|---|---|---|---|")
    result = _alternate(
        args.runs, lambda: load([sample_xlsx], config), lambda: load([SAMPLE], config)
    )
    print(_line("sample: load", result, "xlsx", "csv"))
    qpr = [sys.executable, "-m", "qpr_tui", "summary", "--json", "--config", str(SAMPLE_CONFIG)]
    xlsx_ms = _process(args.runs, *qpr, str(sample_xlsx))
    csv_ms = _process(args.runs, *qpr, str(SAMPLE))
    process = {"a_ms": xlsx_ms, "b_ms": csv_ms, "ratio": xlsx_ms / csv_ms}
    print(_line("sample: `qpr summary --json` process", process, "xlsx", "csv"))

    plain, percent = _workbook(args.rows, False), _workbook(args.rows, True)
    rows = sum(source.rows for source in load([plain]).sources)
    result = _alternate(
        args.runs,
        lambda: load([plain]),
        lambda: pl.read_excel(plain, engine="calamine", sheet_id=0),
    )
    print(_line(f"{rows:,} rows: load vs polars read_excel", result, "load", "read_excel"))
    result = _alternate(args.runs, lambda: load([percent]), lambda: load([plain]))
    print(_line(f"{rows:,} rows: with % formats vs without", result, "%", "plain"))
    styles = read_styles(percent, "xlsx")
    assert styles is not None
    sheet = styles.sheet("KPIs")
    search = _alternate(
        args.runs,
        lambda: marked_cells(sheet, [6, 7, 8], 1),
        lambda: pl.read_excel(percent, engine="calamine"),
    )
    print(_line(f"{rows:,} rows: the % search alone", search, "search", "read_excel"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
