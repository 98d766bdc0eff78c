"""Seeded generator of synthetic council KPI files (the long CSV layout) for the benchmarks.

    python -m benchmarks.generate OUT N_ORGS N_KPIS N_QUARTERS [--seed S] [--messy]
    python -m benchmarks.generate --size small|medium|large|messy|huge|all [--data-dir DIR]
    python -m benchmarks.generate --size national|national_4m|national_10m|national_20m
    python -m benchmarks.generate OUT.parquet N_ORGS N_KPIS N_QUARTERS [--seed S]

The shape follows the reference generator in ``performance-baselines.md`` ("Data"):
columns organisation, directorate, service_area, kpi_code, indicator, period (``2020-Q1``,
consecutive quarters), value, target, floor, polarity (higher/lower), unit, commentary.
Messiness per row: 3% empty value, 1% ``n/a`` value, 10% empty floor, 5% empty commentary,
3% commentary with stray spaces and embedded quotes; commentary is 80-120 characters. The third
data row's value is always ``n/a`` so that polars' default schema inference (first 100 rows)
reads ``value`` as String, as in the baselines, rather than failing on a later ``n/a``.

``--messy`` (the ``messy`` size) also writes 17% of the values the way spreadsheets export them:
``85.2%`` for percentages, ``1,234`` for numbers of a thousand or more, `` 85 `` (padded)
otherwise. Those cells are not plain numbers, so they take qpr's cleaning path.

Every organisation reports the same KPIs (a benchmarking file). Each KPI has a level, a trend
and noise (per organisation a level offset and a trend of its own), a target near its level
and a floor on the correct side of the target for its polarity, so the RAG ratings mix Green,
Amber and Red. Percentages stay within 0-100.

A ``.parquet`` output (the ``national`` sizes: every English council, 1,000 metrics, 100
quarters) is written by polars one batch of organisations at a time, so that generating 40M
rows needs the memory of one batch: typed columns (value, target and floor as Float64, a
missing or ``n/a`` value as null), the same KPIs, levels, noise and messiness shares.

The output depends only on the arguments and the seed (Python's ``random``, which is stable
across versions for ``random()``/``gauss()``). The rows are written with the ``csv`` module in
one tight loop: the 800k-row file takes a few seconds.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_SEED = 20241

# name -> (file name, organisations, KPIs, quarters)
SIZES: dict[str, tuple[str, int, int, int]] = {
    "small": ("kpi_320.csv", 1, 40, 8),
    "medium": ("kpi_40k.csv", 1, 2000, 20),
    "large": ("kpi_800k.csv", 400, 100, 20),
    "messy": ("kpi_800k_messy.csv", 400, 100, 20),
    "huge": ("kpi_8m.csv", 4000, 100, 20),
    # National scale (Parquet): 1,000 metrics and 100 quarters for 40 to 400 organisations.
    "national_4m": ("kpi_4m.parquet", 40, 1000, 100),
    "national_10m": ("kpi_10m.parquet", 100, 1000, 100),
    "national_20m": ("kpi_20m.parquet", 200, 1000, 100),
    "national": ("kpi_40m.parquet", 400, 1000, 100),
}
# Sizes written as Parquet; each is generated only when asked for by name.
PARQUET_SIZES = ("national_4m", "national_10m", "national_20m", "national")
# Sizes whose values include spreadsheet-style cells (see ``--messy``).
MESSY_SIZES = {"messy"}
MESSY_SHARE = 0.17
# What ``--size all`` writes: the 8M-row file (1.8 GB) only when asked for by name.
DEFAULT_SIZES = ("small", "medium", "large", "messy")

HEADER = [
    "organisation",
    "directorate",
    "service_area",
    "kpi_code",
    "indicator",
    "period",
    "value",
    "target",
    "floor",
    "polarity",
    "unit",
    "commentary",
]

DIRECTORATES: list[tuple[str, list[str]]] = [
    ("Adults and Health", ["Adult Social Care", "Safeguarding", "Mental Health"]),
    ("Children, Young People", ["Children's Services", "Education", "Early Help"]),
    ("Growth and Transport", ["Highways", "Waste", "Libraries, Archives"]),
    ("Chief Executive's", ["Finance", "Commissioning", "Governance"]),
    ("Corporate Services", ["HR", "Customer Services", "Property"]),
    ("Public Health", ["Health Improvement", "Health Protection", "Sexual Health"]),
]

# (indicator stem, unit, polarity)
STEMS: list[tuple[str, str, str]] = [
    ("% of assessments completed within timescale", "%", "higher"),
    ("% of calls answered within 20 seconds", "%", "higher"),
    ("% of complaints responded to within 20 working days", "%", "higher"),
    ("% of clients satisfied with the service", "%", "higher"),
    ("% of reviews completed on time", "%", "higher"),
    ("% of household waste recycled or composted", "%", "higher"),
    ("% of pupils attending a good or outstanding school", "%", "higher"),
    ("% of cases closed with a positive outcome", "%", "higher"),
    ("% of invoices paid within 30 days", "%", "higher"),
    ("% of posts filled by agency staff", "%", "lower"),
    ("% of calls abandoned", "%", "lower"),
    ("% of re-referrals within 12 months", "%", "lower"),
    ("% of municipal waste sent to landfill", "%", "lower"),
    ("Number of people supported to live independently", "number", "higher"),
    ("Number of library visits", "number", "higher"),
    ("Number of potholes repaired", "number", "higher"),
    ("Number of delayed transfers of care", "number", "lower"),
    ("Number of missed bin collections", "number", "lower"),
    ("Average days to complete a repair", "days", "lower"),
    ("Average days to process a new claim", "days", "lower"),
    ("Average days sickness absence per FTE", "days", "lower"),
    ("Admissions to care homes per 100,000 population", "rate", "lower"),
    ("Health checks delivered per 1,000 eligible", "rate", "higher"),
]

OPENINGS = [
    "Performance this quarter",
    "The latest result",
    "This quarter's outturn",
    "Activity in the period",
    "The position at quarter end",
    "Performance against target",
]
MIDDLES = [
    "reflects continued pressure on staffing and rising demand across the service",
    "improved following the introduction of a new triage process in the team",
    "was affected by seasonal demand and a backlog of cases carried from last year",
    "is in line with the recovery plan agreed with the Cabinet Member in the spring",
    "fell short of target because of vacancies in two of the locality teams",
    "benefited from additional investment agreed in the budget for this year",
    "remains stable and the service expects to sustain this level next quarter",
    "was below the floor standard; an action plan is being monitored monthly",
]
ENDINGS = [
    "Further updates will follow.",
    "Officers continue to monitor this closely.",
    "A deep dive is planned for the next meeting.",
    "Benchmarking shows a similar picture nationally.",
    "Data for the final month are provisional.",
    "The target will be reviewed at year end.",
]
QUOTED = ['"good"', '"on track"', '"stretch"', '"interim"', '"provisional"']


@dataclass(frozen=True)
class Kpi:
    code: str
    indicator: str
    directorate: str
    service_area: str
    unit: str
    polarity: str
    level: float  # typical value at the middle of the series
    trend: float  # change per quarter
    noise: float  # standard deviation of the quarter-to-quarter noise
    spread: float  # standard deviation of the organisation effect
    target: float
    floor: float
    decimals: int


def _clamp(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))


def _make_kpi(rng: random.Random, number: int) -> Kpi:
    directorate, areas = DIRECTORATES[rng.randrange(len(DIRECTORATES))]
    area = areas[rng.randrange(len(areas))]
    # The first KPI is a percentage, so the first rows hold decimal targets and floors and
    # polars infers those columns as Float64 (whole-number targets of count KPIs come later).
    stems = STEMS if number > 1 else [s for s in STEMS if s[1] == "%"]
    stem, unit, polarity = stems[rng.randrange(len(stems))]
    good = 1.0 if polarity == "higher" else -1.0
    if unit == "%":
        level = rng.uniform(30.0, 92.0) if polarity == "higher" else rng.uniform(4.0, 40.0)
        noise = rng.uniform(1.5, 4.0)
        trend = rng.gauss(0.0, 0.25)
        spread = rng.uniform(2.0, 6.0)
        decimals = 1
    elif unit == "number":
        level = float(rng.choice([40, 120, 400, 1500, 6000, 25000]) * rng.uniform(0.7, 1.3))
        noise = level * rng.uniform(0.03, 0.08)
        trend = level * rng.gauss(0.0, 0.01)
        spread = level * rng.uniform(0.05, 0.15)
        decimals = 0
    elif unit == "days":
        level = rng.uniform(3.0, 40.0)
        noise = level * rng.uniform(0.04, 0.10)
        trend = level * rng.gauss(0.0, 0.01)
        spread = level * rng.uniform(0.05, 0.15)
        decimals = 1
    else:  # rate
        level = rng.uniform(20.0, 700.0)
        noise = level * rng.uniform(0.03, 0.08)
        trend = level * rng.gauss(0.0, 0.01)
        spread = level * rng.uniform(0.05, 0.12)
        decimals = 2
    # The target sits near the typical value (a little on the good side more often than not)
    # and the floor 0.5-1.2 spreads on the bad side, which mixes Green, Amber and Red across
    # organisations and quarters (see `python -m benchmarks.generate --check FILE`).
    scale = (noise**2 + spread**2) ** 0.5
    target = level + good * rng.gauss(0.25, 0.35) * scale
    floor = target - good * rng.uniform(0.5, 1.2) * scale
    low, high = (0.0, 100.0) if unit == "%" else (0.0, float("inf"))
    target = _clamp(target, low + 1.0, high - 1.0)
    floor = _clamp(floor, low, high)
    step = 10.0**-decimals
    target, floor = round(target, decimals), round(floor, decimals)
    if good * (target - floor) <= 0:  # keep the floor strictly on the bad side
        floor = round(target - good * max(step, 0.5 * scale), decimals)
    stem_text = stem if rng.random() < 0.8 else f"{stem} ({area})"
    return Kpi(
        code=f"KPI{number:04d}",
        indicator=stem_text,
        directorate=directorate,
        service_area=area,
        unit=unit,
        polarity=polarity,
        level=level,
        trend=trend,
        noise=noise,
        spread=spread,
        target=target,
        floor=floor,
        decimals=decimals,
    )


def _fit(text: str, length: int) -> str:
    """Cut ``text`` at a word boundary to at most ``length`` characters (at least 80), ending
    with a full stop."""
    while len(text) < length:
        text += " " + ENDINGS[len(text) % len(ENDINGS)]
    cut = text[: length - 1]
    if " " in cut and text[length - 1] != " ":
        words = cut.rsplit(" ", 1)[0]
        if len(words) >= 79:
            cut = words
    return cut.rstrip(" .,;") + "."


def _commentary_pool(rng: random.Random, size: int) -> tuple[list[str], list[str]]:
    """Clean commentaries and messy ones (stray spaces, embedded quotes), all 80-120
    characters long."""
    clean: list[str] = []
    messy: list[str] = []
    for _ in range(size):
        length = rng.randint(80, 120)
        text = f"{rng.choice(OPENINGS)} {rng.choice(MIDDLES)}. {rng.choice(ENDINGS)}"
        clean.append(_fit(text, length))
        # messy: a quoted word, doubled inner spaces and spaces at either end
        body = f"{rng.choice(OPENINGS)} was {rng.choice(QUOTED)}  and {rng.choice(MIDDLES)}"
        body = body.replace(" the ", "  the ", 1)
        messy.append("  " + _fit(body, length - 4) + "  ")
    clean = [t for t in clean if 80 <= len(t) <= 120]
    messy = [t for t in messy if 80 <= len(t) <= 120]
    return clean, messy


def period_labels(n_quarters: int, first_year: int = 2020) -> list[str]:
    """``2020-Q1``, ``2020-Q2``, ... (qpr reads ``YYYY-Qn`` as quarter n of financial year
    YYYY/YY+1)."""
    return [f"{first_year + q // 4}-Q{q % 4 + 1}" for q in range(n_quarters)]


def organisation_name(index: int, n_orgs: int) -> str:
    """``Council 001``, ``Council 002``, ... (four digits from 1,000 organisations)."""
    return f"Council {index + 1:0{max(3, len(str(n_orgs)))}d}"


def home_organisation(size: str) -> str | None:
    """The organisation the benchmarks read a named size for (None: it has only one)."""
    n_orgs = SIZES[size][1]
    return organisation_name(0, n_orgs) if n_orgs > 1 else None


def _fmt(value: float, decimals: int) -> str:
    if decimals == 0:
        return str(round(value))
    return f"{value:.{decimals}f}"


def _spreadsheet(value: float, decimals: int, percent: bool) -> str:
    """The cell as a spreadsheet exports it: ``85.2%``, ``1,234`` or `` 85 ``."""
    if percent:
        return _fmt(value, decimals) + "%"
    if value >= 1000:
        return f"{value:,.{decimals}f}"
    return f" {_fmt(value, decimals)} "


def generate(
    out: str | Path,
    n_orgs: int,
    n_kpis: int,
    n_quarters: int,
    seed: int = DEFAULT_SEED,
    messy: bool = False,
) -> int:
    """Write the file and return the number of data rows."""
    rng = random.Random(f"{seed}:{n_orgs}:{n_kpis}:{n_quarters}")
    kpis = [_make_kpi(rng, i + 1) for i in range(n_kpis)]
    clean, padded = _commentary_pool(rng, 600)
    periods = period_labels(n_quarters)
    mid = (n_quarters - 1) / 2
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    rows = 0
    random_ = rng.random
    gauss = rng.gauss
    n_clean, n_padded = len(clean), len(padded)
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for o in range(n_orgs):
            org = organisation_name(o, n_orgs)
            block: list[list[str]] = []
            for kpi in kpis:
                percent = kpi.unit == "%"
                base = kpi.level + gauss(0.0, kpi.spread)
                trend = kpi.trend + gauss(0.0, abs(kpi.trend) * 0.5 + kpi.noise * 0.05)
                target = _fmt(kpi.target, kpi.decimals)
                floor = _fmt(kpi.floor, kpi.decimals)
                head = [org, kpi.directorate, kpi.service_area, kpi.code, kpi.indicator]
                for q, period in enumerate(periods):
                    r = random_()
                    if rows == 0 and len(block) == 2:
                        # One early `n/a`, within the rows polars uses to infer the schema,
                        # so that `pl.read_csv` reads `value` as String (as in the baselines)
                        # instead of failing at a later `n/a`.
                        value = "n/a"
                    elif r < 0.03:
                        value = ""
                    elif r < 0.04:
                        value = "n/a"
                    else:
                        v = base + trend * (q - mid) + gauss(0.0, kpi.noise)
                        v = min(100.0, max(0.0, v)) if percent else max(0.0, v)
                        if messy and random_() < MESSY_SHARE:
                            value = _spreadsheet(v, kpi.decimals, percent)
                        else:
                            value = _fmt(v, kpi.decimals)
                    r = random_()
                    if r < 0.05:
                        comment = ""
                    elif r < 0.08:
                        comment = padded[int(random_() * n_padded)]
                    else:
                        comment = clean[int(random_() * n_clean)]
                    block.append(
                        [
                            *head,
                            period,
                            value,
                            target,
                            "" if random_() < 0.10 else floor,
                            kpi.polarity,
                            kpi.unit,
                            comment,
                        ]
                    )
            writer.writerows(block)
            rows += len(block)
    return rows


# Organisations per batch of the Parquet generator (100k rows each at 1,000 x 100).
PARQUET_BATCH = 20


def _org_columns(
    rng: random.Random, kpis: list[Kpi], n_quarters: int, pool: int, n_padded: int
) -> tuple[list[float | None], list[bool], list[int]]:
    """One organisation's values, missing floors and commentary picks (index into the
    pool of clean then messy commentaries; ``pool`` means none), KPI by KPI."""
    random_, gauss = rng.random, rng.gauss
    n_clean = pool - n_padded
    mid = (n_quarters - 1) / 2
    values: list[float | None] = []
    no_floor: list[bool] = []
    comments: list[int] = []
    for kpi in kpis:
        base = kpi.level + gauss(0.0, kpi.spread)
        trend = kpi.trend + gauss(0.0, abs(kpi.trend) * 0.5 + kpi.noise * 0.05)
        top = 100.0 if kpi.unit == "%" else float("inf")
        for q in range(n_quarters):
            if random_() < 0.04:  # the CSV's 3% empty and 1% n/a
                values.append(None)
            else:
                v = base + trend * (q - mid) + gauss(0.0, kpi.noise)
                values.append(round(min(top, max(0.0, v)), kpi.decimals))
            r = random_()
            if r < 0.05:
                comments.append(pool)
            elif r < 0.08:
                comments.append(n_clean + int(random_() * n_padded))
            else:
                comments.append(int(random_() * n_clean))
            no_floor.append(random_() < 0.10)
    return values, no_floor, comments


def _kpi_table(kpis: list[Kpi]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "directorate": [k.directorate for k in kpis],
            "service_area": [k.service_area for k in kpis],
            "kpi_code": [k.code for k in kpis],
            "indicator": [k.indicator for k in kpis],
            "target": [k.target for k in kpis],
            "floor": [k.floor for k in kpis],
            "polarity": [k.polarity for k in kpis],
            "unit": [k.unit for k in kpis],
        }
    )


def generate_parquet(
    out: str | Path, n_orgs: int, n_kpis: int, n_quarters: int, seed: int = DEFAULT_SEED
) -> int:
    """Write the benchmarking file as Parquet, a batch of organisations at a time (each batch
    a part file, then streamed by polars into one file), and return the number of rows."""
    import shutil

    rng = random.Random(f"{seed}:{n_orgs}:{n_kpis}:{n_quarters}:parquet")
    kpis = [_make_kpi(rng, i + 1) for i in range(n_kpis)]
    clean, padded = _commentary_pool(rng, 600)
    table = _kpi_table(kpis)
    pool = pl.Series("commentary", [*clean, *padded, None], dtype=pl.String)
    periods = pl.Series("period", period_labels(n_quarters))
    per_org = n_kpis * n_quarters
    kpi_index = pl.int_range(0, per_org, eager=True) // n_quarters
    quarter = pl.int_range(0, per_org, eager=True) % n_quarters
    out = Path(out)
    parts = out.with_name(out.name + ".parts")
    shutil.rmtree(parts, ignore_errors=True)
    parts.mkdir(parents=True)
    for start in range(0, n_orgs, PARQUET_BATCH):
        batch = []
        for o in range(start, min(n_orgs, start + PARQUET_BATCH)):
            values, no_floor, comments = _org_columns(
                rng, kpis, n_quarters, len(pool) - 1, len(padded)
            )
            rows = table[kpi_index].with_columns(
                pl.lit(organisation_name(o, n_orgs)).alias("organisation"),
                periods.gather(quarter),
                pl.Series("value", values, dtype=pl.Float64),
                pl.when(pl.Series(no_floor)).then(None).otherwise(pl.col("floor")).alias("floor"),
                pool.gather(comments),
            )
            batch.append(rows.select(HEADER))
        pl.concat(batch).write_parquet(parts / f"{start:06d}.parquet")
    pl.scan_parquet(sorted(parts.glob("*.parquet"))).sink_parquet(out)
    shutil.rmtree(parts)
    return n_orgs * per_org


def path_for(size: str, data_dir: str | Path = DATA_DIR) -> Path:
    return Path(data_dir) / SIZES[size][0]


def ensure(
    size: str, data_dir: str | Path = DATA_DIR, seed: int = DEFAULT_SEED, quiet: bool = False
) -> Path:
    """The file for a named size, generated first if it is missing."""
    path = path_for(size, data_dir)
    if not path.exists():
        _, orgs, kpis, quarters = SIZES[size]
        start = time.perf_counter()
        tmp = path.with_suffix(".tmp")
        if size in PARQUET_SIZES:
            rows = generate_parquet(tmp, orgs, kpis, quarters, seed)
        else:
            rows = generate(tmp, orgs, kpis, quarters, seed, messy=size in MESSY_SIZES)
        tmp.replace(path)
        if not quiet:
            print(
                f"generated {path} ({rows:,} rows, {path.stat().st_size / 1e6:.1f} MB) "
                f"in {time.perf_counter() - start:.1f} s",
                file=sys.stderr,
            )
    return path


def describe(path: str | Path) -> str:
    """Shares of the messy cells and the RAG mix (the baselines' rule) of a generated file."""
    df = pl.read_csv(path, infer_schema=False)
    v = pl.col("value").cast(pl.Float64, strict=False)
    t = pl.col("target").cast(pl.Float64)
    f = pl.col("floor").cast(pl.Float64)
    hi = pl.col("polarity") == "higher"
    rag = (
        pl.when(v.is_null())
        .then(pl.lit("No data"))
        .when(pl.when(hi).then(v >= t).otherwise(v <= t))
        .then(pl.lit("Green"))
        .when(f.is_null() | pl.when(hi).then(v >= f).otherwise(v <= f))
        .then(pl.lit("Amber"))
        .otherwise(pl.lit("Red"))
    )
    comment = pl.col("commentary")
    shares = df.select(
        (pl.col("value").is_null().mean() * 100).alias("empty value %"),
        ((pl.col("value") == "n/a").mean() * 100).alias("n/a value %"),
        (pl.col("floor").is_null().mean() * 100).alias("empty floor %"),
        (comment.is_null().mean() * 100).alias("empty commentary %"),
        (comment.str.contains('"').mean() * 100).alias("quoted commentary %"),
        comment.str.len_chars().min().alias("commentary min"),
        comment.str.len_chars().max().alias("commentary max"),
        ((hi & (f >= t)) | (~hi & (f <= t))).sum().alias("floors on the wrong side"),
    ).row(0, named=True)
    counts = df.select(rag.alias("rag")).get_column("rag").value_counts(sort=True)
    lines = [
        f"{path}: {df.height:,} rows, {df.get_column('organisation').n_unique()} "
        f"organisations, {df.get_column('kpi_code').n_unique()} KPIs, "
        f"{df.get_column('period').n_unique()} periods, "
        f"{df.get_column('directorate').n_unique()} directorates, "
        f"{df.select('directorate', 'service_area').unique().height} service areas"
    ]
    lines += [
        f"  {k}: {v:.2f}" if isinstance(v, float) else f"  {k}: {v}" for k, v in shares.items()
    ]
    lines += [f"  RAG {r}: {n:,} ({100 * n / df.height:.1f}%)" for r, n in counts.iter_rows()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate", description="Write a synthetic long-format KPI CSV."
    )
    parser.add_argument("out", nargs="?", help="output CSV path")
    parser.add_argument("n_orgs", nargs="?", type=int)
    parser.add_argument("n_kpis", nargs="?", type=int)
    parser.add_argument("n_quarters", nargs="?", type=int)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--messy", action="store_true", help="write 17%% of values as '85.2%%', '1,234' or ' 85 '"
    )
    parser.add_argument(
        "--size", choices=[*SIZES, "all"], help="write a named benchmark size to --data-dir instead"
    )
    parser.add_argument("--data-dir", default=str(DATA_DIR))
    parser.add_argument("--force", action="store_true", help="regenerate named sizes")
    parser.add_argument("--check", metavar="FILE", help="describe a generated file and exit")
    args = parser.parse_args(argv)
    if args.check:
        print(describe(args.check))
        return 0
    if args.size:
        for size in DEFAULT_SIZES if args.size == "all" else [args.size]:
            if args.force:
                path_for(size, args.data_dir).unlink(missing_ok=True)
            print(ensure(size, args.data_dir, args.seed))
        return 0
    if None in (args.out, args.n_orgs, args.n_kpis, args.n_quarters):
        parser.error("give OUT N_ORGS N_KPIS N_QUARTERS, or --size")
    start = time.perf_counter()
    if args.out.endswith(".parquet"):
        rows = generate_parquet(args.out, args.n_orgs, args.n_kpis, args.n_quarters, args.seed)
    else:
        rows = generate(args.out, args.n_orgs, args.n_kpis, args.n_quarters, args.seed, args.messy)
    print(
        f"wrote {args.out}: {rows:,} rows in {time.perf_counter() - start:.1f} s", file=sys.stderr
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
