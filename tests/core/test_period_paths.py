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


#: Every kind of move between quarters, a KPI with no data, and one that is new.
MOVES = (
    "kpi_id,indicator,directorate,polarity,period,value,target,floor\n"
    + "".join(
        f"{kpi},{kpi} name,{d},H,{period},{value},50,40\n"
        for kpi, d, values in (
            ("G2R", "North", (60, 30)),
            ("R2G", "North", (30, 60)),
            ("R2R", "South", (30, 35)),
            ("A2G", "South", (45, 55)),
            ("G2G", "North", (60, 70)),
            ("R2N", "South", (30, "n/a")),
            ("G2A", "North", (55, 45)),
        )
        for period, value in zip(("Jun-24", "Sep-24"), values, strict=True)
    )
    + "NEW,NEW name,North,H,Sep-24,30,50,40\n"
)


@pytest.mark.parametrize("source", ["sample", "moves"])
def test_the_lists_are_those_of_every_kpis_line(source: str, sample: Analysis, write_csv) -> None:
    from qpr_tui.analysis.summary import _lines
    from qpr_tui.vocabulary import NO_DATA, RED

    analysis = sample if source == "sample" else Analysis(load([write_csv(MOVES)]))
    for period in analysis.periods:
        for scope in _scopes(analysis):
            s = analysis.summary(period, scope)
            every = _lines(s.kpis)
            transitions: dict[tuple[str, str], int] = {}
            for i in every:
                if i.previous_rag is not None:
                    pair = (i.previous_rag, i.rag)
                    transitions[pair] = transitions.get(pair, 0) + 1
            assert list(s.transitions.items()) == list(transitions.items())
            assert s.red == [i for i in every if i.rag == RED]
            assert s.no_data == [i for i in every if i.rag == NO_DATA]
            assert s.changes == [
                i for i in every if i.previous_rag is not None and i.previous_rag != i.rag
            ]
            assert s.new_red == [
                i for i in every if i.rag == RED and i.previous_rag not in (RED, None)
            ]
            assert s.no_longer_red == [i for i in every if i.previous_rag == RED and i.rag != RED]
    if source == "moves":
        s = analysis.summary()
        assert {i.kpi_id for i in s.changes} == {"G2R", "R2G", "A2G", "R2N", "G2A"}
        assert [i.kpi_id for i in s.red] == ["G2R", "NEW", "R2R"]  # North first, report order
        assert [i.kpi_id for i in s.no_data] == ["R2N"]
