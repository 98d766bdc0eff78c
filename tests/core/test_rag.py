from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qpr_tui.analysis.rag import rate, rate_one
from qpr_tui.config import Config, KpiRule, RagConfig
from qpr_tui.vocabulary import RATING_RANK


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (90, "green"),
        (80, "green"),
        (79.99, "amber"),
        (70, "amber"),
        (69.99, "red"),
        (0, "red"),
    ],
)
def test_kcc_rule_higher_is_better_boundaries(value: float, expected: str) -> None:
    assert rate_one(value, 80, 70, "H") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5, "green"),
        (10, "green"),
        (10.01, "amber"),
        (20, "amber"),
        (20.01, "red"),
    ],
)
def test_kcc_rule_lower_is_better_mirrors(value: float, expected: str) -> None:
    assert rate_one(value, 10, 20, "L") == expected


def test_missing_value_target_floor() -> None:
    assert rate_one(None, 80, 70) == "no_data"
    assert rate_one(None, None, None) == "no_data"
    assert rate_one(50, None, 70) == "not_rated"
    assert rate_one(85, 80, None) == "green"
    assert rate_one(79, 80, None) == "red"  # no floor and no tolerance: two-state KPI


def test_tolerance_relative_and_absolute() -> None:
    rel = Config(rag=RagConfig(rule="tolerance", tolerance=10))
    assert rate_one(72, 80, 79, "H", rel) == "amber"  # 10% of 80 = 8; floor ignored
    assert rate_one(71.9, 80, 70, "H", rel) == "red"
    assert rate_one(88, 80, None, "L", rel) == "amber"
    assert rate_one(88.1, 80, None, "L", rel) == "red"
    ab = Config(rag=RagConfig(rule="tolerance", tolerance=3, tolerance_type="absolute"))
    assert rate_one(77, 80, None, "H", ab) == "amber"
    assert rate_one(76.9, 80, None, "H", ab) == "red"


def test_floor_rule_falls_back_to_tolerance_without_floor() -> None:
    cfg = Config(rag=RagConfig(tolerance=5))
    assert rate_one(76, 80, None, "H", cfg) == "amber"
    assert rate_one(75.9, 80, None, "H", cfg) == "red"
    assert rate_one(71, 80, 70, "H", cfg) == "amber"  # the floor wins where there is one


def test_blue_band() -> None:
    cfg = Config(rag=RagConfig(blue=10))
    assert rate_one(88, 80, 70, "H", cfg) == "blue"
    assert rate_one(87.9, 80, 70, "H", cfg) == "green"
    assert rate_one(72, 80, 90, "L", cfg) == "blue"


def test_close_to_target() -> None:
    assert rate_one(100, 100, 90, "T") == "green"
    assert rate_one(105, 100, 90, "T") == "green"  # default band 5%
    assert rate_one(95, 100, 90, "T") == "green"
    assert rate_one(110, 100, 90, "T") == "amber"  # within |floor - target| either side
    assert rate_one(89.9, 100, 90, "T") == "red"
    assert rate_one(111, 100, None, "T") == "red"


def test_per_kpi_rule_overrides_global() -> None:
    frame = pl.DataFrame(
        {
            "kpi_id": ["A", "B"],
            "value": [76.0, 76.0],
            "target": [80.0, 80.0],
            "floor": [70.0, 70.0],
            "polarity": ["H", "H"],
            "tolerance": [None, None],
            "tolerance_type": [None, None],
        },
        schema_overrides={"tolerance": pl.Float64, "tolerance_type": pl.String},
    )
    cfg = Config(kpi={"B": KpiRule(rule="tolerance", tolerance=2, tolerance_type="absolute")})
    rated = rate(frame, cfg)
    assert rated.get_column("rag").to_list() == ["amber", "red"]
    assert rated.get_column("rag_rule").to_list()[1] == "tolerance 2.0 absolute"


def test_tolerance_from_the_file() -> None:
    frame = pl.DataFrame(
        {
            "kpi_id": ["A"],
            "value": [77.0],
            "target": [80.0],
            "floor": [None],
            "polarity": ["H"],
            "tolerance": [3.0],
            "tolerance_type": ["absolute"],
        },
        schema_overrides={"floor": pl.Float64},
    )
    assert rate(frame, Config()).item(0, "rag") == "amber"


def _frame(
    ids: list[str], values: list[float], targets: list[float], polarity: str = "H"
) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "kpi_id": ids,
            "value": values,
            "target": targets,
            "floor": [None] * len(ids),
            "polarity": [polarity] * len(ids),
            "tolerance": [None] * len(ids),
            "tolerance_type": [None] * len(ids),
        },
        schema_overrides={
            "floor": pl.Float64,
            "tolerance": pl.Float64,
            "tolerance_type": pl.String,
        },
    )


@pytest.mark.parametrize("polarity", ["H", "L"])
def test_equal_to_target_amber(polarity: str) -> None:
    amber = Config(rag=RagConfig(equal_to_target="amber"))
    assert rate_one(80, 80, 70 if polarity == "H" else 90, polarity) == "green"
    assert rate_one(80, 80, 70 if polarity == "H" else 90, polarity, amber) == "amber"
    better = 80.01 if polarity == "H" else 79.99
    assert rate_one(better, 80, None, polarity, amber) == "green"
    # Below the floor stays Red.
    worse = 69.0 if polarity == "H" else 91.0
    assert rate_one(worse, 80, 70 if polarity == "H" else 90, polarity, amber) == "red"


def test_equal_to_target_under_the_tolerance_rule_and_close_to_target() -> None:
    hart = Config(rag=RagConfig(rule="tolerance", tolerance=10, equal_to_target="amber"))
    assert rate_one(97, 97, None, "H", hart) == "amber"
    assert rate_one(97.1, 97, None, "H", hart) == "green"
    # Close to target: being on it is the best there is.
    assert rate_one(80, 80, None, "T", hart) == "green"


def test_equal_to_target_per_kpi() -> None:
    cfg = Config(kpi={"B": KpiRule(equal_to_target="amber")})
    rated = rate(_frame(["A", "B"], [80.0, 80.0], [80.0, 80.0]), cfg)
    assert rated.get_column("rag").to_list() == ["green", "amber"]
    back = Config(
        rag=RagConfig(equal_to_target="amber"), kpi={"A": KpiRule(equal_to_target="green")}
    )
    assert rate(_frame(["A", "B"], [80.0, 80.0], [80.0, 80.0]), back).get_column(
        "rag"
    ).to_list() == [
        "green",
        "amber",
    ]


def test_zero_target_as_no_target() -> None:
    assert rate_one(9.4, 0, None, "L") == "red"  # a target of 0 is a target by default
    none = Config(rag=RagConfig(zero_target="no target"))
    assert rate_one(9.4, 0, None, "L", none) == "not_rated"
    assert rate_one(None, 0, None, "L", none) == "no_data"
    assert rate_one(9.4, 8, None, "L", none) == "red"
    rated = rate(_frame(["RB09"], [9.4], [0.0], "L"), none)
    assert rated.item(0, "rag_rule") == "no target: a target of 0 means none"


def test_zero_target_per_kpi() -> None:
    cfg = Config(kpi={"RB09": KpiRule(zero_target="no target")})
    rated = rate(_frame(["RB09", "LS05"], [9.4, -28.0], [0.0, 0.0]), cfg)
    assert rated.get_column("rag").to_list() == ["not_rated", "red"]
    back = Config(
        rag=RagConfig(zero_target="no target"), kpi={"LS05": KpiRule(zero_target="a target")}
    )
    rated = rate(_frame(["RB09", "LS05"], [9.4, -28.0], [0.0, 0.0]), back)
    assert rated.get_column("rag").to_list() == ["not_rated", "red"]


def test_tolerance_rule_on_a_file_with_no_floor_column(tmp_path: Path) -> None:
    from qpr_tui.analysis.summary import Analysis
    from qpr_tui.ingest.reader import load

    path = tmp_path / "no_floor.csv"
    path.write_text(
        "kpi_id,period,value,target\nA,2024/25 Q1,95,100\nB,2024/25 Q1,89,100\n"
        "C,2024/25 Q1,100,100\n",
        encoding="utf-8",
    )
    cfg = Config(rag=RagConfig(rule="tolerance", tolerance=10))
    ds = load([path], cfg)
    assert "floor" not in ds.sources[0].columns
    rated = rate(ds.frame, cfg).sort("kpi_id")
    assert rated.get_column("rag").to_list() == ["amber", "red", "green"]
    assert rated.get_column("rag_rule").to_list()[0] == "tolerance 10.0 relative"
    counts = Analysis(ds).summary(ds.periods[-1]).rag
    assert (counts["green"], counts["amber"], counts["red"]) == (1, 1, 1)


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(finite, finite, finite, finite, st.sampled_from(["H", "L"]))
def test_better_value_never_rates_worse(
    a: float, b: float, target: float, gap: float, polarity: str
) -> None:
    floor = target - abs(gap) if polarity == "H" else target + abs(gap)
    better, worse = (max(a, b), min(a, b)) if polarity == "H" else (min(a, b), max(a, b))
    assert (
        RATING_RANK[rate_one(better, target, floor, polarity)]
        <= RATING_RANK[rate_one(worse, target, floor, polarity)]
    )


@given(finite, finite, finite)
def test_polarity_reversal_mirrors(value: float, target: float, gap: float) -> None:
    floor = target - abs(gap)
    assert rate_one(value, target, floor, "H") == rate_one(-value, -target, -floor, "L")


@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), finite),
            st.one_of(st.none(), finite),
            st.one_of(st.none(), finite),
            st.sampled_from(["H", "L", "T"]),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_counts_add_up_to_total(
    rows: list[tuple[float | None, float | None, float | None, str]],
) -> None:
    frame = pl.DataFrame(
        {
            "kpi_id": [str(i) for i in range(len(rows))],
            "value": [r[0] for r in rows],
            "target": [r[1] for r in rows],
            "floor": [r[2] for r in rows],
            "polarity": [r[3] for r in rows],
            "tolerance": [None] * len(rows),
            "tolerance_type": [None] * len(rows),
        },
        schema={
            "kpi_id": pl.String,
            "value": pl.Float64,
            "target": pl.Float64,
            "floor": pl.Float64,
            "polarity": pl.String,
            "tolerance": pl.Float64,
            "tolerance_type": pl.String,
        },
    )
    counts = rate(frame, Config()).get_column("rag").value_counts()
    assert counts.get_column("count").sum() == len(rows)
    assert set(counts.get_column("rag").to_list()) <= {
        "blue",
        "green",
        "amber",
        "red",
        "no_data",
        "not_rated",
    }
