"""What moved: the gap to target by polarity, its change, Direction of Travel changes, the
biggest moves and the same quarter last year."""

from __future__ import annotations

import polars as pl
import pytest

from qpr_tui.analysis import moves
from qpr_tui.analysis.summary import Analysis
from qpr_tui.config import load_config
from qpr_tui.ingest.reader import load
from qpr_tui.loading import SAMPLE, SAMPLE_CONFIG
from qpr_tui.views.moves import direction_words, gap_move_words, gap_words


@pytest.mark.parametrize(
    ("polarity", "value", "target", "expected"),
    [
        ("H", 90.0, 85.0, 5.0),
        ("H", 80.0, 85.0, -5.0),
        ("L", 10.0, 12.0, 2.0),
        ("L", 14.0, 12.0, -2.0),
        ("T", 14.0, 12.0, -2.0),
        ("T", 10.0, 12.0, -2.0),
        ("N", 10.0, 12.0, None),
        ("H", None, 12.0, None),
        ("H", 10.0, None, None),
    ],
)
def test_the_gap_to_target_is_better_positive(
    polarity: str, value: float | None, target: float | None, expected: float | None
) -> None:
    frame = pl.DataFrame(
        {"p": [polarity], "v": [value], "t": [target]},
        schema={"p": pl.String, "v": pl.Float64, "t": pl.Float64},
    )
    got = frame.select(moves.gap(pl.col("v"), pl.col("t"), pl.col("p"))).item()
    assert got == expected


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return Analysis(load([str(SAMPLE)], load_config(SAMPLE_CONFIG).config))


def test_the_table_carries_the_moves(analysis: Analysis) -> None:
    table = analysis.summary().kpis
    sen02 = table.filter(pl.col("kpi_id") == "SEN02").row(0, named=True)
    # lower is better: 15.0% then 12.9% against a 12.0% target
    assert sen02["previous_gap"] == pytest.approx(-3.0)
    assert sen02["gap"] == pytest.approx(-0.9)
    assert sen02["gap_change"] == pytest.approx(2.1)
    assert sen02["gap_change_pct"] == pytest.approx(17.5)
    assert (sen02["previous_dot"], sen02["dot"]) == ("negative", "stable")
    assert sen02["year_ago_value"] == pytest.approx(14.4)
    assert sen02["year_ago_rag"] is not None


def test_direction_of_travel_changes_explain_the_counts(analysis: Analysis) -> None:
    s = analysis.summary()
    changed = s.dot_changes
    assert changed.get_column("kpi_id").to_list() == ["SEN02"]
    assert s.dot_previous is not None
    assert (s.dot_previous["stable"], s.dot["stable"]) == (21, 22)


def test_turned_worse_comes_before_turned_better() -> None:
    table = pl.DataFrame(
        {
            "kpi_id": ["A", "B", "C", "D"],
            "previous_dot": ["negative", "positive", None, "stable"],
            "dot": ["stable", "stable", "positive", "stable"],
        }
    )
    assert moves.dot_changes(table).get_column("kpi_id").to_list() == ["B", "A"]


def test_biggest_moves_compare_as_a_share_of_target(analysis: Analysis) -> None:
    biggest = analysis.summary().biggest_moves
    assert biggest.height == moves.BIGGEST
    shares = biggest.get_column("gap_change_pct").abs().to_list()
    assert shares == sorted(shares, reverse=True)
    assert biggest.get_column("kpi_id").to_list()[:2] == ["SEN02", "PH04"]


def test_the_first_quarter_has_no_moves(analysis: Analysis) -> None:
    first = analysis.summary(analysis.periods[0])
    assert first.dot_changes.height == 0 and first.biggest_moves.height == 0
    assert first.kpis.get_column("year_ago_value").null_count() == first.kpis.height


def test_words_for_moves() -> None:
    assert gap_words(-4.1, "%") == "4.1 pts short"
    assert gap_words(0.8, "%") == "0.8 pts better"
    assert gap_words(0.0, "%") == "on target"
    assert gap_words(None, "%") == "–"
    assert gap_move_words(2.1, "%") == "+2.1 pts"
    assert gap_move_words(-3.0, "number") == "−3"
    assert gap_move_words(0.0, "%") == "no change"
    assert direction_words("positive") == "↑ Improving"
    assert direction_words(None) == "–"
