"""The polars floor for a national-scale benchmarking file: the peer statistics alone.

    python -m benchmarks.national FILE.parquet [--organisation "Council 001"]

What `qpr summary FILE --organisation O --json` must at least do with a Parquet file of every
organisation, written in plain polars: read the home organisation's rows (KPI, period,
value, polarity), then one streaming aggregation over every row, per KPI and period, of what
the benchmarking panel shows: the number of organisations with a value, the median, the
quartiles, the extremes, and how many values are better than the home value (its rank). No
text is cleaned, no period read, nothing rated: `benchmarks.run --sizes national` reports
qpr's time and peak memory against this process's, measured in the same rounds.
"""

from __future__ import annotations

import argparse
import sys

import polars as pl

KEYS = ["kpi_code", "period"]


def floor(path: str, home: str) -> pl.DataFrame:
    """The peer statistics of ``path`` for ``home``, one row per KPI and period."""
    lf = pl.scan_parquet(path)
    mine = (
        lf.filter(pl.col("organisation") == home)
        .select(*KEYS, pl.col("value").alias("_home"), "polarity")
        .collect()
    )
    v, h = pl.col("value"), pl.col("_home")
    better = pl.when(pl.col("polarity") == "lower").then(v < h).otherwise(v > h)
    return (
        lf.select("organisation", *KEYS, "value")
        .filter(v.is_not_null())
        .join(mine.lazy(), on=KEYS, how="left")
        .group_by(KEYS)
        .agg(
            v.median().alias("median"),
            v.quantile(0.25, interpolation="linear").alias("p25"),
            v.quantile(0.75, interpolation="linear").alias("p75"),
            v.min().alias("minimum"),
            v.max().alias("maximum"),
            pl.len().alias("of"),
            (better.sum() + 1).alias("rank"),
        )
        .collect(engine="streaming")
    )


def listed_floor(path: str, home: str) -> pl.DataFrame:
    """`floor` as qpr's aggregation holds the rows (`qpr_tui.ingest.field`): the KPI codes
    and periods as categoricals, each group's values in one list, the home value joined to
    the groups and compared with the list. The same numbers; not the floor of the goal, a
    measure of what the plain group-by leaves on the table."""
    lf = pl.scan_parquet(path)
    keys = [pl.col(key).cast(pl.Categorical) for key in KEYS]
    mine = (
        lf.filter(pl.col("organisation") == home)
        .select(*keys, pl.col("value").alias("_home"), "polarity")
        .collect()
    )
    e, values = pl.element(), pl.col("_values").list
    home_first = pl.concat_list("_home", "_values").list
    higher = home_first.eval((e.slice(1) > e.first()).sum()).list.first()
    lower = home_first.eval((e.slice(1) < e.first()).sum()).list.first()
    better = pl.when(pl.col("polarity") == "lower").then(lower).otherwise(higher)
    return (
        lf.select(*keys, "value")
        .filter(pl.col("value").is_not_null())
        .group_by(KEYS)
        .agg(pl.col("value").alias("_values"))
        .join(mine.lazy(), on=KEYS, how="left")
        .select(
            *KEYS,
            values.median().alias("median"),
            values.eval(e.quantile(0.25, interpolation="linear")).list.first().alias("p25"),
            values.eval(e.quantile(0.75, interpolation="linear")).list.first().alias("p75"),
            values.min().alias("minimum"),
            values.max().alias("maximum"),
            values.len().alias("of"),
            (better + 1).alias("rank"),
        )
        .collect(engine="streaming")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.national")
    parser.add_argument("file")
    parser.add_argument("--organisation", default="Council 001")
    parser.add_argument(
        "--lists", action="store_true", help="the floor as qpr holds the rows (listed_floor)"
    )
    args = parser.parse_args(argv)
    stats = (listed_floor if args.lists else floor)(args.file, args.organisation)
    print(f"{stats.height:,} KPI-periods", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
