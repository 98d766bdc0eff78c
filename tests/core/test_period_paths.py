"""The shortcuts a new quarter takes give what the full computation gives: a directorate's
table, the previous quarter's counts and the tree's counts."""

from __future__ import annotations

import polars as pl
import pytest

from qpr_tui.analysis.summary import Analysis, Scope, _counts
from qpr_tui.ingest.reader import load
from qpr_tui.vocabulary import DIRECTIONS, STATUSES
from tests.conftest import SAMPLE

#: K1 moves from North to South in Dec-24: South's table must still see its earlier quarters.
MOVED = "kpi_id,indicator,directorate,service_area,polarity,period,value,target,floor\n" + "".join(
    f"{kpi},{kpi} name,{d},{s},H,{period},{value},50,40\n"
    for kpi, rows in (
        ("K1", (("North", "Roads"), ("North", "Roads"), ("South", "Parks"))),
        ("K2", (("South", "Parks"),) * 3),
        ("K3", (("North", "Bins"),) * 3),
    )
    for (period, value), (d, s) in zip(
        (("Jun-24", 30), ("Sep-24", 45), ("Dec-24", 60)), rows, strict=True
    )
)


@pytest.fixture(scope="module")
def sample() -> Analysis:
    return Analysis(load([SAMPLE]))


def _scopes(analysis: Analysis) -> list[Scope]:
    scopes = [Scope()]
    for d in analysis.directorates:
        scopes += [Scope(d)] + [Scope(d, s) for s in analysis.service_areas(d)]
    return scopes


def test_a_scope_table_is_the_whole_table_cut_to_the_scope(sample: Analysis) -> None:
    for period in sample.periods:
        whole = sample.table(period)
        for scope in _scopes(sample)[1:]:
            assert sample.table(period, scope).equals(whole.filter(scope.expr()))


def test_a_kpi_that_moved_keeps_its_history_in_its_new_directorate(write_csv) -> None:
    analysis = Analysis(load([write_csv(MOVED)]))
    latest = analysis.latest
    south = analysis.table(latest, Scope("South"))
    row = south.filter(pl.col("kpi_id") == "K1").row(0, named=True)
    assert row["history"] == [30.0, 45.0, 60.0]
    assert row["previous_value"] == 45.0
    assert south.equals(analysis.table(latest).filter(Scope("South").expr()))


@pytest.mark.parametrize("source", ["sample", "moved"])
def test_previous_counts_are_the_previous_tables_counts(
    source: str, sample: Analysis, write_csv
) -> None:
    analysis = sample if source == "sample" else Analysis(load([write_csv(MOVED)]))
    for period in analysis.periods[1:]:
        previous = analysis.previous(period)
        assert previous is not None
        for scope in _scopes(analysis):
            fresh = Analysis(analysis.dataset)  # nothing cached: the counts are computed
            s = fresh.summary(period, scope)
            table = analysis.table(previous, scope)
            assert s.total_previous == table.height
            assert s.rag_previous == _counts(table, "rag", STATUSES)
            assert s.dot_previous == _counts(table, "dot", DIRECTIONS)


def test_tree_counts_are_each_parts_counts(sample: Analysis) -> None:
    for period in sample.periods:
        tree = sample.tree_counts(period)
        now = sample.rated.filter(pl.col("period") == period)
        assert set(tree) == {
            (None, None),
            *((d, None) for d in now.get_column("directorate").unique()),
            *now.select("directorate", "service_area").unique().iter_rows(),
        }
        for (d, s), counts in tree.items():
            part = now.filter(Scope(d, s).expr())
            assert counts == _counts(part, "rag", STATUSES)
