"""Generate the bundled sample, qpr_tui/sample/kcc_qpr_sample.csv, from the KPI catalogue,
and the same figures as a workbook, qpr_tui/sample/kcc_qpr_sample.xlsx.

Run ``python -m sample_data.generate`` from the repository root: it writes the package data
of the checkout, which `qpr` opens when no file is given. The output is deterministic
(seeded). Each KPI's series is drawn to match the RAG and Direction of Travel classes that
`kpi_catalogue` gives for 2024/25 Q1 and Q2, then checked with qpr_tui's own engine, so the
sample reproduces the published Q2 2024/25 QPR figures under the default configuration.
Values are illustrative, not KCC data.

The workbook is laid out as councils keep one: a sheet per directorate, a title and a blank
row above the header, percentages stored as fractions with a percentage format, numbers as
numbers. Its fractions are the CSV's figures with the decimal point moved (85.3 -> 0.853,
not 85.3 / 100 = 0.8529999999999999), so it reads back to the same figures.
"""

from __future__ import annotations

import csv
import math
import random
import sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import polars as pl

from qpr_tui.analysis.dot import direction_of_travel
from qpr_tui.analysis.rag import rate
from qpr_tui.config import Config
from qpr_tui.periods import label, ordinal
from sample_data.kpi_catalogue import KPIS, KpiSpec, check_counts

OUT = Path(__file__).resolve().parent.parent / "qpr_tui" / "sample" / "kcc_qpr_sample.csv"
WORKBOOK = OUT.with_suffix(".xlsx")
# The workbook's creation time, fixed so that the file is the same on every run.
CREATED = datetime(2025, 1, 9)
NUMBER_FIELDS = ("value", "target", "floor")
ORGANISATION = "Kent County Council"
Q2 = ordinal(2024, 2)
Q1 = Q2 - 1
N_QUARTERS = 16  # 2020/21 Q3 to 2024/25 Q2
PERIODS = list(range(Q2 - N_QUARTERS + 1, Q2 + 1))
RAG_LETTER = {"green": "G", "amber": "A", "red": "R", "no_data": "N"}
DOT_SIGN = {"positive": "+", "stable": "=", "negative": "-"}


def _precision(spec: KpiSpec) -> int:
    if spec["unit"] == "%":
        return 1
    if spec["unit"] == "days":
        return 1
    return 0


def _round(spec: KpiSpec, value: float) -> float:
    if spec["unit"] == "£":
        return round(value, -3)
    return round(value, _precision(spec))


def _series(spec: KpiSpec, rng: random.Random, attempt: int) -> list[float]:
    """Better-is-up series ending near the KPI's level at Q2."""
    level = spec["level"]
    sign = 1.0 if spec["polarity"] == "H" else -1.0
    y_end = sign * level
    scale = abs(level) * (0.02 + 0.004 * (attempt % 5))
    n = N_QUARTERS
    d1, d2 = spec["dot_q1"], spec["dot_q2"]
    if spec["unit"] == "%" and spec["polarity"] == "H" and "-" in (d1, d2):
        scale = min(scale, (99.5 - level) / (n - 1))  # a percentage cannot pass 100
    noise = scale * 0.3
    ys: list[float] = []
    if d1 == d2 == "+":
        ys = [y_end - scale * (n - 1 - t) + rng.gauss(0, noise) for t in range(n)]
    elif d1 == d2 == "-":
        ys = [y_end + scale * (n - 1 - t) + rng.gauss(0, noise) for t in range(n)]
    elif d1 == d2 == "" or d1 == d2 == "=":
        wobble = abs(level) * 0.015
        ys = [y_end + rng.gauss(0, wobble) for t in range(n)]
    elif (d1, d2) == ("-", "="):
        # Worsening up to Q1, then a clear recovery in Q2 breaks the trend.
        ys = [y_end - scale * 2 + scale * (n - 2 - t) + rng.gauss(0, noise) for t in range(n - 1)]
        ys.append(ys[-8] + rng.uniform(0.2, 1.2) * scale)
    else:
        raise ValueError(f"no series shape for DoT {d1}->{d2}")
    if spec["polarity"] == "H" and spec["unit"] == "%":
        ys = [min(y, 99.5) for y in ys]
    return ys


def _thresholds(spec: KpiSpec, y1: float, y2: float, rng: random.Random) -> tuple[float, float]:
    """Target and floor (better-is-up space) that put Q1 and Q2 in the catalogue's RAG."""
    r1, r2 = spec["rag_q1"], spec["rag_q2"]
    gap = abs(spec["level"]) * rng.uniform(0.04, 0.08)
    lo, hi = min(y1, y2), max(y1, y2)
    margin = abs(spec["level"]) * 0.01
    if (r1, r2) in (("G", "G"), ("N", "N")):
        target = lo - margin
        floor = target - gap
    elif (r1, r2) == ("A", "A"):
        floor = lo - margin
        target = hi + margin + gap / 2
    elif (r1, r2) == ("R", "R"):
        floor = hi + margin + gap / 3
        target = floor + gap
    elif (r1, r2) in (("G", "A"), ("A", "R"), ("R", "A")):
        first, second = (y1, y2)
        mid = (first + second) / 2
        if (r1, r2) == ("G", "A"):
            target, floor = mid, second - gap
        elif (r1, r2) == ("A", "R"):
            floor, target = mid, first + gap
        else:
            floor, target = mid, second + gap
    else:
        raise ValueError(f"no thresholds for RAG {r1}->{r2}")
    return target, floor


def _nice(spec: KpiSpec, value: float) -> float:
    """Round a threshold to a figure a council would set (checked by the caller)."""
    step = {"%": 1.0, "days": 1.0, "£": 50_000.0}.get(spec["unit"], 0.0)
    if not step:
        step = 10.0 ** max(0, math.floor(math.log10(max(abs(value), 1.0))) - 1)
    return float(_round(spec, round(value / step) * step))


def _rows_for(spec: KpiSpec, seed: int) -> list[dict[str, str]]:
    sign = 1.0 if spec["polarity"] == "H" else -1.0
    periods = PERIODS if not spec["new_in"] else [Q1, Q2]
    for attempt in range(400):
        rng = random.Random(f"{seed}-{spec['kpi_id']}-{attempt}")
        ys = _series(spec, rng, attempt)[-len(periods) :]
        values = [_round(spec, sign * y) for y in ys]
        if any(v < 0 for v in values):
            continue
        yv = [sign * v for v in values]
        target_y, floor_y = _thresholds(spec, yv[-2], yv[-1], rng)
        if spec["rag_q1"] == "N":
            values = [math.nan] * len(periods)
        for target, floor in (
            (_nice(spec, sign * target_y), _nice(spec, sign * floor_y)),
            (_round(spec, sign * target_y), _round(spec, sign * floor_y)),
        ):
            rows = _check(spec, periods, values, target, floor)
            if rows is not None:
                return rows
    raise RuntimeError(f"could not draw a series for {spec['kpi_id']}")


def _check(
    spec: KpiSpec, periods: list[int], values: list[float], target: float, floor: float
) -> list[dict[str, str]] | None:
    frame = pl.DataFrame(
        {
            "organisation": ORGANISATION,
            "kpi_id": spec["kpi_id"],
            "polarity": spec["polarity"],
            "period": periods,
            "value": [None if math.isnan(v) else v for v in values],
            "target": target,
            "floor": floor,
            "tolerance": None,
            "tolerance_type": None,
        },
        schema_overrides={
            "period": pl.Int32,
            "value": pl.Float64,
            "tolerance": pl.Float64,
            "tolerance_type": pl.String,
        },
    )
    config = Config()
    rated = rate(frame, config)
    rags = dict(
        zip(rated.get_column("period").to_list(), rated.get_column("rag").to_list(), strict=True)
    )
    if RAG_LETTER[rags[Q1]] != spec["rag_q1"] or RAG_LETTER[rags[Q2]] != spec["rag_q2"]:
        return None
    for period, want in ((Q1, spec["dot_q1"]), (Q2, spec["dot_q2"])):
        dot = direction_of_travel(rated, period, config.dot)
        got = DOT_SIGN[dot.item(0, "dot")] if dot.height else ""
        if got != want:
            return None
    rows = []
    for period, value in zip(periods, values, strict=True):
        rag = RAG_LETTER[rags[period]]
        latest = period == Q2
        no_data = math.isnan(value)
        text = f"{value:.{_precision(spec)}f}" if not no_data else "n/a"
        rows.append(
            {
                "organisation": ORGANISATION,
                "kpi_id": spec["kpi_id"],
                "indicator": spec["indicator"],
                "directorate": spec["directorate"],
                "service_area": spec["service_area"],
                "unit": spec["unit"],
                "polarity": spec["polarity"],
                "basis": spec["basis"],
                "period": label(period),
                "value": text,
                "target": f"{target:.{_precision(spec)}f}",
                "floor": f"{floor:.{_precision(spec)}f}",
                "rag": {"N": ""}.get(rag, rag) if period in (Q1, Q2) else "",
                "commentary": spec["commentary"] if latest else "",
                "actions": spec["actions"] if latest else "",
                "owner": spec["owner"],
                "reason": ("New KPI for 2024/25: data not yet available" if no_data else ""),
            }
        )
    return rows


def main(seed: int = 2024) -> int:
    check_counts()
    rows = [row for spec in KPIS for row in _rows_for(spec, seed)]
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    write_workbook(rows, WORKBOOK)
    print(f"wrote {len(rows)} rows for {len(KPIS)} KPIs to {OUT} and {WORKBOOK}")
    return 0


def write_workbook(rows: list[dict[str, str]], path: Path) -> None:
    """The rows as a workbook: one sheet per directorate (see the module docstring)."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_properties({"created": CREATED})
    formats = {
        "%": workbook.add_format({"num_format": "0.0%"}),
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "header": workbook.add_format({"bold": True}),
    }
    header = list(rows[0])
    directorates = list(dict.fromkeys(row["directorate"] for row in rows))
    for directorate in directorates:
        sheet = workbook.add_worksheet(_sheet_name(directorate))
        sheet.write(
            0, 0, f"{ORGANISATION}: Quarterly Performance Report, {directorate}", formats["title"]
        )
        sheet.write_row(2, 0, header, formats["header"])
        mine = [row for row in rows if row["directorate"] == directorate]
        for number, row in enumerate(mine, start=3):
            for column, name in enumerate(header):
                _write_cell(sheet, number, column, name, row, formats["%"])
    workbook.close()


def _sheet_name(directorate: str) -> str:
    """A sheet name Excel accepts (at most 31 characters): a longer directorate name goes by
    its initials, as councils abbreviate them ("Growth, Environment and Transport" -> GET)."""
    if len(directorate) <= 31:
        return directorate
    return "".join(word[0] for word in directorate.split() if word[0].isupper())


def _write_cell(
    sheet: object, row: int, column: int, name: str, record: dict[str, str], percent: object
) -> None:
    text = record[name]
    if not text:
        return
    if name in NUMBER_FIELDS and text != "n/a":
        if record["unit"] == "%":
            sheet.write_number(row, column, float(Decimal(text).scaleb(-2)), percent)  # type: ignore[attr-defined]
        else:
            sheet.write_number(row, column, float(text))  # type: ignore[attr-defined]
        return
    sheet.write_string(row, column, text)  # type: ignore[attr-defined]


if __name__ == "__main__":
    sys.exit(main())
