"""Where the ingest of one file spends its time: each stage's share, in-process.

    python -m benchmarks.profile_ingest FILE [--organisation NAME] [--runs 7] [--explain]

The query is built up one stage at a time (scan, then + organisations, + periods, + values,
+ text) and each prefix is collected with the streaming engine; a stage's share is the
difference between its prefix and the one before. Then the steps on the collected result
(`finish`, line numbers, findings) and the whole `load` and ``qpr summary --json``. polars'
own ``read_csv`` of the same file is the yardstick. Every variant runs once per round, the
rounds alternate (A B C ... A B C ...), and the table gives the median and the minimum over
the rounds (the machine is shared: the minimum is the least disturbed run). ``--explain``
prints the optimised plan of the whole query.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import polars as pl

from qpr_tui.config import Config
from qpr_tui.ingest import reader
from qpr_tui.ingest.stages import pipeline
from qpr_tui.ingest.stages.columns import Plan, plan_columns
from qpr_tui.ingest.stages.organisations import organisations
from qpr_tui.ingest.stages.periods import known_spellings, periods
from qpr_tui.ingest.stages.scan import scan
from qpr_tui.ingest.stages.text import text
from qpr_tui.ingest.stages.values import values
from qpr_tui.ingest.textfile import TextFile, open_text
from qpr_tui.periods import UK


def prefixes(tf: TextFile, plan: Plan) -> dict[str, Callable[[], pl.LazyFrame]]:
    """The query after each stage."""
    known = known_spellings(tf.sample, plan, UK)

    def upto(n: int) -> pl.LazyFrame:
        lf = scan(tf, plan, typed=True)
        stages: list[Callable[[pl.LazyFrame], pl.LazyFrame]] = [
            lambda f: organisations(f, plan),
            lambda f: periods(f, plan, known, UK),
            lambda f: values(f, plan),
            lambda f: text(f, plan),
        ]
        for stage in stages[:n]:
            lf = stage(lf)
        return lf

    names = ["scan", "+ organisations", "+ periods", "+ values", "+ text"]
    return {name: partial(upto, n) for n, name in enumerate(names)}


def variants(path: str, organisation: str | None) -> dict[str, Callable[[], Any]]:
    """Everything that is timed, in the order of the table."""
    config = Config()
    tf = open_text(path)
    home = organisation or reader._first_organisation([path], config)
    plan, _ = plan_columns(tf.header, config, tf.display, home, True, UK)
    timed: dict[str, Callable[[], Any]] = {"polars read_csv": lambda: pl.read_csv(path)}
    for name, query in prefixes(tf, plan).items():
        timed[f"query: {name}"] = partial(_collect, query)
    known = known_spellings(tf.sample, plan, UK)
    timed["query: whole (pipeline)"] = lambda: pipeline(
        scan(tf, plan, typed=True), plan, known, UK
    ).collect(engine="streaming")
    timed["read_file (+ lines, findings, frames)"] = lambda: reader.read_file(
        path, config, 0, path, home
    )
    timed["load (+ duplicates, polarity)"] = lambda: reader.load(
        [path], config, organisation=organisation
    )
    timed["qpr summary --json (in-process)"] = lambda: _summary(path, organisation)
    return timed


def _collect(query: Callable[[], pl.LazyFrame]) -> pl.DataFrame:
    return query().collect(engine="streaming")


def _summary(path: str, organisation: str | None) -> None:
    from qpr_tui.cli import main

    args = ["summary", path, "--json"] + (["--organisation", organisation] if organisation else [])
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        main(args)


def measure(timed: dict[str, Callable[[], Any]], runs: int) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {name: [] for name in timed}
    for name, fn in timed.items():  # one unmeasured warm-up each
        fn()
        del name
    for _ in range(runs):
        for name, fn in timed.items():
            start = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - start)
    return samples


def report(samples: dict[str, list[float]]) -> str:
    """The table: median and minimum of each step, its share over the step before, and its
    median as a multiple of polars' read_csv."""
    base = statistics.median(samples["polars read_csv"])
    lines = [f"{'step':42} {'median ms':>10} {'min ms':>8} {'share ms':>9} {'x read_csv':>10}"]
    previous: float | None = None
    for name, runs in samples.items():
        median = statistics.median(runs)
        share = "" if previous is None else f"{(median - previous) * 1000:.1f}"
        lines.append(
            f"{name:42} {median * 1000:10.1f} {min(runs) * 1000:8.1f} {share:>9} "
            f"{median / base:10.2f}"
        )
        if name != "polars read_csv":
            previous = median
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile_ingest")
    parser.add_argument("file")
    parser.add_argument("--organisation")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--explain", action="store_true", help="print the optimised plan")
    args = parser.parse_args(argv)
    timed = variants(args.file, args.organisation)
    if args.explain:
        config = Config()
        tf = open_text(args.file)
        plan, _ = plan_columns(tf.header, config, tf.display, args.organisation, True, UK)
        known = known_spellings(tf.sample, plan, UK)
        print(pipeline(scan(tf, plan, typed=True), plan, known, UK).explain(engine="streaming"))
    samples = measure(timed, args.runs)
    size = os.path.getsize(args.file) / 1e6
    print(f"{args.file} ({size:.0f} MB), {args.runs} rounds, load {os.getloadavg()[0]:.2f}")
    print(report(samples))
    return 0


if __name__ == "__main__":
    sys.exit(main())
