"""What a load of a benchmarking file keeps so that another home organisation loads fast.

Only the home organisation's rows get the full treatment (text columns, findings); the other
organisations' rows are kept lean (`qpr_tui.model.PEER_SCHEMA`). Making another organisation
the home one needs its full rows and everyone else's lean rows. The lean rows are already in
memory: the ones kept for the old home organisation's peers, plus the old home organisation's
own rows made lean too (a few thousand, read once as the first load runs). Its full rows are
one contiguous run of records in the file: the first load notes where each organisation's run
lies, and the switch reads just that run (`stages.scan`'s ``block``) through the same stages.
So a switch costs a read of a small part of the file, not of all of it, and no more memory
than the first load held.

That holds for one delimited text file, read from its head (not re-encoded as a whole), in
the long layout, one line per record, with every row's organisation named (a row with a blank
name is the home organisation's: told by reading the first home organisation's names once,
on the first switch), and for organisations whose records are contiguous. Anything else is
loaded from the whole file as before.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from qpr_tui.ingest.values import Marks


@dataclass
class Retained:
    """What a switch of home organisation needs from a load of one file (see the module
    docstring): how the file was read, and every organisation's lean rows."""

    path: str
    home: str  # the home organisation of the load that kept this
    records: int  # data records in the file
    typed: bool  # target, floor and tolerance were read as numbers (`stages.scan.TYPED`)
    short: list[tuple[int, int]]  # records with too few fields: (line, fields)
    marks: Marks  # how the file writes numbers
    others: pl.DataFrame  # the other organisations' lean rows, in file order
    home_rows: pl.DataFrame  # the home organisation's rows, lean as the others
    blocks: dict[str, tuple[int, int]]  # organisation -> (first record, number of records)
    # Whether every row of ``home`` names it (a blank name is the home organisation's);
    # None until the first switch reads that organisation's names to tell.
    named: bool | None = None

    def peers(self, home: str) -> pl.DataFrame:
        """The lean rows of every organisation but ``home``, in file order (one line per
        record: the line orders them)."""
        if home == self.home:
            return self.others
        rows = pl.concat([self.others.filter(pl.col("organisation") != home), self.home_rows])
        return rows.sort("_line", maintain_order=True)


@dataclass
class Keeping:
    """Passed to a load: ``kept`` is what an earlier load of the same file kept (used if it
    can be), and on return what this load kept (None: nothing can be reused)."""

    kept: Retained | None = None

    def block(self, path: str, home: str | None) -> tuple[Retained, tuple[int, int]] | None:
        """What was kept for ``path`` and where ``home``'s records lie, if both are known."""
        kept = self.kept
        if kept is None or kept.path != path or home is None or home not in kept.blocks:
            return None
        return kept, kept.blocks[home]


def blocks(raw: pl.DataFrame) -> dict[str, tuple[int, int]]:
    """Each organisation whose rows of ``raw`` (one per record, in file order) are one run of
    consecutive records: its first record and how many there are."""
    runs = (
        raw.lazy()
        .select("organisation", "_row")
        .group_by(pl.col("organisation").rle_id().alias("_run"), maintain_order=True)
        .agg(
            pl.col("organisation").first(),
            pl.col("_row").first().alias("first"),
            pl.col("_row").last().alias("last"),
            pl.len().alias("rows"),
        )
        .collect()
    )
    single = runs.filter(
        pl.col("organisation").is_unique()
        & (pl.col("last") - pl.col("first") + 1 == pl.col("rows"))
    )
    return {
        str(name): (int(first), int(rows))
        for name, first, rows in single.select("organisation", "first", "rows").iter_rows()
    }
