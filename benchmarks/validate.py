"""``qpr validate FILE --json`` against polars' ``read_csv`` of the same file.

    python -m benchmarks.validate [--sizes large,messy] [--runs 5] [--compare-with DIR] [--floor]

Run by `benchmarks.run` (section 5 of its report) and on its own. Both commands run in
alternation (A B A B ...) after one warm-up of each, as ``qpr summary`` is measured: the
median wall time of each, the median of the per-round ratios, and the ratio of the median
peak RSS. ``qpr validate`` reads every organisation's rows (not only the home one's) and exits
1 when it finds errors or warnings, which the benchmark files have. ``--compare-with DIR``
adds to each round ``qpr validate`` run from the ``qpr_tui`` package in DIR (another checkout,
e.g. an older commit's files), and says whether its JSON is the same bytes. ``--floor`` adds
`benchmarks.validate_floor`, the part of validate's work that no design can leave out (the
read, the short-row check and the findings' JSON), with its ratio to read_csv.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from benchmarks.generate import DATA_DIR, SIZES, ensure

# qpr validate / polars read_csv on the large file; its peak memory / read_csv's.
VALIDATE_TARGET = 1.5
VALIDATE_MEMORY_TARGET = 1.0


def qpr_validate(path: Path) -> list[str]:
    from benchmarks.run import PY

    return [PY, "-m", "qpr_tui", "validate", str(path), "--json"]


def qpr_validate_from(source: Path, path: Path) -> list[str]:
    """``qpr validate`` run from the ``qpr_tui`` package under ``source``, through ``run``
    as the ``qpr`` program is (``main`` alone would add the interpreter's teardown)."""
    from benchmarks.run import PY

    argv = ["qpr", "validate", str(path), "--json"]
    code = (
        f"import sys; sys.path.insert(0, {str(source)!r}); sys.argv = {argv!r}; "
        "from qpr_tui.cli import run; run()"
    )
    return [PY, "-c", code]


def validate_floor(path: Path) -> list[str]:
    from benchmarks.run import PY

    return [PY, "-m", "benchmarks.validate_floor", str(path)]


def bench_validate(
    files: dict[str, Path], runs: int, compare: Path | None = None, floor: bool = False
) -> dict[str, Any]:
    """Paired rounds of read_csv and ``qpr validate --json`` per file (and of ``qpr
    validate`` from ``compare``, and of `benchmarks.validate_floor`, when asked for)."""
    from benchmarks.run import BenchError, _progress, against_polars, paired, polars_read

    out: dict[str, Any] = {}
    for size, path in files.items():
        _progress(f"qpr validate vs polars read_csv: {size}")
        commands = [("polars", polars_read(path)), ("qpr", qpr_validate(path))]
        if compare is not None:
            commands.append(("compared", qpr_validate_from(compare, path)))
        if floor:
            commands.append(("floor", validate_floor(path)))
        try:
            p = paired(
                commands,
                runs,
                label=f"validate {size}",
                ok=(0, 1),
                capture=True,
                last_output_only=True,
            )
        except BenchError as exc:
            out[size] = {"error": str(exc)[-1500:]}
            continue
        if compare is not None:
            out[size] = {
                "compared_s": p.wall("compared"),
                "compared_ratio": p.ratio("compared"),
                "compared_mib": p.rss("compared"),
                "same_json": p.samples["compared"][-1].out == p.samples["qpr"][-1].out,
            }
        if floor:
            out[size] = {
                **out.get(size, {}),
                "floor_s": p.wall("floor"),
                "floor_ratio": p.ratio("floor"),
                "floor_mib": p.rss("floor"),
            }
        out[size] = {**out.get(size, {}), **against_polars(p)}
    return out


def markdown(results: dict[str, Any]) -> list[str]:
    """Section 5 of the report: a row per file."""
    from benchmarks.run import _one_line

    lines = [
        "## 5. `qpr validate FILE --json` vs `pl.read_csv(FILE)` (time and peak memory)",
        "",
        "| File | Rows | read_csv (s) | qpr validate (s) | ratio (paired median) "
        "| read_csv (MiB) | qpr validate (MiB) | memory ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, r in results.items():
        name, orgs, kpis, quarters = SIZES[size]
        if "error" in r:
            lines.append(f"| {size} `{name}` | failed: {_one_line(r['error'])} | | | | | | |")
            continue
        lines.append(
            f"| {size} `{name}` | {orgs * kpis * quarters:,} | {r['polars_s']:.3f} | "
            f"{r['qpr_s']:.3f} | **{r['ratio']:.2f}×** | {r['polars_mib']:.0f} | "
            f"{r['qpr_mib']:.0f} | **{r['rss_ratio']:.2f}×** |"
        )
    return [*lines, ""]


def targets(results: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The two targets on the large file: time and peak memory against read_csv."""
    from benchmarks.run import _verdict

    large = results.get("large")
    if not large or "error" in large:
        return [
            (f"`qpr validate --json` on 800k ≤ {VALIDATE_TARGET}× read_csv", "not run", "not run")
        ]
    return [
        (
            f"`qpr validate --json` on 800k ≤ {VALIDATE_TARGET}× polars read_csv",
            f"{large['ratio']:.2f}×",
            _verdict(large["ratio"], VALIDATE_TARGET),
        ),
        (
            f"`qpr validate --json` peak memory on 800k ≤ {VALIDATE_MEMORY_TARGET}× read_csv's",
            f"{large['qpr_mib']:.0f} vs {large['polars_mib']:.0f} MiB ({large['rss_ratio']:.2f}×)",
            _verdict(large["rss_ratio"], VALIDATE_MEMORY_TARGET),
        ),
    ]


def print_table(results: dict[str, Any]) -> None:
    for size, r in results.items():
        if "error" in r:
            print(f"validate {size:7} failed: {r['error'].strip().splitlines()[-1][:200]}")
            continue
        print(
            f"validate {size:7} polars {r['polars_s']:6.3f} s  qpr {r['qpr_s']:6.3f} s  "
            f"ratio {r['ratio']:5.2f}x   peak {r['polars_mib']:5.0f} / {r['qpr_mib']:5.0f} MiB "
            f"({r['rss_ratio']:.2f}x)"
        )
        if "compared_s" in r:
            print(
                f"compared {size:7} {r['compared_s']:6.3f} s  ratio {r['compared_ratio']:5.2f}x  "
                f"peak {r['compared_mib']:5.0f} MiB  same JSON: {r['same_json']}"
            )
        if "floor_s" in r:
            print(
                f"floor    {size:7} {r['floor_s']:6.3f} s  ratio {r['floor_ratio']:5.2f}x  "
                f"peak {r['floor_mib']:5.0f} MiB  (read, short rows, findings' JSON only)"
            )


def main(argv: list[str] | None = None) -> int:
    from benchmarks.run import ROOT, compile_bytecode

    parser = argparse.ArgumentParser(prog="python -m benchmarks.validate")
    parser.add_argument(
        "--sizes", default="large,messy", help="comma-separated: " + ", ".join(SIZES)
    )
    parser.add_argument("--runs", type=int, default=5, help="measured rounds (after 1 warm-up)")
    parser.add_argument("--data-dir", default=str(DATA_DIR))
    parser.add_argument("--compare-with", metavar="DIR", help="also run qpr validate from DIR")
    parser.add_argument(
        "--floor", action="store_true", help="also run benchmarks.validate_floor (the floor)"
    )
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s): {', '.join(unknown)}")
    compare = Path(args.compare_with) if args.compare_with else None
    compile_bytecode(ROOT / "qpr_tui", *([compare / "qpr_tui"] if compare else []))
    files = {size: ensure(size, args.data_dir) for size in sizes}
    results = bench_validate(files, args.runs, compare, args.floor)
    print_table(results)
    for target, measured, verdict in targets(results):
        print(f"{target:60} {measured:28} {verdict.replace('**', '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
